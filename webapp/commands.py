"""Command-line tasks: flask --app webapp <command>."""
import click
from flask.cli import with_appcontext
from sqlalchemy import select

from webapp.accounts import create_account
from webapp.extensions import db
from webapp.models import User

DEMO_ACCOUNTS = (
    {"email": "athlete@demo.backontrack.test", "name": "Alex Rivera", "role": "athlete", "timezone": "Europe/Madrid"},
    {"email": "physio@demo.backontrack.test", "name": "Dr Sam Okafor", "role": "physio", "timezone": "Europe/Madrid"},
)
DEMO_PASSWORD = "demo-back-on-track"


@click.command("demo")
@with_appcontext
def demo():
    """Create the demo athlete and physiotherapist (safe to run again)."""
    for account in DEMO_ACCOUNTS:
        existing = db.session.scalar(select(User).where(User.email == account["email"]))
        if existing is None:
            create_account(password=DEMO_PASSWORD, **account)
            click.echo(f"created {account['role']:8} {account['email']}")
        else:
            click.echo(f"exists  {account['role']:8} {account['email']}")
    click.echo(f"password for both: {DEMO_PASSWORD}")
