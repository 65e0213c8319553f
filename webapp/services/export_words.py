"""What the exports say beside their codes: times in the patient's zone with the offset, and the labels of codes."""
from collections.abc import Iterable, Mapping
from datetime import datetime
from zoneinfo import ZoneInfo

from webapp.core import codes
from webapp.infra.languages import format_full_day, translate


def zone_of(zone: str | None) -> ZoneInfo:
    return ZoneInfo(zone or "UTC")


def offset(moment: datetime) -> str:
    """'+01:00': the offset a local time is read with (strftime's %z has no colon)."""
    sign = moment.strftime("%z")
    return f"{sign[:3]}:{sign[3:5]}"


def local_day(moment: datetime, zone: str | None) -> str:
    """'30 Nov 2026': the day in the patient's zone, in the reader's language."""
    return format_full_day(moment.astimezone(zone_of(zone)))


def clock(moment: datetime, zone: str | None) -> str:
    """'18:40 (+01:00)': the time of day in the patient's zone, and its offset."""
    local = moment.astimezone(zone_of(zone))
    return f"{local:%H:%M} ({offset(local)})"


def readable_time(moment: datetime, zone: str | None) -> str:
    """'30 Nov 2026 18:40 (+01:00)': the moment in the patient's zone, for a person."""
    return f"{local_day(moment, zone)} {clock(moment, zone)}"


def sortable_time(moment: datetime | None, zone: str | None) -> str:
    """'2026-11-30 18:40 (+01:00)': the same for a spreadsheet, where the text sorts as the times do."""
    if moment is None:
        return ""
    local = moment.astimezone(zone_of(zone))
    return f"{local:%Y-%m-%d %H:%M} ({offset(local)})"


def local_iso(moment: datetime | None, zone: str | None) -> str | None:
    """ISO 8601 in the patient's zone, with its offset (FHIR dateTime): the same instant as the UTC one."""
    if moment is None:
        return None
    return moment.astimezone(zone_of(zone)).isoformat(timespec="milliseconds" if moment.microsecond else "seconds")


def label(mapping: Mapping[str, str], code: str | None) -> str:
    """A code's words in the reader's language; a code the lists no longer hold is shown as it is."""
    if code is None:
        return ""
    return translate(mapping[code]) if code in mapping else code


def labels(mapping: Mapping[str, str], values: Iterable[str] | None) -> str:
    return "; ".join(label(mapping, value) for value in values or ())


def red_flag_labels(values: Iterable[str] | None) -> str:
    return "; ".join(translate(codes.RED_FLAGS[value].question) if value in codes.RED_FLAGS else value for value in values or ())
