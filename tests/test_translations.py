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
