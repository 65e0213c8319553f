"""The number to call in an emergency, by the athlete's country as their time zone tells it.

The red-flag advice says "your local emergency number" (webapp.core.codes) in every language; the pages add the
number at render time, from here. The number follows the country, never the language: a Spanish speaker in
Mexico calls 911, one in Spain 112. Where the country is not known, no number is named: a wrong number in an
emergency is worse than none, and the advice still says "your local emergency number".

Sources (checked 2026-12; the table is reviewed with each release of the tz database):
  "eu"  112 in every EU member state: Directive (EU) 2018/1972 (European Electronic Communications Code),
        art. 109; the European Commission's and EENA's "112" pages. In the EEA by the EEA Agreement.
  "itu" ITU-T Operational Bulletin, "List of emergency numbers" (annex, as notified by each administration),
        and EENA's "Emergency numbers around the world".
  then one national source per country, named beside it in NUMBERS.
Only countries whose number the sources agree on are listed: any other country gets the fallback (no number).

Zones to countries: the tz database's zone.tab (one country per zone, the one the zone is named for; zone1970.tab
lists several countries for one zone, e.g. Europe/Zurich for CH, DE and LI, so it cannot choose). It is read from
the `tzdata` package if installed, else the system's tz database (zoneinfo.TZPATH), else the copy pytz ships, else
the compact table FALLBACK_ZONES below. A zone that other countries share is read as its own country's: where their
numbers differ (Asia/Bangkok is also Cambodia's and Laos'), the country is not in NUMBERS, so no number is named.
"""
import zoneinfo
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.util import find_spec
from pathlib import Path


@dataclass(frozen=True)
class EmergencyNumber:
    country: str  # ISO 3166-1 alpha-2
    number: str  # for an ambulance
    source: str  # "eu", "itu" or the national source, as named in NUMBERS_SOURCES


NUMBERS_SOURCES = {
    "eu": "Directive (EU) 2018/1972 (European Electronic Communications Code), art. 109; European Commission / EENA, '112'",
    "itu": "ITU-T Operational Bulletin, List of emergency numbers; EENA, Emergency numbers around the world",
    "ofcom": "Ofcom (UK), General Conditions of Entitlement, A3: 999 and 112",
    "fcc": "US Federal Communications Commission: 911 (Wireless Communications and Public Safety Act of 1999)",
    "crtc": "Canadian Radio-television and Telecommunications Commission: 9-1-1",
    "sesnsp": "Mexico, Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública: 911, the national number since 2017",
    "acma": "Australian Communications and Media Authority: Triple Zero (000); 112 also works from mobiles",
    "nz": "New Zealand, 111 (Telecommunications (Emergency Call Service) Code)",
    "ch": "Swiss Federal Office of Communications (OFCOM/BAKOM): 144 ambulance, 112 general",
    "no": "Norway, Helsedirektoratet: 113 medical emergency, 112 general",
    "li": "Liechtenstein, Amt für Kommunikation: 112 general, 144 ambulance",
    "minsal": "Chile, Ministerio de Salud: 131 SAMU",
    "samu_br": "Brazil, Ministério da Saúde: 192 SAMU",
    "co": "Colombia, Línea Única de Emergencias 123",
    "ecu911": "Ecuador, Servicio Integrado de Seguridad ECU 911",
    "ar": "Argentina, ENACOM numbering plan: 107 medical emergencies",
    "fdma": "Japan, Fire and Disaster Management Agency: 119 ambulance and fire",
    "kr": "Korea, National Fire Agency: 119",
    "cn": "China, National Health Commission: 120 ambulance",
    "in": "India, Emergency Response Support System (Ministry of Home Affairs): 112",
    "hk": "Hong Kong, Office of the Communications Authority: 999",
    "sg": "Singapore Civil Defence Force: 995 ambulance",
    "il": "Israel, Magen David Adom: 101",
    "ph": "Philippines, Emergency 911 (Executive Order 56, 2018)",
    "tr": "Turkey, 112 Emergency Call Centres (Ministry of Interior)",
}

_EU = ("AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IT", "LV", "LT", "LU", "MT",
       "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")
# 911 where a national source names it; US territories follow the FCC's 911.
_NINE_ONE_ONE = {"US": "fcc", "PR": "fcc", "VI": "fcc", "GU": "fcc", "AS": "fcc", "MP": "fcc", "CA": "crtc",
                 "MX": "sesnsp", "EC": "ecu911", "CR": "itu", "PA": "itu", "SV": "itu", "HN": "itu", "DO": "itu",
                 "UY": "itu", "PH": "ph"}

# Country -> (number, source): the ambulance number where the sources name one apart (113 in Norway, 144 in
# Switzerland), else the general one they name first (999 in the UK).
NUMBERS: dict[str, tuple[str, str]] = {
    **{country: ("112", "eu") for country in _EU},
    "IE": ("112", "eu"),
    "IS": ("112", "eu"),
    "NO": ("113", "no"),
    "LI": ("144", "li"),
    "CH": ("144", "ch"),
    "GB": ("999", "ofcom"),
    "GG": ("999", "ofcom"),
    "JE": ("999", "ofcom"),
    "IM": ("999", "ofcom"),
    "TR": ("112", "tr"),
    **{country: ("911", source) for country, source in _NINE_ONE_ONE.items()},
    "CO": ("123", "co"),
    "CL": ("131", "minsal"),
    "BR": ("192", "samu_br"),
    "AR": ("107", "ar"),
    "AU": ("000", "acma"),
    "NZ": ("111", "nz"),
    "JP": ("119", "fdma"),
    "KR": ("119", "kr"),
    "CN": ("120", "cn"),
    "IN": ("112", "in"),
    "HK": ("999", "hk"),
    "SG": ("995", "sg"),
    "IL": ("101", "il"),
}

# If no copy of zone.tab can be found: the zones of the countries in NUMBERS most athletes' browsers report.
FALLBACK_ZONES = {
    "Europe/Madrid": "ES", "Atlantic/Canary": "ES", "Africa/Ceuta": "ES", "Europe/Lisbon": "PT", "Europe/Paris": "FR",
    "Europe/Berlin": "DE", "Europe/Rome": "IT", "Europe/Amsterdam": "NL", "Europe/Brussels": "BE",
    "Europe/Vienna": "AT", "Europe/Dublin": "IE", "Europe/Stockholm": "SE", "Europe/Warsaw": "PL",
    "Europe/Athens": "GR", "Europe/Oslo": "NO", "Europe/Zurich": "CH", "Europe/London": "GB",
    "Europe/Istanbul": "TR", "America/New_York": "US", "America/Chicago": "US", "America/Denver": "US",
    "America/Los_Angeles": "US", "America/Phoenix": "US", "America/Anchorage": "US", "Pacific/Honolulu": "US",
    "America/Puerto_Rico": "PR", "America/Toronto": "CA", "America/Vancouver": "CA", "America/Edmonton": "CA",
    "America/Winnipeg": "CA", "America/Halifax": "CA", "America/Mexico_City": "MX", "America/Monterrey": "MX",
    "America/Cancun": "MX", "America/Tijuana": "MX", "America/Guayaquil": "EC", "America/Costa_Rica": "CR",
    "America/Panama": "PA", "America/El_Salvador": "SV", "America/Tegucigalpa": "HN",
    "America/Santo_Domingo": "DO", "America/Montevideo": "UY", "America/Bogota": "CO",
    "America/Santiago": "CL", "America/Sao_Paulo": "BR", "America/Argentina/Buenos_Aires": "AR",
    "Australia/Sydney": "AU", "Australia/Melbourne": "AU", "Australia/Brisbane": "AU", "Australia/Perth": "AU",
    "Australia/Adelaide": "AU", "Pacific/Auckland": "NZ", "Asia/Tokyo": "JP", "Asia/Seoul": "KR",
    "Asia/Shanghai": "CN", "Asia/Kolkata": "IN", "Asia/Hong_Kong": "HK", "Asia/Singapore": "SG",
    "Asia/Jerusalem": "IL", "Asia/Manila": "PH",
}

# Old names (the tz database's "backward" file) that browsers and old systems still report, to their zone.tab name.
LINKS = {
    "Asia/Calcutta": "Asia/Kolkata", "Asia/Saigon": "Asia/Ho_Chi_Minh", "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon", "Asia/Istanbul": "Europe/Istanbul", "Asia/Tel_Aviv": "Asia/Jerusalem",
    "Europe/Kiev": "Europe/Kyiv", "Europe/Belfast": "Europe/London", "GB": "Europe/London",
    "GB-Eire": "Europe/London", "Eire": "Europe/Dublin", "Portugal": "Europe/Lisbon", "Poland": "Europe/Warsaw",
    "Turkey": "Europe/Istanbul", "Israel": "Asia/Jerusalem", "Japan": "Asia/Tokyo", "ROK": "Asia/Seoul",
    "PRC": "Asia/Shanghai", "Hongkong": "Asia/Hong_Kong", "Singapore": "Asia/Singapore", "NZ": "Pacific/Auckland",
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires", "America/Cordoba": "America/Argentina/Cordoba",
    "America/Indianapolis": "America/Indiana/Indianapolis", "America/Louisville": "America/Kentucky/Louisville",
    "America/Montreal": "America/Toronto", "US/Eastern": "America/New_York", "US/Central": "America/Chicago",
    "US/Mountain": "America/Denver", "US/Pacific": "America/Los_Angeles", "US/Arizona": "America/Phoenix",
    "US/Alaska": "America/Anchorage", "US/Hawaii": "Pacific/Honolulu", "Canada/Eastern": "America/Toronto",
    "Canada/Central": "America/Winnipeg", "Canada/Mountain": "America/Edmonton", "Canada/Pacific": "America/Vancouver",
    "Canada/Atlantic": "America/Halifax", "Canada/Newfoundland": "America/St_Johns",
    "Mexico/General": "America/Mexico_City", "Mexico/BajaNorte": "America/Tijuana", "Brazil/East": "America/Sao_Paulo",
    "Chile/Continental": "America/Santiago", "Australia/ACT": "Australia/Sydney", "Australia/NSW": "Australia/Sydney",
    "Australia/Victoria": "Australia/Melbourne", "Australia/Queensland": "Australia/Brisbane",
    "Australia/West": "Australia/Perth", "Australia/South": "Australia/Adelaide",
}


def _zone_tab_text() -> str | None:
    """The tz database's zone.tab: the tzdata package's, the system's, or pytz's copy (None if none is found)."""
    try:
        return (resources.files("tzdata") / "zoneinfo" / "zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    places = [Path(directory) / "zone.tab" for directory in zoneinfo.TZPATH]
    pytz = find_spec("pytz")  # found, not imported
    if pytz is not None and pytz.origin:
        places.append(Path(pytz.origin).parent / "zoneinfo" / "zone.tab")
    for place in places:
        try:
            return place.read_text(encoding="utf-8")
        except OSError:
            continue
    return None


def parse_zone_tab(text: str) -> dict[str, str]:
    """zone.tab's lines "CC<TAB>coordinates<TAB>TZ[<TAB>comments]" as {zone: country}."""
    zones = {}
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) >= 3:
            zones[fields[2].strip()] = fields[0].strip().upper()
    return zones


@lru_cache(maxsize=1)
def zone_countries() -> dict[str, str]:
    text = _zone_tab_text()
    return parse_zone_tab(text) if text else dict(FALLBACK_ZONES)


def country_of_zone(zone: str | None) -> str | None:
    """The country an IANA time zone is for (zone.tab), or None: UTC, Etc/GMT+5 and unknown names have none."""
    if not zone:
        return None
    return zone_countries().get(LINKS.get(zone, zone))


def emergency_number(timezone: str | None) -> EmergencyNumber | None:
    """The emergency number for a time zone's country; None when the zone names no country whose number the
    sources give (then name no number: "your local emergency number")."""
    country = country_of_zone(timezone)
    if country not in NUMBERS:
        return None
    number, source = NUMBERS[country]
    return EmergencyNumber(country, number, source)


@lru_cache(maxsize=1)
def numbers_by_zone() -> dict[str, str]:
    """{zone: number} for every zone and old name that has one: for a page that reads the phone's own zone."""
    zones = sorted({*zone_countries(), *LINKS})
    return {zone: found.number for zone in zones if (found := emergency_number(zone))}
