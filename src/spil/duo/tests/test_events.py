"""events.py must list exactly the ids of the spec's Gebeurtenissen/Attentiesignalen pages."""

from __future__ import annotations

import re

from spil.duo.contract import ALL_EVENTS, ATTENTIESIGNALEN, GEBEURTENISSEN, EventKind, describe
from spil.duo.contract import spec_dir as _spec_dir


def _ids(filename: str) -> set[str]:
    text = (_spec_dir() / "Gebeurtenissen" / filename).read_text(encoding="utf-8")
    return set(re.findall(r"\bSS\d{3}\b", text))


def test_gebeurtenissen_match_the_markdown() -> None:
    assert set(GEBEURTENISSEN) == _ids("Gebeurtenissen.md")


def test_attentiesignalen_match_the_markdown() -> None:
    assert set(ATTENTIESIGNALEN) == _ids("Attentiesignalen.md")
    assert set(ATTENTIESIGNALEN) == {
        "SS122",
        "SS123",
        "SS126",
        "SS127",
        "SS132",
        "SS133",
        "SS135",
        "SS136",
        "SS140",
        "SS141",
        "SS142",
        "SS112",
    }


def test_kinds_and_no_overlap() -> None:
    assert not set(GEBEURTENISSEN) & set(ATTENTIESIGNALEN)
    assert all(e.kind is EventKind.GEBEURTENIS for e in GEBEURTENISSEN.values())
    assert all(e.kind is EventKind.ATTENTIESIGNAAL for e in ATTENTIESIGNALEN.values())
    assert len(ALL_EVENTS) == len(GEBEURTENISSEN) + len(ATTENTIESIGNALEN)


def test_descriptions_and_categories() -> None:
    assert describe("SS101") == "Persoon is inburgeringsplichtig."
    assert describe("SS199") == "Uitslag examen bekend"
    assert GEBEURTENISSEN["SS102"].categorie == "Leerroute en termijn vastgesteld"
    assert GEBEURTENISSEN["SS124"].categorie == "Wijziging doelgroep"
    assert "Inburgeringstermijn" in GEBEURTENISSEN["SS121"].relevante_apis
    assert describe("SS998") == "Onbekende gebeurtenis SS998"
    for event in ALL_EVENTS.values():
        assert event.omschrijving and event.categorie
        assert re.fullmatch(r"^[0-9A-Z]{1,6}$", event.id)  # Notificatie gebeurtenisId pattern
