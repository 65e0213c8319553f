"""BackOnTrack: a pain diary for people who train."""
import mimetypes
import os

from flask import Flask, flash, g, has_request_context, redirect, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import login_url
from werkzeug.middleware.proxy_fix import ProxyFix

from webapp.headers import apply_security_headers, declare_account
from webapp.infra.config import load_config
from webapp.infra.database import configure_engine, set_write_intent_for_request
from webapp.infra.extensions import babel, csrf, db, limiter, login_manager, migrate
from webapp.infra.json_provider import JSONProvider
from webapp.infra.languages import forget_language, reader_language, reader_timezone
from webapp.services.sessions import load_session_user
from webapp.templating import register_template_helpers

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
mimetypes.add_type("application/manifest+json", ".webmanifest")


class BackOnTrack(Flask):
    json_provider_class = JSONProvider


class SessionInterface(SecureCookieSessionInterface):
    """Mark the session cookie Secure whenever the request came over HTTPS."""

    def get_cookie_secure(self, app):
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


def create_app(config=None):
    """Build the app; a mapping passed in overrides every other setting."""
    app = BackOnTrack(
        __name__,
        static_folder=os.path.join(PROJECT_ROOT, "static"),
        instance_path=os.path.join(PROJECT_ROOT, "instance"),
    )
    load_config(app, config)
    app.session_interface = SessionInterface()
    if app.config["PROXY_COUNT"]:
        count = int(app.config["PROXY_COUNT"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)  # type: ignore[method-assign]

    register_extensions(app)
    register_blueprints(app)
    register_commands(app)
    register_template_helpers(app)
    app.before_request(lambda: set_write_intent_for_request(request.method, app.view_functions.get(request.endpoint or "")))
    app.after_request(apply_security_headers)
    app.after_request(declare_account)
    return app


def register_extensions(app):
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine)
    migrate.init_app(app, db, directory=os.path.join(PROJECT_ROOT, "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=reader_language, timezone_selector=reader_timezone,
                   default_translation_directories=os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations"))
    app.teardown_request(forget_language)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Sessions are rows on the server (webapp.services.sessions); Flask-Login's own check would only
    # rewrite anonymous cookies, and a rewrite in flight can undo a log-in.
    login_manager.session_protection = None
    login_manager.user_loader(load_session_user)
    login_manager.unauthorized_handler(send_to_login)


def send_to_login():
    """Redirect to the log-in page, saying why unless the session check already did."""
    if not g.get("session_ended"):
        flash(_("Please log in to see that page."), "info")
    return redirect(login_url("auth.login", next_url=request.url))


def register_blueprints(app):
    from webapp import api, athlete, auth, errors, main, physio

    for module in (errors, main, auth, athlete, physio, api):
        app.register_blueprint(module.bp)


def register_commands(app):
    from webapp.cli import alerts_cli, audit_log, backup, demo, reminders_cli

    app.cli.add_command(audit_log)
    app.cli.add_command(backup)
    app.cli.add_command(demo)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(reminders_cli)
