"""axe-core in Chromium on the pages of both roles, in Spanish and in English: no violations (issue 19's acceptance)."""
import json
import re
import uuid
from pathlib import Path

import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.web.test_spanish_pages import pages_of, spanish_diary  # noqa: F401 (a fixture)
from webapp.infra.extensions import db
from webapp.models import User

pytestmark = pytest.mark.e2e
AXE = (Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js").read_text()
# Every page is also checked for colour contrast; the WCAG 2.1 A and AA rules are the bar.
RUN_AXE = """async () => (await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
    .violations.map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' '))}))"""


def violations(page, url: str) -> list:
    page.goto(url)
    page.evaluate(AXE)
    return page.evaluate(RUN_AXE)


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("role", ["athlete", "physio"])
def test_no_axe_violations(browser, live_server, app, spanish_diary, role, language):  # noqa: F811
    with app.app_context():
        for account in ("athlete", "physio"):
            db.session.get(User, uuid.UUID(spanish_diary[account]["id"])).language = language
        db.session.commit()
    # The app's CSP allows no injected script; axe is the test's own, so this context lets it in.
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, bypass_csp=True)
    page = context.new_page()
    account = spanish_diary[role]
    log_in(page, live_server, account["email"], PASSWORD)
    page.wait_for_url(re.compile(r"/(athlete|physio)/$"))
    found = {path: violations(page, live_server + path) for path in pages_of(role, spanish_diary)}
    context.close()
    assert {path: v for path, v in found.items() if v} == {}, json.dumps(found, indent=1)[:3000]
