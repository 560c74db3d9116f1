"""Command line of the DUO sandbox.

``python -m spil_dev.duo_sandbox [serve] [--host H] [--port P] [--state-file F] [--demo]``
``python -m spil_dev.duo_sandbox notify --url URL --doel OIN --gebeurtenis SS102 [--bsn BSN]``
"""

from __future__ import annotations

import argparse
import logging
import sys

from spil_dev.duo_sandbox.notify import send_notification
from spil_dev.duo_sandbox.server import serve
from spil_dev.duo_sandbox.store import SANDBOX_DUO_OIN


def main(argv: list[str] | None = None) -> int:
    args_in = list(sys.argv[1:] if argv is None else argv)
    if not args_in or args_in[0] not in ("serve", "notify"):
        args_in.insert(0, "serve")
    parser = argparse.ArgumentParser(prog="python -m spil_dev.duo_sandbox")
    sub = parser.add_subparsers(dest="command", required=True)
    p_serve = sub.add_parser("serve", help="serve the DUO APIs under /v1")
    p_serve.add_argument("--host", default="127.0.0.1")
    p_serve.add_argument("--port", type=int, default=8765)
    p_serve.add_argument("--state-file", default=None, help="JSON file to persist state in")
    p_serve.add_argument("--duo-oin", default=SANDBOX_DUO_OIN)
    p_serve.add_argument("--demo", action="store_true", help="seed a demo gemeente/persons")
    p_notify = sub.add_parser("notify", help="send one notification to a gemeente")
    p_notify.add_argument("--url", required=True, help="full URL of .../v1/notificaties")
    p_notify.add_argument("--doel", required=True, help="OIN of the gemeente")
    p_notify.add_argument("--gebeurtenis", required=True, help="gebeurtenisId, e.g. SS102")
    p_notify.add_argument("--bsn", default=None)
    p_notify.add_argument("--v-nummer", type=int, default=None)
    p_notify.add_argument("--duo-oin", default=SANDBOX_DUO_OIN)
    args = parser.parse_args(args_in)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    if args.command == "notify":
        result = send_notification(
            args.url, args.duo_oin, args.doel, args.bsn, args.gebeurtenis, v_nummer=args.v_nummer
        )
        print(f"berichtId={result.bericht_id} status={result.status_code}")
        for error in result.response_errors:
            print(f"response off-contract: {error}")
        return 0 if result.accepted else 1
    serve(args.host, args.port, args.state_file, duo_oin=args.duo_oin, demo=args.demo)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
