"""ZGW sandbox: Catalogi, Zaken, Documenten and Notificaties as far as Spil uses them, checked
against the official YAMLs, for tests and the demo. Spil never imports it."""

from spil_dev.zgw_sandbox.app import (
    INFORMATIEOBJECTTYPE_DOCUMENT_UUID,
    INFORMATIEOBJECTTYPE_PIP_UUID,
    SANDBOX_CLIENT_ID,
    SANDBOX_SECRET,
    STATUSTYPEN,
    ZAAKSYSTEEM_CLIENT_ID,
    ZAAKSYSTEEM_SECRET,
    ZAAKTYPE_UUID,
    Delivery,
    SandboxContractError,
    ZgwSandboxApp,
)
from spil_dev.zgw_sandbox.server import build_server, start_in_background

__all__ = [
    "INFORMATIEOBJECTTYPE_DOCUMENT_UUID",
    "INFORMATIEOBJECTTYPE_PIP_UUID",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_SECRET",
    "STATUSTYPEN",
    "ZAAKSYSTEEM_CLIENT_ID",
    "ZAAKSYSTEEM_SECRET",
    "ZAAKTYPE_UUID",
    "Delivery",
    "SandboxContractError",
    "ZgwSandboxApp",
    "build_server",
    "start_in_background",
]
