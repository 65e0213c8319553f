"""Issue 29, point 2, in Chromium: the timeline of a patient whose episodes span six weeks uses most of its width and
reads at 1280 and at 390 px, on the physiotherapist's patient page and on the athlete's History page."""
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.web.test_timeline_pages import six_weeks_of_episodes

pytestmark = pytest.mark.e2e

SHOTS = Path(os.environ.get("TIMELINE_SHOTS", "/tmp/shots-timeline"))
SCREENS = {"1280": {"width": 1280, "height": 800}, "390": {"width": 390, "height": 844}}


def spread_on_screen(page, drawing: str) -> float:
    """How far apart the first episode's start and the last one's end are, as a share of the drawing's width on screen."""
    box = page.locator(drawing).bounding_box()
    bars = [page.locator(f"{drawing} rect.timeline-bar").nth(i).bounding_box() for i in range(3)]
    return (bars[-1]["x"] + bars[-1]["width"] - bars[0]["x"]) / box["width"]


def smallest_text(page, drawing: str) -> float:
    """The smallest label's height on screen, in CSS pixels."""
    return page.evaluate("""selector => Math.min(...[...document.querySelectorAll(selector + ' text')]
        .map(t => t.getBoundingClientRect().height).filter(h => h > 0))""", drawing)


@pytest.mark.parametrize("screen", SCREENS)
def test_six_weeks_of_episodes_fill_the_timeline_at_1280_and_390(browser, live_server, app, screen):
    SHOTS.mkdir(parents=True, exist_ok=True)
    athlete, physio, ids = six_weeks_of_episodes(app.test_client(), app)
    size = "wide" if screen == "1280" else "narrow"
    context = browser.new_context(viewport=SCREENS[screen])
    page = context.new_page()
    log_in(page, live_server, physio["email"], PASSWORD)
    page.goto(f"{live_server}/physio/patients/{athlete['id']}?episode={ids[2]}")
    timeline, days = f"svg.history-timeline.chart-{size}", f"svg.day-chart.chart-{size}"
    for shown in (timeline, days):
        expect(page.locator(shown)).to_be_visible()
    expect(page.locator("svg.history-timeline:visible")).to_have_count(1)  # one of the three drawings
    assert spread_on_screen(page, timeline) > 0.7
    assert smallest_text(page, timeline) >= 10 and smallest_text(page, days) >= 10
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"]
    # Every alert mark says its alert in words.
    marks = page.locator(f"{timeline} .mark")
    assert marks.count() >= 1 and all(marks.nth(i).get_attribute("aria-label") for i in range(marks.count()))
    expect(page.locator(f"{days} .mark-plan")).to_have_count(1)
    page.locator("[aria-labelledby=timeline-heading]").screenshot(path=SHOTS / f"patient-timeline-{screen}.png")
    page.screenshot(path=SHOTS / f"patient-page-{screen}.png")

    page.goto(f"{live_server}/physio/patients/{athlete['id']}/review")
    expect(page.locator(timeline)).to_be_visible()
    assert spread_on_screen(page, timeline) > 0.7
    page.locator("[aria-labelledby=timeline-heading]").screenshot(path=SHOTS / f"review-timeline-{screen}.png")

    page.get_by_role("button", name="Log out").first.click()
    log_in(page, live_server, athlete["email"], PASSWORD)
    page.goto(f"{live_server}/athlete/episodes")
    # The athlete's History page is narrower than the physiotherapist's wide pages: it shows the drawing that fits its column.
    shown = page.locator("svg.history-timeline:visible")
    expect(shown).to_have_count(1)
    drawing = "svg.history-timeline." + shown.get_attribute("class").split()[-1]
    assert spread_on_screen(page, drawing) > 0.7 and smallest_text(page, drawing) >= 10
    assert page.evaluate("document.documentElement.scrollWidth") <= SCREENS[screen]["width"]
    page.locator("[aria-labelledby=timeline-heading]").screenshot(path=SHOTS / f"history-timeline-{screen}.png")
    page.screenshot(path=SHOTS / f"history-page-{screen}.png")
    context.close()
