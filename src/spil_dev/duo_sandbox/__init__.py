"""DUO sandbox: a WSGI implementation of DUO's inburgering APIs, for tests and demos.

Django-free. Build it with :func:`make_app`; state lives in a :class:`SandboxStore`.
"""

from spil_dev.duo_sandbox.app import SandboxApp, SandboxContractError, make_app
from spil_dev.duo_sandbox.notify import NotificationResult, build_notification, send_notification
from spil_dev.duo_sandbox.rules import Fout, Weigering
from spil_dev.duo_sandbox.server import build_server, seed_demo, serve
from spil_dev.duo_sandbox.store import SANDBOX_DUO_OIN, Person, SandboxStore, UnknownPerson

__all__ = [
    "SANDBOX_DUO_OIN",
    "Fout",
    "NotificationResult",
    "Person",
    "SandboxApp",
    "SandboxContractError",
    "SandboxStore",
    "UnknownPerson",
    "Weigering",
    "build_notification",
    "build_server",
    "make_app",
    "seed_demo",
    "send_notification",
    "serve",
]
