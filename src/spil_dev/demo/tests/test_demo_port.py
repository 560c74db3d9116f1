"""`make demo` on a port it cannot serve on stops at once, before loading anything."""

from __future__ import annotations

import socket

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from spil.accounts.models import User

pytestmark = pytest.mark.django_db


@override_settings(SPIL_DUO_SANDBOX=True)
@pytest.mark.parametrize(("port", "sandbox"), [("8765", "DUO"), ("8766", "BRP"), ("8767", "ZGW")])
def test_the_port_of_a_sandbox_is_refused_with_what_to_do(port: str, sandbox: str) -> None:
    with pytest.raises(CommandError) as refused:
        call_command("demo", "--port", port)
    message = str(refused.value)
    assert f"the {sandbox} sandbox" in message and "PORT=8080 make demo" in message
    assert not User.objects.exists()  # nothing was loaded


def test_a_port_in_use_is_refused_before_loading() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        with pytest.raises(CommandError, match=f"Port {port} on 127.0.0.1 is not free"):
            call_command("demo", "--port", port, "--no-duo")
    assert not User.objects.exists()


def test_a_port_that_is_no_number_is_refused() -> None:
    with pytest.raises(CommandError, match="PORT must be a number"):
        call_command("demo", "--port", "eighty")
