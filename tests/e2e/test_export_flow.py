"""Issue 29, point 8, in Chromium: the physiotherapist opens the PDF report of a patient with four episodes from the
patient page; it charts the episode with the open alerts, names no rule by its code, and no page ends on a heading."""
import uuid

import pytest

from tests.api.test_clinician_exports import page_runs, pdf_text
from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import log_in
from webapp.core.codes import RULE_NAMES
from webapp.infra.extensions import db
from webapp.infra.times import utcnow
from webapp.models import User
from webapp.services import care
from webapp.services.demo import seed_diary

pytestmark = pytest.mark.e2e


def test_the_physiotherapist_opens_the_pdf_that_charts_the_episode_with_open_alerts(browser, live_server, app):
    athlete = make_account(app, "athlete", name="Lucía Ortega", timezone="Europe/Madrid")
    physio = make_account(app, "physio", timezone="Europe/Madrid")
    with app.app_context():
        patient = db.session.get(User, uuid.UUID(athlete["id"]))
        seed_diary(patient, utcnow())
        code, _ = care.create_invite(patient)
        care.redeem_invite(db.session.get(User, uuid.UUID(physio["id"])), code)
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    page = context.new_page()
    log_in(page, live_server, physio["email"], PASSWORD)
    page.goto(f"{live_server}/physio/patients/{athlete['id']}")
    with page.expect_response(lambda response: "format=pdf" in response.url) as opened:
        page.get_by_role("link", name="PDF report").click()
    response = opened.value
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    # Chromium hands the PDF to its viewer, which keeps the bytes: the same address read again with the same session.
    response_pdf = context.request.get(response.url).body()
    text = " ".join(pdf_text(response_pdf))
    assert "Pain over time: Clean and jerk, new max attempt" in text and "not yet resolved" in text
    assert all(code not in text.lower() for code in RULE_NAMES) and "doms window" not in text.lower()
    for number, runs in enumerate(page_runs(response_pdf), 1):
        assert runs and "DejaVuSans-BoldOblique" not in runs[-1][1], f"page {number} ends with a heading"
    context.close()
