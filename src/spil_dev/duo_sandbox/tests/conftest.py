"""Fixtures: the sandbox with two gemeenten and clients talking to it in-process."""

from spil_dev.testing.duo import env

__all__ = ["env"]
