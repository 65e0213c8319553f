"""Issue 28, points 19-22: Spanish that a lay athlete would misread, caught in the catalogue."""
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from webapp.core import codes

SPANISH = Path(__file__).resolve().parents[2] / "webapp" / "translations" / "es" / "LC_MESSAGES" / "messages.po"


@pytest.fixture(scope="module")
def catalogue():
    with open(SPANISH, "rb") as po:
        return read_po(po, locale="es")


def spanish(catalogue, text: str) -> str:
    return catalogue.get(text).string


@pytest.mark.parametrize(("misread", "why"), [
    (r"agud[oa]s?", "sharp and acute alike: an athlete picks it for any new pain (point 19)"),
    (r"entumec", "read as stiffness in much of Latin America (point 21)"),
    (r"baños? calientes?", "a warm bath, beside gentle heat (point 20)"),
    (r"\bcaliente antes", "the warm-up, beside the heat items (point 22)"),
])
def test_no_translation_uses_a_word_athletes_misread(catalogue, misread, why):
    found = [message.string for message in catalogue if message.id and re.search(misread, str(message.string), re.IGNORECASE)]
    assert found == [], why


def test_the_pain_characters_read_apart_in_spanish(catalogue):
    for choices in (codes.CHARACTERS, {code: codes.CODE_WORDS[code] for code in codes.CHARACTERS}):
        labels = [spanish(catalogue, label) for label in choices.values()]
        assert len(set(labels)) == len(labels), labels
    assert (spanish(catalogue, codes.CHARACTERS["sharp"]), spanish(catalogue, codes.CHARACTERS["stabbing"])) == ("Punzante", "Como una puñalada")


def test_saddle_numbness_is_asked_as_numbness_not_stiffness(catalogue):
    question = spanish(catalogue, codes.RED_FLAGS["saddle_numbness"].question)
    assert question.startswith("Pérdida de sensibilidad u hormigueo") and "como si se le durmieran" in question


def test_the_warm_up_and_the_warm_bath(catalogue):
    assert spanish(catalogue, "Warm up before training") == "Haga un calentamiento antes de entrenar"
    assert spanish(catalogue, "warm bath, heat pack or dry heat, 15-20 minutes; gentle warmth, not deep warming").startswith("baño templado")
