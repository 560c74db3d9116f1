"""ESCO loading, ISCO ancestry and occupation relations (real shared data, no Django)."""

from __future__ import annotations

from pathlib import Path

import pytest

from spil.occupations import esco
from spil.occupations.esco import (
    EscoDataError,
    get_occupation,
    isco_ancestry,
    load_esco,
    occupation_relation,
)

OCC = "http://data.europa.eu/esco/occupation/"
LASSER = OCC + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"  # 7212
PIJPLASSER = OCC + "2ff73126-7aff-4233-9d9c-d8725e1c6822"  # 7212
PLAATWERKER_SIERSMID = OCC + "c44f9f8c-46a6-40da-9630-cc568a18cc51"  # 7223 metaalbewerker-siersmid
LOODGIETER = OCC + "ed3cf43d-c2c1-4c46-82fc-1375e27e0290"  # 7126
BAKKER = OCC + "1aadb308-432a-4d01-b54b-b4f7f76dd419"  # 7512
KAPPER = OCC + "099c6bb0-22d3-4c5d-8bf5-70910af381ef"  # 5141
BOEKHOUDER = OCC + "c3aae59e-1441-4b3e-bdd1-6da50dc7cf42"  # 3313
METSELAAR = OCC + "05f321f8-055b-407d-bf19-e0ddabda56b7"  # 7112


def test_loads_all_occupations_and_groups() -> None:
    data = load_esco()
    assert len(data.occupations) == 3039
    assert len(data.groups) == 619
    assert {g.level for g in data.groups.values()} == {"major", "submajor", "minor", "unit"}
    assert data.load_ms > 0
    assert load_esco() is data  # cached


def test_occupation_fields() -> None:
    occupation = get_occupation(LASSER)
    assert occupation.label == "lasser"
    assert occupation.isco_code == "7212"
    assert occupation.isco_label == "Lassers en snijders"
    assert "gaslasser" in occupation.alt_labels
    assert "lasser" not in occupation.alt_labels  # the preferred label is not repeated
    assert occupation.labels[0] == "lasser"
    assert occupation.description


def test_alt_labels_split_on_newlines_and_keep_diacritics() -> None:
    kassa = get_occupation(OCC + "2b871272-bd61-4206-bd1a-0b96d7023098")
    assert kassa.label == "kassamedewerker"
    assert "caissière" in kassa.alt_labels
    assert all("\n" not in label for label in kassa.alt_labels)


def test_isco_ancestry_unit_to_major() -> None:
    assert isco_ancestry("7212") == [
        ("unit", "7212", "Lassers en snijders"),
        ("minor", "721", "Plaat- en constructiewerkers, metaalgieters en lassers e.d."),
        ("submajor", "72", "Metaalarbeiders, machinemonteurs e.d."),
        ("major", "7", "Ambachtslieden"),
    ]
    assert [level for level, _, _ in isco_ancestry("72")] == ["submajor", "major"]


def test_isco_ancestry_unknown_code() -> None:
    with pytest.raises(KeyError):
        isco_ancestry("9999")


def test_hierarchy_from_broader_relations_matches_codes() -> None:
    data = load_esco()
    for code, group in data.groups.items():
        assert group.parent_code == (code[:-1] if len(code) > 1 else None)
    assert data.broader  # occupation -> broader occupation links were read
    for uri, up in data.broader.items():
        assert data.occupations[uri].isco_code == data.occupations[up].isco_code


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (LASSER, LASSER, "same"),
        (LASSER, PIJPLASSER, "unit"),  # 7212 / 7212
        (LASSER, PLAATWERKER_SIERSMID, "submajor"),  # 7212 / 7223
        (LASSER, LOODGIETER, "major"),  # 7212 / 7126
        (LASSER, METSELAAR, "major"),  # 7212 / 7112
        (BAKKER, LASSER, "major"),  # 7512 / 7212
        (LASSER, KAPPER, None),  # 7 / 5
        (BOEKHOUDER, KAPPER, None),  # 3 / 5
    ],
)
def test_occupation_relation_levels(a: str, b: str, expected: str | None) -> None:
    assert occupation_relation(a, b) == expected
    assert occupation_relation(b, a) == expected


def test_occupation_relation_minor_level() -> None:
    data = load_esco()
    lasser = data.occupations[LASSER]
    # Another occupation in minor group 721 but a different unit group (e.g. 7213/7214).
    other = next(
        o
        for o in data.occupations.values()
        if o.isco_code.startswith("721") and o.isco_code != "7212"
    )
    assert occupation_relation(lasser, other) == "minor"


def test_occupation_relation_unknown_uri() -> None:
    with pytest.raises(KeyError):
        occupation_relation(LASSER, OCC + "does-not-exist")


def test_default_data_dir_is_next_to_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPIL_DATA_DIR", raising=False)
    repo_root = Path(esco.__file__).resolve().parents[3]
    assert (repo_root / "src" / "spil").is_dir()
    assert esco.data_dir() == repo_root.parent / "shared" / "data"


def test_data_dir_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "esco").mkdir()
    (tmp_path / "esco" / "isco_groups_nl.csv").write_text(
        "conceptUri,code,preferredLabel,description\n"
        "http://x/isco/C5,5,Dienstverlenend personeel,\n"
        "http://x/isco/C51,51,Persoonlijke dienstverlening,\n"
        "http://x/isco/C514,514,Kappers en schoonheidsspecialisten,\n"
        "http://x/isco/C5141,5141,Kappers,\n",
        encoding="utf-8",
    )
    (tmp_path / "esco" / "occupations_nl.csv").write_text(
        "conceptUri,iscoGroup,preferredLabel,altLabels,description,modifiedDate\n"
        'http://x/occ/1,5141,kapper,"kapster\nherenkapper",Knipt haar.,2024-01-01\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("SPIL_DATA_DIR", str(tmp_path))
    assert esco.data_dir() == tmp_path
    data = load_esco()
    assert list(data.occupations) == ["http://x/occ/1"]
    assert data.occupations["http://x/occ/1"].alt_labels == ("kapster", "herenkapper")
    assert [code for _, code, _ in isco_ancestry("5141", data)] == ["5141", "514", "51", "5"]
    assert data.broader == {}  # no broader_relations.csv: hierarchy from the codes


def test_missing_data_dir_gives_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EscoDataError, match="SPIL_DATA_DIR"):
        load_esco(tmp_path / "nowhere")
