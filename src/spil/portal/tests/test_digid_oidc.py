"""DigiD through an OIDC broker (`spil.portal.digid_oidc`), against a real provider:
django-oauth-toolkit serving OIDC from the live server (`oidc_provider`). The newcomer's
browser is a `requests` session; the portal talks to the provider over HTTP as in
production. The portal is addressed as `localhost` and the provider as `127.0.0.1`, so each
keeps its own session cookie."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.urls import reverse
from oauth2_provider.models import Application
from pytest_django.live_server_helper import LiveServer

from spil.audit.models import ProcessingRecord
from spil.portal import digid
from spil.portal.digid_oidc import OidcConfig, OidcDigidBackend
from spil.portal.tests.support import portal_world
from spil.testing import World

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls(__package__ + ".oidc_provider"),
]

SRC = Path(__file__).resolve().parents[3]
CLIENT_ID = "spil-portal"
CLIENT_SECRET = "broker-secret-for-the-tests-only"


@pytest.fixture(scope="module")
def signing_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@pytest.fixture
def provider(
    live_server: LiveServer, settings: Any, signing_key: str
) -> Iterator[OidcDigidBackend]:
    """The broker (configured and with the portal as its client) and the portal's adapter
    for it, registered as the DigiD backend for the test."""
    settings.OAUTH2_PROVIDER = {
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": signing_key,
        "OAUTH2_VALIDATOR_CLASS": "spil.portal.tests.oidc_provider.DigidBrokerValidator",
        "SCOPES": {"openid": "OpenID Connect", "bsn": "BSN"},
        "PKCE_REQUIRED": True,
        "ALLOWED_REDIRECT_URI_SCHEMES": ["http"],
    }
    settings.OIDC_TRUSTS_MFA = True
    Application.objects.create(
        name="Spil portal",
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=f"{live_server.url}{reverse('portal:digid_return')}",
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    issuer = f"{_provider_url(live_server)}/test-oidc"
    backend = OidcDigidBackend(
        OidcConfig(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            discovery_url=f"{issuer}/.well-known/openid-configuration",
        )
    )
    previous = digid.backend()
    digid.register_backend(backend)
    yield backend
    if previous is not None:
        digid.register_backend(previous)


def _provider_url(live_server: LiveServer) -> str:
    return live_server.url.replace("://localhost:", "://127.0.0.1:")


def _start(live_server: LiveServer) -> tuple[requests.Session, str]:
    """The newcomer presses 'Inloggen met DigiD': the browser and the provider's authorize
    address the portal sends it to."""
    browser = requests.Session()
    page = browser.get(f"{live_server.url}{reverse('portal:sign_in')}")
    assert page.status_code == 200
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert match, "the sign-in page has a DigiD form"
    start = browser.post(
        f"{live_server.url}{reverse('portal:digid_start')}",
        data={"csrfmiddlewaretoken": match[1]},
        allow_redirects=False,
    )
    assert start.status_code == 302
    authorize = start.headers["Location"]
    assert authorize.startswith(f"{_provider_url(live_server)}/test-oidc/authorize/?")
    return browser, authorize


def _at_digid(browser: requests.Session, live_server: LiveServer, bsn: str, authorize: str) -> str:
    """The newcomer signs in at the broker; the address it sends the browser back to."""
    assert browser.get(f"{_provider_url(live_server)}/test-oidc/login/{bsn}/").ok
    answer = browser.get(authorize, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    back = answer.headers["Location"]
    assert back.startswith(f"{live_server.url}{reverse('portal:digid_return')}?")
    return back


def _replace(url: str, **values: str) -> str:
    parts = urlsplit(url)
    query = {key: value[0] for key, value in parse_qs(parts.query).items()} | values
    return urlunsplit(parts._replace(query=urlencode(query)))


def _home(browser: requests.Session, live_server: LiveServer) -> requests.Response:
    return browser.get(f"{live_server.url}{reverse('portal:home')}", allow_redirects=False)


def test_a_newcomer_signs_in_through_the_provider(
    world: World, live_server: LiveServer, provider: OidcDigidBackend
) -> None:
    portal_world(world)
    assert world.person_a is not None
    browser, authorize = _start(live_server)
    query = parse_qs(urlsplit(authorize).query)
    assert query["code_challenge_method"] == ["S256"]
    assert query["scope"] == ["openid bsn"]
    back = _at_digid(browser, live_server, world.person_a.bsn, authorize)

    landed = browser.get(back, allow_redirects=False)
    assert landed.status_code == 302
    assert landed.headers["Location"] == reverse("portal:home")
    home = _home(browser, live_server)
    assert home.status_code == 200
    assert 'lang="ar" dir="rtl"' in home.text  # the person's own language
    record = ProcessingRecord.objects.filter(actie_naam="Portal sign-in (DigiD)").get()
    assert record.gebruiker == f"betrokkene:{world.person_a.log_ref}"

    # The way back is used once: the same answer again signs nobody in.
    again = requests.Session().get(back, allow_redirects=False)
    assert again.headers["Location"] == f"{reverse('portal:sign_in')}?error=not_found"


def test_an_unknown_bsn_goes_back_to_the_sign_in_page(
    world: World, live_server: LiveServer, provider: OidcDigidBackend
) -> None:
    browser, authorize = _start(live_server)
    back = _at_digid(browser, live_server, "999990081", authorize)
    landed = browser.get(back)
    assert landed.url == f"{live_server.url}{reverse('portal:sign_in')}?error=not_found"
    assert 'role="alert"' in landed.text
    assert _home(browser, live_server).status_code == 302


def test_a_tampered_state_is_refused(
    world: World, live_server: LiveServer, provider: OidcDigidBackend, caplog: Any
) -> None:
    assert world.person_a is not None
    browser, authorize = _start(live_server)
    back = _at_digid(browser, live_server, world.person_a.bsn, authorize)
    landed = browser.get(_replace(back, state="forged-state"), allow_redirects=False)
    assert landed.headers["Location"] == f"{reverse('portal:sign_in')}?error=not_found"
    assert "the state does not match" in caplog.text
    # The genuine answer after the forged one finds the sign-in spent.
    assert browser.get(back, allow_redirects=False).headers["Location"].endswith("not_found")
    assert _home(browser, live_server).status_code == 302


def test_a_tampered_nonce_is_refused(
    world: World, live_server: LiveServer, provider: OidcDigidBackend, caplog: Any
) -> None:
    """An ID token minted for another sign-in (another nonce) signs nobody in, though the
    provider signed it and the state matches."""
    assert world.person_a is not None
    browser, authorize = _start(live_server)
    forged = _replace(authorize, nonce="a-nonce-from-another-sign-in")
    back = _at_digid(browser, live_server, world.person_a.bsn, forged)
    landed = browser.get(back, allow_redirects=False)
    assert landed.headers["Location"] == f"{reverse('portal:sign_in')}?error=not_found"
    assert "the nonce does not match" in caplog.text
    assert _home(browser, live_server).status_code == 302


def test_an_id_token_for_another_client_is_refused(
    world: World, live_server: LiveServer, provider: OidcDigidBackend, caplog: Any
) -> None:
    """The audience is checked: the same provider, another client id."""
    assert world.person_a is not None
    other = OidcDigidBackend(
        OidcConfig(
            client_id="another-client",
            client_secret=CLIENT_SECRET,
            discovery_url=provider.config.discovery_url,
        )
    )
    browser, authorize = _start(live_server)
    back = _at_digid(browser, live_server, world.person_a.bsn, authorize)
    digid.register_backend(other)
    landed = browser.get(back, allow_redirects=False)
    assert landed.headers["Location"].endswith("error=not_found")
    assert "DigiD sign-in over OIDC refused" in caplog.text


def test_a_provider_that_cannot_be_reached_says_so_on_the_sign_in_page(
    world: World, live_server: LiveServer, caplog: Any
) -> None:
    """The broker is down: the newcomer reads that DigiD does not work now, in their
    language, and how else to sign in; no server error."""
    previous = digid.backend()
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    down = OidcDigidBackend(
        OidcConfig(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            discovery_url=f"http://127.0.0.1:{port}/.well-known/openid-configuration",
        )
    )
    digid.register_backend(down)
    try:
        browser = requests.Session()
        page = browser.get(f"{live_server.url}{reverse('portal:sign_in')}")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token
        started = browser.post(
            live_server.url + reverse("portal:digid_start"),
            data={"csrfmiddlewaretoken": token[1]},
            allow_redirects=False,
        )
        assert started.status_code == 302
        assert started.headers["Location"].endswith("error=unavailable")
        shown = browser.get(live_server.url + started.headers["Location"]).text
        assert "DigiD werkt nu niet." in shown
        assert "DigiD over OIDC unavailable: ConnectionError" in caplog.text
    finally:
        if previous is not None:
            digid.register_backend(previous)


# --------------------------------------------------------------------------- settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "spil.settings.production",
    "SECRET_KEY": "check-deploy-0123456789-only-for-the-deployment-check-0123456789",
    "SPIL_PSEUDONYM_KEY": "check-deploy-pseudonyms-0123456789abcdef",
    "ALLOWED_HOSTS": "spil.example.nl",
    "SPIL_DUO_OIN": "00000001001234567000",
    "SPIL_DUO_GATEWAY_OIN_HEADER": "X-Client-Cert-OIN",
    "SPIL_DUO_BASE_URL": "https://duo-gateway.example.nl/v1",
    "PYTHONPATH": str(SRC),
}
BROKER = {
    "SPIL_DIGID_OIDC_CLIENT_ID": "spil",
    "SPIL_DIGID_OIDC_CLIENT_SECRET": "secret",
    "SPIL_DIGID_OIDC_ISSUER": "https://broker.example.nl",
    "SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT": "https://broker.example.nl/authorize",
    "SPIL_DIGID_OIDC_TOKEN_ENDPOINT": "https://broker.example.nl/token",
    "SPIL_DIGID_OIDC_JWKS_ENDPOINT": "https://broker.example.nl/jwks",
}
SHOW_BACKEND = (
    "import django; django.setup(); from spil.portal import digid; b = digid.backend();"
    "print(type(b).__name__, getattr(getattr(b, 'config', None), 'bsn_claim', ''))"
)


def _production(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SPIL_", "DJANGO_"))}
    return subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", SHOW_BACKEND],
        env=clean | PRODUCTION_ENV | env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_registers_the_adapter_only_when_enabled() -> None:
    off = _production(BROKER)
    assert off.returncode == 0, off.stderr
    assert off.stdout.split() == ["NoneType"]
    on = _production(
        BROKER | {"SPIL_DIGID_OIDC_ENABLED": "true", "SPIL_DIGID_OIDC_BSN_CLAIM": "urn:nl:bsn"}
    )
    assert on.returncode == 0, on.stderr
    assert on.stdout.split() == ["OidcDigidBackend", "urn:nl:bsn"]
    discovery = {
        "SPIL_DIGID_OIDC_ENABLED": "true",
        "SPIL_DIGID_OIDC_CLIENT_ID": "spil",
        "SPIL_DIGID_OIDC_CLIENT_SECRET": "secret",
        "SPIL_DIGID_OIDC_DISCOVERY_URL": "https://broker.example.nl/.well-known/openid-configuration",
    }
    by_discovery = _production(discovery)
    assert by_discovery.returncode == 0, by_discovery.stderr
    assert by_discovery.stdout.split() == ["OidcDigidBackend", "bsn"]


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"SPIL_DIGID_OIDC_CLIENT_SECRET": ""}, "SPIL_DIGID_OIDC_CLIENT_SECRET"),
        ({"SPIL_DIGID_OIDC_JWKS_ENDPOINT": ""}, "SPIL_DIGID_OIDC_JWKS_ENDPOINT"),
        ({"SPIL_DIGID_OIDC_TOKEN_ENDPOINT": "http://broker.example.nl/token"}, "https://"),
    ],
)
def test_production_refuses_to_start_when_enabled_with_missing_values(
    env: dict[str, str], complaint: str
) -> None:
    result = _production(BROKER | {"SPIL_DIGID_OIDC_ENABLED": "true"} | env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_the_adapter_checks_its_own_configuration(settings: Any) -> None:
    settings.SPIL_DIGID_OIDC_CLIENT_ID = "spil"
    settings.SPIL_DIGID_OIDC_CLIENT_SECRET = ""
    settings.SPIL_DIGID_OIDC_DISCOVERY_URL = (
        "https://broker.example.nl/.well-known/openid-configuration"
    )
    with pytest.raises(Exception, match="SPIL_DIGID_OIDC_CLIENT_SECRET"):
        OidcConfig.from_settings()
