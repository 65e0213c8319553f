"""Regression tests for the attack run's findings, one group per finding, through the real API and pages."""
import csv
import io
import uuid

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import PASSWORD, AuthActions, bearer, csrf_token_from, linked_pair, make_account
from webapp.infra.extensions import db
from webapp.models import BrowserSession, CareLink, Entry, Episode

HOSTILE_MARKUP = [
    '<img src="/etc/passwd" width="100" height="100"/>',
    '<a href="https://evil.example/phish">Click to confirm</a>',
    "<b>unclosed bold",
    "</para><para>&amp; <font size=40>big</font>",
]
FORMULAS = ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+1+1", "-2+3", "\tpadded", "\rreturn"]


def limited_app(make_app, **limits):
    """Rate limits on, every request from a new address (as a botnet's would be)."""
    app = make_app(RATELIMIT_ENABLED=True, PROXY_COUNT=1, AUTH_RATE_LIMIT="1000 per minute", **limits)
    addresses = (f"198.51.100.{n}" for n in range(1, 255))
    return app, lambda: {"X-Forwarded-For": next(addresses)}


def diary_with(client, headers, activity: str, note: str) -> str:
    episode_id = new_id()
    body = episode_body(activity=activity, started_at=ago(hours=60), client_updated_at=ago(hours=60))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    for hours, pain, flags in ((50, 6, []), (2, 7, ["fever_chills"])):
        entry = entry_body(episode_id, recorded_at=ago(hours=hours), client_updated_at=ago(hours=hours), pain=pain,
                           red_flags=flags, note=note, walk_minutes=0)
        assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    return episode_id


# Finding 1: the password-confirmation limit is keyed on the account, not on the header's spelling.

def test_finding_1_password_guesses_are_limited_per_account_whatever_the_header_spelling(make_app, athlete):
    app, from_new_address = limited_app(make_app, ACCOUNT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    token = bearer(client, athlete)["Authorization"].split(" ", 1)[1]
    spellings = [f"Bearer {token}", f"Bearer  {token}", f"bearer {token}", f"BEARER {token}", f"Bearer {token} "]
    statuses = [
        client.delete("/api/v1/me", json={"password": f"guess {n}"},
                      headers={"Authorization": spelling, **from_new_address()}).status_code
        for n, spelling in enumerate(spellings)
    ]
    assert statuses == [422, 422, 422, 429, 429]
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_finding_1_junk_headers_on_the_account_page_share_the_accounts_budget(make_app, athlete):
    app, from_new_address = limited_app(make_app, ACCOUNT_RATE_LIMIT="3 per minute")
    page, api = app.test_client(), app.test_client()
    AuthActions(page).login(athlete["email"])
    token = csrf_token_from(page.get("/account"))
    statuses = [
        page.post("/account/password", data={"csrf_token": token, "current_password": f"guess {n}", "new_password": "another passphrase"},
                  headers={"Authorization": f"junk {n}", **from_new_address()}).status_code
        for n in range(2)
    ]
    headers = bearer(api, athlete)
    statuses.append(api.post("/api/v1/me/password", json={"current_password": "guess 3", "new_password": "another passphrase"},
                             headers={**headers, **from_new_address()}).status_code)
    statuses.append(page.post("/account/delete", data={"csrf_token": token, "password": "guess 4", "confirm": "y"},
                              headers={"Authorization": "more junk", **from_new_address()}).status_code)
    assert statuses == [422, 422, 422, 429]


def test_finding_1_log_in_guesses_and_password_confirmations_share_one_budget(make_app, athlete):
    app, from_new_address = limited_app(make_app, ACCOUNT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    headers = bearer(client, athlete)
    wrong_log_in = {"email": athlete["email"].upper(), "password": "guess one"}
    assert client.post("/api/v1/tokens", json=wrong_log_in, headers=from_new_address()).status_code == 401
    assert client.post("/api/v1/tokens", json=wrong_log_in, headers=from_new_address()).status_code == 401
    assert client.delete("/api/v1/me", json={"password": "guess three"}, headers={**headers, **from_new_address()}).status_code == 422
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, headers={**headers, **from_new_address()}).status_code == 429


# Finding 2: no live formula in any exported CSV, and numbers stay numbers.

@pytest.mark.parametrize("formula", FORMULAS)
def test_finding_2_csv_cells_that_start_a_formula_are_neutralised(client, app, formula):
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    diary_with(client, athlete_headers, activity=formula, note=formula)
    for url, headers in (("/api/v1/me/export?format=csv", athlete_headers),
                         (f"/api/v1/patients/{athlete['id']}/export?format=csv", physio_headers)):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.text)))
        assert len(rows) == 2
        for row in rows:
            for column, cell in row.items():
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
            # The activity is stored stripped of surrounding whitespace; the note as typed.
            assert row["episode_activity"] in ("'" + formula, formula.strip()) and row["note"] == "'" + formula
            assert row["pain"] in ("6", "7") and row["walk_minutes"] == "0"


def test_finding_2_a_negative_number_in_a_numeric_column_is_still_a_number():
    from webapp.services.exports import spreadsheet_safe

    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe(0) == 0 and spreadsheet_safe("-3") == "'-3"


# Finding 3: user text in the PDF is text, never markup.

def pdf_text_and_objects(pdf: bytes) -> tuple[str, list]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    images = [image for page in reader.pages for image in page.images]
    links = [annot for page in reader.pages for annot in (page.get("/Annots") or [])]
    return " ".join(text.split()), images + links


@pytest.mark.parametrize("hostile", HOSTILE_MARKUP)
def test_finding_3_hostile_names_and_activities_come_out_as_literal_text_in_the_pdf(client, app, hostile):
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name=f"Ann {hostile}"[:100])
    diary_with(client, athlete_headers, activity=hostile, note=hostile)
    for url, headers in (("/api/v1/me/export?format=pdf", athlete_headers),
                         (f"/api/v1/patients/{athlete['id']}/export?format=pdf", physio_headers)):
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        text, embedded = pdf_text_and_objects(response.data)
        assert embedded == []
        # Long strings wrap onto two lines in a table cell; compare without spaces.
        assert hostile.replace(" ", "")[:30] in text.replace(" ", "")


def test_finding_3_a_physiotherapists_hostile_name_is_text_too(client, app):
    athlete = make_account(app, "athlete")
    physio = make_account(app, "physio", name="<b>Dr <img src='/etc/hostname'/>")
    athlete_headers, physio_headers = bearer(client, athlete), bearer(client, physio)
    code = client.post("/api/v1/invites", headers=athlete_headers).json["code"]
    client.post("/api/v1/care-links", json={"code": code}, headers=physio_headers)
    diary_with(client, athlete_headers, activity="Deadlifts", note=None)
    response = client.get(f"/api/v1/patients/{athlete['id']}/export?format=pdf", headers=physio_headers)
    text, embedded = pdf_text_and_objects(response.data)
    assert response.status_code == 200 and embedded == [] and "<b>Dr <img" in text


# Finding 4: log-out ends the session everywhere its cookie was copied.

def copy_session_cookie(source, target) -> None:
    target.set_cookie("session", source.get_cookie("session").value)


def test_finding_4_a_copied_cookie_stops_working_when_its_owner_logs_out(make_app, athlete):
    app = make_app()
    phone, thief = app.test_client(), app.test_client()
    AuthActions(phone).login(athlete["email"])
    copy_session_cookie(phone, thief)
    assert thief.get("/athlete/").status_code == 200
    assert thief.get("/api/v1/me").status_code == 200

    assert AuthActions(phone).logout().status_code == 302

    assert thief.get("/athlete/").status_code == 302
    assert thief.get("/api/v1/me").status_code == 401


def test_finding_4_the_account_page_lists_sessions_and_ends_one(make_app, athlete):
    app = make_app()
    phone, laptop = app.test_client(), app.test_client()
    AuthActions(phone).login(athlete["email"])
    laptop.environ_base["HTTP_USER_AGENT"] = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36"
    AuthActions(laptop).login(athlete["email"])
    stolen = app.test_client()
    copy_session_cookie(laptop, stolen)

    page = phone.get("/account")
    assert "Where you are logged in" in page.text and "Chrome on Linux" in page.text and "(this device)" in page.text
    with app.app_context():
        laptop_session = db.session.scalar(select(BrowserSession).where(BrowserSession.device_label == "Chrome on Linux"))
    response = phone.post(f"/account/sessions/{laptop_session.id}/end", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302
    assert "That session has ended" in phone.get(response.location).text

    assert laptop.get("/athlete/").status_code == 302
    assert stolen.get("/athlete/").status_code == 302
    assert phone.get("/athlete/").status_code == 200


def test_finding_4_ending_this_very_session_from_the_account_page_logs_out(client, auth, athlete):
    auth.login(athlete["email"])
    sessions = client.get("/api/v1/me/sessions").json
    assert [s["current"] for s in sessions] == [True]
    page = client.get("/account")
    response = client.post(f"/account/sessions/{sessions[0]['id']}/end", data={"csrf_token": csrf_token_from(page)})
    assert response.status_code == 302 and response.location.endswith("/login")
    assert client.get("/athlete/").status_code == 302


def test_finding_4_the_api_lists_and_ends_sessions_of_its_own_account_only(make_app, athlete):
    app = make_app()
    other = make_account(app, "athlete")
    browser, api = app.test_client(), app.test_client()
    AuthActions(browser).login(athlete["email"])
    mine, theirs = bearer(api, athlete), bearer(api, other)
    listed = api.get("/api/v1/me/sessions", headers=mine).json
    assert len(listed) == 1 and listed[0]["current"] is False and set(listed[0]) == {"id", "device", "created_at", "last_seen_at", "current"}
    assert api.delete(f"/api/v1/me/sessions/{listed[0]['id']}", headers=theirs).status_code == 404
    assert browser.get("/athlete/").status_code == 200
    assert api.delete(f"/api/v1/me/sessions/{listed[0]['id']}", headers=mine).status_code == 204
    assert browser.get("/athlete/").status_code == 302
    assert api.get("/api/v1/me/sessions", headers=mine).json == []
    assert api.delete(f"/api/v1/me/sessions/{uuid.uuid4()}", headers=mine).status_code == 404


def test_finding_4_a_new_password_and_a_deleted_account_end_copied_sessions_too(make_app, athlete):
    app = make_app()
    phone, thief = app.test_client(), app.test_client()
    AuthActions(phone).login(athlete["email"])
    copy_session_cookie(phone, thief)
    token = csrf_token_from(phone.get("/account"))
    phone.post("/account/password", data={"csrf_token": token, "current_password": PASSWORD, "new_password": "a brand new passphrase"})
    assert phone.get("/athlete/").status_code == 200
    assert thief.get("/athlete/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(BrowserSession)) == 1


# Finding 5: numbers and dates at their extremes are 422s, never 500s.

HUGE_NUMBERS = [10**400, -(10**400), 2**63, -(2**63), 10**10]
EXTREME_TIMES = ["0001-01-01T00:00+14:00", "9999-12-31T23:59-14:00", "0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59Z", "1899-12-31T23:59Z"]


def put_one_field(client, headers, kind: str, field: str, value) -> tuple[str, object]:
    """Store an episode, then PUT that episode (kind "episode") or a new entry in it with one field set; return both."""
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=headers)
    if kind == "episode":
        return episode_id, client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(**{field: value}), headers=headers)
    return episode_id, client.put(f"/api/v1/entries/{new_id()}", json=entry_body(episode_id, **{field: value}), headers=headers)


@pytest.mark.parametrize("value", HUGE_NUMBERS)
@pytest.mark.parametrize("kind, field", [("episode", "rpe"), ("episode", "load_increase_percent"), ("entry", "pain"), ("entry", "walk_minutes")])
def test_finding_5_huge_integers_are_refused_with_422(client, athlete, kind, field, value):
    _, response = put_one_field(client, bearer(client, athlete), kind, field, value)
    assert response.status_code == 422 and field in response.json["errors"]


@pytest.mark.parametrize("value", [10**400, 2**63, "9" * 5000])
def test_finding_5_huge_thresholds_are_refused_on_the_api(client, app, value):
    athlete, _, physio_headers = linked_pair(client, app)
    response = client.put(f"/api/v1/patients/{athlete['id']}/alert-settings", json={"thresholds": {"doms_window_hours": value}}, headers=physio_headers)
    assert response.status_code in (400, 422)


@pytest.mark.parametrize("moment", EXTREME_TIMES)
@pytest.mark.parametrize("kind, field", [("episode", "started_at"), ("episode", "client_updated_at"), ("episode", "resolved_at"),
                                         ("entry", "recorded_at"), ("entry", "client_updated_at")])
def test_finding_5_extreme_times_in_bodies_are_refused_with_422_and_change_nothing(client, app, athlete, kind, field, moment):
    episode_id, response = put_one_field(client, bearer(client, athlete), kind, field, moment)
    assert response.status_code == 422 and field in response.json["errors"]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Entry)) == 0
        assert db.session.get(Episode, uuid.UUID(episode_id)).resolved_at is None


@pytest.mark.parametrize("moment", EXTREME_TIMES)
@pytest.mark.parametrize("parameter", ["since", "client_updated_at"])
def test_finding_5_extreme_times_in_queries_are_refused_with_422(client, app, moment, parameter):
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    for method, url, headers in (("get", "/api/v1/entries", athlete_headers), ("delete", f"/api/v1/entries/{new_id()}", athlete_headers),
                                 ("get", f"/api/v1/patients/{athlete['id']}/entries", physio_headers)):
        response = getattr(client, method)(url, query_string={parameter: moment}, headers=headers)
        assert response.status_code == 422, (method, url, response.status_code)


@pytest.mark.parametrize("data", [{"pain": "1" + "0" * 400}, {"pain": "9" * 5000}, {"walk_minutes": "-" + "9" * 30},
                                  {"recorded_at": "0001-01-01T00:00"}, {"recorded_at": "9999-12-31T23:59"}])
def test_finding_5_extreme_values_on_the_log_page_are_form_errors(client, auth, app, data):
    account = make_account(app, "athlete", timezone="Pacific/Kiritimati")
    auth.login(account["email"])
    api = app.test_client()
    episode_id = new_id()
    api.put(f"/api/v1/episodes/{episode_id}", json=episode_body(), headers=bearer(api, account))
    url = f"/athlete/episodes/{episode_id}/log"
    token = csrf_token_from(client.get(url))
    response = client.post(url, data={"csrf_token": token, "recorded_at": "2026-01-01T06:00", "pain": "4", **data})
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Entry)) == 0


@pytest.mark.parametrize("data", [{"rpe": "9" * 400}, {"load_increase_percent": "9" * 20}, {"trained_when": "exact", "started_at": "0001-01-01T00:00"},
                                  {"trained_when": "exact", "started_at": "9999-12-31T23:59"}])
def test_finding_5_extreme_values_on_the_episode_page_are_form_errors(client, auth, app, data):
    account = make_account(app, "athlete", timezone="Etc/GMT+12")
    auth.login(account["email"])
    token = csrf_token_from(client.get("/athlete/episodes/new"))
    body = {"csrf_token": token, "activity": "Deadlifts", "onset": "next_day", "regions": ["lower_back"], "trained_when": "just_now", **data}
    assert client.post("/athlete/episodes/new", data=body).status_code == 422
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Episode)) == 0


def test_finding_5_a_huge_threshold_on_the_physiotherapists_page_is_a_message(client, auth, app):
    physio = make_account(app, "physio")
    athlete = make_account(app, "athlete")
    api = app.test_client()
    code = api.post("/api/v1/invites", headers=bearer(api, athlete)).json["code"]
    api.post("/api/v1/care-links", json={"code": code}, headers=bearer(api, physio))
    auth.login(physio["email"])
    page = client.get(f"/physio/patients/{athlete['id']}")
    response = client.post(f"/physio/patients/{athlete['id']}/thresholds",
                           data={"csrf_token": csrf_token_from(page), "doms_window_hours": "9" * 5000}, follow_redirects=True)
    assert response.status_code == 200 and "Normal soreness window: Use a whole number" in response.text


# Finding 6: invite redemption is limited on the physiotherapist's page as on the API, together.

def test_finding_6_invite_guesses_are_limited_on_the_page_and_the_api_together(make_app):
    app, from_new_address = limited_app(make_app, INVITE_RATE_LIMIT="3 per minute")
    physio = make_account(app, "physio")
    page, api = app.test_client(), app.test_client()
    AuthActions(page).login(physio["email"])
    headers = bearer(api, physio)
    token = csrf_token_from(page.get("/physio/link"))
    statuses = [page.post("/physio/link", data={"csrf_token": token, "code": f"WRONG{n:03}"}, headers=from_new_address()).status_code
                for n in range(2)]
    statuses.append(api.post("/api/v1/care-links", json={"code": "WRONG999"}, headers={**headers, **from_new_address()}).status_code)
    statuses.append(page.post("/physio/link", data={"csrf_token": token, "code": "WRONG004"}, headers=from_new_address()).status_code)
    statuses.append(api.post("/api/v1/care-links", json={"code": "WRONG005"}, headers={**headers, **from_new_address()}).status_code)
    assert statuses[:3] == [422, 422, 422] and statuses[3:] == [429, 429]
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(CareLink)) == 0


def test_finding_6_invite_guesses_from_one_address_are_limited_across_accounts(make_app):
    app, _ = limited_app(make_app, INVITE_RATE_LIMIT="2 per minute")
    client = app.test_client()
    same_address = {"X-Forwarded-For": "203.0.113.9"}
    statuses = []
    for n in range(3):
        headers = bearer(client, make_account(app, "physio"))
        statuses.append(client.post("/api/v1/care-links", json={"code": f"WRONG{n:03}"}, headers={**headers, **same_address}).status_code)
    assert statuses == [422, 422, 429]


# Exports: a per-account limit, every format and route together.

def test_exports_are_limited_per_account(make_app):
    app, from_new_address = limited_app(make_app, EXPORT_RATE_LIMIT="3 per minute")
    client = app.test_client()
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    statuses = [client.get(f"/api/v1/me/export?format={fmt}", headers={**athlete_headers, **from_new_address()}).status_code
                for fmt in ("pdf", "csv", "fhir", "pdf")]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/me/export?format=pdf", headers=athlete_headers)
    assert "Retry-After" in limited.headers and "Too many requests" in limited.json["error"]["message"]
    # The physiotherapist has a budget of their own.
    assert client.get(f"/api/v1/patients/{athlete['id']}/export?format=pdf", headers=physio_headers).status_code == 200
