"""Issue 28, point 23 in Chromium: the offline page, cached for anyone, names the number of the phone's own time zone."""
import pytest
from playwright.sync_api import expect

from tests.e2e.test_offline import wait_until_cached

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(("zone", "heading"), [
    ("America/Mexico_City", "Acuda a urgencias ahora (llame al 911) si tiene:"),
    ("Europe/Madrid", "Acuda a urgencias ahora (llame al 112) si tiene:"),
    ("UTC", "Acuda a urgencias ahora (llame a su número local de emergencias) si tiene:"),
])
def test_the_cached_offline_page_reads_the_phones_time_zone(browser, outage_server, zone, heading):
    context = browser.new_context(is_mobile=True, has_touch=True, locale="es-MX", timezone_id=zone)
    page = context.new_page()
    violations = []
    page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
    page.goto(outage_server.url + "/login")
    wait_until_cached(page, "/offline")

    outage_server.stop()
    page.goto(outage_server.url + "/athlete/episodes")
    expect(page.get_by_role("heading", name="Está sin conexión")).to_be_visible()
    expect(page.locator("main [data-emergency-heading]")).to_have_text(heading)
    expect(page.locator("footer [data-emergency-heading]")).to_have_text(heading)
    assert violations == []
    context.close()
