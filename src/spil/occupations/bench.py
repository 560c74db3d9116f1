"""Benchmark for the occupation search: latency on typo-injected queries, top-5 hit rate.

``run_benchmark()`` measures:

- latency (p50/p95/p99/max) of ``search()`` over ``n_queries`` realistic queries generated
  (seeded) from the hand-written labelled list and the labels of its expected occupations,
  with typos injected: deletion, adjacent swap, keyboard-neighbour substitution, missing
  diacritics;
- ``top5_hit_rate``: share of the hand-written labelled queries (``labelled_queries.csv``,
  committed next to this module) whose top 5 contains one of the expected occupations;
- ``typo_top5_hit_rate``: the same measure on the generated typo queries (informative: a
  random typo can turn a query into another occupation, e.g. "slager" -> "slagr" is fine,
  "kok" -> "ko" is not).

Index construction is excluded from the latency figures and reported as ``load_ms`` and
``index_ms``. The lead's ``spil bench occupations`` command prints the dict as JSON.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spil.occupations.esco import EscoData, load_esco
from spil.occupations.search import SearchIndex, get_index, search

__all__ = [
    "LABELLED_QUERIES_PATH",
    "LabelledQuery",
    "generate_queries",
    "inject_typo",
    "load_labelled_queries",
    "run_benchmark",
    "top_k_hit_rate",
]

LABELLED_QUERIES_PATH = Path(__file__).with_name("labelled_queries.csv")

TYPO_KINDS = ("none", "deletion", "swap", "substitution", "missing_accent")
_TYPO_WEIGHTS = (0.3, 0.2, 0.15, 0.2, 0.15)
_MAX_POOL_LABEL_CHARS = 40

# Keyboard neighbours on a QWERTY layout (what Dutch keyboards use).
_QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _row_index, _row in enumerate(_QWERTY_ROWS):
    for _col, _char in enumerate(_row):
        _near = [_row[i] for i in (_col - 1, _col + 1) if 0 <= i < len(_row)]
        for _other_index in (_row_index - 1, _row_index + 1):
            if 0 <= _other_index < len(_QWERTY_ROWS):
                _other = _QWERTY_ROWS[_other_index]
                _near.extend(_other[i] for i in (_col - 1, _col) if 0 <= i < len(_other))
        _NEIGHBOURS[_char] = "".join(_near)


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    """A query with the occupations (conceptUris) that count as a correct answer."""

    query: str
    expected_uris: frozenset[str]


def load_labelled_queries(path: Path | None = None) -> list[LabelledQuery]:
    """Read ``query,expected_uris[,expected_labels]``; URIs separated by ``|``."""
    source = path or LABELLED_QUERIES_PATH
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labelled: list[LabelledQuery] = []
    for row in rows:
        uris = frozenset(uri.strip() for uri in row["expected_uris"].split("|") if uri.strip())
        if row["query"].strip() and uris:
            labelled.append(LabelledQuery(row["query"].strip(), uris))
    return labelled


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(char for char in decomposed if not unicodedata.combining(char))
    )


def inject_typo(text: str, kind: str, rng: random.Random) -> str:
    """Apply one typo of ``kind`` (see ``TYPO_KINDS``) to a letter of a word of 4+ letters."""
    if kind == "missing_accent":
        return strip_accents(text)
    positions = [
        i
        for i, char in enumerate(text)
        if char.isalpha() and _word_length_at(text, i) >= 4 and _NEIGHBOURS.get(char.lower())
    ]
    if kind == "swap":
        positions = [
            i
            for i in positions
            if i + 1 < len(text) and text[i + 1].isalpha() and text[i + 1] != text[i]
        ]
    if kind == "none" or not positions:
        return text
    i = rng.choice(positions)
    if kind == "deletion":
        return text[:i] + text[i + 1 :]
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "substitution":
        return text[:i] + rng.choice(_NEIGHBOURS[text[i].lower()]) + text[i + 1 :]
    raise ValueError(f"unknown typo kind {kind!r}")


def _word_length_at(text: str, i: int) -> int:
    start = i
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = i
    while end < len(text) and text[end].isalpha():
        end += 1
    return end - start


def _query_pool(labelled: Sequence[LabelledQuery], data: EscoData) -> list[LabelledQuery]:
    """The labelled queries plus the (short) labels of their expected occupations."""
    pool = list(labelled)
    seen = {item.query.casefold() for item in pool}
    for item in labelled:
        for uri in sorted(item.expected_uris):
            occupation = data.occupations.get(uri)
            if occupation is None:
                continue
            for label in occupation.labels:
                if len(label) <= _MAX_POOL_LABEL_CHARS and label.casefold() not in seen:
                    seen.add(label.casefold())
                    pool.append(LabelledQuery(label, frozenset({uri})))
    return pool


def generate_queries(
    n_queries: int,
    seed: int,
    labelled: Sequence[LabelledQuery] | None = None,
    data: EscoData | None = None,
) -> list[tuple[LabelledQuery, str]]:
    """``n_queries`` seeded ``(source, typo query)`` pairs."""
    rng = random.Random(seed)
    pool = _query_pool(labelled or load_labelled_queries(), data or load_esco())
    accented = [item for item in pool if strip_accents(item.query) != item.query]
    generated: list[tuple[LabelledQuery, str]] = []
    for _ in range(n_queries):
        kind = rng.choices(TYPO_KINDS, weights=_TYPO_WEIGHTS)[0]
        source = rng.choice(accented if kind == "missing_accent" and accented else pool)
        generated.append((source, inject_typo(source.query, kind, rng)))
    return generated


def top_k_hit_rate(
    queries: Iterable[tuple[str, frozenset[str]]], k: int = 5, index: SearchIndex | None = None
) -> float:
    """Share of queries with an expected occupation among the first ``k`` hits."""
    total = hits = 0
    for query, expected in queries:
        total += 1
        if any(hit.occupation.uri in expected for hit in search(query, k, index=index)):
            hits += 1
    return hits / total if total else 0.0


def _percentile(sorted_values: Sequence[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    position = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[position]


def run_benchmark(n_queries: int = 1000, seed: int = 1) -> dict[str, Any]:
    """Latency and quality figures for the occupation search (see module docstring)."""
    data = load_esco()
    index = get_index(data)  # load_ms / index_ms: measured when first built (cached)

    labelled = load_labelled_queries()
    generated = generate_queries(n_queries, seed, labelled, data)
    for source, _ in generated[:10]:  # warm-up
        search(source.query, 5, index=index)

    timings: list[float] = []
    typo_hits = 0
    for source, query in generated:
        began = time.perf_counter_ns()
        hits = search(query, 5, index=index)
        timings.append((time.perf_counter_ns() - began) / 1e6)
        typo_hits += any(hit.occupation.uri in source.expected_uris for hit in hits)
    timings.sort()

    return {
        "queries": len(generated),
        "seed": seed,
        "p50_ms": round(_percentile(timings, 0.50), 3),
        "p95_ms": round(_percentile(timings, 0.95), 3),
        "p99_ms": round(_percentile(timings, 0.99), 3),
        "max_ms": round(timings[-1], 3) if timings else 0.0,
        "mean_ms": round(statistics.fmean(timings), 3) if timings else 0.0,
        "top5_hit_rate": round(
            top_k_hit_rate(((q.query, q.expected_uris) for q in labelled), 5, index), 4
        ),
        "labelled_queries": len(labelled),
        "typo_top5_hit_rate": round(typo_hits / len(generated), 4) if generated else 0.0,
        "occupations": len(data.occupations),
        "indexed_labels": len(index),
        "load_ms": round(data.load_ms, 1),
        "index_ms": round(index.build_ms, 1),
    }


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of `spil bench occupations`."""
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)


def run(**options: Any) -> dict[str, Any]:
    """`spil bench occupations`: typo-tolerant ESCO occupation search."""
    return run_benchmark(n_queries=options["queries"], seed=options["seed"])
