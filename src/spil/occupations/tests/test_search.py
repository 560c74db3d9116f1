"""Occupation search: typos, diacritics, compounds, word order, ranking, edge cases."""

from __future__ import annotations

import time

import pytest

from spil.occupations.search import (
    MAX_LIMIT,
    MIN_SCORE,
    Hit,
    get_index,
    normalize,
    search,
)

OCC = "http://data.europa.eu/esco/occupation/"
KAPPER = OCC + "099c6bb0-22d3-4c5d-8bf5-70910af381ef"
LASSER = OCC + "7aedaa07-3884-4c5b-88f9-80997b2aa54b"
VOERTUIGLAKKER = OCC + "a784b063-89cf-441b-9624-deed9dbdeae6"  # alt label "autospuiter"
OPTICIEN = OCC + "6e0e068b-cd5c-4400-8899-54056087fa14"
HEFTRUCK = OCC + "eeac6251-1974-42f5-91ed-513c6c883755"
KASSA = OCC + "2b871272-bd61-4206-bd1a-0b96d7023098"
STUKADOOR = OCC + "f4a22809-c00c-4dd0-8b09-c7251f8dcd1c"
VRACHTWAGEN = OCC + "45037d43-a8f5-4f46-b332-b2935bc305f4"
MAGAZIJN = OCC + "bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
KOK = OCC + "90f75f67-495d-49fa-ab57-2f320e251d7e"
DOCENT_GESCHIEDENIS = {
    OCC + "27e16eef-c7a6-4577-bc3f-727d01ec1958",
    OCC + "a36c14e6-ed96-467d-8390-6f9cf47ac350",
}
ELEKTRICIEN = {
    OCC + "33960bab-4423-4808-af6c-ec2b485dba41",
    OCC + "4910419f-b4af-4f59-b544-9dbebc8a74f0",
}
HOVENIER = OCC + "e7970c7a-7769-4002-87d3-0a8ea94fdd6f"


def top5(query: str) -> list[str]:
    return [hit.occupation.uri for hit in search(query, 5)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # exact
        ("kapper", {KAPPER}),
        ("lasser", {LASSER}),
        ("opticien", {OPTICIEN}),
        # typos: deletion, swap, substitution, insertion
        ("lasr", {LASSER}),
        ("kapstr", {KAPPER}),
        ("opticein", {OPTICIEN}),
        ("docent geschidenis", DOCENT_GESCHIEDENIS),
        ("electricien", ELEKTRICIEN),
        ("elektricein", ELEKTRICIEN),
        ("vrachtwgenchauffeur", {VRACHTWAGEN}),
        ("heftruckchaufeur", {HEFTRUCK}),
        ("hovenir", {HOVENIER}),
        # sound-alike spelling
        ("stucadoor", {STUKADOOR}),
        ("kaper", {KAPPER}),
        # accents / diacritics
        ("caissiere", {KASSA}),
        ("CAISSIÈRE", {KASSA}),
        # alternative labels
        ("autospuiter", {VOERTUIGLAKKER}),
        ("tuinman", {HOVENIER}),
        # Dutch compounds and word order
        ("heftruck chauffeur", {HEFTRUCK}),
        ("chauffeur heftruck", {HEFTRUCK}),
        ("vrachtwagen chauffeur", {VRACHTWAGEN}),
        ("magazijn medewerker", {MAGAZIJN}),
        ("medewerker magazijn", {MAGAZIJN}),
        ("kassa medewerker", {KASSA}),
        ("geschiedenisleraar", DOCENT_GESCHIEDENIS),
        # "ij" typed as "y"
        ("magazynmedewerker", {MAGAZIJN}),
    ],
)
def test_expected_occupation_in_top5(query: str, expected: set[str]) -> None:
    assert expected & set(top5(query)), (query, top5(query))


@pytest.mark.parametrize(
    ("query", "uri"),
    [("kapper", KAPPER), ("kok", KOK), ("lasser", LASSER), ("opticien", OPTICIEN)],
)
def test_exact_preferred_label_ranks_first_with_score_100(query: str, uri: str) -> None:
    first = search(query, 5)[0]
    assert first.occupation.uri == uri
    assert first.score == 100.0
    assert first.matched_label == first.occupation.label


def test_preferred_exact_above_alt_exact_above_fuzzy() -> None:
    hits = search("lasser", 10)
    assert hits[0].occupation.uri == LASSER  # preferred label "lasser"
    alt_exact = [h for h in hits if h.matched_label == "lasser" and h.occupation.uri != LASSER]
    assert alt_exact  # other occupations with alternative label "lasser"
    fuzzy = [h for h in hits if h.matched_label.lower() != "lasser"]
    assert min(h.score for h in alt_exact) > max(h.score for h in fuzzy)
    assert hits[0].score > min(h.score for h in alt_exact)


def test_short_query_prefers_short_general_labels() -> None:
    labels = [hit.occupation.label for hit in search("kapper", 5)]
    assert labels[0] == "kapper"
    assert "vakdocent kapper beroepsonderwijs" not in labels


def test_hits_carry_isco_group() -> None:
    hit = search("lasser", 1)[0]
    assert isinstance(hit, Hit)
    assert hit.isco_code == "7212"
    assert hit.isco_label == "Lassers en snijders"
    as_dict = hit.as_dict()
    assert as_dict["isco_code"] == "7212"
    assert as_dict["uri"] == LASSER
    assert as_dict["matched_label"] == "lasser"


def test_matched_label_is_the_original_alt_label() -> None:
    hit = next(h for h in search("caissiere", 5) if h.occupation.uri == KASSA)
    assert hit.matched_label == "caissière"  # diacritics kept in what is shown


def test_one_hit_per_occupation_sorted_by_score() -> None:
    hits = search("schoonmaker", 10)
    uris = [hit.occupation.uri for hit in hits]
    assert len(uris) == len(set(uris))
    scores = [hit.score for hit in hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= score <= 100 for score in scores)


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "---", "!!!", "\u0301"])
def test_empty_or_blank_query(query: str) -> None:
    assert search(query) == []


def test_nonsense_query_gives_nothing() -> None:
    assert search("zzzzzz") == []
    assert search("qxqxqxqx") == []


def test_very_long_query_is_cut_and_fast() -> None:
    get_index()
    long_query = "lasser " * 20_000
    started = time.perf_counter()
    hits = search(long_query, 5)
    assert (time.perf_counter() - started) < 0.5
    assert hits and hits[0].occupation.uri == LASSER
    assert all(hit.score >= MIN_SCORE for hit in search("x" * 100_000))
    words = " ".join(f"woord{i}" for i in range(5_000))
    started = time.perf_counter()
    search(words, 5)
    assert (time.perf_counter() - started) < 0.5


def test_limit_handling() -> None:
    assert len(search("medewerker", 3)) == 3
    assert search("kapper", 0) == []
    assert search("kapper", -5) == []
    assert len(search("medewerker", 10_000)) <= MAX_LIMIT
    assert len(search("medewerker", 10_000, min_score=0)) == MAX_LIMIT


def test_normalize() -> None:
    assert normalize("  Caissière ") == "caissiere"
    assert normalize("Auto-Elektricien") == "auto elektricien"
    assert normalize("Magazijnmedewerker") == "magazynmedewerker"
    assert normalize("coördinator (BSO)") == "coordinator bso"


def test_query_latency_budget() -> None:
    get_index()
    queries = ["verpleegkundige", "heftruckchauffeur", "docent geschidenis", "lasr", "ICT"]
    for query in queries:  # warm-up
        search(query)
    timings = []
    for _ in range(20):
        for query in queries:
            started = time.perf_counter()
            search(query)
            timings.append(time.perf_counter() - started)
    timings.sort()
    assert timings[len(timings) // 2] < 0.050  # target is <= 5 ms; generous for loaded CI
