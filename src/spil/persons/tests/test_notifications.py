"""``send_once``: claim in its own transaction, then send; a failed send releases the
claim."""

from __future__ import annotations

import pytest
from django.db import connection

from spil.persons.notifications import send_once

pytestmark = pytest.mark.django_db


def test_a_message_claimed_elsewhere_is_not_sent() -> None:
    calls: list[str] = []

    def claim() -> bool:
        calls.append("claim")
        return False  # another run has it

    assert not send_once(claim, lambda: calls.append("send"), lambda: calls.append("release"))
    assert calls == ["claim"]


@pytest.mark.django_db(transaction=True)
def test_the_claim_is_committed_before_the_message_goes_out() -> None:
    calls: list[tuple[str, bool]] = []

    def claim() -> bool:
        calls.append(("claim", connection.in_atomic_block))
        return True

    def send() -> None:
        calls.append(("send", connection.in_atomic_block))

    assert send_once(claim, send, lambda: calls.append(("release", True)))
    assert calls == [("claim", True), ("send", False)]  # no release when sent


def test_a_failed_send_releases_the_claim_and_raises() -> None:
    calls: list[str] = []

    def claim() -> bool:
        calls.append("claim")
        return True

    def send() -> None:
        calls.append("send")
        raise ConnectionError("down")

    with pytest.raises(ConnectionError):
        send_once(claim, send, lambda: calls.append("release"))
    assert calls == ["claim", "send", "release"]
