"""BRP look-ups through Haal Centraal "BRP Personen bevragen" (Django-free).

* :mod:`spil.brp.contract` - the published OpenAPI document, request/response validation.
* :mod:`spil.brp.client` - :class:`~spil.brp.client.BrpClient` and the typed result.
* :mod:`spil.brp.fields` - the ``fields`` rules (catalogue, selection).

The BRP's side - a spec-validating WSGI stand-in for tests and the demo - is a development
tool, :mod:`spil_dev.brp_sandbox`, never installed in production.
"""

from spil.brp.client import (
    BrpAddress,
    BrpChild,
    BrpClient,
    BrpDate,
    BrpError,
    BrpInvalidRequest,
    BrpInvalidResponse,
    BrpNationality,
    BrpPartner,
    BrpPerson,
    BrpRefused,
    BrpRelative,
    BrpUnavailable,
    CodeValue,
    mask_bsn,
)

__all__ = [
    "BrpAddress",
    "BrpChild",
    "BrpClient",
    "BrpDate",
    "BrpError",
    "BrpInvalidRequest",
    "BrpInvalidResponse",
    "BrpNationality",
    "BrpPartner",
    "BrpPerson",
    "BrpRefused",
    "BrpRelative",
    "BrpUnavailable",
    "CodeValue",
    "mask_bsn",
]
