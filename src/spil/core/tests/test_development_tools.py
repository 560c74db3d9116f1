"""The development tools (`spil_dev`: the demo, the DUO and BRP sandboxes) stay out of
production: Spil never imports them, the production wheel leaves them out, production
settings refuse them, and Spil works without them (docs/architecture.md)."""

from __future__ import annotations

import ast
import json
import os
import re
import runpy
import subprocess
import sys
import textwrap
import tomllib
import types
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from setuptools import find_packages

from spil.duo_inbound.management.commands import duo as duo_command

SRC = Path(__file__).resolve().parents[3]
ROOT = SRC.parent
SETTINGS = SRC / "spil" / "settings"
DEV_PACKAGE = "spil_dev"
#: A string naming a module of the development tools (`include("spil_dev.x.urls")`,
#: `import_module(...)`, an INSTALLED_APPS entry): an import by reference.
DEV_MODULE_NAME = re.compile(rf"^{DEV_PACKAGE}\.[\w.]+$")
#: Where the tools are installed: the development and test settings, and nowhere else.
INSTALLS_THE_TOOLS = {SETTINGS / "dev.py", SETTINGS / "ci.py"}


def wheel_packages() -> list[str]:
    """The packages the production wheel holds, as pyproject.toml tells setuptools."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    find = config["tool"]["setuptools"]["packages"]["find"]
    (where,) = find["where"]
    found = find_packages(
        where=str(ROOT / where),
        include=find.get("include", ["*"]),
        exclude=find.get("exclude", []),
    )
    return [str(package) for package in found]


def _is_dev(module: str) -> bool:
    return module == DEV_PACKAGE or module.startswith(DEV_PACKAGE + ".")


def dev_references(path: Path) -> list[str]:
    """Every import of `spil_dev` in the module, at any depth (functions included), and
    every string naming one of its modules."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if _is_dev(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _is_dev(node.module):
                found.append(f"from {node.module} import ...")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and DEV_MODULE_NAME.match(node.value)
        ):
            found.append(repr(node.value))
    return found


def test_the_wheel_holds_spil_without_its_tools_and_tests() -> None:
    packages = wheel_packages()
    assert "spil" in packages and "spil.duo" in packages and "spil.duo.contract" in packages
    assert not [p for p in packages if _is_dev(p)]
    assert not [p for p in packages if p.endswith(".tests") or ".tests." in p]
    assert (SRC / DEV_PACKAGE / "demo").is_dir()  # the exclusion excludes something real


def test_no_module_of_the_wheel_imports_the_development_tools() -> None:
    references = []
    for package in wheel_packages():
        folder = SRC.joinpath(*package.split("."))
        for path in sorted(folder.glob("*.py")):
            if path not in INSTALLS_THE_TOOLS:
                references += [f"{path.relative_to(SRC)}: {r}" for r in dev_references(path)]
    assert not references, f"spil must not import spil_dev (use a hook): {references}"


def test_the_check_sees_imports_inside_functions_and_by_name(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        textwrap.dedent(
            """
            import importlib

            def late():
                from spil_dev.demo import data
                import spil_dev.duo_sandbox
                return importlib.import_module("spil_dev.brp_sandbox"), data

            TEXT = "spil_dev is mentioned in prose only"
            """
        )
    )
    assert dev_references(sample) == [
        "from spil_dev.demo import ...",
        "import spil_dev.duo_sandbox",
        "'spil_dev.brp_sandbox'",
    ]


#: DUO as production reaches it: through the gateway, with DUO's own OIN and address.
PRODUCTION_DUO = {
    "SPIL_DUO_GATEWAY_OIN_HEADER": "X-Client-Cert-OIN",
    "SPIL_DUO_OIN": "00000001001234567000",
    "SPIL_DUO_BASE_URL": "https://duo-gateway.example.nl/v1",
}


def _production_settings(monkeypatch: pytest.MonkeyPatch, **overrides: object) -> dict[str, object]:
    """Run spil/settings/production.py on top of the base settings (with `overrides`)."""
    import spil.settings.base as real_base

    base = types.ModuleType("spil.settings.base")
    base.__dict__.update({k: v for k, v in vars(real_base).items() if not k.startswith("__")})
    base.__dict__.update(PRODUCTION_DUO)
    base.__dict__.update(overrides)
    monkeypatch.setitem(sys.modules, "spil.settings.base", base)
    monkeypatch.setenv("SECRET_KEY", "a-production-like-key-" + "x" * 40)
    monkeypatch.setenv("SPIL_PSEUDONYM_KEY", "a-production-like-pseudonym-key-" + "y" * 20)
    return runpy.run_path(str(SETTINGS / "production.py"))


def test_production_settings_install_no_development_tool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production = _production_settings(monkeypatch)
    apps = production["INSTALLED_APPS"]
    assert isinstance(apps, list) and "spil.duo" in apps
    assert not [app for app in apps if _is_dev(app)]
    assert production["SPIL_DUO_SANDBOX"] is False


@pytest.mark.parametrize("app", ["spil_dev.demo", "spil_dev.duo_sandbox.apps.DuoSandboxConfig"])
def test_production_refuses_to_start_with_a_development_tool(
    monkeypatch: pytest.MonkeyPatch, app: str
) -> None:
    import spil.settings.base as real_base

    with pytest.raises(RuntimeError, match=re.escape(app)):
        _production_settings(monkeypatch, INSTALLED_APPS=[*real_base.INSTALLED_APPS, app])


def test_production_refuses_to_start_with_the_duo_sandbox_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(RuntimeError, match="SPIL_DUO_SANDBOX"):
        _production_settings(monkeypatch, SPIL_DUO_SANDBOX=True)


def test_spils_own_duo_command_has_no_demo_action() -> None:
    with pytest.raises(CommandError, match="invalid choice: 'send-event'"):
        call_command(duo_command.Command(), "send-event", "--bsn", "999990019", "--event", "SS101")


_WITHOUT_THE_TOOLS = """
import importlib.abc, json, sys

class NoDevelopmentTools(importlib.abc.MetaPathFinder):
    # The production wheel has no spil_dev: any attempt to import it fails here.
    def find_spec(self, name, path=None, target=None):
        if name == "spil_dev" or name.startswith("spil_dev."):
            raise ModuleNotFoundError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, NoDevelopmentTools())
import django
django.setup()
from django.core.management import call_command, get_commands
from django.urls import get_resolver
from spil.core import benchmarks, extensions

call_command("check")
namespaces = sorted(get_resolver().namespace_dict)
print(json.dumps({
    "loaded": sorted(m for m in sys.modules if m.split(".")[0] == "spil_dev"),
    "namespaces": namespaces,
    "commands": {name: app for name, app in get_commands().items() if name in ("duo", "demo")},
    "benchmarks": sorted(benchmarks.BENCHMARKS),
    "url_includes": extensions.url_includes(),
}))
"""


def test_spil_runs_under_production_settings_without_the_tools(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),  # this tree, not whatever the virtualenv points at
        "DJANGO_SETTINGS_MODULE": "spil.settings.production",
        "SECRET_KEY": "a-production-like-key-" + "x" * 40,
        "SPIL_PSEUDONYM_KEY": "a-production-like-pseudonym-key-" + "y" * 20,
        "ALLOWED_HOSTS": "spil.example.nl",
        "DATABASE_URL": "sqlite://:memory:",
        "SPIL_VAR_DIR": str(tmp_path),
        "SPIL_DUO_SANDBOX": "",
        **PRODUCTION_DUO,
    }
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", _WITHOUT_THE_TOOLS],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["loaded"] == []
    assert "duo" in found["namespaces"] and "duo_sandbox" not in found["namespaces"]
    assert found["commands"] == {"duo": "spil.duo_inbound"}  # no `demo`; Spil's own `duo`
    assert found["benchmarks"] == ["groups", "matching", "occupations"]
    assert found["url_includes"] == []


@pytest.mark.parametrize(
    ("secret", "pseudonym", "refused"),
    [
        ("dev-only-insecure-key-change-me-in-production-0123456789", "p" * 40, "SECRET_KEY"),
        ("short-key", "p" * 40, "SECRET_KEY"),
        ("k" * 60, "", "SPIL_PSEUDONYM_KEY"),
        ("k" * 60, "k" * 60, "SPIL_PSEUDONYM_KEY"),
        ("k" * 60, "too-short", "SPIL_PSEUDONYM_KEY"),
    ],
)
def test_production_refuses_development_and_weak_keys(
    monkeypatch: pytest.MonkeyPatch, secret: str, pseudonym: str, refused: str
) -> None:
    import spil.settings.base as real_base

    base = types.ModuleType("spil.settings.base")
    base.__dict__.update({k: v for k, v in vars(real_base).items() if not k.startswith("__")})
    monkeypatch.setitem(sys.modules, "spil.settings.base", base)
    monkeypatch.setenv("SECRET_KEY", secret)
    monkeypatch.setenv("SPIL_PSEUDONYM_KEY", pseudonym)
    with pytest.raises(RuntimeError, match=refused):
        runpy.run_path(str(SETTINGS / "production.py"))
