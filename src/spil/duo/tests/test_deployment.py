"""Production refuses DUO settings that would let anyone post DUO events or that point at
a sandbox; `spil check --deploy` reports the same."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import override_settings

from spil.duo.checks import SANDBOX_DUO_OIN, deployment_problems
from spil_dev.duo_sandbox import SANDBOX_DUO_OIN as SANDBOX_OIN_OF_THE_SANDBOX

GOOD = {
    "SPIL_DUO_GATEWAY_OIN_HEADER": "X-Client-Cert-OIN",
    "SPIL_DUO_OIN": "00000001001234567000",
    "SPIL_DUO_BASE_URL": "https://duo-gateway.example.nl/v1",
}


def test_the_sandbox_oin_spil_refuses_is_the_sandboxs() -> None:
    assert SANDBOX_DUO_OIN == SANDBOX_OIN_OF_THE_SANDBOX


@pytest.mark.parametrize(
    ("name", "value", "named"),
    [
        ("SPIL_DUO_GATEWAY_OIN_HEADER", "", "SPIL_DUO_GATEWAY_OIN_HEADER"),
        ("SPIL_DUO_OIN", SANDBOX_DUO_OIN, "SPIL_DUO_OIN"),
        ("SPIL_DUO_BASE_URL", "http://127.0.0.1:8765/v1", "SPIL_DUO_BASE_URL"),
        ("SPIL_DUO_BASE_URL", "https://localhost/v1", "SPIL_DUO_BASE_URL"),
        ("SPIL_DUO_BASE_URL", "https://duo-sandbox.example.nl/v1", "SPIL_DUO_BASE_URL"),
    ],
)
def test_check_deploy_fails_on_development_duo_settings(name: str, value: str, named: str) -> None:
    with override_settings(**{**GOOD, name: value}), pytest.raises(SystemCheckError) as failed:
        call_command("check", deploy=True, tags=["security"])
    assert named in str(failed.value)


def test_check_deploy_accepts_production_duo_settings() -> None:
    assert (
        deployment_problems(
            gateway_header=GOOD["SPIL_DUO_GATEWAY_OIN_HEADER"],
            duo_oin=GOOD["SPIL_DUO_OIN"],
            base_url=GOOD["SPIL_DUO_BASE_URL"],
        )
        == []
    )


def _load_production(**overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 60,
        "SPIL_PSEUDONYM_KEY": "y" * 40,
        "SPIL_DUO_SANDBOX": "false",
        **GOOD,
        **overrides,
    }
    src = Path(__file__).resolve().parents[3]
    env["PYTHONPATH"] = str(src)
    return subprocess.run(
        [sys.executable, "-c", "import spil.settings.production"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"SPIL_DUO_GATEWAY_OIN_HEADER": ""},
        {"SPIL_DUO_OIN": SANDBOX_DUO_OIN},
        {"SPIL_DUO_BASE_URL": "http://127.0.0.1:8765/v1"},
    ],
)
def test_production_settings_refuse_to_start(overrides: dict[str, str]) -> None:
    loaded = _load_production(**overrides)
    assert loaded.returncode != 0
    assert next(iter(overrides)) in loaded.stderr


def test_production_settings_start_with_production_duo_values() -> None:
    loaded = _load_production()
    assert loaded.returncode == 0, loaded.stderr
