"""Regression tests for the third attack run's export findings (issue 27: 6, 7 and 8), through the real API."""
import csv
import io
import re
import unicodedata
from datetime import UTC, datetime, timedelta
from urllib.parse import unquote
from wsgiref.handlers import SimpleHandler

import pytest
from pypdf import PdfReader
from werkzeug.test import EnvironBuilder

from tests.builders import ago, entry_body, episode_body, new_id
from tests.conftest import linked_pair
from webapp.core.timeline import HistoryEpisode, history_timeline, in_pieces
from webapp.services.exports import spreadsheet_safe
from webapp.services.pdf_report import TIMELINE_LANES_PER_PIECE

SPLIT_FORMULAS = [
    "deadlift;=1+1;", "fine;=cmd|' /C calc'!A0;", "squat,+1+1", "rows\t-2+3", "press|@SUM(1+1)", "lunge\n=1+1", "curl\r\n+1",
    "bench; =1+1", "＝1+1", "row;＋1", "dip|－1", "pull,＠SUM(1)", "hip;;;=1",
]
NAMES = ["Łukasz Żółć", "Иван Петров", "李小龍"]
# A4 and Letter, less the report's 15 mm margins, in points.
FRAME_HEIGHTS = {"a4": 842 - 85, "letter": 792 - 85}


def log_episode(client, headers, activity: str, days_ago: int, note: str | None = None, red_flags=()) -> str:
    """An open episode begun that many days ago, with one entry; every such episode overlaps every other."""
    episode_id = new_id()
    body = episode_body(activity=activity, started_at=ago(days=days_ago, hours=2), client_updated_at=ago(days=days_ago, hours=2))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    entry = entry_body(episode_id, recorded_at=ago(days=days_ago, hours=1), client_updated_at=ago(days=days_ago, hours=1), pain=days_ago % 11,
                       note=note, red_flags=list(red_flags), walk_minutes=0)
    assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201
    return episode_id


def csv_exports(client, athlete, athlete_headers, physio_headers):
    for route, headers in (("/api/v1/me/export?format=csv", athlete_headers),
                           (f"/api/v1/patients/{athlete['id']}/export?format=csv", physio_headers)):
        for table in ("entries", "checklist"):
            response = client.get(f"{route}&table={table}", headers=headers)
            assert response.status_code == 200 and response.mimetype == "text/csv", (route, table)
            yield response.text


def starts_a_formula(piece: str) -> bool:
    """Whether a spreadsheet would run the piece (spaces and the CSV's own quote before it trimmed, as an import may)."""
    return unicodedata.normalize("NFKC", piece.lstrip(' "')[:1]) in ("=", "+", "-", "@", "\t", "\r")


def pieces_a_spreadsheet_may_see(text: str):
    """Every cell as a spreadsheet in any locale may cut it: the file split naively at each separator it may use."""
    for cell in (cell for row in csv.reader(io.StringIO(text)) for cell in row):
        yield from re.split(r"[,;\t|\r\n]", cell)
    for separator in (",", ";", "\t", "|"):
        for line in text.splitlines():
            yield from line.split(separator)


# Finding 6: a separator inside a cell does not let a formula through, and every text cell is quoted.

@pytest.mark.parametrize("formula", SPLIT_FORMULAS)
def test_finding_6_formulas_after_a_separator_inside_a_cell_are_neutralised(client, app, formula):
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    log_episode(client, athlete_headers, activity=formula.replace("\n", " ").replace("\r", " "), days_ago=3, note=formula)
    for text in csv_exports(client, athlete, athlete_headers, physio_headers):
        live = [piece for piece in pieces_a_spreadsheet_may_see(text) if starts_a_formula(piece)]
        assert live == [], (formula, live)


def test_finding_6_every_text_cell_is_quoted_and_numbers_stay_numbers(client, app):
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    log_episode(client, athlete_headers, activity="deadlift;=1+1;", days_ago=3, note="fine;=cmd|' /C calc'!A0;")
    for text in csv_exports(client, athlete, athlete_headers, physio_headers):
        # A reader told that unquoted fields are numbers fails on any text cell left bare.
        rows = list(csv.reader(io.StringIO(text), quoting=csv.QUOTE_NONNUMERIC))
        header, body = rows[0], rows[1:]
        assert all(isinstance(cell, str) for cell in header)
        if "pain" in header:
            row = dict(zip(header, body[0], strict=True))
            assert row["pain"] == 3 and row["walk_minutes"] == 0
            assert row["episode_activity"] == "deadlift;'=1+1;" and row["note"] == "fine;'=cmd|' /C calc'!A0;"


def test_finding_6_harmless_text_is_left_as_typed():
    for text in ("Stiff getting out of bed", "a-b", "3-4 sets; felt fine", "", "e-mail: a@b.example"):
        assert spreadsheet_safe(text) == text
    assert spreadsheet_safe("deadlift;=1+1;") == "deadlift;'=1+1;" and spreadsheet_safe("x\t\t=1") == "x\t'\t'=1"
    assert spreadsheet_safe(-3) == -3 and spreadsheet_safe("-3") == "'-3"


# Finding 7: any number of overlapping episodes gives a PDF, on either paper, with every episode in it.

def pdf_pages(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


@pytest.mark.parametrize("count", [40, 120])
def test_finding_7_the_pdf_holds_many_overlapping_episodes_on_a4_and_letter(client, app, count):
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    for n in range(count):
        log_episode(client, athlete_headers, activity=f"Session {n:03}", days_ago=count - n, red_flags=["fever_chills"] if n % 10 == 0 else ())
    until = datetime.now(UTC).date()
    since = until - timedelta(days=count + 1)
    routes = [("/api/v1/me/export?format=pdf", athlete_headers),
              (f"/api/v1/patients/{athlete['id']}/export?format=pdf&since={since}&until={until}", physio_headers)]
    for route, headers in routes:
        for paper in ("a4", "letter"):
            response = client.get(f"{route}&paper={paper}", headers=headers)
            assert response.status_code == 200 and response.mimetype == "application/pdf", (route, paper)
            text = " ".join(pdf_pages(response.data))
            missing = [n for n in range(count) if f"Session {n:03}" not in text]
            assert missing == [], (route, paper, missing)


def log_closed_episode(client, headers, activity: str, days_ago: int, lasting_days: int) -> None:
    """A closed episode with pain 5 at its start and again after `lasting_days`: one a recurrence alert may cite."""
    episode_id = new_id()
    body = episode_body(activity=activity, started_at=ago(days=days_ago), client_updated_at=ago(days=days_ago),
                        resolved_at=ago(days=days_ago - lasting_days - 1))
    assert client.put(f"/api/v1/episodes/{episode_id}", json=body, headers=headers).status_code == 201
    for day in (0, lasting_days):
        at = ago(days=days_ago - day)
        entry = entry_body(episode_id, recorded_at=at, client_updated_at=at, pain=5, treatments=[])
        assert client.put(f"/api/v1/entries/{new_id()}", json=entry, headers=headers).status_code == 201


def test_finding_7_an_alert_citing_many_earlier_episodes_goes_on_over_the_next_page(client, app):
    athlete, athlete_headers, physio_headers = linked_pair(client, app)
    for n in range(60):
        log_closed_episode(client, athlete_headers, f"A long description of training session number {n:03}", days_ago=85 - n, lasting_days=4)
    log_closed_episode(client, athlete_headers, "Back again", days_ago=10, lasting_days=5)
    for route, headers in (("/api/v1/me/export?format=pdf", athlete_headers),
                           (f"/api/v1/patients/{athlete['id']}/export?format=pdf", physio_headers)):
        for paper in ("a4", "letter"):
            response = client.get(f"{route}&paper={paper}", headers=headers)
            assert response.status_code == 200 and response.mimetype == "application/pdf", (route, paper)
            # The episodes table cuts an activity at 40 characters; the last recurrence alert's evidence cites all 60 whole.
            # Each page after the first opens with the alerts table's repeated header row, possibly mid-sentence.
            text = "".join(page.removeprefix("Raised Episode Severity Status Alert Evidence ") for page in pdf_pages(response.data)).replace(" ", "")
            assert [n for n in range(60) if f"trainingsessionnumber{n:03}'" not in text] == []


def overlapping(count: int, now: datetime) -> list[HistoryEpisode]:
    return [HistoryEpisode(id=f"e{n}", activity=f"Session {n}", started_at=now - timedelta(days=count - n), resolved_at=None,
                           peak_pain=n % 11, recurrence_of=(f"e{n - 1}",) if n else ())
            for n in range(count)]


@pytest.mark.parametrize("count", [1, 12, 13, 40, 120])
def test_finding_7_the_timeline_pieces_show_every_episode_once_and_each_fits_a_page(count):
    now = datetime.now(UTC)
    whole = history_timeline(overlapping(count, now), now)
    pieces = in_pieces(whole, TIMELINE_LANES_PER_PIECE)
    shown = [bar.episode.id for piece in pieces for bar in piece.bars]
    assert sorted(shown) == sorted(bar.episode.id for bar in whole.bars) and len(shown) == count
    assert len(pieces) == -(-count // TIMELINE_LANES_PER_PIECE)
    for piece in pieces:
        assert 2 * piece.height <= min(FRAME_HEIGHTS.values())
        assert all(0 < bar.y and bar.y + bar.height < piece.axis_y for bar in piece.bars)
        assert all(0 < link.y1 < piece.axis_y and 0 < link.y2 < piece.axis_y for link in piece.links)
    # A recurrence line stays wherever both its episodes share a piece.
    assert sum(len(piece.links) for piece in pieces) == count - len(pieces)


# Finding 8: every export downloads under a name in any script, as RFC 6266 says, through a real WSGI server too.

def served_by_a_wsgi_server(app, url: str, headers: dict) -> tuple[bytes, str]:
    """The raw answer as wsgiref's server writes it, and what it logged: it sends headers as Latin-1, as gunicorn does."""
    out, errors = io.BytesIO(), io.StringIO()
    SimpleHandler(io.BytesIO(), out, errors, EnvironBuilder(path=url, headers=headers).get_environ()).run(app)
    return out.getvalue(), errors.getvalue()


def export_routes(athlete_id: str, athlete_headers: dict, physio_headers: dict):
    for query in ("format=csv", "format=csv&table=checklist", "format=pdf", "format=pdf&paper=letter", "format=fhir", "format=json"):
        yield f"/api/v1/me/export?{query}", athlete_headers
        if query != "format=json":
            yield f"/api/v1/patients/{athlete_id}/export?{query}", physio_headers


@pytest.mark.parametrize("name", NAMES)
def test_finding_8_exports_of_a_name_outside_latin_1_download_with_an_rfc_6266_name(client, app, name):
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name=name)
    log_episode(client, athlete_headers, activity=f"Trening {name}", days_ago=3, note=name)
    named = 0
    for url, headers in export_routes(athlete["id"], athlete_headers, physio_headers):
        response = client.get(url, headers=headers)
        assert response.status_code == 200, url
        raw, errors = served_by_a_wsgi_server(app, url, headers)
        assert raw.startswith(b"HTTP/1.0 200 OK\r\n") and b"\r\n\r\n" in raw and errors == "", (url, errors)
        disposition = response.headers.get("Content-Disposition")
        if disposition is None:
            assert "format=fhir" in url or "format=json" in url
            continue
        named += 1
        assert disposition.isascii() and disposition.split(";")[0] == ("inline" if "format=pdf" in url else "attachment")
        encoded = re.search(r"filename\*=UTF-8''([^;\s]+)", disposition)
        fallback = re.search(r'filename="?([^";]+)"?', disposition)
        assert encoded and fallback, disposition
        assert unquote(encoded[1]).startswith(f"backontrack-{name.lower().replace(' ', '-')}-")
        assert fallback[1].startswith("backontrack-") and fallback[1].endswith((".csv", ".pdf"))
        assert response.headers["Cache-Control"] == "private, no-store"
    assert named == 8


@pytest.mark.parametrize("name", NAMES)
def test_finding_8_the_name_outside_latin_1_is_in_the_exports_themselves(client, app, name):
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name=name)
    log_episode(client, athlete_headers, activity="Deadlifts", days_ago=3, note=name)
    csv_text = client.get("/api/v1/me/export?format=csv", headers=athlete_headers).text
    assert next(csv.DictReader(io.StringIO(csv_text)))["note"] == name
    bundle = client.get(f"/api/v1/patients/{athlete['id']}/export?format=fhir", headers=physio_headers).json
    assert bundle["entry"][0]["resource"]["name"] == [{"text": name}]
    assert client.get("/api/v1/me/export?format=json", headers=athlete_headers).json["account"]["name"] == name
