"""Issue 19: the Spanish catalogue is complete, every placeholder survives translation, and a new string fails here."""
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
SPANISH = ROOT / "webapp" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def extracted(tmp_path, root: Path = ROOT) -> list:
    """The messages in the code under root, extracted exactly as `make translations-extract` does."""
    recipe = next(line for line in (ROOT / "Makefile").read_text().splitlines() if "pybabel extract" in line)
    args = shlex.split(recipe.strip())[1:]
    args[args.index("-o") + 1] = str(tmp_path / "messages.pot")
    pybabel = str(Path(sys.executable).parent / "pybabel")
    subprocess.run([pybabel, *args], cwd=root, check=True, capture_output=True, timeout=120)
    with open(tmp_path / "messages.pot", "rb") as pot:
        return [message for message in read_po(pot) if message.id]


def untranslated(tmp_path, root: Path = ROOT) -> list:
    catalogue = spanish()
    missing = []
    for message in extracted(tmp_path, root):
        translated = catalogue.get(message.id)
        if translated is None or "fuzzy" in translated.flags or not all(_forms(translated)):
            missing.append(message.id)
    return missing


def spanish():
    with open(SPANISH, "rb") as po:
        return read_po(po, locale="es")


def _forms(message) -> tuple:
    return tuple(message.string) if isinstance(message.string, (list, tuple)) else (message.string,)


def test_every_message_in_the_code_has_a_spanish_translation(tmp_path):
    missing = untranslated(tmp_path)
    assert missing == [], f"untranslated (run make translations-update and translate): {missing[:10]}"


def test_every_placeholder_of_a_message_is_in_its_translation():
    broken = []
    for message in spanish():
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else (message.id,)
        wanted = set(PLACEHOLDER.findall(ids[-1])) | set(PLACEHOLDER.findall(ids[0]))
        for form in _forms(message):
            found = set(PLACEHOLDER.findall(form))
            if found != wanted and found | {"%(num)d"} != wanted | {"%(num)d"}:
                broken.append((ids[0], form))
    assert broken == []


def test_a_new_string_without_a_translation_fails_the_check(tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(ROOT / "webapp", copy / "webapp", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "babel.cfg", copy)
    page = copy / "webapp" / "templates" / "main" / "index.html"
    page.write_text(page.read_text() + "\n{{ _('A sentence no catalogue has seen yet') }}\n")
    rule = copy / "webapp" / "core" / "rules" / "checks.py"
    rule.write_text(rule.read_text() + '\nNEW = Said("An alert sentence added without its %(figure)s", figure=1)\n')
    (tmp_path / "pot").mkdir()
    assert untranslated(tmp_path / "pot", copy) == ["A sentence no catalogue has seen yet", "An alert sentence added without its %(figure)s"]


def _core_words() -> dict[str, str]:
    """Every text of the clinical core a person reads, by where it comes from."""
    from webapp.core import codes
    from webapp.core.checklist.exercises import EXERCISES
    from webapp.core.checklist.items import ITEMS
    from webapp.core.checklist.schedule import PHASE_NAMES
    from webapp.core.rules import RULES
    from webapp.core.rules.thresholds import LIMITS, NAMES

    words: dict[str, str] = {}
    for name in ("REGIONS", "SIDES", "CHARACTERS", "MOVEMENTS", "ONSETS", "TREATMENTS", "EFFORTS", "RED_FLAG_ADVICE", "RULE_NAMES",
                 "CODE_WORDS", "TREATMENT_WORDS"):
        words.update({f"codes.{name}.{code}": text for code, text in getattr(codes, name).items()})
    words.update({f"red flag {code}": flag.question for code, flag in codes.RED_FLAGS.items()})
    for key, item in ITEMS.items():
        words.update({f"item {key} text": item.text, f"item {key} why": item.why, **({f"item {key} dose": item.dose} if item.dose else {})})
    for slug, exercise in EXERCISES.items():
        words.update({f"exercise {slug} name": exercise.name, f"exercise {slug} picture": exercise.picture, f"exercise {slug} dose": exercise.dose,
                      **{f"exercise {slug} step {i}": step for i, step in enumerate(exercise.steps)},
                      **{f"exercise {slug} stop {i}": stop for i, stop in enumerate(exercise.stop_if)},
                      **({f"exercise {slug} when": exercise.when} if exercise.when else {})})
    words.update({f"rule {rule.code} why": rule.why for rule in RULES})
    words.update({f"threshold {name} reason": limit.reason for name, limit in LIMITS.items()})
    words.update({f"threshold {name} name": text for name, text in NAMES.items()})
    words.update({f"phase {name}": text for name, text in PHASE_NAMES.items()})
    return words


def test_every_word_of_the_clinical_core_is_in_the_catalogue():
    """Red-flag advice above all: a core text not marked for the catalogue would show in English on a Spanish page."""
    catalogue = spanish()
    missing = {where: text for where, text in _core_words().items() if not (catalogue.get(text) and catalogue.get(text).string)}
    assert missing == {}


def test_the_clinical_core_says_a_day_in_english_as_the_pages_do(app):
    """A Said's own sentence is its English one: its days read as the English pages read them ("1 Nov", not "01 Nov")."""
    from datetime import date

    from webapp.core.wording import Said
    from webapp.infra.languages import format_day

    for day in (date(2026, 11, 1), date(2026, 11, 20), date(2027, 1, 9)):
        said = Said("of %(started)s", started=day)
        with app.test_request_context("/", headers={"Accept-Language": "en"}):
            assert str(said) == f"of {format_day(day)}"


def test_a_block_said_in_another_language_inside_a_request_is_said_in_it(app):
    """The request's language is looked up once; a push to an athlete in Spanish, made while an English reader's
    request runs, is still in Spanish, and the request goes on in English after it."""
    from webapp.infra.languages import current_language, speaking, translate

    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert current_language() == "en"
        with speaking("es"):
            assert current_language() == "es" and translate("Log pain") == "Anotar dolor"
        assert current_language() == "en" and translate("Log pain") == "Log pain"
    with app.test_request_context("/", headers={"Accept-Language": "es"}):
        assert current_language() == "es"
