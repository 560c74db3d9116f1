"""Client for DUO's inburgering APIs (httpx, contract-validated both ways). Django-free."""

from spil.duo.client.client import NON_IDEMPOTENT_OPERATIONS, OPERATION_METHODS, DuoClient
from spil.duo.client.errors import (
    ContractViolation,
    DuoError,
    DuoNotFound,
    DuoRefused,
    DuoUnavailable,
)

__all__ = [
    "NON_IDEMPOTENT_OPERATIONS",
    "OPERATION_METHODS",
    "ContractViolation",
    "DuoClient",
    "DuoError",
    "DuoNotFound",
    "DuoRefused",
    "DuoUnavailable",
]
