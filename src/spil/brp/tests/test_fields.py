"""The ``fields`` rules (catalogue from the spec, selection, projection)."""

from __future__ import annotations

import pytest

from spil.brp.fields import FieldProblem, field_catalogue, parse_fields, select_fields


def _paths(node=None, prefix: str = "") -> set[str]:
    node = node or field_catalogue()
    out: set[str] = set()
    for name, child in node.children.items():
        path = f"{prefix}.{name}" if prefix else name
        out.add(path)
        out |= _paths(child, path)
    return out


def test_catalogue_merges_every_subtype_of_a_polymorphic_field() -> None:
    paths = _paths()
    # Adres, Locatie and VerblijfplaatsBuitenland each bring their own verblijfadres fields
    assert {
        "verblijfplaats.verblijfadres.postcode",
        "verblijfplaats.verblijfadres.locatiebeschrijving",
        "verblijfplaats.verblijfadres.regel1",
        "nationaliteiten.nationaliteit",
        "gezag.derden.naam.volledigeNaam",
        "kinderen.geboorte.datum.jaar",
    } <= paths


def test_persoon_beperkt_has_fewer_fields() -> None:
    assert "aNummer" in _paths(field_catalogue("Persoon"))
    assert "aNummer" not in _paths(field_catalogue("PersoonBeperkt"))


def test_groups_fields_and_value_objects() -> None:
    selection, problems = parse_fields(
        ["naam.voornamen", "geboorte.datum.jaar", "geslacht.code", "partners.naam"]
    )
    assert problems == []
    assert selection == {
        "naam": {"voornamen": {}},
        "geboorte": {"datum": {}},  # a datum is delivered whole
        "geslacht": {},  # so is a waardetabel
        "partners": {"naam": {}},
    }


def test_whole_group_wins_over_its_fields_in_any_order() -> None:
    assert parse_fields(["naam.voornamen", "naam"])[0] == {"naam": {}}
    assert parse_fields(["naam", "naam.voornamen"])[0] == {"naam": {}}


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("anummer", FieldProblem.NOT_FOUND),  # case matters
        ("naam.bestaatNiet", FieldProblem.NOT_FOUND),
        ("geboorte.datum.dag", FieldProblem.NOT_FOUND),
        ("inOnderzoek", FieldProblem.NOT_ALLOWED),
        ("naam.inOnderzoek.voornamen", FieldProblem.NOT_ALLOWED),
        ("geheimhoudingPersoonsgegevens", FieldProblem.NOT_ALLOWED),
        ("rni.deelnemer.code", FieldProblem.NOT_ALLOWED),
        ("verblijfplaats.indicatieVastgesteldVerblijftNietOpAdres", FieldProblem.NOT_ALLOWED),
    ],
)
def test_refused_paths(path: str, problem: FieldProblem) -> None:
    assert parse_fields(["burgerservicenummer", path])[1] == [(1, problem)]


PERSOON = {
    "burgerservicenummer": "999990019",
    "naam": {"voornamen": "Yusuf", "geslachtsnaam": "Haddad"},
    "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "3511AB"}},
    "partners": [
        {"naam": {"voornamen": "Amina"}},
        {"burgerservicenummer": "999990032"},
    ],
    "geheimhoudingPersoonsgegevens": True,
}


def test_projection_keeps_only_asked_fields_and_the_type_of_polymorphic_objects() -> None:
    selection, _ = parse_fields(
        ["naam.voornamen", "verblijfplaats.verblijfadres.postcode", "partners.naam.voornamen"]
    )
    assert select_fields(PERSOON, selection) == {
        "naam": {"voornamen": "Yusuf"},
        "verblijfplaats": {"type": "Adres", "verblijfadres": {"postcode": "3511AB"}},
        "partners": [{"naam": {"voornamen": "Amina"}}],  # the partner without a name: dropped
        "geheimhoudingPersoonsgegevens": True,  # delivered automatically
    }


def test_fields_without_value_are_left_out() -> None:
    selection, _ = parse_fields(["naam.voorvoegsel", "kinderen"])
    assert select_fields({"naam": {"voornamen": "X"}}, selection) == {}
