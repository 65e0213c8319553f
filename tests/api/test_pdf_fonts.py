"""The PDF report prints names and texts outside Latin-1 in the DejaVu Sans it embeds, through the real API."""
import io
from datetime import datetime

import pytest
from babel.dates import format_date
from pypdf import PdfReader

from tests.api.test_attack_run_3_exports import log_episode
from tests.conftest import linked_pair

DEJAVU = {"DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"}


def pdf_exports(client, athlete: dict, athlete_headers: dict, physio_headers: dict):
    """The athlete's own copy and the physiotherapist's, each a PdfReader."""
    for url, headers in (("/api/v1/me/export?format=pdf", athlete_headers), (f"/api/v1/patients/{athlete['id']}/export?format=pdf", physio_headers)):
        response = client.get(url, headers=headers)
        assert response.status_code == 200 and response.mimetype == "application/pdf", url
        yield PdfReader(io.BytesIO(response.data))


def fonts_of(pdf: PdfReader) -> dict[str, bool]:
    """Each font the pages use, less its subset tag (ABCDEF+), and whether the PDF embeds its TrueType program."""
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            fonts[str(font["/BaseFont"]).lstrip("/").split("+")[-1]] = descriptor is not None and "/FontFile2" in descriptor.get_object()
    return fonts


def text_by_font(pdf: PdfReader) -> dict[str, str]:
    """All the text drawn in each font, the subset tag left off."""
    drawn: dict[str, list[str]] = {}

    def seen(text, cm, tm, font, size):
        if font and text.strip():
            drawn.setdefault(str(font["/BaseFont"]).split("+")[-1], []).append(text)

    for page in pdf.pages:
        page.extract_text(visitor_text=seen)
    return {font: " ".join(" ".join(pieces).split()) for font, pieces in drawn.items()}


@pytest.mark.parametrize("name", ["Łukasz Żółć", "Иван Петров", "Γιώργος Παπαδόπουλος"])
def test_a_name_and_an_activity_outside_latin_1_print_in_the_embedded_dejavu_sans(client, app, name):
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name=name)
    log_episode(client, athlete_headers, activity="Приседания", days_ago=3, note=name)
    for pdf in pdf_exports(client, athlete, athlete_headers, physio_headers):
        fonts = fonts_of(pdf)
        # Helvetica, as much as any other font, has no such letters: only DejaVu Sans may be used, and every one is embedded.
        assert set(fonts) <= DEJAVU and {"DejaVuSans", "DejaVuSans-Bold"} <= set(fonts) and all(fonts.values()), fonts
        text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
        assert f"BackOnTrack report: {name}" in text and "Pain over time: Приседания" in text
        assert text.count("Приседания") >= 2  # the chart's title and the episodes table


def test_a_clinical_note_keeps_its_bold_date_and_its_markup_as_typed(client, app):
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name="Иван Петров")
    log_episode(client, athlete_headers, activity="Приседания", days_ago=3)
    note = client.post(f"/api/v1/patients/{athlete['id']}/notes", json={"text": "<b>Άσκηση</b> & <font name='Courier'>Żółć</font>"},
                       headers=physio_headers)
    assert note.status_code == 201
    pdf = PdfReader(io.BytesIO(client.get(f"/api/v1/patients/{athlete['id']}/export?format=pdf", headers=physio_headers).data))
    drawn = text_by_font(pdf)
    # The date's <b> maps to DejaVu's bold (registerFontFamily); the note's own tags are text, in the regular face.
    assert format_date(datetime.fromisoformat(note.json["created_at"]), "d MMM y", locale="en") in drawn["DejaVuSans-Bold"]
    assert "<b>Άσκηση</b> & <font name='Courier'>Żółć</font>" in drawn["DejaVuSans"]
    assert set(fonts_of(pdf)) <= DEJAVU


def test_chinese_japanese_or_korean_text_which_dejavu_lacks_still_gives_a_pdf(client, app):
    athlete, athlete_headers, physio_headers = linked_pair(client, app, athlete_name="李小龍")
    log_episode(client, athlete_headers, activity="スクワット 스쿼트", days_ago=3, note="李小龍")
    for pdf in pdf_exports(client, athlete, athlete_headers, physio_headers):
        # The glyphs print as DejaVu's empty box; the page around them is still there.
        assert set(fonts_of(pdf)) <= DEJAVU
        assert "BackOnTrack report:" in pdf.pages[0].extract_text()
