"""Database helpers shared by the apps' aggregate reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper


@contextmanager
def aggregate_cursor() -> Iterator[CursorWrapper]:
    """A cursor for one large aggregate read (reports over a whole regio). On PostgreSQL
    it runs in a transaction without JIT compilation: for these one-off queries the
    planner's cost estimate switches JIT on, and compiling costs more (about 0.4 s at
    100,000 persons) than it saves."""
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        yield cursor
