"""DUO M2M contract layer: DUO's OpenAPI documents, request/response validation, events.

Django-free. Typical use::

    from spil.duo.contract import validate_request, ContractViolation
    validate_request("Notificatie", "POST", "/notificaties", headers, None, body_bytes)
"""

from spil.duo.contract.events import (
    ALL_EVENTS,
    ATTENTIESIGNALEN,
    GEBEURTENISSEN,
    EventKind,
    Gebeurtenis,
    describe,
    get_event,
)
from spil.duo.contract.specs import (
    BASE_PATH,
    DUO_SERVED_APIS,
    DuoApi,
    Operation,
    api_version,
    find_operation,
    iter_operations,
    load_openapi,
    load_spec_dict,
    notificatie_api_version,
    spec_dir,
    spec_path,
)
from spil.duo.contract.validation import (
    Body,
    ContractViolation,
    FieldError,
    check_request,
    check_response,
    encode_body,
    validate_request,
    validate_response,
)

__all__ = [
    "ALL_EVENTS",
    "ATTENTIESIGNALEN",
    "BASE_PATH",
    "DUO_SERVED_APIS",
    "GEBEURTENISSEN",
    "Body",
    "ContractViolation",
    "DuoApi",
    "EventKind",
    "FieldError",
    "Gebeurtenis",
    "Operation",
    "api_version",
    "check_request",
    "check_response",
    "describe",
    "encode_body",
    "find_operation",
    "get_event",
    "iter_operations",
    "load_openapi",
    "load_spec_dict",
    "notificatie_api_version",
    "spec_dir",
    "spec_path",
    "validate_request",
    "validate_response",
]
