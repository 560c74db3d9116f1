"""Spil's own import-linter contract: an app's internals stay inside the app."""

from __future__ import annotations

from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output


@dataclass(frozen=True)
class _Violation:
    importer: str
    imported: str
    line_numbers: tuple[int, ...]


class AppInternalsContract(Contract):
    """Another app reaches an app only through its public modules (services, queries,
    models, events …); its internals (views, forms, URLs, API views, template tags,
    handlers, app config, management commands) are imported only inside the app itself and
    by the modules in `allowed_importers` (the URL configuration).

    Options:
        - container: the package whose direct subpackages are the apps (e.g. ``spil``).
        - internal_modules: module names, relative to an app, that are internal
          (e.g. ``views``, ``api.views``); their submodules are internal too.
        - allowed_importers: modules (and their submodules) that may import any app's
          internals.
    """

    type_name = "app_internals"

    container = fields.StringField()
    internal_modules = fields.ListField(subfield=fields.StringField())
    allowed_importers = fields.ListField(subfield=fields.StringField(), required=False)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:
        container = str(self.container)
        internals = [str(name) for name in self.internal_modules]  # type: ignore[attr-defined]
        allowed = {str(name) for name in (self.allowed_importers or [])}  # type: ignore[attr-defined]
        violations: list[_Violation] = []
        for imported in sorted(graph.modules):
            app = _app_of(imported, container)
            if app is None or not _is_internal(imported, f"{container}.{app}", internals):
                continue
            for importer in sorted(graph.find_modules_that_directly_import(imported)):
                if _app_of(importer, container) == app or _within(importer, allowed):
                    continue
                if ".tests" in importer or importer.endswith(".testing"):
                    continue
                details = graph.get_import_details(importer=importer, imported=imported)
                lines = tuple(sorted(d["line_number"] for d in details))
                violations.append(_Violation(importer, imported, lines))
        return ContractCheck(kept=not violations, metadata={"violations": violations})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for violation in check.metadata["violations"]:
            lines = ", ".join(f"l.{n}" for n in violation.line_numbers)
            output.print_error(
                f"{violation.importer} imports {violation.imported} ({lines}): "
                "use that app's services or queries",
                bold=False,
            )
            output.new_line()


def _within(module: str, packages: set[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def _app_of(module: str, container: str) -> str | None:
    parts = module.split(".")
    if parts[0] != container or len(parts) < 2:
        return None
    return parts[1]


def _is_internal(module: str, app_package: str, internals: list[str]) -> bool:
    relative = module.removeprefix(app_package + ".")
    if relative == module:
        return False
    return any(relative == name or relative.startswith(name + ".") for name in internals)
