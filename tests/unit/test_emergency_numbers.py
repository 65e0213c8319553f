"""Issue 28, point 23: the emergency number follows the country of the athlete's time zone, never the language."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from webapp.core import emergency_numbers
from webapp.core.emergency_numbers import NUMBERS, NUMBERS_SOURCES, emergency_number, numbers_by_zone, parse_zone_tab

SPANISH = Path(__file__).resolve().parents[2] / "webapp" / "translations" / "es" / "LC_MESSAGES" / "messages.po"

ZONES = [
    ("Europe/Madrid", "ES", "112"),
    ("Atlantic/Canary", "ES", "112"),
    ("America/Mexico_City", "MX", "911"),
    ("America/New_York", "US", "911"),
    ("Europe/London", "GB", "999"),
    ("Australia/Sydney", "AU", "000"),
    ("Asia/Calcutta", "IN", "112"),  # the old name Chrome still reports, a link to Asia/Kolkata
    ("US/Eastern", "US", "911"),
    ("America/Bogota", "CO", "123"),
    ("Europe/Zurich", "CH", "144"),
]
NO_NUMBER = ["UTC", "Etc/GMT+5", "Nowhere/Atlantis", "", None, "Asia/Bangkok"]  # Bangkok: Thailand is not listed


@pytest.mark.parametrize(("zone", "country", "number"), ZONES)
def test_the_number_is_the_country_of_the_zone(zone, country, number):
    found = emergency_number(zone)
    assert found is not None and (found.country, found.number) == (country, number)
    assert found.source in NUMBERS_SOURCES


@pytest.mark.parametrize("zone", NO_NUMBER)
def test_no_number_where_the_zone_names_no_listed_country(zone):
    assert emergency_number(zone) is None


@pytest.mark.parametrize(("zone", "country", "number"), [row for row in ZONES if row[0] in emergency_numbers.FALLBACK_ZONES
                                                         or emergency_numbers.LINKS.get(row[0]) in emergency_numbers.FALLBACK_ZONES])
def test_the_compact_table_gives_the_same_numbers_without_zone_tab(monkeypatch, zone, country, number):
    monkeypatch.setattr(emergency_numbers, "_zone_tab_text", lambda: None)
    emergency_numbers.zone_countries.cache_clear()
    try:
        found = emergency_number(zone)
        assert found is not None and (found.country, found.number) == (country, number)
        assert emergency_number("UTC") is None
    finally:
        emergency_numbers.zone_countries.cache_clear()


def test_every_country_has_one_number_and_a_named_source():
    for country, (number, source) in NUMBERS.items():
        assert re.fullmatch(r"[A-Z]{2}", country) and re.fullmatch(r"\d{3}", number), country
        assert source in NUMBERS_SOURCES, country


def test_zone_tab_lines_are_read_as_zone_to_country():
    text = "# comment\nES\t+4024-00341\tEurope/Madrid\tSpain (mainland)\nMX\t+1924-09909\tAmerica/Mexico_City\n\nbad line\n"
    assert parse_zone_tab(text) == {"Europe/Madrid": "ES", "America/Mexico_City": "MX"}


def test_the_phones_table_has_each_zone_with_a_number_and_no_other():
    table = numbers_by_zone()
    for zone, _, number in ZONES:
        assert table[zone] == number
    assert not set(NO_NUMBER) & set(table)
    assert all(emergency_number(zone).number == number for zone, number in table.items())


def test_no_translation_names_an_emergency_number():
    """The language does not tell the country: the words say "your local emergency number" and the page adds it."""
    numbers = {number for number, _ in NUMBERS.values()}
    with open(SPANISH, "rb") as po:
        catalogue = read_po(po, locale="es")
    about_emergencies = [message for message in catalogue if message.id and "emergenc" in str(message.id).lower()]
    assert len(about_emergencies) > 10
    # A number on its own, not a source line such as 004:112 or 004:110-112.
    named = [message.string for message in about_emergencies
             if any(re.search(rf"(?<![\d:-]){number}(?!\d)", str(message.string)) for number in numbers)]
    assert named == []
