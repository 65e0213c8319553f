"""Account self-service and its security: delete, change password, log out everywhere, per-account limits, audit log."""
import uuid

import pytest
from sqlalchemy import func, select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, AuthActions, bearer, make_account
from webapp.infra.extensions import db
from webapp.models import (
    AccessLog,
    Alert,
    ApiToken,
    AuditEvent,
    CareLink,
    ChecklistProgress,
    ClinicianNote,
    Entry,
    Episode,
    Invite,
    User,
)

NEW_PASSWORD = "a brand new passphrase"


def fill_diary(client, athlete_headers, physio_headers) -> str:
    """Store an episode, entries with a red-flag alert, a checklist tick, a care link, a note and an access-log row."""
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=50)), headers=athlete_headers)
    for hours, pain in ((40, 5), (2, 6)):
        body = entry_body(episode_id, recorded_at=ago(hours=hours), pain=pain, red_flags=["fever_chills"], client_updated_at=ago(hours=hours))
        assert client.put(f"/api/v1/entries/{new_id()}", json=body, headers=athlete_headers).status_code == 201
    checklist = client.get(f"/api/v1/episodes/{episode_id}/checklist", headers=athlete_headers).json
    key = checklist["items"][0]["key"]
    day = ago(hours=0)[:10]
    client.put(f"/api/v1/episodes/{episode_id}/checklist/{day}/{key}", json={"done": True}, headers=athlete_headers)
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    patient_id = client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers).json["patient"]["id"]
    client.post(f"/api/v1/patients/{patient_id}/notes", json={"text": "Seen in clinic."}, headers=physio_headers)
    client.post("/api/v1/invites", headers=athlete_headers)
    return episode_id


def rows_about(user_id: str) -> dict:
    uid = uuid.UUID(user_id)
    counts = {
        model.__name__: db.session.scalar(select(func.count()).select_from(model).where(column == uid))
        for model, column in (
            (User, User.id), (ApiToken, ApiToken.user_id), (Episode, Episode.user_id), (Entry, Entry.user_id),
            (Alert, Alert.user_id), (ChecklistProgress, ChecklistProgress.user_id), (Invite, Invite.athlete_id),
            (AccessLog, AccessLog.patient_id), (ClinicianNote, ClinicianNote.patient_id), (AuditEvent, AuditEvent.user_id),
        )
    }
    counts["CareLink"] = db.session.scalar(
        select(func.count()).select_from(CareLink).where((CareLink.athlete_id == uid) | (CareLink.physio_id == uid))
    )
    return counts


def test_delete_me_removes_the_account_and_all_its_data(client, app, athlete, physio):
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    other = make_account(app, "athlete")
    other_headers = bearer(client, other)
    fill_diary(client, other_headers, physio_headers)
    fill_diary(client, athlete_headers, physio_headers)
    with app.app_context():
        before = rows_about(athlete["id"])
        others_before = rows_about(other["id"])
    assert all(before[name] > 0 for name in before), before

    response = client.delete("/api/v1/me", json={"password": PASSWORD}, headers=athlete_headers)

    assert response.status_code == 204 and response.data == b""
    with app.app_context():
        assert set(rows_about(athlete["id"]).values()) == {0}
        assert rows_about(other["id"]) == others_before
        deleted = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "account_deleted")).all()
        assert [event.user_id for event in deleted] == [None]
    assert client.get("/api/v1/me", headers=athlete_headers).status_code == 401
    assert client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD}).status_code == 401
    assert client.get("/api/v1/patients", headers=physio_headers).json[0]["id"] == other["id"]


def test_a_physio_can_delete_their_account_and_patients_keep_their_diary(client, app, athlete, physio):
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    fill_diary(client, athlete_headers, physio_headers)
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, headers=physio_headers).status_code == 204
    assert client.get("/api/v1/care-links", headers=athlete_headers).json == []
    assert len(client.get("/api/v1/episodes", headers=athlete_headers).json) == 1
    with app.app_context():
        note = db.session.scalar(select(ClinicianNote))
        assert note.text == "Seen in clinic." and note.physio_id is None
        assert rows_about(physio["id"])["User"] == 0


@pytest.mark.parametrize(
    "body, field",
    [({"password": "not my password"}, "password"), ({}, "password"), ({"password": 12}, "password")],
)
def test_delete_me_needs_the_password_and_changes_nothing_without_it(client, app, athlete, body, field):
    headers = bearer(client, athlete)
    fill_diary(client, headers, bearer(client, make_account(app, "physio")))
    with app.app_context():
        before = rows_about(athlete["id"])
    response = client.delete("/api/v1/me", json=body, headers=headers)
    assert response.status_code == 422 and list(response.json["errors"]) == [field]
    with app.app_context():
        after = rows_about(athlete["id"])
    assert after == {**before, "AuditEvent": after["AuditEvent"]}
    assert client.get("/api/v1/me", headers=headers).status_code == 200


def test_delete_me_without_a_body_is_a_400(client, athlete):
    assert client.delete("/api/v1/me", headers=bearer(client, athlete)).status_code == 400


def test_delete_me_needs_credentials(client):
    assert client.delete("/api/v1/me", json={"password": PASSWORD}).status_code == 401


def test_changing_the_password_ends_every_session_and_token(make_app, athlete):
    app = make_app()
    api, browser, phone = app.test_client(), app.test_client(), app.test_client()
    first, second = bearer(api, athlete), bearer(api, athlete)
    AuthActions(phone).login(athlete["email"])
    AuthActions(browser).login(athlete["email"])
    assert phone.get("/athlete/").status_code == 200

    # The browser changes it through the API with its cookie; it stays logged in, nothing else does.
    response = browser.post(
        "/api/v1/me/password",
        json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
        headers={"Sec-Fetch-Site": "same-origin"},
    )

    assert response.status_code == 204
    assert browser.get("/api/v1/me").status_code == 200
    assert phone.get("/athlete/").status_code == 302
    assert api.get("/api/v1/me", headers=first).status_code == 401
    assert api.get("/api/v1/me", headers=second).status_code == 401
    assert api.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD}).status_code == 401
    assert api.post("/api/v1/tokens", json={"email": athlete["email"], "password": NEW_PASSWORD}).status_code == 201


def test_a_bearer_password_change_revokes_the_callers_token_too(client, athlete):
    headers = bearer(client, athlete)
    response = client.post("/api/v1/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}, headers=headers)
    assert response.status_code == 204
    assert client.get("/api/v1/me", headers=headers).status_code == 401


@pytest.mark.parametrize(
    "body, field",
    [
        ({"current_password": "wrong one entirely", "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "password123"}, "new_password"),
        ({"new_password": NEW_PASSWORD}, "current_password"),
    ],
)
def test_a_refused_password_change_changes_nothing(client, athlete, body, field):
    headers = bearer(client, athlete)
    response = client.post("/api/v1/me/password", json=body, headers=headers)
    assert response.status_code == 422 and field in response.json["errors"]
    assert client.get("/api/v1/me", headers=headers).status_code == 200
    assert client.post("/api/v1/tokens", json={"email": athlete["email"], "password": PASSWORD}).status_code == 201


def test_log_out_everywhere_ends_every_session_and_token(make_app, athlete):
    app = make_app()
    api, browser = app.test_client(), app.test_client()
    headers = bearer(api, athlete)
    AuthActions(browser).login(athlete["email"])
    assert api.delete("/api/v1/me/sessions", headers=headers).status_code == 204
    assert api.get("/api/v1/me", headers=headers).status_code == 401
    assert browser.get("/athlete/").status_code == 302
    again = bearer(api, athlete)
    assert api.get("/api/v1/me", headers=again).status_code == 200


def test_log_out_everywhere_from_another_site_is_refused(client, auth, athlete):
    auth.login(athlete["email"])
    response = client.delete("/api/v1/me/sessions", headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert client.get("/api/v1/me").status_code == 200


def limited_client(make_app, **limits):
    """A client whose requests each come from a new IP address (as a botnet's would)."""
    app = make_app(RATELIMIT_ENABLED=True, PROXY_COUNT=1, **{"AUTH_RATE_LIMIT": "1000 per minute", **limits})
    client = app.test_client()
    addresses = (f"198.51.100.{n}" for n in range(1, 255))
    return app, client, lambda: {"X-Forwarded-For": next(addresses)}


def test_refused_passwords_are_limited_per_account_whatever_the_ip(make_app, athlete):
    app, client, from_new_ip = limited_client(make_app, ACCOUNT_RATE_LIMIT="3 per minute")
    other = make_account(app, "athlete")
    wrong = {"email": athlete["email"], "password": "guess number one"}
    statuses = [client.post("/api/v1/tokens", json=wrong, headers=from_new_ip()).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 429]
    right = {"email": athlete["email"].upper(), "password": PASSWORD}
    assert client.post("/api/v1/tokens", json=right, headers=from_new_ip()).status_code == 429
    others = {"email": other["email"], "password": PASSWORD}
    assert client.post("/api/v1/tokens", json=others, headers=from_new_ip()).status_code == 201


def test_successful_log_ins_do_not_use_up_the_account_limit(make_app, athlete):
    _, client, from_new_ip = limited_client(make_app, ACCOUNT_RATE_LIMIT="2 per minute")
    right = {"email": athlete["email"], "password": PASSWORD}
    assert [client.post("/api/v1/tokens", json=right, headers=from_new_ip()).status_code for _ in range(5)] == [201] * 5


def test_the_account_limit_counts_the_log_in_page_and_the_api_together(make_app, athlete):
    _, client, from_new_ip = limited_client(make_app, ACCOUNT_RATE_LIMIT="3 per minute")
    auth = AuthActions(client)
    assert auth.login(athlete["email"], "wrong guess one").status_code == 422
    assert auth.login(athlete["email"], "wrong guess two").status_code == 422
    wrong = {"email": athlete["email"], "password": "wrong guess three"}
    assert client.post("/api/v1/tokens", json=wrong, headers=from_new_ip()).status_code == 401
    assert auth.login(athlete["email"]).status_code == 429


def test_password_confirmations_are_limited_too(make_app, athlete):
    _, client, from_new_ip = limited_client(make_app, ACCOUNT_RATE_LIMIT="2 per minute")
    headers = bearer(client, athlete)
    statuses = [
        client.delete("/api/v1/me", json={"password": f"guess {n}"}, headers={**headers, **from_new_ip()}).status_code
        for n in range(3)
    ]
    assert statuses == [422, 422, 429]


def test_a_caller_cannot_dodge_the_limit_by_naming_other_emails(make_app, athlete):
    _, client, from_new_ip = limited_client(make_app, ACCOUNT_RATE_LIMIT="2 per minute")
    headers = bearer(client, athlete)
    statuses = [
        client.delete("/api/v1/me", json={"password": f"guess {n}", "email": f"decoy-{n}@example.org"},
                      headers={**headers, **from_new_ip()}).status_code
        for n in range(3)
    ]
    assert statuses == [422, 422, 429]


def test_authentication_events_go_to_the_audit_log(client, app, athlete):
    client.post("/api/v1/tokens", json={"email": athlete["email"], "password": "not it at all"}, headers={"User-Agent": "probe/1"})
    client.post("/api/v1/tokens", json={"email": "nobody@example.org", "password": "not it at all"})
    headers = bearer(client, athlete)
    client.post("/api/v1/me/password", json={"current_password": "still not it", "new_password": NEW_PASSWORD}, headers=headers)
    client.delete("/api/v1/me/sessions", headers=headers)
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
        mine = [(e.event, e.channel) for e in events if e.user_id == uuid.UUID(athlete["id"])]
        assert mine == [
            ("account_created", "cli"), ("login_failed", "api"), ("login", "api"),
            ("password_change_failed", "api"), ("logout_everywhere", "api"),
        ]
        failed = [e for e in events if e.event == "login_failed"]
        assert failed[0].ip == "127.0.0.1" and failed[0].user_agent == "probe/1"
        assert failed[1].user_id is None


def test_my_export_includes_my_security_events_and_who_read_my_diary(client, app, athlete, physio):
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    fill_diary(client, athlete_headers, physio_headers)
    patient_id = athlete["id"]
    client.get(f"/api/v1/patients/{patient_id}/entries", headers=physio_headers)
    export = client.get("/api/v1/me/export?format=json", headers=athlete_headers).json
    assert [event["event"] for event in export["security_events"]] == ["account_created", "login"]
    assert any(row["physio"] == "Physio" for row in export["access_log"])


def test_a_write_queued_by_another_account_is_refused_and_stores_nothing(client, app, auth, athlete):
    """A shared phone: Alex queued writes offline, then Sam logged in; Alex's writes must not land in Sam's diary."""
    sam = make_account(app, "athlete")
    AuthActions(client).login(sam["email"])
    episode_id = new_id()
    same_origin = {"Sec-Fetch-Site": "same-origin"}

    refused = client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers={**same_origin, "X-Outbox-Owner": athlete["id"]})

    assert refused.status_code == 401 and "another account" in refused.json["error"]["message"]
    assert client.get("/api/v1/episodes").json == []
    accepted = client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers={**same_origin, "X-Outbox-Owner": sam["id"]})
    assert accepted.status_code == 201


def test_the_audit_command_shows_recent_events_and_the_noisiest_ips(client, app, athlete):
    for _ in range(3):
        client.post("/api/v1/tokens", json={"email": athlete["email"], "password": "wrong guess here"})
    bearer(client, athlete)
    runner = app.test_cli_runner()
    everything = runner.invoke(args=["audit", "--hours", "1"])
    assert everything.exit_code == 0, everything.output
    assert everything.output.count("login_failed") == 3 and athlete["email"] in everything.output
    assert "failed log-ins from 127.0.0.1: 3" in everything.output
    only_logins = runner.invoke(args=["audit", "--event", "login"])
    assert "login_failed" not in only_logins.output and "1 event in the last 24 h." in only_logins.output
    assert runner.invoke(args=["audit", "--event", "nonsense"]).exit_code == 2


def test_the_audit_command_also_lists_physiotherapists_reads(client, app, athlete, physio):
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    fill_diary(client, athlete_headers, physio_headers)
    client.get(f"/api/v1/patients/{athlete['id']}/export?format=csv", headers=physio_headers)
    output = app.test_cli_runner().invoke(args=["audit", "--access"]).output
    assert f"{physio['email']}" in output and f"read {athlete['email']}: export (csv)" in output
    assert "login_failed" not in output and "reads in the last 24 h." in output
