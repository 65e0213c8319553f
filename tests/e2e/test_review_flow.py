"""The review page in Chromium on a phone held across the table and on the clinic's screen: nothing scrolls sideways."""
import io
import uuid

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import log_in
from tests.web.test_history_pages import diary
from webapp.infra.extensions import db
from webapp.models import User
from webapp.services import care

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [390, 1280])
def test_the_review_page_fits_the_screen_with_its_charts(browser, live_server, app, width):
    athlete = make_account(app, "athlete", name="Ana")
    physio = make_account(app, "physio")
    diary(app, athlete, [(150, 6, [(149, 7), (144, 0)]), (60, 5, [(59, 5), (55, 0)]), (8, None, [(7.5, 6), (3, 5)])])
    with app.app_context():
        code, _ = care.create_invite(db.session.get(User, uuid.UUID(athlete["id"])))
        care.redeem_invite(db.session.get(User, uuid.UUID(physio["id"])), code)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    log_in(page, live_server, physio["email"], PASSWORD)
    page.goto(f"{live_server}/physio/patients/{athlete['id']}/review")
    expect(page.get_by_role("heading", name="Review: Ana")).to_be_visible()
    for chart in (page.locator("svg.history-timeline:visible"), page.locator("svg.day-chart:visible"), page.locator("svg.pain-chart")):
        expect(chart).to_be_visible()
        box = chart.bounding_box()
        assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    expect(page.locator("p.comparison")).to_contain_text("the patient's last 2 episodes of the same region")
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_review_page_prints_on_a4_and_letter_with_charts_whole(browser, live_server, app, paper):
    from pypdf import PdfReader

    athlete = make_account(app, "athlete", name="Ana")
    physio = make_account(app, "physio")
    diary(app, athlete, [(60, 5, [(59, 5), (55, 0)]), (8, None, [(7.5, 6), (3, 5)])])
    with app.app_context():
        code, _ = care.create_invite(db.session.get(User, uuid.UUID(athlete["id"])))
        care.redeem_invite(db.session.get(User, uuid.UUID(physio["id"])), code)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_server, physio["email"], PASSWORD)
    page.goto(f"{live_server}/physio/patients/{athlete['id']}/review")
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("button", name="Print")).to_be_hidden()
    pdf = PdfReader(io.BytesIO(page.pdf(format=paper, print_background=True)))
    text = " ".join(p.extract_text() for p in pdf.pages)
    assert "Review: Ana" in text and "What came before" in text and "Current episode" in text
    width = float(pdf.pages[0].mediabox.width)
    assert abs(width - (595.3 if paper == "A4" else 612)) < 2  # points: 210 mm, or 8.5 in
    context.close()
