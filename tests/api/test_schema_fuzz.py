"""Schemathesis against our own OpenAPI document: no 500s, only documented statuses and shapes (bounded run)."""
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from werkzeug.serving import make_server

from tests.conftest import bearer

CHECKS = "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance"


def test_the_api_keeps_its_contract_under_generated_requests(app, client, athlete):
    # Schemathesis's pytest plugin does not load under pytest 9, so its CLI runs against the app on loopback.
    cli = shutil.which("schemathesis", path=str(Path(sys.executable).parent))
    assert cli, "schemathesis is in requirements-test.txt"
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        result = subprocess.run(
            [cli, "run", f"http://127.0.0.1:{server.server_port}/api/v1/openapi.json",
             "-H", f"Authorization: {bearer(client, athlete)['Authorization']}",
             "--checks", CHECKS, "--max-examples", "8", "--no-color",
             # Logging out everywhere would revoke the run's own token; tests/api/test_account_security.py covers it.
             "--exclude-path", "/me/sessions"],
            capture_output=True, text=True, timeout=300,
        )
    finally:
        server.shutdown()
        thread.join(timeout=10)
    assert result.returncode == 0, result.stdout[-4000:]


def test_an_empty_filter_is_no_filter(client, athlete):
    headers = bearer(client, athlete)
    assert client.get("/api/v1/entries?episode_id=", headers=headers).status_code == 200
    assert client.get("/api/v1/alerts?episode_id=&status=", headers=headers).status_code == 200
