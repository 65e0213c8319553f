"""Configuration: defaults, then the environment, then the caller's mapping."""
import os
import secrets
import tempfile
from pathlib import Path

DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,  # also set per request when served over HTTPS
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": 3600,
    # An installed app stays logged in across restarts of the phone's browser.
    "PERMANENT_SESSION_LIFETIME": 30 * 24 * 3600,
    # Send the session cookie only when the session changes: otherwise a request still in
    # flight (the service worker warming its cache) answers after a logout with the old
    # cookie and logs the user back in.
    "SESSION_REFRESH_EACH_REQUEST": False,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "API_TOKEN_TTL_DAYS": 30,
    # argon2-cffi profile name; tests use CHEAPEST so the suite stays fast.
    "PASSWORD_HASH_PROFILE": "RFC_9106_LOW_MEMORY",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # If Redis is down, limit in this worker's memory rather than refuse every log-in.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    "AUTH_RATE_LIMIT": "10 per minute",
    # Refused passwords per account, whatever the IP: slows guessing spread over many
    # machines. Successful log-ins do not count, but once the limit is hit its owner
    # waits too; an hour's lock-out is the price of that protection.
    "ACCOUNT_RATE_LIMIT": "5 per minute; 20 per hour",
    # Exports per account, all formats together: plenty for a person, not a CPU lever.
    "EXPORT_RATE_LIMIT": "10 per minute; 60 per hour",
    # Invite-code redemptions, per address and per physiotherapist, page and API together.
    "INVITE_RATE_LIMIT": "10 per minute; 50 per hour",
    # Seconds, per role. An athlete's phone stays logged in (logging in again in a gym
    # basement may be impossible); a physiotherapist's shared clinic computer does not.
    "SESSION_IDLE_TIMEOUT": {"athlete": 14 * 24 * 3600, "physio": 30 * 60},
    "SESSION_ABSOLUTE_TIMEOUT": {"athlete": 30 * 24 * 3600, "physio": 12 * 3600},
    # Number of reverse proxies in front of the app whose X-Forwarded-* we trust.
    "PROXY_COUNT": 0,
    # Web Push: who runs this server, for the push services (a mailto: or https: URL; set your own).
    "VAPID_SUBJECT": "mailto:reminders@backontrack.invalid",
    # The push services reminders may be sent to, each with its subdomains (Chrome, Edge and most
    # others: FCM; Firefox: Mozilla; Safari: Apple; legacy Edge: WNS). None: any public host name.
    "PUSH_ALLOWED_HOSTS": ["fcm.googleapis.com", "android.googleapis.com", "push.services.mozilla.com",
                           "push.apple.com", "notify.windows.com"],
    # Devices per athlete: registering one more forgets the one that has gone longest without a reminder.
    "PUSH_DEVICES_PER_ATHLETE": 10,
    # One `reminders send` run: requests at once, at once to one push service, seconds per request
    # (to connect, then between bytes of the answer), and seconds before it starts no new one.
    "PUSH_WORKERS": 16,
    "PUSH_CONNECTIONS_PER_HOST": 4,
    "PUSH_TIMEOUT_SECONDS": 10,
    "PUSH_RUN_SECONDS": 60,
    # The CA bundle that push services' TLS certificates are checked against (true: certifi's).
    "PUSH_CA_BUNDLE": True,
    # How the sender resolves and connects (a webapp.infra.push_network.PushNetwork); None: the Internet.
    # Only code sets it: tests put a push service stub on loopback behind it.
    "PUSH_NETWORK": None,
}


def load_config(app, overrides=None):
    """Fill app.config from defaults, DATABASE_URL/SECRET_KEY/VAPID_*, BACKONTRACK_* and overrides."""
    app.config.from_mapping(DEFAULTS)
    if os.environ.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    for name in ("SECRET_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"):
        if os.environ.get(name):
            app.config[name] = os.environ[name]
    app.config.from_prefixed_env("BACKONTRACK")
    if overrides:
        app.config.update(overrides)

    os.makedirs(app.instance_path, exist_ok=True)
    uri = app.config.get("SQLALCHEMY_DATABASE_URI") or (
        "sqlite:///" + os.path.join(app.instance_path, "backontrack.db")
    )
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(uri)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))


def normalise_database_url(url):
    """Point bare PostgreSQL URLs (as hosting platforms hand them out) at psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def instance_secret_key(instance_dir: Path) -> str:
    """Return the key kept in instance/secret_key, creating it on first run."""
    path = instance_dir / "secret_key"
    if not path.exists():
        # Written whole to a private temp file, then linked into place: several
        # gunicorn workers may start at once, and none may read a half-written key.
        fd, tmp = tempfile.mkstemp(dir=instance_dir, prefix=".secret_key.")
        try:
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_hex(32) + "\n")
            os.link(tmp, path)
        except FileExistsError:
            pass
        finally:
            os.unlink(tmp)
    return path.read_text().strip()
