"""Fixtures: the BRP sandbox (a development tool) stands in for the BRP, in-process."""

from spil_dev.testing.brp import app, client, http, sleeps, store

__all__ = ["app", "client", "http", "sleeps", "store"]
