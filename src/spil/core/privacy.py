"""Masking of BSNs for log lines, exception text and screens that need only a hint.

One implementation for the whole project (the DUO and BRP clients, logging, persons)."""

from __future__ import annotations

import re

_NINE_DIGITS = re.compile(r"(?<!\d)\d{5}(\d{4})(?!\d)")


def mask_bsn(bsn: str | None) -> str:
    """``999990019`` -> ``*****0019``; short or empty values are masked entirely."""
    if not bsn:
        return "*****"
    return "*****" + bsn[-4:] if len(bsn) > 4 else "*" * len(bsn)


def mask_bsns_in_text(text: str) -> str:
    """Mask every run of exactly nine digits (any of them may be a BSN)."""
    return _NINE_DIGITS.sub(lambda m: "*****" + m.group(1), text)
