"""A small typed client for the ZGW APIs Spil uses (Catalogi, Zaken, Documenten, Notificaties).

Every request is validated against the official YAML before it is sent and every answer on
arrival (:mod:`spil.zaken.contract`); a request Spil would build wrongly never leaves, and an
answer the spec does not allow is an error, not data. Authentication is the ZGW JWT: HS256,
signed with the application's secret, with ``iss``/``client_id``, ``iat`` and the user.
Django-free: the configuration comes in as a :class:`ZgwConfig`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt

from spil.zaken.contract import ZgwApi, validate_request, validate_response

__all__ = ["ZgwClient", "ZgwConfig", "ZgwError", "ZgwUnavailable", "jwt_token"]

#: Geometry coordinates system the Zaken API requires in a header on every zaak request.
CRS = "EPSG:4326"


class ZgwError(Exception):
    """The ZGW API refused the request (4xx other than 429): retrying will not help."""


class ZgwUnavailable(ZgwError):  # noqa: N818 - a state of the zaaksysteem, not a bug
    """Network error, timeout, 429 or 5xx: worth retrying later."""


@dataclass(frozen=True)
class ZgwConfig:
    zaken_url: str
    catalogi_url: str
    documenten_url: str
    notificaties_url: str
    client_id: str
    secret: str
    user_id: str = "spil"
    user_representation: str = "Spil"
    timeout: float = 10.0

    def base(self, api: ZgwApi) -> str:
        return {
            ZgwApi.ZAKEN: self.zaken_url,
            ZgwApi.CATALOGI: self.catalogi_url,
            ZgwApi.DOCUMENTEN: self.documenten_url,
            ZgwApi.NOTIFICATIES: self.notificaties_url,
        }[api].rstrip("/")


def jwt_token(client_id: str, secret: str, *, user_id: str = "", representation: str = "") -> str:
    claims = {
        "iss": client_id,
        "client_id": client_id,
        "iat": int(time.time()),
        "user_id": user_id,
        "user_representation": representation,
    }
    return jwt.encode(claims, secret, algorithm="HS256")


class ZgwClient:
    def __init__(self, config: ZgwConfig, *, transport: httpx.BaseTransport | None = None) -> None:
        self.config = config
        self._http = httpx.Client(transport=transport, timeout=config.timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ZgwClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the exchanges Spil uses ----------------------------------------------------------

    def statustypen(self, zaaktype_url: str) -> list[dict[str, Any]]:
        """The statustypen of a zaaktype (all pages)."""
        results: list[dict[str, Any]] = []
        page = 1
        while True:
            body = self._call(
                ZgwApi.CATALOGI,
                "GET",
                "/statustypen",
                query={"zaaktype": zaaktype_url, "page": str(page)},
            )
            results.extend(body.get("results", []))
            if not body.get("next"):
                return results
            page += 1

    def create_zaak(self, zaak: dict[str, Any]) -> dict[str, Any]:
        return self._call(ZgwApi.ZAKEN, "POST", "/zaken", body=zaak, crs=True)

    def get_zaak(self, url: str) -> dict[str, Any]:
        return self._call(ZgwApi.ZAKEN, "GET", self._relative(ZgwApi.ZAKEN, url), crs=True)

    def create_status(self, status: dict[str, Any]) -> dict[str, Any]:
        return self._call(ZgwApi.ZAKEN, "POST", "/statussen", body=status)

    def get_status(self, url: str) -> dict[str, Any]:
        return self._call(ZgwApi.ZAKEN, "GET", self._relative(ZgwApi.ZAKEN, url))

    def create_document(self, document: dict[str, Any]) -> dict[str, Any]:
        return self._call(
            ZgwApi.DOCUMENTEN, "POST", "/enkelvoudiginformatieobjecten", body=document
        )

    def create_zaakinformatieobject(self, link: dict[str, Any]) -> dict[str, Any]:
        return self._call(ZgwApi.ZAKEN, "POST", "/zaakinformatieobjecten", body=link)

    def create_subscription(self, subscription: dict[str, Any]) -> dict[str, Any]:
        return self._call(ZgwApi.NOTIFICATIES, "POST", "/subscriptions", body=subscription)

    # -- transport ------------------------------------------------------------------------

    def _relative(self, api: ZgwApi, url: str) -> str:
        base = self.config.base(api)
        if not url.startswith(base + "/"):
            raise ZgwError(f"{url} is not a resource of the configured {api.value}")
        return url[len(base) :]

    def _headers(self, *, body: bool, crs: bool) -> dict[str, str]:
        token = jwt_token(
            self.config.client_id,
            self.config.secret,
            user_id=self.config.user_id,
            representation=self.config.user_representation,
        )
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        if body:
            headers["Content-Type"] = "application/json"
        if crs:
            headers["Accept-Crs"] = CRS
            headers["Content-Crs"] = CRS
        return headers

    def _call(
        self,
        api: ZgwApi,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        body: dict[str, Any] | None = None,
        crs: bool = False,
    ) -> dict[str, Any]:
        headers = self._headers(body=body is not None, crs=crs)
        validate_request(api, method, path, headers, query, body)
        try:
            response = self._http.request(
                method, self.config.base(api) + path, params=query, json=body, headers=headers
            )
        except httpx.HTTPError as exc:
            raise ZgwUnavailable(f"{api.value} {method} {path}: {type(exc).__name__}") from exc
        status = response.status_code
        if status == 429 or status >= 500:
            raise ZgwUnavailable(f"{api.value} {method} {path}: HTTP {status}")
        data = response.json() if response.content else None
        validate_response(api, method, path, status, dict(response.headers), data)
        if status >= 400:
            detail = data.get("detail", "") if isinstance(data, dict) else ""
            raise ZgwError(f"{api.value} {method} {path}: HTTP {status} {detail}".rstrip())
        if not isinstance(data, dict):
            raise ZgwError(f"{api.value} {method} {path}: no JSON object in the answer")
        return data
