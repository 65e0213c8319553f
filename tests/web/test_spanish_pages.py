"""Issue 19: every page of both roles in Spanish, the same alert in each reader's language, the PDF in Spanish."""
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest

from tests.api.test_care import invite
from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import bearer, make_account
from tests.unit.test_rules import TRAJECTORIES, episode
from webapp.core.rules import RULES, evaluate_episode
from webapp.infra.extensions import db
from webapp.models import Alert, User
from webapp.services.alert_store import _stored_values

# Words that give away an English page (whole words, any case). User-typed text in the data is Spanish.
GIVEAWAYS = ("the", "and", "your", "you", "with", "pain", "episode", "episodes", "alert", "alerts", "save", "log", "today",
             "days", "please", "not", "when", "what", "after", "training", "sources", "checklist", "entry", "entries",
             "account", "open", "closed", "hours", "week", "walk", "heat", "cold", "stretches", "back", "where", "which", "how",
             "does", "feel", "is", "of", "to", "it", "on", "for", "in", "this", "that", "or", "by", "from", "until", "yet", "done",
             "side", "here", "there", "see", "more", "name", "password", "email", "time", "day", "have", "has", "be", "are", "main")


class VisibleText(HTMLParser):
    """The text a person can see or hear on a page: no scripts, styles or element marked as another language."""

    SKIPPED = {"script", "style", "head"}

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []
        self.page_language: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "input", "img", "meta", "link", "line", "rect", "circle", "path", "polyline"):
            values = dict(attrs)
            for name in ("aria-label", "placeholder", "alt", "title"):
                if values.get(name) and not self._skipping():
                    self.parts.append(values[name])
            return
        values = dict(attrs)
        if tag == "html":
            self.page_language = values.get("lang")
        # A quote marked as another language than the page's is that language on purpose (the sources' English).
        skip = tag in self.SKIPPED or (tag != "html" and values.get("lang") not in (None, self.page_language))
        self.stack.append((tag, skip))
        for name in ("aria-label", "placeholder", "alt", "data-confirm"):
            if values.get(name) and not self._skipping():
                self.parts.append(values[name])

    def handle_endtag(self, tag):
        while self.stack:
            opened, _ = self.stack.pop()
            if opened == tag:
                break

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_data(self, data):
        if not self._skipping():
            self.parts.append(data)


def visible(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_in(html: str) -> list[str]:
    text = visible(html)
    return sorted({word for word in GIVEAWAYS if re.search(rf"(?<![\w-]){word}(?![\w-])", text, re.IGNORECASE)})


def findings_of_every_rule():
    """One finding per alert rule, from the rule tests' own trajectories (a red flag from an entry that reports one)."""
    wanted = {rule.code for rule in RULES}
    found = {}
    for _, _, episode_kwargs, entries, prior_episodes, _expected in TRAJECTORIES:
        for finding in evaluate_episode(episode(**episode_kwargs), entries, prior_episodes):
            found.setdefault(finding.rule, finding)
    assert wanted - {"red_flag"} <= set(found), wanted - set(found)
    return found


@pytest.fixture
def spanish_diary(app, client):
    """A Spanish athlete and physiotherapist, linked; an episode with entries, a checklist, a care plan and an alert of every rule."""
    athlete, physio = make_account(app, "athlete", name="Lucía"), make_account(app, "physio", name="Marta")
    with app.app_context():
        for account in (athlete, physio):
            db.session.get(User, uuid.UUID(account["id"])).language = "es"
        db.session.commit()
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    episode_id = new_id()
    started = ago(hours=100)
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=started, client_updated_at=started, activity="Sentadillas",
                                                                   exercises="sentadilla 5x5", note="Me tiró la espalda"),
               headers=athlete_headers)
    for hours, pain in ((90, 5), (60, 6), (30, 6)):
        body = entry_body(episode_id, recorded_at=ago(hours=hours), pain=pain, note="Rígido al levantarme", treatments=["ice", "walk"],
                          client_updated_at=ago(hours=hours))
        client.put(f"/api/v1/entries/{new_id()}", json=body, headers=athlete_headers)
    flagged = entry_body(episode_id, recorded_at=ago(hours=2), pain=6, red_flags=["fever_chills"], note="Con fiebre", client_updated_at=ago(hours=2))
    client.put(f"/api/v1/entries/{new_id()}", json=flagged, headers=athlete_headers)
    assert client.post("/api/v1/care-links", json={"code": invite(client, athlete_headers)}, headers=physio_headers).status_code == 201
    plan = f"/api/v1/patients/{athlete['id']}/episodes/{episode_id}/plan/items"
    client.put(f"{plan}/{new_id()}", json={"kind": "exercise", "activity": "bird-dog", "sets": 3, "reps": 10, "from_day": 3,
                                           "client_updated_at": ago(seconds=5)}, headers=physio_headers)
    client.put(f"{plan}/{new_id()}", json={"kind": "avoid", "text": "peso muerto", "until": (datetime.now(UTC) + timedelta(days=14)).date().isoformat(),
                                           "client_updated_at": ago(seconds=4)}, headers=physio_headers)
    with app.app_context():
        stored = {rule for rule, in db.session.execute(db.select(Alert.rule).where(Alert.episode_id == uuid.UUID(episode_id)))}
        for rule, finding in findings_of_every_rule().items():
            if rule not in stored:
                db.session.add(Alert(user_id=uuid.UUID(athlete["id"]), episode_id=uuid.UUID(episode_id), rule=rule, status="open",
                                     **_stored_values(finding, [])))
        db.session.commit()
    return {"athlete": athlete, "physio": physio, "episode": episode_id, "athlete_headers": athlete_headers, "physio_headers": physio_headers}


def pages_of(role: str, diary: dict) -> list[str]:
    episode_id, patient = diary["episode"], diary["athlete"]["id"]
    if role == "athlete":
        return ["/athlete/", "/athlete/episodes", f"/athlete/episodes/{episode_id}", f"/athlete/episodes/{episode_id}/log",
                "/athlete/episodes/new", f"/athlete/episodes/{episode_id}/edit", "/athlete/care", "/account", "/exercises/",
                "/exercises/bird-dog", "/exercises/neck-side-stretch", "/offline", "/sources"]
    return ["/physio/", f"/physio/patients/{patient}", f"/physio/patients/{patient}/review", "/physio/link", "/account"]


@pytest.mark.parametrize("role", ["athlete", "physio"])
def test_every_page_reads_in_spanish(client, auth, spanish_diary, role):
    account = spanish_diary[role]
    auth.login(account["email"], account["password"])
    for path in pages_of(role, spanish_diary):
        response = client.get(path)
        assert response.status_code == 200, path
        assert '<html lang="es">' in response.text, path
        found = english_in(response.text)
        text = visible(response.text)
        assert found == [], (path, found, [text[max(0, m.start() - 80):m.end() + 80] for w in found for m in [re.search(rf"(?<![\w-]){w}(?![\w-])", text, re.I)]])


def test_the_public_pages_follow_the_browser_and_the_switch(client):
    for path in ("/", "/login", "/register"):
        page = client.get(path, headers={"Accept-Language": "es-ES,es;q=0.9,en;q=0.5"})
        assert '<html lang="es">' in page.text and english_in(page.text) == [], (path, english_in(page.text))
        assert 'name="language" value="en"' in page.text  # the visible switch
    assert '<html lang="en">' in client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    switched = client.post("/language", data={"csrf_token": token, "language": "es", "next": "/login"})
    assert switched.status_code == 302 and switched.headers["Location"].endswith("/login")
    assert '<html lang="es">' in client.get("/login").text


def test_the_same_alert_reads_in_each_readers_language(app, client, spanish_diary):
    with app.app_context():
        db.session.get(User, uuid.UUID(spanish_diary["physio"]["id"])).language = "en"
        db.session.commit()
    mine = {a["id"]: a for a in client.get("/api/v1/alerts", headers=spanish_diary["athlete_headers"]).json}
    theirs = {a["id"]: a for a in client.get(f"/api/v1/patients/{spanish_diary['athlete']['id']}/alerts",
                                             headers=spanish_diary["physio_headers"]).json}
    assert set(mine) == set(theirs) and len(mine) >= len(RULES)
    red = next(a for a in mine.values() if a["rule"] == "red_flag")
    assert red["message"].startswith("Vaya al médico ahora")
    assert theirs[red["id"]]["message"].startswith("See a doctor now")
    assert "Fiebre o escalofríos" in red["evidence"][0]["text"] and "Fever or chills" in theirs[red["id"]]["evidence"][0]["text"]
    for alert_id, alert in mine.items():
        assert alert["message"] != theirs[alert_id]["message"], alert["rule"]
        assert alert["evidence"] and all(item["text"] for item in alert["evidence"])


def test_api_errors_follow_accept_language(client, athlete):
    headers = bearer(client, athlete)
    refused = client.put(f"/api/v1/entries/{new_id()}", json={"pain": 11}, headers={**headers, "Accept-Language": "es"})
    assert refused.status_code == 422
    assert refused.json["errors"]["pain"] == ["El dolor se valora de 0 a 10."]
    assert "Este campo es obligatorio." in refused.json["errors"]["client_updated_at"]
    english = client.put(f"/api/v1/entries/{new_id()}", json={"pain": 11}, headers=headers)
    assert english.json["errors"]["pain"] == ["Pain is rated from 0 to 10."]
    missing = client.get("/api/v1/nothing-here", headers={"Accept-Language": "es"})
    assert missing.json["error"]["message"] == "Aquí no hay nada."


def test_closing_an_episode_before_its_later_pain_is_refused_in_the_readers_language(client, athlete):
    headers = bearer(client, athlete)
    episode_id = new_id()
    assert client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=30), client_updated_at=ago(hours=30)),
                      headers=headers).status_code == 201
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, pain=4, recorded_at=ago(hours=2), client_updated_at=ago(hours=2)),
                      headers=headers).status_code == 201
    close = episode_body(started_at=ago(hours=30), resolved_at=ago(hours=10), client_updated_at=ago(hours=1))
    for language, start in (("es", "Se anotó un dolor de 4/10 después de esta hora"), ("en", "Pain 4/10 was logged after this time")):
        refused = client.put(f"/api/v1/episodes/{episode_id}", json=close, headers={**headers, "Accept-Language": language})
        assert refused.status_code == 422
        assert refused.json["errors"]["resolved_at"][0].startswith(start)


def test_the_pdf_report_has_spanish_headings(client, spanish_diary):
    from pypdf import PdfReader

    response = client.get(f"/api/v1/patients/{spanish_diary['athlete']['id']}/export?format=pdf", headers=spanish_diary["physio_headers"])
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.data)).pages)
    for heading in ("Informe de BackOnTrack: Lucía", "Episodios", "Alertas", "Cumplimiento del plan diario", "no un diagnóstico",
                    "Plan del fisioterapeuta"):
        assert heading in text, heading
    assert "Checklist adherence" not in text and "Episodes" not in text


def test_the_giveaway_check_finds_an_english_page(client, auth, spanish_diary, app):
    with app.app_context():
        db.session.get(User, uuid.UUID(spanish_diary["athlete"]["id"])).language = "en"
        db.session.commit()
    auth.login(spanish_diary["athlete"]["email"], spanish_diary["athlete"]["password"])
    page = client.get("/athlete/")
    assert '<html lang="en">' in page.text and {"pain", "log", "your", "alerts"} <= set(english_in(page.text))
