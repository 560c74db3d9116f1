"""The newcomer catalogues hold every text marked N_ anywhere in Spil, translated into each
language and marked for review by a native speaker."""

from __future__ import annotations

import ast
from pathlib import Path

import polib
import pytest

from spil.core import newcomer_texts
from spil.core.newcomer_texts import (
    NEWCOMER_LANGUAGES,
    interface_language,
    newcomer_language,
    newcomer_text,
)

SRC = Path(newcomer_texts.__file__).resolve().parents[1]
PLACEHOLDERS = ("%(weeks)s", "%(group)s", "%(time)s", "%(location)s", "%(what)s")


def marked_texts() -> set[str]:
    """Every string literal passed to N_ in the source (tests left out)."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "N_"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_the_reminders_and_the_summary_are_marked() -> None:
    marked = marked_texts()
    assert "Reminder: appointment tomorrow at %(time)s" in marked  # dossier
    assert "Reminder: %(group)s tomorrow" in marked  # programmes
    assert "Your learning route" in marked  # the PIP summary


@pytest.mark.parametrize("language", sorted(NEWCOMER_LANGUAGES))
def test_catalogue_is_complete_and_marked_for_review(language: str) -> None:
    path = newcomer_texts.LOCALE_DIR / language / "LC_MESSAGES" / f"{newcomer_texts.DOMAIN}.po"
    catalogue = polib.pofile(str(path))
    missing = marked_texts() - {e.msgid for e in catalogue}
    assert not missing
    assert not catalogue.untranslated_entries()
    if language != "en":
        assert "needs review by a native speaker" in catalogue.header
    for entry in catalogue:
        for placeholder in PLACEHOLDERS:
            assert (placeholder in entry.msgid) == (placeholder in entry.msgstr), entry.msgid


def test_a_language_without_catalogue_reads_dutch() -> None:
    assert newcomer_language("ara") == "ar"
    assert newcomer_language("tir") == "ti"
    assert newcomer_language("xyz") == "nl"
    assert newcomer_text("xyz", "Your learning route") == "Uw leerroute"
    assert newcomer_text("tur", "Your learning route") != "Your learning route"


def test_the_interface_language_falls_back_to_the_default_not_to_dutch() -> None:
    available = {"nl", "en", "ar"}
    assert interface_language("ara", available, "en") == "ar"
    assert interface_language("nld", available, "en") == "nl"
    assert interface_language("", available, "en") == "en"
    assert interface_language("tir", available, "en") == "en"  # no staff screens in Tigrinya
    assert interface_language("xyz", available, "en") == "en"
