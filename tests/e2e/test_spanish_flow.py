"""Issue 19 in Chromium: a Spanish athlete on a phone logs pain offline, ticks a red flag and reads the urgent advice in Spanish."""
import re
import uuid

import pytest
from playwright.sync_api import expect

from tests.builders import ago, episode_body, new_id
from tests.conftest import PASSWORD, bearer, make_account
from tests.e2e.conftest import log_in
from tests.e2e.test_offline import wait_until_cached
from webapp.infra.extensions import db
from webapp.models import Entry, User

pytestmark = pytest.mark.e2e


def test_log_pain_offline_and_read_the_urgent_advice_in_spanish(browser, outage_server, app):
    account = make_account(app, "athlete", name="Lucía", timezone="Europe/Madrid")
    with app.app_context():
        db.session.get(User, uuid.UUID(account["id"])).language = "es"
        db.session.commit()
    client = app.test_client()
    episode_id = new_id()
    client.put(f"/api/v1/episodes/{episode_id}", json=episode_body(started_at=ago(hours=20), client_updated_at=ago(hours=20), activity="Sentadillas"),
               headers=bearer(client, account))
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, locale="en-GB")
    page = context.new_page()
    log_in(page, outage_server.url, account["email"], PASSWORD)
    expect(page).to_have_url(re.compile(r"/athlete/$"))
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name="Hola, Lucía")).to_be_visible()
    for path in ("/athlete/", f"/athlete/episodes/{episode_id}/log", "/api/v1/codes", "/offline"):
        wait_until_cached(page, path)

    outage_server.stop()
    page.reload()
    page.get_by_role("link", name="Anotar dolor de Sentadillas").click()
    expect(page.get_by_role("heading", name="Anotar dolor")).to_be_visible()
    page.locator('label[for="pain-6"]').click()
    page.get_by_label("Fiebre o escalofríos").check()
    advice = page.locator("[data-red-flag-advice]")
    expect(advice).to_contain_text("Vaya al médico ahora")  # issue 28, point 14
    page.get_by_label("Problemas nuevos para controlar la orina o las heces").check()
    expect(advice).to_contain_text("Acuda a urgencias ahora")
    expect(advice).to_contain_text("Llame ahora al 112.")  # point 23: the account's country, from its time zone
    page.get_by_role("button", name="Guardar").click()
    expect(page.get_by_text("Guardado en este teléfono: dolor 6 (moderado). Se sincronizará cuando vuelva a tener conexión.")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="pendiente")).to_contain_text("1 cambio pendiente de sincronizar")

    # A page the phone never saw: the offline page, in the account's language.
    page.goto(outage_server.url + "/athlete/episodes")
    expect(page.get_by_role("heading", name="Está sin conexión")).to_be_visible()
    # The warning signs by tier, from the one table (issue 28, point 15): on the page and in its footer.
    expect(page.locator("main").get_by_text("Acuda a urgencias ahora (llame al 112) si tiene:")).to_be_visible()
    expect(page.locator("main").get_by_text("no poder orinar")).to_be_visible()

    outage_server.start()
    page.goto(outage_server.url + "/athlete/")
    page.get_by_role("button", name="Sincronizar ahora").click()
    expect(page.get_by_text("Todo guardado")).to_be_visible(timeout=15000)
    page.reload()
    expect(page.locator(".alert-card.alert-urgent")).to_contain_text("Acuda a urgencias ahora")
    expect(page.locator(".alert-card.alert-urgent")).to_contain_text("Llame ahora al 112.")
    with app.app_context():
        [entry] = db.session.scalars(db.select(Entry)).all()
        assert set(entry.red_flags) == {"fever_chills", "bladder_bowel_change"} and entry.pain == 6
    context.close()
