"""alerts stored as what they say

Revision ID: 958fcebb9ec6
Revises: a2e1fb08eb84
Create Date: 2026-12-01 12:00:47.228561

"""
import json
import re

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '958fcebb9ec6'
down_revision = 'a2e1fb08eb84'
branch_labels = None
depends_on = None

# The rules' sentences as this revision says them, frozen here: the English the earlier code stored is read
# back into template and figures. What matches none of them stays as stored (a template without figures).
TEMPLATES = [
    "Pain is still %(pain)s/10 on day %(day)s and has not clearly improved on %(baseline)s/10 on day %(baseline_day)s. Pain that does not improve after a week or more of rest and self-care should be checked by a clinician.",
    "Pain is getting worse instead of easing: %(pain)s/10 now, from %(baseline)s/10 on day %(baseline_day)s. Soreness peaks at 24-48 h and then fades; pain that grows is a sign of injury: stop training it and see a physiotherapist.",
    "Pain is still there more than %(hours)s h after training (%(pain)s/10 on day %(day)s), longer than normal soreness usually lasts. Keep logging; if it is not clearly easing within a few days, see a physiotherapist.",
    "Pain has lasted more than %(days)s days (%(pain)s/10 on day %(day)s). Soreness from training is gone by then, so this is more likely an injury: book a visit with a physiotherapist or doctor.",
    "earlier episode '%(activity)s' of %(started)s lasted more than %(days)s days and ended",
    "Bed rest on about %(days)s days. More than %(limit)s days in bed can turn short-term back pain into long-term pain: get up and walk gently, as far as the pain allows.",
    "%(what)s at %(hours)s h after the training",
    "%(side)s side only, pain %(pain)s",
    "%(character)s, pain %(pain)s",
    "This pain has come back after an earlier episode ended, and again lasts more than %(days)s days. Pain that returns like this should be checked by a doctor or physiotherapist, and so should the exercise that brings it on.",
    "Heat was used in the first %(hours)s h of the pain. Use cold (ice or a cold pack) for now; heat helps stiffness later, but early on it can make swelling and pain worse.",
    "Pain of %(worst)s/10 is severe. Soreness after training is mild to moderate; severe pain is not: stop training and have a physiotherapist or doctor check it soon.",
    "episode: pain began %(onset)s training",
    "worse on movement, pain %(pain)s",
    "episode: %(side)s side only",
    "episode: %(character)s pain",
    "reported '%(question)s'",
    "pain %(pain)s",
    "Sharp pain is a stop signal, not normal soreness: stop training the movement that hurts and have a physiotherapist or doctor check it before you load it again.",
    "This looks more like a strain than normal soreness: stop the movement that hurts and do not train through it. If it stays or gets worse, see a physiotherapist.",
    "swelling or bruising",
    "bed rest",
    "heat"
]
WORDS = [
    "Contact a doctor or physiotherapist today, whatever day of the episode it is. Do not wait to see if it passes.",
    "Fever or chills",
    "Losing weight without trying",
    "New trouble controlling your bladder or bowels",
    "Numbness around the groin, buttocks or inner thighs",
    "Numbness, tingling or weakness in a leg or foot",
    "Pain spreading down a leg, below the knee or into the foot",
    "Pain that does not ease lying down, or wakes you at night",
    "Pain, numbness, tingling or weakness spreading into an arm or hand",
    "Seek emergency care now (call your local emergency number or go to an emergency department): these symptoms can mean pressure on the nerves of the spine or a serious injury, which needs treatment within hours.",
    "The pain started with a fall, a bad landing or a blow",
    "Weakness in both legs, or weakness that is getting worse",
    "You can no longer look after yourself",
    "You cannot pass urine",
    "You have had cancer",
    "You passed out or lost consciousness (for example in a fall or landing)",
    "both",
    "burning",
    "center",
    "dull ache",
    "during",
    "later",
    "left",
    "next day",
    "right",
    "right after",
    "sharp",
    "shooting",
    "stabbing",
    "throbbing",
    "tightness"
]


def _pattern(template):
    parts = re.split(r"%\((\w+)\)s", template)
    regex = "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


PATTERNS = [(template, _pattern(template)) for template in TEMPLATES]


def said(text, depth=0):
    """{template, params} for a sentence the earlier code wrote out in English."""
    if depth < 3:
        for template, pattern in PATTERNS:
            found = pattern.match(text)
            if found:
                return {"template": template, "params": {name: _param(value, depth) for name, value in found.groupdict().items()}}
    return {"template": text, "params": {}}


def _param(value, depth):
    if value.isdigit():
        return int(value)
    if value in WORDS:
        return {"template": value, "params": {}}
    nested = said(value, depth + 1)
    return nested if nested["params"] or nested["template"] in TEMPLATES else value


def upgrade():
    # A plain ADD COLUMN: rebuilding the table would drop its diary_version triggers.
    op.add_column('alerts', sa.Column('message_params', sa.JSON(), server_default='{}', nullable=False))
    connection = op.get_bind()
    alerts = sa.table("alerts", sa.column("id", sa.Uuid()), sa.column("message", sa.Text()),
                      sa.column("message_params", sa.JSON()), sa.column("evidence", sa.JSON()))
    for row in connection.execute(sa.select(alerts.c.id, alerts.c.message, alerts.c.evidence)).all():
        evidence = row.evidence if not isinstance(row.evidence, str) else json.loads(row.evidence)
        message = said(row.message)
        items = []
        for item in evidence or []:
            item = dict(item)
            if "text" in item:
                item.update(said(item.pop("text")))
            items.append(item)
        connection.execute(alerts.update().where(alerts.c.id == row.id).values(
            message=message["template"], message_params=message["params"], evidence=items))


def _english(template, params):
    values = {name: _english(value["template"], value.get("params") or {}) if isinstance(value, dict) else value
              for name, value in params.items()}
    return template % values if values else template


def downgrade():
    connection = op.get_bind()
    alerts = sa.table("alerts", sa.column("id", sa.Uuid()), sa.column("message", sa.Text()),
                      sa.column("message_params", sa.JSON()), sa.column("evidence", sa.JSON()))
    for row in connection.execute(sa.select(alerts.c.id, alerts.c.message, alerts.c.message_params, alerts.c.evidence)).all():
        params = row.message_params if not isinstance(row.message_params, str) else json.loads(row.message_params)
        evidence = row.evidence if not isinstance(row.evidence, str) else json.loads(row.evidence)
        items = [{**{k: v for k, v in item.items() if k not in ("template", "params")},
                  "text": _english(item.get("template", item.get("text", "")), item.get("params") or {})} for item in evidence or []]
        connection.execute(alerts.update().where(alerts.c.id == row.id).values(message=_english(row.message, params or {}), evidence=items))
    # In place (SQLite 3.35 and later, PostgreSQL): a rebuilt table would lose its triggers.
    op.execute("ALTER TABLE alerts DROP COLUMN message_params")
