"""Typo-tolerant Dutch occupation search over ESCO preferred and alternative labels.

Django-free. Two stages per query (about 1-2 ms over all 3,039 occupations / 20,648
distinct labels):

1. Candidate generation from a trigram index (numpy posting lists, one ``bincount``): the
   80 label strings sharing the most trigrams with the query relative to the label size
   (short, close labels) plus the 80 best relative to the query (long labels containing it).
2. Vectorised re-scoring of those candidates with rapidfuzz ``process.cdist``:
   - whole-string edit similarity (typos: "opticein", "lasr"),
   - the same without spaces (compounds: "heftruck chauffeur" = "heftruckchauffeur"),
   - word-order-insensitive similarity ("chauffeur heftruck"),
   - a rough Dutch sound-alike key, weighted 0.95 (c/k, doubled letters, ei/ij, ou/au:
     "stucadoor", "kaper"),
   - per-word partial matching inside the label, scaled by how much of the label the query
     covers (so "kapper" ranks "kapper" above "herenkapper" above "vakdocent kapper
     beroepsonderwijs": short queries prefer short, general labels).
   Small bonuses for whole-word matches and label prefixes; alternative labels cost 3 points,
   so exact and prefix matches of preferred labels rank above fuzzy alternative labels.
   An unknown compound query word is also tried split into two known words
   ("geschiedenisleraar" -> "geschiedenis leraar").

Normalisation folds case and diacritics ("caissière" = "caissiere"), treats punctuation as
spaces and Dutch "ij" as "y" (a common spelling by newcomers). Scores run from 0 to 100: an
exact preferred label scores 100, an exact alternative label 97; hits under ``MIN_SCORE``
are dropped.
"""

from __future__ import annotations

import functools
import re
import time
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from spil.occupations.esco import EscoData, IscoGroup, Occupation, load_esco

__all__ = [
    "MAX_LIMIT",
    "MAX_QUERY_CHARS",
    "MIN_SCORE",
    "Hit",
    "SearchIndex",
    "build_index",
    "get_index",
    "isco_group",
    "normalize",
    "search",
]

#: Queries are cut to this many characters (after normalisation, at a word boundary).
MAX_QUERY_CHARS = 80
#: Upper bound for ``limit``.
MAX_LIMIT = 100
#: Hits scoring below this are noise ("zzzzzz" -> "jazzzanger") and left out by default.
MIN_SCORE = 50.0

_RAW_INPUT_CAP = 4 * MAX_QUERY_CHARS
_CANDIDATES_PER_KEY = 80
_ALT_LABEL_PENALTY = 3.0
_SOUND_ALIKE_WEIGHT = 0.95
_DECOMPOUND_PENALTY = 2.0
_MIN_COMPOUND_PART = 3
_STOPWORDS = frozenset(
    {"de", "het", "een", "van", "en", "in", "op", "voor", "bij", "met", "te", "of", "aan", "als"}
)
_SPECIAL_LETTERS = str.maketrans(
    {"ß": "ss", "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th"}
)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")

Int32Array = npt.NDArray[np.int32]
FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the occupation, its score (0-100) and the label that matched."""

    occupation: Occupation
    score: float
    matched_label: str

    @property
    def isco_code(self) -> str:
        return self.occupation.isco_code

    @property
    def isco_label(self) -> str:
        return self.occupation.isco_label

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form (for the API/autocomplete the Django layer adds)."""
        return {
            "uri": self.occupation.uri,
            "label": self.occupation.label,
            "matched_label": self.matched_label,
            "score": self.score,
            "isco_code": self.occupation.isco_code,
            "isco_label": self.occupation.isco_label,
        }


def normalize(text: str) -> str:
    """Lower case, no diacritics, punctuation to spaces, "ij" to "y", single spaces."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_SPECIAL_LETTERS))
    ascii_only = folded.encode("ascii", "ignore").decode("ascii")
    return " ".join(_NON_ALNUM.sub(" ", ascii_only.replace("ij", "y")).split())


_SOUND_ALIKE = (("ph", "f"), ("th", "t"), ("qu", "kw"), ("x", "ks"), ("ei", "y"), ("ou", "au"))
_SOFT_C = re.compile(r"c(?!h)")
_DOUBLED = re.compile(r"(.)\1+")


def _sound_key(compact: str) -> str:
    """Rough Dutch spelling key: "stucadoor" ~ "stukadoor", "kaper" ~ "kapper", "ei" ~ "ij"."""
    key = _SOFT_C.sub("k", compact)
    for spelling, sound in _SOUND_ALIKE:
        key = key.replace(spelling, sound)
    return _DOUBLED.sub(r"\1", key)


def _trigrams(normalized: str) -> set[str]:
    """Trigrams of each word padded with one space: "kok" -> " ko", "kok", "ok "."""
    padded = f" {normalized.replace(' ', '  ')} "
    return {gram for i in range(len(padded) - 2) if "  " not in (gram := padded[i : i + 3])}


@dataclass(frozen=True, slots=True)
class _Owner:
    occupation: Occupation
    label: str
    preferred: bool


@dataclass(frozen=True, slots=True, eq=False)
class SearchIndex:
    """Trigram and word index over the distinct normalised labels of all occupations."""

    data: EscoData
    strings: tuple[str, ...]
    """Distinct normalised labels."""
    positions: dict[str, int]
    """Normalised label -> its position in ``strings``."""
    compact: tuple[str, ...]
    """The same without spaces (compound comparison)."""
    compact_lengths: FloatArray
    sound_keys: tuple[str, ...]
    owners: tuple[tuple[_Owner, ...], ...]
    """Per string: the occupations and original labels that normalise to it."""
    gram_postings: dict[str, Int32Array]
    gram_counts: FloatArray
    word_postings: dict[str, Int32Array]
    build_ms: float

    def __len__(self) -> int:
        return len(self.strings)


def build_index(data: EscoData) -> SearchIndex:
    """Build the search index over all preferred and alternative labels."""
    started = time.perf_counter()
    position: dict[str, int] = {}
    owners: list[list[_Owner]] = []
    for occupation in data.occupations.values():
        seen: set[str] = set()
        for rank, label in enumerate(occupation.labels):
            key = normalize(label)
            if not key or key in seen:
                continue
            seen.add(key)
            index = position.setdefault(key, len(position))
            if index == len(owners):
                owners.append([])
            owners[index].append(_Owner(occupation, label, preferred=rank == 0))
    strings = tuple(position)
    gram_sets = [_trigrams(string) for string in strings]
    gram_postings = _postings(gram_sets)
    word_postings = _postings([set(string.split()) for string in strings])
    compact = tuple(string.replace(" ", "") for string in strings)
    return SearchIndex(
        data=data,
        strings=strings,
        positions=position,
        compact=compact,
        compact_lengths=np.fromiter((len(c) for c in compact), dtype=np.float64),
        sound_keys=tuple(_sound_key(c) for c in compact),
        owners=tuple(tuple(group) for group in owners),
        gram_postings=gram_postings,
        gram_counts=np.fromiter((len(grams) for grams in gram_sets), dtype=np.float64),
        word_postings=word_postings,
        build_ms=(time.perf_counter() - started) * 1000,
    )


def _postings(keys_per_string: list[set[str]]) -> dict[str, Int32Array]:
    """Inverted index: key -> ascending string ids (one stable sort instead of 500k appends)."""
    keys: list[str] = []
    for string_keys in keys_per_string:
        keys.extend(string_keys)
    string_ids = np.repeat(
        np.arange(len(keys_per_string), dtype=np.int32), [len(k) for k in keys_per_string]
    )
    key_ids: dict[str, int] = {}
    codes = np.fromiter(
        (key_ids.setdefault(key, len(key_ids)) for key in keys), dtype=np.int64, count=len(keys)
    )
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(key_ids) + 1))
    grouped = string_ids[order]
    return {key: grouped[bounds[k] : bounds[k + 1]] for key, k in key_ids.items()}


@functools.lru_cache(maxsize=4)
def _index_for(data: EscoData) -> SearchIndex:
    return build_index(data)


def get_index(data: EscoData | None = None) -> SearchIndex:
    """The cached index for ``data`` (default: the configured ESCO data directory)."""
    return _index_for(data if data is not None else load_esco())


def _clean_query(query: str) -> str:
    """Normalised query of at most ``MAX_QUERY_CHARS``, cut at word boundaries."""
    raw = query
    if len(raw) > _RAW_INPUT_CAP:
        raw = raw[:_RAW_INPUT_CAP]
        if not query[_RAW_INPUT_CAP].isspace() and " " in raw.strip():
            raw = raw.rstrip().rsplit(None, 1)[0]  # drop the word cut in half
    # Repeated words add nothing ("lasser lasser" is "lasser").
    normalized = " ".join(dict.fromkeys(normalize(raw).split()))
    if len(normalized) > MAX_QUERY_CHARS:
        cut = normalized[: MAX_QUERY_CHARS + 1]
        normalized = cut.rsplit(" ", 1)[0] if " " in cut else cut[:MAX_QUERY_CHARS]
    return normalized.strip()


def _candidates(index: SearchIndex, grams: set[str], per_key: int) -> Int32Array:
    """Label strings sharing the most trigrams with the query (two rankings, merged)."""
    lists = [index.gram_postings[gram] for gram in grams if gram in index.gram_postings]
    if not lists:
        return np.empty(0, dtype=np.int32)
    counts = np.bincount(np.concatenate(lists), minlength=len(index.strings))
    ids = np.flatnonzero(counts).astype(np.int32)
    shared = counts[ids].astype(np.float64)
    gram_counts = index.gram_counts[ids]
    dice = 2.0 * shared / (len(grams) + gram_counts)
    # Containment, with a slight preference for shorter labels among equals.
    containment = shared / len(grams) - gram_counts * 1e-4
    if len(ids) <= 2 * per_key:
        return ids
    picks = [ids[np.argpartition(-key, per_key)[:per_key]] for key in (dice, containment)]
    return np.unique(np.concatenate(picks))


def _score(index: SearchIndex, query: str, candidates: Int32Array) -> FloatArray:
    """Score candidate label strings against the normalised query (0-100), vectorised."""
    labels = [index.strings[i] for i in candidates.tolist()]
    compacts = [index.compact[i] for i in candidates.tolist()]
    compact_query = query.replace(" ", "")
    words = [word for word in query.split() if word not in _STOPWORDS] or query.split()

    def scores(queries: list[str], choices: list[str], scorer: Any) -> FloatArray:
        result: FloatArray = process.cdist(queries, choices, scorer=scorer, dtype=np.float64)
        return result

    # Whole-string edit similarity (typos), also without spaces (compounds), and ignoring
    # word order.
    base = np.maximum(
        scores([query], labels, fuzz.ratio)[0], scores([compact_query], compacts, fuzz.ratio)[0]
    )
    if " " in query:
        base = np.maximum(base, scores([query], labels, fuzz.token_sort_ratio)[0])
    # Sound-alike spelling (c/k, doubled letters, ei/ij, ou/au), slightly below true spelling.
    sound_keys = [index.sound_keys[i] for i in candidates.tolist()]
    sound = scores([_sound_key(compact_query)], sound_keys, fuzz.ratio)[0]
    base = np.maximum(base, _SOUND_ALIKE_WEIGHT * sound)
    # Per-word partial matching inside the compacted label ("verpleegkundige" in
    # "ambulanceverpleegkundige"), scaled down by how much of the label is left unexplained.
    partial = scores(words, compacts, fuzz.partial_ratio).mean(axis=0)
    # Symmetric: a short label inside a long query ("medewerker" in "kasamedewerker") is as
    # partial as a short query inside a long label.
    lengths = index.compact_lengths[candidates]
    query_length = float(len(compact_query))
    coverage = np.minimum(lengths, query_length) / np.maximum(lengths, query_length)
    base = np.maximum(base, partial * (0.7 + 0.3 * coverage))
    whole_words = np.zeros(len(labels), dtype=np.float64)
    for word in words:
        posting = index.word_postings.get(word)
        if posting is not None:
            mask = np.zeros(len(index.strings), dtype=np.float64)
            mask[posting] = 1.0
            whole_words += mask[candidates]
    prefix = np.array([compact.startswith(compact_query) for compact in compacts], dtype=np.float64)
    total: FloatArray = np.minimum(0.9 * base + 5.0 * whole_words / len(words) + 2.0 * prefix, 99.0)
    exact = index.positions.get(query)
    if exact is not None:
        total[candidates == exact] = 100.0
    return total


def _split_compound(word: str, vocabulary: Mapping[str, object]) -> str | None:
    """Split an unknown compound into two known label words.

    "geschiedenisleraar" -> "geschiedenis leraar" (so it meets "leraar geschiedenis");
    ``None`` if the word is known or has no such split.
    """
    if len(word) < 2 * _MIN_COMPOUND_PART or word in vocabulary:
        return None
    best: tuple[int, str] | None = None
    for cut in range(_MIN_COMPOUND_PART, len(word) - _MIN_COMPOUND_PART + 1):
        left, right = word[:cut], word[cut:]
        if right not in vocabulary:
            continue
        # Dutch linking sounds: "bedrijfs|arts", "kinder|en|..." are spelled into the first part.
        for head in (
            left,
            left[:-1] if left.endswith("s") else "",
            left[:-2] if left.endswith("en") else "",
        ):
            if len(head) >= _MIN_COMPOUND_PART and head in vocabulary:
                balance = min(len(head), len(right))
                if best is None or balance > best[0]:
                    best = (balance, f"{head} {right}")
                break
    return best[1] if best else None


def _decompounded(query: str, vocabulary: Mapping[str, object]) -> str | None:
    words = query.split()
    split = [_split_compound(word, vocabulary) or word for word in words]
    return " ".join(split) if split != words else None


def search(
    query: str,
    limit: int = 10,
    *,
    min_score: float = MIN_SCORE,
    index: SearchIndex | None = None,
) -> list[Hit]:
    """Best-matching occupations for a free-text Dutch query, best first.

    Matches preferred and alternative labels, tolerates typos, missing diacritics, word order
    and compounding. Returns at most ``limit`` hits (capped at ``MAX_LIMIT``), one per
    occupation, scoring at least ``min_score``; an empty or blank query gives an empty list.
    """
    limit = max(0, min(int(limit), MAX_LIMIT))
    cleaned = _clean_query(query)
    if not cleaned or limit == 0:
        return []
    idx = index if index is not None else get_index()
    variant = _decompounded(cleaned, idx.word_postings)
    grams = _trigrams(cleaned) | (_trigrams(variant) if variant else set())
    candidates = _candidates(idx, grams, max(_CANDIDATES_PER_KEY, limit))
    if candidates.size == 0:
        return []
    label_scores = _score(idx, cleaned, candidates)
    if variant:
        split_scores = _score(idx, variant, candidates) - _DECOMPOUND_PENALTY
        label_scores = np.maximum(label_scores, split_scores)
    order = np.argsort(-label_scores, kind="stable")

    # Expand label strings to occupations, best label per occupation. An alternative label
    # costs 3 points, so stop once the next label cannot reach the current top ``limit``.
    best: dict[str, tuple[float, bool, int, _Owner]] = {}
    for position in order.tolist():
        label_score = float(label_scores[position])
        if label_score < min_score:
            break
        if len(best) >= limit and label_score < sorted(v[0] for v in best.values())[-limit]:
            break
        for owner in idx.owners[int(candidates[position])]:
            score = label_score if owner.preferred else label_score - _ALT_LABEL_PENALTY
            current = best.get(owner.occupation.uri)
            candidate = (score, owner.preferred, -len(owner.label), owner)
            if current is None or candidate[:3] > current[:3]:
                best[owner.occupation.uri] = candidate
    ranked = sorted(
        best.values(), key=lambda item: (-item[0], not item[1], -item[2], item[3].occupation.uri)
    )
    return [
        Hit(occupation=owner.occupation, score=round(score, 2), matched_label=owner.label)
        for score, _, _, owner in ranked[:limit]
    ]


def isco_group(hit: Hit, data: EscoData | None = None) -> IscoGroup:
    """The ISCO-08 unit group of a hit."""
    return (data or load_esco()).groups[hit.occupation.isco_code]
