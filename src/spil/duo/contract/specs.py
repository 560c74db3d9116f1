"""Loading DUO's official OpenAPI documents (one per API), once per process.

The YAML files are DUO's published specifications, kept outside the repository in
``../shared/specs/duo-m2m-inburgering`` (configurable with ``SPIL_DUO_SPEC_DIR``).
They are used as published; only two mechanical adaptations are made in memory:

* ECMA-262 Unicode property escapes (``\\p{L}``, ``\\p{Pd}``) in ``pattern`` keywords are
  rewritten into explicit code-point ranges, because Python's ``re`` (used by jsonschema)
  does not support them. The matched language is identical.
* Nothing else: the base path ``/v1`` is *not* injected as a server; callers pass paths
  relative to the API (``/personen/{bsn}/PIP``) or with the ``/v1`` prefix, which is stripped.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, cast

import yaml
from openapi_core import OpenAPI

__all__ = [
    "BASE_PATH",
    "DuoApi",
    "Operation",
    "api_version",
    "find_operation",
    "iter_operations",
    "load_openapi",
    "load_spec_dict",
    "notificatie_api_version",
    "response_has_content",
    "spec_dir",
    "spec_path",
]

#: The base path of every DUO API: ``/{major version}`` (README "Basis pad URI").
BASE_PATH = "/v1"

SPEC_DIR_ENV = "SPIL_DUO_SPEC_DIR"
SHARED_DIR_ENV = "SPIL_SHARED_DIR"


class DuoApi(StrEnum):
    """The twelve published APIs; the value is the folder name under ``API/``."""

    NOTIFICATIE = "Notificatie"
    INBURGERINGSPLICHT = "Inburgeringsplicht"
    LEERBAARHEIDSTOETS = "Leerbaarheidstoets"
    INBURGERINGSTERMIJN = "Inburgeringstermijn"
    VRIJSTELLING = "Vrijstelling"
    ONTHEFFING = "Ontheffing"
    PIP = "PIP"
    CONTACTPERSOON = "Contactpersoon"
    INBURGERINGSAANBOD = "Inburgeringsaanbod"
    MAP_PVT_ZROUTE = "MAP,PVT,Zroute"
    GEVOLGDE_UREN = "GevolgdeUren"
    EXAMEN = "Examen"


#: APIs that DUO serves and a municipality calls (everything except Notificatie, which the
#: municipality serves and DUO calls).
DUO_SERVED_APIS: tuple[DuoApi, ...] = tuple(a for a in DuoApi if a is not DuoApi.NOTIFICATIE)


def _repo_root() -> Path:
    # src/spil/duo/contract/specs.py -> parents[0]=contract, [1]=duo, [2]=spil, [3]=src, [4]=repo
    return Path(__file__).resolve().parents[4]


def spec_dir() -> Path:
    """Directory holding DUO's spec bundle (``README.md``, ``API/``, ``Gebeurtenissen/``).

    ``SPIL_DUO_SPEC_DIR`` wins; then ``$SPIL_SHARED_DIR/specs/duo-m2m-inburgering`` (the
    directory the settings name for the shared specs and reference data); the default is
    ``<repo>/../shared/specs/duo-m2m-inburgering``.
    """
    configured = os.environ.get(SPEC_DIR_ENV)
    if configured:
        return Path(configured).expanduser().resolve()
    shared = os.environ.get(SHARED_DIR_ENV) or str(_repo_root().parent / "shared")
    return (Path(shared).expanduser() / "specs" / "duo-m2m-inburgering").resolve()


def spec_path(api: DuoApi | str) -> Path:
    """Path of the ``openapi.yml`` of one API."""
    return spec_dir() / "API" / DuoApi(api).value / "openapi.yml"


# --------------------------------------------------------------------------- patterns

_PROPERTY_ESCAPE = re.compile(r"\\p\{([A-Za-z_]+)\}")


@functools.cache
def _category_ranges(category: str) -> str:
    """Character-class body (without brackets) for a Unicode general category or group."""
    ranges: list[tuple[int, int]] = []
    start = -1
    prev = -2
    for cp in range(sys.maxunicode + 1):
        cat = unicodedata.category(chr(cp))
        hit = cat == category if len(category) == 2 else cat.startswith(category)
        if hit:
            if cp != prev + 1:
                if start >= 0:
                    ranges.append((start, prev))
                start = cp
            prev = cp
    if start >= 0:
        ranges.append((start, prev))

    def esc(cp: int) -> str:
        return f"\\u{cp:04x}" if cp <= 0xFFFF else f"\\U{cp:08x}"

    return "".join(esc(a) if a == b else f"{esc(a)}-{esc(b)}" for a, b in ranges)


def translate_pattern(pattern: str) -> str:
    """Rewrite ECMA ``\\p{..}`` escapes into ranges Python's ``re`` understands."""
    if "\\p{" not in pattern:
        return pattern
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            m = _PROPERTY_ESCAPE.match(pattern, i)
            if m:
                body = _category_ranges(m.group(1))
                out.append(body if in_class else f"[{body}]")
                i = m.end()
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if ch == "[" and not in_class:
            in_class = True
        elif ch == "]" and in_class:
            in_class = False
        out.append(ch)
        i += 1
    return "".join(out)


def _translate_patterns(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: (
                translate_pattern(v)
                if k == "pattern" and isinstance(v, str)
                else _translate_patterns(v)
            )
            for k, v in node.items()
        }
    if isinstance(node, list):
        return [_translate_patterns(v) for v in node]
    return node


# --------------------------------------------------------------------------- loading

_lock = threading.Lock()


@functools.cache
def _load_dict(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        raw = yaml.safe_load(fh)
    if not isinstance(raw, dict):
        raise ValueError(f"{path} is not an OpenAPI document")
    return cast(dict[str, Any], _translate_patterns(raw))


@functools.cache
def _load_openapi(path: Path) -> OpenAPI:
    return OpenAPI.from_dict(_load_dict(path))


def load_spec_dict(api: DuoApi | str) -> dict[str, Any]:
    """The parsed YAML (patterns translated). Cached per file; do not mutate."""
    with _lock:
        return _load_dict(spec_path(api))


def load_openapi(api: DuoApi | str) -> OpenAPI:
    """The openapi-core ``OpenAPI`` object for one API (spec validated once, cached)."""
    with _lock:
        return _load_openapi(spec_path(api))


def api_version(api: DuoApi | str) -> str:
    """``info.version`` of an API, e.g. ``"1.2.0"``; sent back as the ``API-Version`` header."""
    return str(load_spec_dict(api)["info"]["version"])


def notificatie_api_version() -> str:
    """``info.version`` of the Notificatie API that the municipality must implement."""
    return api_version(DuoApi.NOTIFICATIE)


# --------------------------------------------------------------------------- operations

HTTP_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@dataclass(frozen=True)
class Operation:
    """One operation of one API, as declared in the YAML."""

    api: DuoApi
    operation_id: str
    method: str  # upper case
    path_template: str  # relative to the API, e.g. "/personen/{bsn}/PIP"
    parameter_names: tuple[str, ...]
    has_request_body: bool
    statuses: tuple[int, ...]

    @property
    def regex(self) -> re.Pattern[str]:
        return _template_regex(self.path_template)

    def match(self, path: str) -> dict[str, str] | None:
        m = self.regex.fullmatch(path)
        return None if m is None else m.groupdict()

    def expand(self, **params: object) -> str:
        """Fill the path template (values are not URL-escaped; DUO values are [0-9A-Za-z])."""
        return self.path_template.format(**{k: str(v) for k, v in params.items()})


@functools.cache
def _template_regex(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    rx = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(rx)


def _param_name(spec: dict[str, Any], param: dict[str, Any]) -> str:
    if "$ref" in param:
        ref = str(param["$ref"]).rsplit("/", 1)[-1]
        return str(spec["components"]["parameters"][ref]["name"])
    return str(param["name"])


@functools.cache
def _operations(api: DuoApi, path: Path) -> tuple[Operation, ...]:
    spec = _load_dict(path)
    ops: list[Operation] = []
    for template, item in spec["paths"].items():
        for method, op in item.items():
            if method not in HTTP_METHODS:
                continue
            ops.append(
                Operation(
                    api=api,
                    operation_id=str(op["operationId"]),
                    method=method.upper(),
                    path_template=str(template),
                    parameter_names=tuple(_param_name(spec, p) for p in op.get("parameters", [])),
                    has_request_body="requestBody" in op,
                    statuses=tuple(int(s) for s in op["responses"]),
                )
            )
    return tuple(ops)


def iter_operations(api: DuoApi | str | None = None) -> Iterator[Operation]:
    """All operations of one API, or of every API when ``api`` is None."""
    apis = list(DuoApi) if api is None else [DuoApi(api)]
    for a in apis:
        path = spec_path(a)
        with _lock:
            _load_dict(path)
        yield from _operations(a, path)


def response_has_content(op: Operation, status: int) -> bool | None:
    """Whether the YAML declares a body for ``status`` of ``op`` (None: status undeclared)."""
    responses = load_spec_dict(op.api)["paths"][op.path_template][op.method.lower()]["responses"]
    resp = responses.get(str(status)) or responses.get(status)
    if resp is None:
        return None
    return bool(resp.get("content"))


def strip_base_path(path: str) -> str:
    """``/v1/personen/..`` -> ``/personen/..``; paths without the prefix are returned as is."""
    if path == BASE_PATH:
        return "/"
    if path.startswith(BASE_PATH + "/"):
        return path[len(BASE_PATH) :]
    return path


def find_operation(
    api: DuoApi | str | None, method: str, path: str
) -> tuple[Operation, dict[str, str]] | None:
    """The operation serving ``method path`` (path with or without ``/v1``) and its path
    parameters; ``None`` if no API declares it. Literal segments win over templated ones."""
    rel = strip_base_path(path)
    candidates: list[tuple[int, Operation, dict[str, str]]] = []
    for op in iter_operations(api):
        if op.method != method.upper():
            continue
        params = op.match(rel)
        if params is not None:
            candidates.append((len(params), op, params))
    if not candidates:
        return None
    candidates.sort(key=lambda c: c[0])
    return candidates[0][1], candidates[0][2]
