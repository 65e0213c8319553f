"""A newcomer registers, logs out, logs back in and sees the diary, on a phone-sized screen."""
import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_account
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e


def fill_registration(page, name, email, role_label):
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label(role_label).check()
    page.get_by_role("button", name="Create account").click()


def test_register_logout_login_reach_home(page, live_server):
    page.goto(live_server + "/")
    page.get_by_role("link", name="Create an account").click()

    fill_registration(page, "Jo Lifter", "jo@example.org", "Athlete: I keep a pain diary")

    expect(page).to_have_url(re.compile(r"/athlete/$"))
    expect(page.get_by_role("heading", name="Hi Jo Lifter")).to_be_visible()
    expect(page.get_by_text("not a diagnosis")).to_be_visible()

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    page.get_by_label("Email").fill("JO@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/athlete/$"))
    expect(page.get_by_role("heading", name="Your pain episodes")).to_be_visible()


def test_bad_registration_shows_errors_next_to_fields(page, live_server):
    page.goto(live_server + "/register")
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_label("Password").fill("short")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("alert")).to_contain_text("Please fix the problems below")
    expect(page.get_by_label("Email")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("Use at least 8 characters.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("not-an-email")


def test_time_zone_comes_from_the_device(browser, live_server, app):
    from sqlalchemy import select

    from webapp.infra.extensions import db
    from webapp.models import User

    context = browser.new_context(timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(live_server + "/register")
    fill_registration(page, "Kei", "kei@example.org", "Physiotherapist")
    expect(page).to_have_url(re.compile(r"/physio/$"))
    context.close()
    with app.app_context():
        assert db.session.scalar(select(User.timezone).where(User.email == "kei@example.org")) == "Asia/Tokyo"


def small_touch_targets(page) -> list:
    """Return the visible controls under 44 px tall (links inside running text excepted)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('a, button, input:not([type=hidden])')]
            .filter((el) => el.offsetParent !== null && !el.closest('p:not(.actions), .choice'))
            .map((el) => [el.outerHTML.slice(0, 60), el.getBoundingClientRect().height])
            .filter(([, h]) => h < 44)"""
    )


def test_touch_targets_are_at_least_44px(page, live_server):
    page.goto(live_server + "/register")
    assert small_touch_targets(page) == []


def test_account_page_changes_the_password_and_deletes_the_account(browser, page, live_server, app):
    athlete = make_account(app, "athlete", name="Robin")
    other_device = browser.new_context()
    phone = other_device.new_page()
    log_in(phone, live_server, athlete["email"], PASSWORD)
    log_in(page, live_server, athlete["email"], PASSWORD)

    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    assert small_touch_targets(page) == []
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_label("New password").press("Enter")
    expect(page.get_by_text("That is not your current password.")).to_be_visible()
    expect(page.get_by_label("Current password")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.")).to_be_visible()
    expect(page.get_by_role("cell", name="Password changed")).to_be_visible()

    phone.goto(live_server + "/athlete/")
    expect(phone).to_have_url(re.compile(r"/login\?next="))
    other_device.close()

    page.get_by_label("Your password", exact=True).fill("a brand new passphrase")
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_text("Tick the box to confirm.")).to_be_visible()
    page.get_by_label("Your password", exact=True).fill("a brand new passphrase")
    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_text("Your account and all its data are deleted.")).to_be_visible()
    expect(page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")).to_be_visible()
