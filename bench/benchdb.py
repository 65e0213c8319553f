"""A benchmark's database: emptied, then built by the real migrations."""
import flask_migrate
from sqlalchemy import MetaData

from webapp.infra.extensions import db


def rebuild_database() -> None:
    """Drop every table (in the app context's database) and migrate from scratch."""
    existing = MetaData()
    existing.reflect(bind=db.engine)
    existing.drop_all(bind=db.engine)
    flask_migrate.upgrade()
