"""The ``fields`` parameter of BRP Personen bevragen: which paths exist, which may be asked
for, and cutting a ``Persoon`` down to the asked fields.

The catalogue of paths is derived from the spec itself (``Persoon`` with every subtype of its
polymorphic parts merged), following the rules of the API's feature files
(``features/fields.feature``, ``fields-fout-cases.feature``):

* a path names a field by its dotted path; asking for a group (``naam``) returns the whole
  group, asking for ``naam.voornamen`` only that field (``partners.naam.voornamen`` is a
  different path);
* a path into a *waardetabel* (``geslacht.code``) or a *datum* (``geboorte.datum.jaar``)
  returns the whole waardetabel/datum;
* paths into fields the API delivers automatically (``inOnderzoek``,
  ``geheimhoudingPersoonsgegevens``, ``opschortingBijhouding``, ``rni``, ``verificatie``,
  ``indicatieVastgesteldVerblijftNietOpAdres``) may not be asked for;
* fields without a value are left out; the ``type`` of a polymorphic object (verblijfplaats,
  nationaliteit) is returned with any of its fields, since the schema requires it.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from spil.brp.contract import load_spec

__all__ = [
    "AUTO_DELIVERED",
    "VALUE_OBJECT_SCHEMAS",
    "FieldNode",
    "FieldProblem",
    "FieldSelection",
    "field_catalogue",
    "parse_fields",
    "select_fields",
]

#: Schemas whose fields are always delivered together (the feature files' "waardetabel" and
#: "datum" rules); ``AdellijkeTitelPredicaatType`` is a waardetabel with an extra ``soort``.
VALUE_OBJECT_SCHEMAS = frozenset({"AbstractDatum", "Waardetabel", "AdellijkeTitelPredicaatType"})

#: Field names the API delivers automatically and that ``fields`` may not name.
AUTO_DELIVERED = frozenset(
    {
        "inOnderzoek",
        "geheimhoudingPersoonsgegevens",
        "opschortingBijhouding",
        "rni",
        "verificatie",
        "indicatieVastgesteldVerblijftNietOpAdres",
    }
)


@dataclass
class FieldNode:
    """A field of the catalogue; ``value_object``: asked for as a whole (datum, waardetabel)."""

    children: dict[str, FieldNode] = field(default_factory=dict)
    value_object: bool = False


def _ref_name(node: Mapping[str, Any]) -> str | None:
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[-1]
    return None


def _properties(
    schemas: Mapping[str, Any], node: Mapping[str, Any], *, subtypes: bool
) -> dict[str, list[Mapping[str, Any]]]:
    """Properties of a schema (name -> every schema declaring it): ``$ref`` followed,
    ``allOf`` merged and, when ``subtypes``, the properties of every subtype named by its
    discriminator mapping as well (``verblijfplaats.verblijfadres`` is a different schema in
    each kind of verblijfplaats; the catalogue knows the fields of all of them)."""
    name = _ref_name(node)
    if name is not None:
        return _properties(schemas, schemas[name], subtypes=subtypes)
    props: dict[str, list[Mapping[str, Any]]] = {}

    def add(more: Mapping[str, list[Mapping[str, Any]]]) -> None:
        for key, nodes in more.items():
            props.setdefault(key, []).extend(nodes)

    for item in node.get("allOf", []):
        add(_properties(schemas, item, subtypes=False))
    add({key: [sub] for key, sub in node.get("properties", {}).items()})
    disc = node.get("discriminator")
    if subtypes and isinstance(disc, Mapping):
        for target in disc.get("mapping", {}).values():
            add(_properties(schemas, {"$ref": target}, subtypes=False))
    return props


def _unwrap_array(schemas: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    name = _ref_name(node)
    target = schemas[name] if name is not None else node
    if target.get("type") == "array" and isinstance(target.get("items"), Mapping):
        return _unwrap_array(schemas, target["items"])
    return node


def _build(schemas: Mapping[str, Any], nodes: Sequence[Mapping[str, Any]], depth: int) -> FieldNode:
    unwrapped = [_unwrap_array(schemas, n) for n in nodes]
    out = FieldNode(value_object=any(_ref_name(n) in VALUE_OBJECT_SCHEMAS for n in unwrapped))
    if depth > 10:  # the Persoon schema is not recursive; this is only a safety net
        return out
    merged: dict[str, list[Mapping[str, Any]]] = {}
    for n in unwrapped:
        for prop, subs in _properties(schemas, n, subtypes=True).items():
            merged.setdefault(prop, []).extend(subs)
    for prop, subs in merged.items():
        out.children[prop] = _build(schemas, subs, depth + 1)
    return out


@functools.cache
def _catalogue(schema_name: str, spec_id: int) -> FieldNode:
    schemas = load_spec()["components"]["schemas"]
    return _build(schemas, [{"$ref": f"#/components/schemas/{schema_name}"}], 0)


def field_catalogue(schema_name: str = "Persoon") -> FieldNode:
    """The tree of field paths of ``schema_name`` (cached per loaded spec)."""
    return _catalogue(schema_name, id(load_spec()))


class FieldProblem(Enum):
    """Why a ``fields`` entry is refused (codes and reasons as the real API reports them)."""

    NOT_FOUND = "Parameter bevat een niet bestaande veldnaam."
    NOT_ALLOWED = "Parameter bevat een niet toegestane veldnaam."


#: A trie of selected paths; an empty dict means "the whole field".
FieldSelection = dict[str, "FieldSelection"]


def _check_path(root: FieldNode, path: str) -> tuple[list[str], FieldProblem | None]:
    node = root
    effective: list[str] = []
    in_value_object = False
    for segment in path.split("."):
        child = node.children.get(segment)
        if child is None:
            return [], FieldProblem.NOT_FOUND
        if segment in AUTO_DELIVERED and not in_value_object:
            return [], FieldProblem.NOT_ALLOWED
        if not in_value_object:
            effective.append(segment)
        in_value_object = in_value_object or child.value_object
        node = child
    return effective, None


def parse_fields(
    fields: Sequence[str], schema_name: str = "Persoon"
) -> tuple[FieldSelection, list[tuple[int, FieldProblem]]]:
    """Check every path of ``fields`` and merge them into a selection trie.

    Returns the selection and the problems as ``(index, problem)`` pairs (empty: all valid).
    """
    root = field_catalogue(schema_name)
    selection: FieldSelection = {}
    problems: list[tuple[int, FieldProblem]] = []
    for index, path in enumerate(fields):
        effective, problem = _check_path(root, path)
        if problem is not None:
            problems.append((index, problem))
            continue
        node = selection
        for i, segment in enumerate(effective):
            last = i == len(effective) - 1
            if segment in node and not node[segment]:
                break  # the whole field is selected already
            if last:
                node[segment] = {}
                break
            node = node.setdefault(segment, {})
    return selection, problems


def _empty(value: Any) -> bool:
    return value is None or value == {} or value == [] or value == ""


def _project(value: Any, selection: FieldSelection) -> Any:
    if isinstance(value, list):
        items = [_project(item, selection) for item in value]
        return [item for item in items if not _empty(item)]
    if not isinstance(value, Mapping):
        return value
    out: dict[str, Any] = {}
    for key, sub in selection.items():
        if key not in value:
            continue
        picked = value[key] if not sub else _project(value[key], sub)
        if not _empty(picked):
            out[key] = picked
    if out and "type" in value and "type" not in out:
        out = {"type": value["type"], **out}
    return out


def select_fields(persoon: Mapping[str, Any], selection: FieldSelection) -> dict[str, Any]:
    """``persoon`` cut down to ``selection`` plus the automatically delivered fields it has
    (``geheimhoudingPersoonsgegevens``, ``opschortingBijhouding``, ``rni``, ``verificatie``)."""
    projected = _project(persoon, selection)
    out: dict[str, Any] = dict(projected) if isinstance(projected, Mapping) else {}
    for auto in ("geheimhoudingPersoonsgegevens", "opschortingBijhouding", "rni", "verificatie"):
        if auto in persoon and not _empty(persoon[auto]):
            out[auto] = persoon[auto]
    return out
