"""Production refuses to start with the zaaksysteem link on and sandbox values; off, the
sandbox defaults are harmless (nothing calls them)."""

from __future__ import annotations

import pytest

from spil.core.tests.test_development_tools import _production_settings

PRODUCTION_LIKE = {
    "SPIL_ZGW_ENABLED": True,
    "SPIL_ZGW_ZAKEN_URL": "https://zaken.gemeente.example/zaken/api/v1",
    "SPIL_ZGW_CATALOGI_URL": "https://zaken.gemeente.example/catalogi/api/v1",
    "SPIL_ZGW_DOCUMENTEN_URL": "https://zaken.gemeente.example/documenten/api/v1",
    "SPIL_ZGW_NOTIFICATIES_URL": "https://zaken.gemeente.example/notificaties/api/v1",
    "SPIL_ZGW_ZAAKTYPE_URL": "https://zaken.gemeente.example/catalogi/api/v1/zaaktypen/1",
    "SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL": "https://zaken.gemeente.example/catalogi/api/v1/informatieobjecttypen/1",
    "SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL": "https://zaken.gemeente.example/catalogi/api/v1/informatieobjecttypen/2",
    "SPIL_ZGW_CALLBACK_URL": "https://spil.gemeente.example/api/zgw/notificaties",
    "SPIL_ZGW_CLIENT_ID": "spil-gemeente",
    "SPIL_ZGW_SECRET": "a-real-secret-from-the-zaaksysteem-" + "s" * 20,
    "SPIL_ZGW_NOTIFICATION_TOKEN": "a-random-notification-token-" + "t" * 20,
}


def test_off_by_default_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _production_settings(monkeypatch)["SPIL_ZGW_ENABLED"] is False


def test_on_with_the_zaaksysteems_own_values(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _production_settings(monkeypatch, **PRODUCTION_LIKE)["SPIL_ZGW_ENABLED"] is True


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("SPIL_ZGW_ZAKEN_URL", "http://127.0.0.1:8767/zaken/api/v1", "SPIL_ZGW_ZAKEN_URL"),
        ("SPIL_ZGW_SECRET", "zgw-sandbox-secret-not-for-production", "SPIL_ZGW_SECRET"),
        ("SPIL_ZGW_CLIENT_ID", "spil-sandbox", "SPIL_ZGW_CLIENT_ID"),
        ("SPIL_ZGW_NOTIFICATION_TOKEN", "zgw-sandbox-notification-token", "NOTIFICATION_TOKEN"),
        ("SPIL_ZGW_CALLBACK_URL", "http://127.0.0.1:8000/api/zgw/notificaties", "CALLBACK"),
    ],
)
def test_on_with_a_sandbox_value_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, setting: str, value: str, message: str
) -> None:
    with pytest.raises(RuntimeError, match=message):
        _production_settings(monkeypatch, **{**PRODUCTION_LIKE, setting: value})
