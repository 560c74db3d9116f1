"""Fixtures: the BRP sandbox, seeded, and clients talking to it in-process."""

from spil_dev.testing.brp import app, client, http, sleeps, store

__all__ = ["app", "client", "http", "sleeps", "store"]
