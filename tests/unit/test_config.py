"""Configuration: environment, overrides, and the instance secret key."""
import stat
from concurrent.futures import ThreadPoolExecutor

import pytest

from webapp import create_app
from webapp.infra.config import instance_secret_key, normalise_database_url


def test_secret_key_is_generated_once_and_kept(tmp_path):
    key = instance_secret_key(tmp_path)
    assert len(key) == 64 and key == instance_secret_key(tmp_path)
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600


def test_workers_starting_together_agree_on_one_key(tmp_path):
    with ThreadPoolExecutor(8) as pool:
        keys = set(pool.map(lambda _: instance_secret_key(tmp_path), range(32)))
    assert len(keys) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


@pytest.mark.parametrize(
    "url, expected",
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql+psycopg://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_is_pointed_at_psycopg3(url, expected):
    assert normalise_database_url(url) == expected


def test_environment_then_mapping(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/env.db")
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("BACKONTRACK_RATELIMIT_ENABLED", "false")
    monkeypatch.setenv("BACKONTRACK_API_TOKEN_TTL_DAYS", "7")
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/env.db"
    assert app.config["SECRET_KEY"] == "from-the-environment"
    assert app.config["RATELIMIT_ENABLED"] is False
    assert app.config["API_TOKEN_TTL_DAYS"] == 7
    app = create_app({"API_TOKEN_TTL_DAYS": 1, "SQLALCHEMY_DATABASE_URI": "sqlite:///:memory:"})
    assert app.config["API_TOKEN_TTL_DAYS"] == 1
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///:memory:"


def test_default_database_and_key_live_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/backontrack.db")
    assert app.config["SECRET_KEY"] == instance_secret_key(__import__("pathlib").Path(app.instance_path))
