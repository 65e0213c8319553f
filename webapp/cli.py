"""Command-line tasks: flask --app webapp <command>."""
from collections import Counter
from datetime import timedelta
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select

from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.infra.vapid import application_server_key, from_text, new_private_key
from webapp.models import AUDIT_EVENTS, User
from webapp.services import alert_sweep, alerts, audit, care, reminder_delivery
from webapp.services.accounts import create_account
from webapp.services.backup import BackupRefused, backup_sqlite
from webapp.services.demo import seed_diary

DEMO_ACCOUNTS = (
    {"email": "athlete@demo.backontrack.test", "name": "Alex Rivera", "role": "athlete", "timezone": "Europe/Madrid"},
    {"email": "physio@demo.backontrack.test", "name": "Dr Sam Okafor", "role": "physio", "timezone": "Europe/Madrid"},
)
DEMO_PASSWORD = "demo-back-on-track"


@click.command("demo")
@with_appcontext
def demo():
    """Create the demo athlete and physiotherapist with a few weeks of diary, linked (safe to run again)."""
    users = {}
    for account in DEMO_ACCOUNTS:
        user = db.session.scalar(select(User).where(User.email == account["email"]))
        if user is None:
            user = create_account(password=DEMO_PASSWORD, **account)
            click.echo(f"created {account['role']:8} {account['email']}")
        else:
            click.echo(f"exists  {account['role']:8} {account['email']}")
        if user.is_athlete:
            click.echo(f"         {seed_diary(user, utcnow())} new diary entries")
        users[user.role] = user
    if not care.links_of(users["athlete"]):
        code, _ = care.create_invite(users["athlete"])
        care.redeem_invite(users["physio"], code)
        click.echo("linked   the physiotherapist to the athlete")
    click.echo(f"password for both: {DEMO_PASSWORD}")


alerts_cli = AppGroup("alerts", help="Alert maintenance.")


@alerts_cli.command("sweep")
def sweep():
    """Re-evaluate every active episode (after a settings change, say); idempotent."""
    counts = alert_sweep.sweep(processes=alert_sweep.sweep_processes())
    click.echo(
        f"{counts['episodes']} active episodes: {counts['raised']} alerts raised, {counts['updated']} updated, "
        f"{counts['resolved']} resolved; {len(alerts.episodes_due_checkin())} episodes due a check-in prompt"
    )


reminders_cli = AppGroup("reminders", help="Web Push reminders.")


@reminders_cli.command("send")
def send_reminders():
    """Send the check-in reminders and alert notices due now; run it from cron every few minutes (idempotent)."""
    counts = reminder_delivery.send_reminders()
    click.echo(
        f"{counts['claimed']} reminders due; deliveries: {counts['sent']} sent, {counts['retrying']} to retry, "
        f"{counts['gone']} to devices that unsubscribed, {counts['expired']} no longer wanted, {counts['failed']} failed, "
        f"{counts['refused']} refused (not a push service), {counts['deferred']} left for the next run (its time ran out)"
    )


@reminders_cli.command("keys")
def vapid_keys():
    """Print a new VAPID key pair: set VAPID_PRIVATE_KEY to the same value on every server."""
    private = new_private_key()
    click.echo(f"VAPID_PRIVATE_KEY={private}")
    click.echo(f"# public key (served to pages at /api/v1/push/key): {application_server_key(from_text(private))}")


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@with_appcontext
def backup(path: Path, force: bool):
    """Write a consistent copy of the SQLite database to PATH while the app runs (restore: see README)."""
    url = db.engine.url
    if url.get_backend_name() != "sqlite":
        raise click.ClickException("The database is PostgreSQL: back it up with pg_dump (see the README).")
    if not url.database or url.database == ":memory:":
        raise click.ClickException("An in-memory database has nothing to back up.")
    try:
        report = backup_sqlite(Path(url.database), path, overwrite=force)
    except BackupRefused as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"Backed up {url.database} to {report.path}: {report.size_bytes / 1024:.0f} KiB, integrity ok, "
        f"schema revision {report.schema_revision or 'none'}."
    )


def _emails(ids) -> dict:
    ids = {i for i in ids if i}
    return dict(db.session.execute(select(User.id, User.email).where(User.id.in_(ids))).all()) if ids else {}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command("audit")
@click.option("--hours", type=click.IntRange(min=1), default=24, show_default=True, help="How far back to look.")
@click.option("--event", type=click.Choice(sorted(AUDIT_EVENTS)), help="Only this kind of event.")
@click.option("--access", is_flag=True, help="Print physiotherapists' reads of patient data instead.")
@with_appcontext
def audit_log(hours: int, event: str | None, access: bool):
    """Print the authentication events of the last hours and the IPs with most failed log-ins (or, with --access, who read which patient)."""
    since = utcnow() - timedelta(hours=hours)
    if access:
        reads = care.reads_since(since)
        emails = _emails(i for row in reads for i in (row.physio_id, row.patient_id))
        for row in reads:
            click.echo(f"{row.at:%Y-%m-%d %H:%M:%S}  {emails.get(row.physio_id, 'a deleted account'):32} read {emails.get(row.patient_id, '-')}: {row.what}")
        click.echo(f"{_plural(len(reads), 'read')} in the last {hours} h.")
        return
    events = audit.events_since(since, event)
    emails = _emails(each.user_id for each in events)
    for each in events:
        click.echo(f"{each.at:%Y-%m-%d %H:%M:%S}  {each.event:24} {each.channel:4} {each.ip or '-':15} {emails.get(each.user_id, '-')}")
    click.echo(f"{_plural(len(events), 'event')} in the last {hours} h.")
    failures = Counter(each.ip for each in events if each.event == "login_failed" and each.ip)
    for ip, count in failures.most_common(5):
        click.echo(f"failed log-ins from {ip}: {count}")
