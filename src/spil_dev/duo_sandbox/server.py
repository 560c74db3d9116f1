"""Running the sandbox as a (threaded) HTTP server for demos: ``python -m spil_dev.duo_sandbox``."""

from __future__ import annotations

import logging
import socketserver
from datetime import date
from pathlib import Path
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from spil_dev.duo_sandbox.app import SandboxApp, make_app
from spil_dev.duo_sandbox.store import SANDBOX_DUO_OIN, SandboxStore

__all__ = ["DEMO_GEMEENTE_OIN", "ThreadingWSGIServer", "build_server", "seed_demo", "serve"]

logger = logging.getLogger("spil_dev.duo_sandbox")

#: Sandbox-only OINs/BSNs (test BSN range 9999xxxxx, passing the elfproef).
DEMO_GEMEENTE_OIN = "00000001001234567000"
DEMO_GEMEENTE_CODE = "0999"


class ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        # The request line contains BSNs; the app logs masked lines itself.
        return


def seed_demo(store: SandboxStore, today: date | None = None) -> None:
    """A few demo persons for the demo gemeente (idempotent)."""
    today = today or date.today()
    if store.gemeente(DEMO_GEMEENTE_OIN) is None:
        store.add_gemeente(DEMO_GEMEENTE_OIN, DEMO_GEMEENTE_CODE, "Demogemeente")
    store.add_instelling(
        {
            "instellingsnummer": "1000000001",
            "naam": "Taalhuis Demo",
            "postcode": "1234AB",
            "huisnummer": 1,
            "plaatsnaam": "Demostad",
            "indicatieBowKeurmerk": True,
            "indicatieTstKeurmerk": False,
        }
    )
    start = date(today.year - 1, 1, 15)
    if not store.has_person("999990019"):
        store.add_person(
            "999990019",
            gemeente_oin=DEMO_GEMEENTE_OIN,
            plicht_begindatum=start,
            vestigingsdatum=start,
            doelgroep="asiel",
            v_nummer=1234567890,
        )
        store.set_examennummer("999990019", "LBT000123456")
    if not store.has_person("999990020"):
        store.add_person(
            "999990020",
            gemeente_oin=DEMO_GEMEENTE_OIN,
            plicht_begindatum=start,
            vestigingsdatum=start,
            doelgroep="gezin",
        )


def build_server(
    host: str,
    port: int,
    state_file: str | Path | None = None,
    *,
    duo_oin: str = SANDBOX_DUO_OIN,
    demo: bool = False,
) -> tuple[ThreadingWSGIServer, SandboxApp]:
    store = SandboxStore(state_file)
    if demo:
        seed_demo(store)
    app = make_app(store, duo_oin=duo_oin, strict=False)
    server = make_server(
        host, port, app, server_class=ThreadingWSGIServer, handler_class=_QuietHandler
    )
    return server, app


def serve(
    host: str = "127.0.0.1",
    port: int = 8765,
    state_file: str | Path | None = None,
    *,
    duo_oin: str = SANDBOX_DUO_OIN,
    demo: bool = False,
) -> None:
    """Serve the sandbox until interrupted. Base URL: ``http://{host}:{port}/v1``."""
    server, _ = build_server(host, port, state_file, duo_oin=duo_oin, demo=demo)
    logger.warning("DUO sandbox on http://%s:%s/v1 (doel OIN %s)", host, port, duo_oin)
    try:
        server.serve_forever()
    except KeyboardInterrupt:  # pragma: no cover - interactive
        pass
    finally:
        server.server_close()
