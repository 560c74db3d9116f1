"""Logging filters: never a BSN in a log line, and every line carries its request id."""

from __future__ import annotations

import logging

from spil.core.context import current_request_id
from spil.core.privacy import mask_bsns_in_text

# Any run of exactly nine digits may be a BSN; logs have no need for one.
redact_bsn = mask_bsns_in_text


class RedactBsnFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_bsn(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True
