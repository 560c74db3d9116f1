"""The labelled query list and the benchmark."""

from __future__ import annotations

import csv
import random

import pytest

from spil.occupations.bench import (
    LABELLED_QUERIES_PATH,
    generate_queries,
    inject_typo,
    load_labelled_queries,
    run_benchmark,
)
from spil.occupations.esco import load_esco

REQUIRED_QUERIES = [
    "verpleegkundige", "kapper", "schilder", "heftruckchauffeur", "lasser", "autospuiter",
    "kok", "opticien", "docent geschiedenis", "timmerman", "buschauffeur", "schoonmaker",
    "kinderopvang", "vrachtwagenchauffeur", "elektricien", "caissiere", "kassamedewerker",
    "magazijnmedewerker", "productiemedewerker", "tandarts", "apotheker", "bakker", "slager",
    "monteur", "loodgieter", "metselaar", "stukadoor", "tuinman", "hovenier",
    "pedagogisch medewerker", "zorgassistent", "taxichauffeur", "barista", "kapster",
    "naaister", "kleermaker", "ICT", "programmeur", "boekhouder", "administratief medewerker",
    "beveiliger", "fietsenmaker",
    # typos
    "lasr", "opticein", "docent geschidenis", "kapstr", "electricien",
]  # fmt: skip


def test_labelled_list_size_and_coverage() -> None:
    labelled = load_labelled_queries()
    assert len(labelled) >= 80
    queries = {item.query for item in labelled}
    assert not set(REQUIRED_QUERIES) - queries
    assert len(queries) == len(labelled)  # no duplicates


def test_every_expected_uri_exists_with_the_stated_label() -> None:
    occupations = load_esco().occupations
    with LABELLED_QUERIES_PATH.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        uris = row["expected_uris"].split("|")
        labels = row["expected_labels"].split("|")
        assert len(uris) == len(labels), row["query"]
        for uri, label in zip(uris, labels, strict=True):
            assert uri in occupations, (row["query"], uri)
            assert occupations[uri].label == label, (row["query"], uri)


@pytest.mark.parametrize("kind", ["deletion", "swap", "substitution"])
def test_inject_typo_changes_one_letter(kind: str) -> None:
    rng = random.Random(3)
    for word in ["vrachtwagenchauffeur", "kapper", "docent geschiedenis"]:
        typo = inject_typo(word, kind, rng)
        assert typo != word
        assert abs(len(typo) - len(word)) <= 1


def test_inject_typo_missing_accent_and_short_words() -> None:
    rng = random.Random(1)
    assert inject_typo("caissière", "missing_accent", rng) == "caissiere"
    assert inject_typo("kok", "deletion", rng) == "kok"  # words under 4 letters left alone


def test_generated_queries_are_seeded() -> None:
    first = generate_queries(50, seed=5)
    assert first == generate_queries(50, seed=5)
    assert first != generate_queries(50, seed=6)
    assert sum(source.query != query for source, query in first) > 20


def test_run_benchmark_sane_figures() -> None:
    result = run_benchmark(n_queries=1000, seed=1)
    assert result["queries"] == 1000
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    assert result["top5_hit_rate"] >= 0.9
    assert result["labelled_queries"] >= 80
    assert result["typo_top5_hit_rate"] >= 0.85
    assert result["occupations"] == 3039
