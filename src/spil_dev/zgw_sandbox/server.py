"""Running the ZGW sandbox as a threaded HTTP server (the demo): events go out in the
background, a sink that cannot be reached is logged and skipped."""

from __future__ import annotations

import logging
import socketserver
import threading
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import httpx

from spil_dev.zgw_sandbox.app import Delivery, ZgwSandboxApp

__all__ = ["build_server", "start_in_background"]

logger = logging.getLogger("spil_dev.zgw_sandbox")


class _ThreadingWSGIServer(socketserver.ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return


def _post(delivery: Delivery) -> None:
    try:
        httpx.post(delivery.sink, json=delivery.event, headers=delivery.headers, timeout=10)
    except httpx.HTTPError as exc:
        logger.warning("ZGW sandbox: event not delivered to %s (%s)", delivery.sink, exc)


def _deliver_in_background(delivery: Delivery) -> None:
    threading.Thread(target=_post, args=(delivery,), daemon=True).start()


class _DeliveringApp:
    """The sandbox app, delivering the events a request caused once it has answered."""

    def __init__(self, app: ZgwSandboxApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        try:
            return self.app(environ, start_response)
        finally:
            self.app.deliver_pending()


def build_server(
    host: str, port: int, state_file: Path | None = None
) -> tuple[WSGIServer, ZgwSandboxApp]:
    app = ZgwSandboxApp(
        f"http://{host}:{port}", deliver=_deliver_in_background, state_file=state_file
    )
    server = make_server(
        host,
        port,
        _DeliveringApp(app),
        server_class=_ThreadingWSGIServer,
        handler_class=_QuietHandler,
    )
    return server, app


def start_in_background(host: str, port: int, state_file: Path | None = None) -> ZgwSandboxApp:
    """Serve the sandbox from a daemon thread (the demo); raises OSError if the port is taken."""
    server, app = build_server(host, port, state_file)
    threading.Thread(target=server.serve_forever, name="zgw-sandbox", daemon=True).start()
    return app
