"""Fixtures: DUO's sandbox (a development tool) stands in for DUO, in-process."""

from spil_dev.testing.duo import env

__all__ = ["env"]
