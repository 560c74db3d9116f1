"""Masking of identifiers for log lines and exception text (never log a full BSN)."""

from __future__ import annotations

from spil.core.privacy import mask_bsn, mask_bsns_in_text

# DUO URLs carry the BSN in the path.
mask_path = mask_bsns_in_text

__all__ = ["mask_bsn", "mask_path"]
