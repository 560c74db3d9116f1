"""ESCO occupations and ISCO-08 groups with Dutch labels, loaded once from CSV.

Django-free: plain dataclasses over the shared reference data (ESCO, © European Union;
reuse authorised provided the source is acknowledged, Commission Decision 2011/833/EU).

The data directory is ``$SPIL_DATA_DIR`` if set, else ``<repo root>/../shared/data`` where
the repo root is the directory that holds ``src/spil``. Files read from it:

- ``esco/occupations_nl.csv``  (conceptUri, iscoGroup, preferredLabel, altLabels, ...)
- ``esco/isco_groups_nl.csv``  (conceptUri, code, preferredLabel, description)
- ``esco/broader_relations.csv`` (conceptType, conceptUri, broaderType, broaderUri)

``load_esco()`` caches per data directory; loading the full set takes about 70-120 ms
(``EscoData.load_ms`` records it).
"""

from __future__ import annotations

import csv
import functools
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, TypeAlias

__all__ = [
    "ATTRIBUTION",
    "ISCO_LEVELS",
    "EscoData",
    "EscoDataError",
    "IscoGroup",
    "IscoLevel",
    "Occupation",
    "Relation",
    "data_dir",
    "get_occupation",
    "isco_ancestry",
    "load_esco",
    "occupation_relation",
]

ATTRIBUTION = "ESCO, © European Union"

IscoLevel: TypeAlias = Literal["major", "submajor", "minor", "unit"]
Relation: TypeAlias = Literal["same", "unit", "minor", "submajor", "major"]

#: ISCO-08 level by code length: 1 digit major group ... 4 digits unit group.
ISCO_LEVELS: Mapping[int, IscoLevel] = {1: "major", 2: "submajor", 3: "minor", 4: "unit"}

OCCUPATIONS_FILE = Path("esco") / "occupations_nl.csv"
ISCO_GROUPS_FILE = Path("esco") / "isco_groups_nl.csv"
RELATIONS_FILE = Path("esco") / "broader_relations.csv"


class EscoDataError(RuntimeError):
    """The ESCO reference data is missing or inconsistent."""


@dataclass(frozen=True, slots=True)
class IscoGroup:
    """An ISCO-08 group: major (1 digit), sub-major (2), minor (3) or unit group (4)."""

    uri: str
    code: str
    label: str
    description: str
    parent_code: str | None

    @property
    def level(self) -> IscoLevel:
        return ISCO_LEVELS[len(self.code)]


@dataclass(frozen=True, slots=True)
class Occupation:
    """An ESCO occupation with its Dutch labels and its ISCO-08 unit group."""

    uri: str
    label: str
    alt_labels: tuple[str, ...]
    isco_code: str
    isco_label: str
    description: str

    @property
    def labels(self) -> tuple[str, ...]:
        """Preferred label first, then the alternative labels."""
        return (self.label, *self.alt_labels)


@dataclass(frozen=True, slots=True, eq=False)
class EscoData:
    """Everything loaded from the data directory. Treat as read-only."""

    data_dir: Path
    occupations: Mapping[str, Occupation]
    """Occupations by conceptUri, in file order."""
    groups: Mapping[str, IscoGroup]
    """ISCO groups by code ("7", "72", "721", "7212")."""
    broader: Mapping[str, str]
    """Occupation conceptUri -> conceptUri of its broader ESCO occupation (where it has one)."""
    load_ms: float
    """Wall-clock time the load took, in milliseconds."""


def data_dir() -> Path:
    """The reference data directory: ``$SPIL_DATA_DIR`` or ``<repo root>/../shared/data``."""
    configured = os.environ.get("SPIL_DATA_DIR", "").strip()
    if configured:
        return Path(configured).expanduser()
    repo_root = Path(__file__).resolve().parents[3]  # .../src/spil/occupations/esco.py
    return repo_root.parent / "shared" / "data"


def load_esco(directory: Path | str | None = None) -> EscoData:
    """Load (once per directory) the ESCO occupations, ISCO groups and hierarchy."""
    base = Path(directory) if directory is not None else data_dir()
    return _load_cached(base.resolve())


@functools.lru_cache(maxsize=4)
def _load_cached(base: Path) -> EscoData:
    started = time.perf_counter()
    groups = _read_groups(base / ISCO_GROUPS_FILE)
    group_by_uri = {group.uri: group for group in groups.values()}
    broader: dict[str, str] = {}
    parents: dict[str, str] = {}
    relations_path = base / RELATIONS_FILE
    if relations_path.exists():
        for row in _read_rows(relations_path, ("conceptType", "conceptUri", "broaderUri")):
            if row["conceptType"] == "ISCOGroup":
                child, parent = (
                    group_by_uri.get(row["conceptUri"]),
                    group_by_uri.get(row["broaderUri"]),
                )
                if child is not None and parent is not None:
                    parents[child.code] = parent.code
            elif row["broaderType"] == "Occupation":
                broader[row["conceptUri"]] = row["broaderUri"]
    for code, group in list(groups.items()):
        parent_code = parents.get(code, code[:-1] if len(code) > 1 else None)
        if parent_code != group.parent_code:
            groups[code] = IscoGroup(group.uri, code, group.label, group.description, parent_code)

    occupations: dict[str, Occupation] = {}
    columns = ("conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description")
    for row in _read_rows(base / OCCUPATIONS_FILE, columns):
        uri = row["conceptUri"].strip()
        label = row["preferredLabel"].strip()
        code = row["iscoGroup"].strip()
        unit = groups.get(code)
        if not uri or not label or unit is None:
            raise EscoDataError(f"occupation {uri or '?'}: no label or unknown ISCO group {code!r}")
        alt_labels = _unique_labels(row["altLabels"].split("\n"), exclude=label)
        occupations[uri] = Occupation(
            uri=uri,
            label=label,
            alt_labels=alt_labels,
            isco_code=code,
            isco_label=unit.label,
            description=row["description"].strip(),
        )
    broader = {uri: up for uri, up in broader.items() if uri in occupations and up in occupations}
    return EscoData(
        data_dir=base,
        occupations=occupations,
        groups=groups,
        broader=broader,
        load_ms=(time.perf_counter() - started) * 1000,
    )


def _read_rows(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [name for name in required if name not in (reader.fieldnames or ())]
            if missing:
                raise EscoDataError(f"{path}: missing column(s) {', '.join(missing)}")
            return [{key: value or "" for key, value in row.items()} for row in reader]
    except FileNotFoundError as exc:
        raise EscoDataError(
            f"ESCO data not found at {path}; set SPIL_DATA_DIR to the shared data directory"
        ) from exc


def _read_groups(path: Path) -> dict[str, IscoGroup]:
    groups: dict[str, IscoGroup] = {}
    for row in _read_rows(path, ("conceptUri", "code", "preferredLabel")):
        code = row["code"].strip()
        if not code.isdigit() or len(code) not in ISCO_LEVELS:
            raise EscoDataError(f"{path}: invalid ISCO code {code!r}")
        groups[code] = IscoGroup(
            uri=row["conceptUri"].strip(),
            code=code,
            label=row["preferredLabel"].strip(),
            description=row.get("description", "").strip(),
            parent_code=code[:-1] if len(code) > 1 else None,
        )
    return groups


def _unique_labels(labels: list[str], *, exclude: str) -> tuple[str, ...]:
    seen = {exclude.casefold()}
    unique: list[str] = []
    for raw in labels:
        label = raw.strip()
        if label and label.casefold() not in seen:
            seen.add(label.casefold())
            unique.append(label)
    return tuple(unique)


def get_occupation(uri: str, data: EscoData | None = None) -> Occupation:
    """The occupation with this conceptUri; ``KeyError`` if there is none."""
    occupations = (data or load_esco()).occupations
    try:
        return occupations[uri]
    except KeyError:
        raise KeyError(f"unknown ESCO occupation {uri!r}") from None


def isco_ancestry(code: str, data: EscoData | None = None) -> list[tuple[IscoLevel, str, str]]:
    """``(level, code, label)`` from the given group up to its major group.

    ``isco_ancestry("7212")`` gives unit group 7212, minor group 721, sub-major group 72 and
    major group 7, in that order. Raises ``KeyError`` for an unknown code.
    """
    groups = (data or load_esco()).groups
    key = code.strip()
    if key not in groups:
        raise KeyError(f"unknown ISCO-08 group {code!r}")
    chain: list[tuple[IscoLevel, str, str]] = []
    current: str | None = key
    while current is not None:
        group = groups[current]
        chain.append((group.level, group.code, group.label))
        current = group.parent_code if group.parent_code in groups else None
    return chain


def occupation_relation(
    a: Occupation | str, b: Occupation | str, data: EscoData | None = None
) -> Relation | None:
    """How close two occupations are in ISCO-08, from the closest level they share.

    ``"same"`` (the same ESCO occupation), ``"unit"`` (same 4-digit unit group), ``"minor"``
    (3 digits), ``"submajor"`` (2 digits), ``"major"`` (1 digit), or ``None`` for different
    major groups. Accepts occupations or conceptUris (``KeyError`` for an unknown URI).
    """
    first = a if isinstance(a, Occupation) else get_occupation(a, data)
    second = b if isinstance(b, Occupation) else get_occupation(b, data)
    if first.uri == second.uri:
        return "same"
    shared = 0
    for left, right in zip(first.isco_code, second.isco_code, strict=False):
        if left != right:
            break
        shared += 1
    relations: dict[int, Relation] = {4: "unit", 3: "minor", 2: "submajor", 1: "major"}
    return relations.get(shared)
