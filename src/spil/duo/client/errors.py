"""Errors raised by :class:`spil.duo.client.DuoClient`. Texts never contain a BSN."""

from __future__ import annotations

from spil.duo.contract.validation import ContractViolation

__all__ = ["ContractViolation", "DuoError", "DuoNotFound", "DuoRefused", "DuoUnavailable"]

_DEFAULT_TEXT = {
    400: "DUO heeft het verzoek afgewezen als ongeldig (400).",
    401: "DUO kon de afzender niet authenticeren (401).",
    403: "DUO heeft het verzoek geweigerd (403).",
    404: "DUO kent het gevraagde gegeven niet (404).",
}


class DuoError(Exception):
    """Base class of the client's errors."""


class DuoRefused(DuoError):  # noqa: N818 - agreed public name
    """DUO answered 4xx. ``foutmeldingen`` holds DUO's ``fouttekst`` values (Dutch), for
    display to the user; :attr:`message` joins them (or gives a generic Dutch text)."""

    def __init__(self, operation_id: str, status: int, foutmeldingen: list[str]) -> None:
        self.operation_id = operation_id
        self.status = status
        self.foutmeldingen = foutmeldingen
        super().__init__(f"{operation_id}: HTTP {status}: {self.message}")

    @property
    def message(self) -> str:
        if self.foutmeldingen:
            return " ".join(self.foutmeldingen)
        return _DEFAULT_TEXT.get(self.status, f"DUO heeft het verzoek geweigerd ({self.status}).")


class DuoNotFound(DuoRefused):
    """404: the person (or the requested resource of that person) is unknown at DUO."""


class DuoUnavailable(DuoError):  # noqa: N818 - agreed public name
    """Network error or 5xx, after the retries the operation allows."""

    def __init__(self, operation_id: str, attempts: int, status: int | None, reason: str) -> None:
        self.operation_id = operation_id
        self.attempts = attempts
        self.status = status
        self.reason = reason
        super().__init__(f"{operation_id}: DUO unavailable after {attempts} attempt(s): {reason}")

    @property
    def message(self) -> str:
        return "DUO is tijdelijk niet bereikbaar. Probeer het later opnieuw."
