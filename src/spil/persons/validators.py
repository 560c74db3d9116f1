from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumValidationError
from stdnum.nl import bsn as stdnum_bsn

from spil.core.privacy import mask_bsn

__all__ = [
    "INVALID_BSN_SEARCH",
    "bsn_in_search",
    "mask_bsn",
    "normalise_bsn",
    "searches_a_number",
    "validate_bsn",
]


def normalise_bsn(value: str) -> str:
    return stdnum_bsn.compact(value)


def validate_bsn(value: str) -> None:
    try:
        stdnum_bsn.validate(value)
    except StdnumValidationError:
        raise ValidationError(
            _("This is not a valid BSN: it must have 9 digits and pass the 11-check."),
            code="invalid_bsn",
        ) from None


INVALID_BSN_SEARCH = _(
    "This number is not a valid BSN: a BSN has 9 digits and passes the 11-check. "
    "Check the number, or search by name."
)


def _digits(text: str) -> str:
    return text.strip().replace(" ", "").replace(".", "").replace("-", "")


def searches_a_number(text: str) -> bool:
    """Whether a search text is a number (spaces, dots and dashes aside): an attempt at a
    BSN, valid or not, which `bsn_in_search` either answers or refuses."""
    return _digits(text).isdigit()


def bsn_in_search(text: str) -> str | None:
    """The BSN a search text stands for, or None when the text is not a number.

    Raises ValidationError for a number that is not a valid BSN (a partial number is not
    searched for: the search never completes BSNs)."""
    digits = _digits(text)
    if not digits.isdigit():
        return None
    if len(digits) not in (8, 9) or not stdnum_bsn.is_valid(digits):
        raise ValidationError(INVALID_BSN_SEARCH, code="invalid_bsn")
    return normalise_bsn(digits)
