"""DigiD through an OIDC broker: the production `DigidBackend` when the municipality reaches
DigiD through an OpenID Connect provider (a broker such as Signicat or Keycloak that speaks
SAML to DigiD and OIDC to Spil).

The authorization-code flow with PKCE (S256), a `state` and a `nonce` per sign-in, kept in
the newcomer's session and used once. On the way back: the `state` must match (and the
`iss` parameter, when the provider sends one, RFC 9207); the code is exchanged at the token
endpoint with the client secret; the ID token's signature is checked against the provider's
published keys (JWKS) and its `iss`, `aud` (and `azp`), `exp`, `iat` and `nonce` are
checked. The BSN is read from the ID token's claim at `bsn_claim` (a dotted path). No
Django user is made: the portal matches the BSN to exactly one person.

Configured from settings (`SPIL_DIGID_OIDC_*`, README), registered by `PortalConfig.ready()`
when `SPIL_DIGID_OIDC_ENABLED`. Why this is not Maykin's `django-digid-eherkenning`:
docs/dependencies.md.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import threading
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import jwt
import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from stdnum.nl import bsn as stdnum_bsn

logger = logging.getLogger(__name__)

SESSION_KEY = "portal_digid_oidc"
DISCOVERY_SUFFIX = "/.well-known/openid-configuration"
#: Seconds to wait for the provider (discovery, token endpoint, keys).
TIMEOUT = 10
#: Seconds of clock difference tolerated between Spil and the provider.
LEEWAY = 30


class DigidOidcError(Exception):
    """The sign-in cannot be trusted; the message is for the log (no BSN, no token)."""


@dataclass(frozen=True)
class Endpoints:
    issuer: str
    authorization: str
    token: str
    jwks: str


@dataclass(frozen=True)
class OidcConfig:
    client_id: str
    client_secret: str
    bsn_claim: str = "bsn"
    scopes: tuple[str, ...] = ("openid", "bsn")
    algorithms: tuple[str, ...] = ("RS256",)
    #: The provider's discovery document; or, without it, the four values below.
    discovery_url: str = ""
    issuer: str = ""
    authorization_endpoint: str = ""
    token_endpoint: str = ""
    jwks_endpoint: str = ""

    def missing(self) -> list[str]:
        """The settings still needed (empty when complete)."""
        needed = {"CLIENT_ID": self.client_id, "CLIENT_SECRET": self.client_secret}
        needed["BSN_CLAIM"] = self.bsn_claim
        if not self.discovery_url:
            needed |= {
                "ISSUER": self.issuer,
                "AUTHORIZATION_ENDPOINT": self.authorization_endpoint,
                "TOKEN_ENDPOINT": self.token_endpoint,
                "JWKS_ENDPOINT": self.jwks_endpoint,
            }
        missing = [f"SPIL_DIGID_OIDC_{name}" for name, value in needed.items() if not value]
        if "openid" not in self.scopes:
            missing.append("SPIL_DIGID_OIDC_SCOPES (with openid)")
        return missing

    @classmethod
    def from_settings(cls) -> OidcConfig:
        config = cls(
            client_id=settings.SPIL_DIGID_OIDC_CLIENT_ID,
            client_secret=settings.SPIL_DIGID_OIDC_CLIENT_SECRET,
            bsn_claim=settings.SPIL_DIGID_OIDC_BSN_CLAIM,
            scopes=tuple(settings.SPIL_DIGID_OIDC_SCOPES),
            algorithms=tuple(settings.SPIL_DIGID_OIDC_SIGN_ALGORITHMS),
            discovery_url=settings.SPIL_DIGID_OIDC_DISCOVERY_URL,
            issuer=settings.SPIL_DIGID_OIDC_ISSUER,
            authorization_endpoint=settings.SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT,
            token_endpoint=settings.SPIL_DIGID_OIDC_TOKEN_ENDPOINT,
            jwks_endpoint=settings.SPIL_DIGID_OIDC_JWKS_ENDPOINT,
        )
        missing = config.missing()
        if missing:
            raise ImproperlyConfigured(f"DigiD over OIDC is enabled without {', '.join(missing)}")
        return config


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _same(given: object, expected: str) -> bool:
    return isinstance(given, str) and hmac.compare_digest(given.encode(), expected.encode())


def _claim(claims: dict[str, Any], path: str) -> object:
    value: object = claims
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


@dataclass
class OidcDigidBackend:
    """`spil.portal.digid.DigidBackend` over an OIDC broker."""

    config: OidcConfig
    name: str = "DigiD"
    _endpoints: Endpoints | None = field(default=None, init=False, repr=False)
    _keys: jwt.PyJWKClient | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    # ------------------------------------------------------------------ the provider

    def endpoints(self) -> Endpoints:
        """The provider's endpoints: configured, or read once from its discovery document
        (whose `issuer` must be the address it was published under)."""
        with self._lock:
            if self._endpoints is None:
                self._endpoints = (
                    self._discover()
                    if self.config.discovery_url
                    else Endpoints(
                        issuer=self.config.issuer,
                        authorization=self.config.authorization_endpoint,
                        token=self.config.token_endpoint,
                        jwks=self.config.jwks_endpoint,
                    )
                )
            return self._endpoints

    def _discover(self) -> Endpoints:
        url = self.config.discovery_url
        response = requests.get(url, timeout=TIMEOUT, headers={"Accept": "application/json"})
        response.raise_for_status()
        document = response.json()
        issuer = document.get("issuer")
        expected = self.config.issuer or url.removesuffix(DISCOVERY_SUFFIX).rstrip("/")
        if not isinstance(issuer, str) or issuer.rstrip("/") != expected.rstrip("/"):
            raise DigidOidcError("the discovery document names another issuer")
        return Endpoints(
            issuer=issuer,
            authorization=str(document["authorization_endpoint"]),
            token=str(document["token_endpoint"]),
            jwks=str(document["jwks_uri"]),
        )

    def _signing_keys(self, jwks_url: str) -> jwt.PyJWKClient:
        with self._lock:
            if self._keys is None:
                self._keys = jwt.PyJWKClient(jwks_url, cache_keys=True, timeout=TIMEOUT)
            return self._keys

    # ------------------------------------------------------------------ DigidBackend

    def start(self, request: HttpRequest, return_url: str) -> HttpResponse:
        try:
            endpoints = self.endpoints()
        except (requests.RequestException, DigidOidcError, ValueError, KeyError) as exc:
            # The broker is down or answers nonsense: say so on the sign-in page, not a 500.
            logger.warning("DigiD over OIDC unavailable: %s", type(exc).__name__)
            return HttpResponseRedirect(f"{reverse('portal:sign_in')}?error=unavailable")
        state, nonce = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        verifier = secrets.token_urlsafe(64)
        request.session[SESSION_KEY] = {
            "state": state,
            "nonce": nonce,
            "verifier": verifier,
            "redirect_uri": return_url,
        }
        query = urlencode(
            {
                "response_type": "code",
                "client_id": self.config.client_id,
                "redirect_uri": return_url,
                "scope": " ".join(self.config.scopes),
                "state": state,
                "nonce": nonce,
                "code_challenge": _s256(verifier),
                "code_challenge_method": "S256",
            }
        )
        separator = "&" if "?" in endpoints.authorization else "?"
        return HttpResponseRedirect(f"{endpoints.authorization}{separator}{query}")

    def finish(self, request: HttpRequest) -> str | None:
        # Used once: a second visit with the same state finds nothing.
        pending = request.session.pop(SESSION_KEY, None)
        if not isinstance(pending, dict):
            return None
        try:
            return self._finish(request, pending)
        except (
            DigidOidcError,
            jwt.PyJWTError,
            requests.RequestException,
            KeyError,
            ValueError,
        ) as exc:
            logger.warning("DigiD sign-in over OIDC refused: %s", exc)
            return None

    def _finish(self, request: HttpRequest, pending: dict[str, str]) -> str | None:
        params = request.GET
        if not _same(params.get("state"), pending["state"]):
            raise DigidOidcError("the state does not match")
        if "error" in params:
            return None  # cancelled at DigiD, or the provider refused
        endpoints = self.endpoints()
        if "iss" in params and not _same(params["iss"], endpoints.issuer):
            raise DigidOidcError("the authorization response names another issuer")
        code = params.get("code")
        if not code:
            raise DigidOidcError("no code")
        response = requests.post(
            endpoints.token,
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": pending["redirect_uri"],
                "code_verifier": pending["verifier"],
            },
            # client_secret_basic: both parts form-encoded first (RFC 6749, section 2.3.1).
            auth=(quote(self.config.client_id, safe=""), quote(self.config.client_secret, safe="")),
            headers={"Accept": "application/json"},
            timeout=TIMEOUT,
        )
        if response.status_code != 200:
            raise DigidOidcError(f"the token endpoint answered {response.status_code}")
        id_token = response.json().get("id_token")
        if not isinstance(id_token, str):
            raise DigidOidcError("no ID token")
        claims = self._verified_claims(id_token, endpoints, pending["nonce"])
        value = _claim(claims, self.config.bsn_claim)
        if not isinstance(value, str) or not stdnum_bsn.is_valid(value):
            raise DigidOidcError("the ID token holds no valid BSN at the configured claim")
        return str(stdnum_bsn.compact(value))

    def _verified_claims(self, id_token: str, endpoints: Endpoints, nonce: str) -> dict[str, Any]:
        key = self._signing_keys(endpoints.jwks).get_signing_key_from_jwt(id_token)
        claims: dict[str, Any] = jwt.decode(
            id_token,
            key.key,
            algorithms=list(self.config.algorithms),
            audience=self.config.client_id,
            issuer=endpoints.issuer,
            leeway=LEEWAY,
            options={"require": ["iss", "aud", "exp", "iat", "sub", "nonce"]},
        )
        if not _same(claims.get("nonce"), nonce):
            raise DigidOidcError("the nonce does not match")
        audiences = claims["aud"] if isinstance(claims["aud"], list) else [claims["aud"]]
        if (len(audiences) > 1 or "azp" in claims) and claims.get("azp") != self.config.client_id:
            raise DigidOidcError("the ID token was issued to another party (azp)")
        return claims
