"""Errors raised by :class:`spil.duo.client.DuoClient`. Texts never contain a BSN.

`message` is the one mapping from DUO's answers to what a user reads: DUO's own
foutteksten as DUO wrote them (Dutch, DUO's words), otherwise a text in the user's language.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spil.duo.contract.validation import ContractViolation

__all__ = ["ContractViolation", "DuoError", "DuoNotFound", "DuoRefused", "DuoUnavailable"]

_DEFAULT_TEXT: dict[int, Promise] = {
    400: _("DUO rejected the request as invalid (400)."),
    401: _("DUO could not authenticate the sender (401)."),
    403: _("DUO refused the request (403)."),
    404: _("DUO does not know the requested data (404)."),
}


class DuoError(Exception):
    """Base class of the client's errors."""


class DuoRefused(DuoError):  # noqa: N818 - agreed public name
    """DUO answered 4xx. ``foutmeldingen`` holds DUO's ``fouttekst`` values (Dutch), for
    display to the user; :attr:`message` joins them (or gives a text in the user's language)."""

    def __init__(self, operation_id: str, status: int, foutmeldingen: list[str]) -> None:
        self.operation_id = operation_id
        self.status = status
        self.foutmeldingen = foutmeldingen
        super().__init__(f"{operation_id}: HTTP {status}: {self.message}")

    @property
    def message(self) -> str:
        if self.foutmeldingen:
            return " ".join(self.foutmeldingen)
        if self.status in _DEFAULT_TEXT:
            return str(_DEFAULT_TEXT[self.status])
        return gettext("DUO refused the request (%(status)s).") % {"status": self.status}


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
        return gettext("DUO cannot be reached right now. Please try again later.")
