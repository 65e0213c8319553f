"""A live server on loopback and Debian's Chromium driven by Playwright.

Without Chromium the browser tests skip, saying why; under CI=true they fail instead.
"""
import os
import shutil
import threading

import pytest
from werkzeug.serving import WSGIRequestHandler, make_server

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
PHONE = {"width": 390, "height": 844}


def chromium_path() -> str | None:
    return os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's `chromium` package (or set CHROMIUM_PATH) to run browser tests"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " (CI=true: browser tests must run)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_server(app):
    """Serve the test app on a free loopback port for the length of one test."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


class OneRequestPerConnection(WSGIRequestHandler):
    # No keep-alive: after stop() no request can still reach the app over an old socket.
    protocol_version = "HTTP/1.0"


class RestartableServer:
    """The app on a fixed loopback port that a test can really stop and start (a true outage)."""

    def __init__(self, app):
        self.app = app
        probe = make_server("127.0.0.1", 0, app)
        self.port = probe.server_port
        probe.server_close()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None

    def start(self):
        self.server = make_server("127.0.0.1", self.port, self.app, threaded=True, request_handler=OneRequestPerConnection)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=10)
        self.server = None


@pytest.fixture
def outage_server(app):
    server = RestartableServer(app)
    server.start()
    yield server
    if server.server is not None:
        server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, base_url: str, email: str, password: str) -> None:
    """Log in through the real form."""
    page.goto(base_url + "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
