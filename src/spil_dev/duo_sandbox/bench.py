"""Benchmark of the Notificatie API: accepted notifications per second, nothing lost, no
duplicates stored (``spil bench duo --notifications 10000 --duplicate-ratio 0.1``).

Without ``--url`` it starts Spil like production on a free local port: gunicorn with two
workers (gthread, 4 threads each, keep-alive), ``spil.settings.production`` with a throw-away
SECRET_KEY and ``SECURE_SSL_REDIRECT=false``, the PostgreSQL ``DATABASE_URL`` when one is set
(a scratch database: it is migrated) or else a temporary SQLite file. Processing goes to
Celery on Redis (database 15, emptied afterwards); no worker runs, so the notifications
stay queued: acceptance is what is measured.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import logging
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from spil_dev.duo_sandbox import SANDBOX_DUO_OIN

GEMEENTE_OIN = "00000001009876543000"
#: Production refuses the sandbox's OIN and an open endpoint: the bench's own server runs as
#: production does, behind a gateway that names DUO's certificate in a header.
BENCH_DUO_OIN = "00000001001234567000"
BENCH_GATEWAY_HEADER = "X-Client-Cert-OIN"
BENCH_BROKER = "redis://127.0.0.1:6379/15"
EVENTS = ("SS139", "SS102", "SS131", "SS199", "SS103", "SS126", "SS101", "SS121")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--notifications", type=int, default=10_000)
    parser.add_argument("--duplicate-ratio", type=float, default=0.1)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument(
        "--url", default=None, help="an already running Notificatie API (…/api/duo/v1/notificaties)"
    )
    parser.add_argument("--doel", default=GEMEENTE_OIN, help="gemeente OIN (with --url)")
    parser.add_argument("--duo-oin", default=SANDBOX_DUO_OIN, help="the bron Spil expects")
    parser.add_argument("--seed", type=int, default=2021)


@dataclass(frozen=True)
class Message:
    bericht_id: str
    body: bytes


def _bsns(count: int) -> list[str]:
    from spil.testing import valid_bsns  # imports models: once Django is set up

    return list(itertools.islice(valid_bsns(start=999_300_001), count))


def build_messages(total: int, duplicate_ratio: float, rng: random.Random) -> list[Message]:
    """``total`` requests: unique notifications plus re-sent ones (same berichtId), half of
    them in DUO's order and half shuffled (out of order)."""
    duplicates = int(total * duplicate_ratio)
    unique = total - duplicates
    persons = _bsns(max(1, unique // 4))
    start = datetime(2025, 1, 1, tzinfo=UTC)
    messages = []
    for i in range(unique):
        body = {
            "registratieDatumTijd": (start + timedelta(minutes=i)).isoformat(timespec="seconds"),
            "gebeurtenisId": EVENTS[i % len(EVENTS)],
            "bsn": persons[i % len(persons)],
        }
        messages.append(Message(str(uuid.uuid4()), json.dumps(body).encode()))
    resent = [rng.choice(messages) for _ in range(duplicates)]
    ordered = messages[: unique // 2]
    shuffled = messages[unique // 2 :] + resent
    rng.shuffle(shuffled)
    return ordered + shuffled


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _bin(name: str) -> str:
    candidate = Path(sys.executable).with_name(name)
    return str(candidate) if candidate.exists() else name


class Server:
    """Spil under gunicorn with production settings, on a scratch database."""

    def __init__(self, workers: int, database_url: str | None) -> None:
        self.tmp = Path(tempfile.mkdtemp(prefix="spil-bench-duo-"))
        self.port = _free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "spil.settings.production",
            "SECRET_KEY": "bench-" + uuid.uuid4().hex * 2,
            "SPIL_PSEUDONYM_KEY": "bench-pseudonyms-" + uuid.uuid4().hex,
            "SECURE_SSL_REDIRECT": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SPIL_VAR_DIR": str(self.tmp),
            "DATABASE_URL": database_url or f"sqlite:///{self.tmp / 'bench.sqlite3'}",
            "CELERY_BROKER_URL": BENCH_BROKER,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "SPIL_DUO_SANDBOX": "false",  # production refuses the demo tools
            "SPIL_DUO_OIN": BENCH_DUO_OIN,
            "SPIL_DUO_GATEWAY_OIN_HEADER": BENCH_GATEWAY_HEADER,
            "SPIL_DUO_BASE_URL": "https://duo-gateway.example.nl/v1",
            "LOG_LEVEL": "WARNING",
        }
        self.workers = workers
        self.process: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str) -> str:
        result = subprocess.run(  # noqa: S603 - our own command line
            [_bin("spil"), *args], env=self.env, check=True, capture_output=True, text=True
        )
        return result.stdout

    def start(self) -> str:
        self.manage("migrate", "--no-input", "-v", "0")
        self.manage(
            "shell",
            "-c",
            "from spil.accounts.models import Organisation as O;"
            f"O.objects.get_or_create(oin='{GEMEENTE_OIN}', defaults="
            "{'name': 'Benchgemeente', 'type': 'gemeente'})",
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                _bin("gunicorn"),
                "spil.wsgi:application",
                "--workers",
                str(self.workers),
                "--worker-class",
                "gthread",
                "--threads",
                "4",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        return f"http://127.0.0.1:{self.port}/api/duo/v1/notificaties"

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by the gunicorn workers (Linux /proc; None elsewhere)."""
        if self.process is None:
            return None
        try:
            master = self.process.pid
            children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
            tick = os.sysconf("SC_CLK_TCK")
            total = 0
            for pid in children:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime + stime
            return total / tick
        except (OSError, ValueError, IndexError):
            return None

    def stored(self, bericht_ids: set[str]) -> tuple[int, int]:
        """Rows stored for these berichtIds (this run only: the database may hold earlier
        runs) and how many distinct berichtIds among them."""
        listing = self.tmp / "bericht_ids.txt"
        listing.write_text("\n".join(sorted(bericht_ids)), encoding="utf-8")
        out = self.manage(
            "shell",
            "-c",
            "from spil.duo.models import DuoNotification as N\n"
            f"ids = open({str(listing)!r}).read().split()\n"
            "rows = unique = 0\n"
            "for i in range(0, len(ids), 500):\n"
            "    q = N.objects.filter(bericht_id__in=ids[i:i + 500])\n"
            "    rows += q.count()\n"
            "    unique += q.values('bericht_id').distinct().count()\n"
            "print(rows, unique)",
        )
        rows, unique = out.strip().splitlines()[-1].split()
        return int(rows), int(unique)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.tmp, ignore_errors=True)
        try:
            import redis

            redis.Redis.from_url(BENCH_BROKER).flushdb()
        except Exception:  # noqa: S110 - no broker, nothing to clean
            pass


def send_all(
    url: str,
    messages: list[Message],
    *,
    doel: str,
    duo_oin: str,
    concurrency: int,
    gateway_header: str = "",
) -> tuple[dict[int, int], float]:
    """Post every message from ``concurrency`` threads, each with one keep-alive connection
    (http.client: the lightest client, so the machine's CPU goes to the server)."""
    parts = urlsplit(url)
    host, port, path = parts.hostname or "127.0.0.1", parts.port or 80, parts.path
    local = threading.local()
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def connection() -> http.client.HTTPConnection:
        if not hasattr(local, "conn"):
            local.conn = http.client.HTTPConnection(host, port, timeout=30)
        return local.conn  # type: ignore[no-any-return]

    def post(message: Message) -> None:
        headers = {
            "bron": duo_oin,
            "doel": doel,
            "berichtId": message.bericht_id,
            "Content-Type": "application/json",
        }
        if gateway_header:
            headers[gateway_header] = duo_oin
        status = 0
        for _attempt in range(2):  # a keep-alive connection the server closed: reconnect once
            try:
                conn = connection()
                conn.request("POST", path, body=message.body, headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
                break
            except (OSError, http.client.HTTPException):
                connection().close()
                del local.conn
        with lock:
            statuses[status] = statuses.get(status, 0) + 1

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(post, messages))
    return statuses, time.monotonic() - started


def run(**options: Any) -> dict[str, Any]:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    rng = random.Random(options.get("seed", 2021))
    messages = build_messages(options["notifications"], options["duplicate_ratio"], rng)
    unique_sent = len({m.bericht_id for m in messages})
    with ExitStack() as stack:
        server: Server | None = None
        url = options.get("url")
        duo_oin, gateway_header = options["duo_oin"], ""
        if not url:
            server = Server(options["workers"], os.environ.get("DATABASE_URL") or None)
            stack.callback(server.stop)
            url = server.start()
            duo_oin, gateway_header = BENCH_DUO_OIN, BENCH_GATEWAY_HEADER
        cpu_before = server.cpu_seconds() if server is not None else None
        statuses, elapsed = send_all(
            url,
            messages,
            doel=options["doel"],
            duo_oin=duo_oin,
            concurrency=options["concurrency"],
            gateway_header=gateway_header,
        )
        accepted = statuses.get(201, 0)
        result: dict[str, Any] = {
            "sent": len(messages),
            "unique_sent": unique_sent,
            "accepted": accepted,
            "accepted_per_s": round(accepted / elapsed, 1) if elapsed else None,
            "seconds": round(elapsed, 2),
            "statuses": {str(k): v for k, v in sorted(statuses.items())},
        }
        if server is not None:
            cpu_after = server.cpu_seconds()
            if cpu_before is not None and cpu_after is not None and accepted:
                cpu_ms = (cpu_after - cpu_before) * 1000 / len(messages)
                # What the workers could accept with a CPU core each and nothing else running.
                result["server_cpu_ms_per_request"] = round(cpu_ms, 2)
                result["capacity_per_s_at_full_cpu"] = round(options["workers"] * 1000 / cpu_ms)
            result["load_average"] = round(os.getloadavg()[0], 1)
            rows, unique = server.stored({m.bericht_id for m in messages})
            result.update(
                unique_stored=unique,
                duplicates_stored=rows - unique,
                lost=unique_sent - unique,
                database="postgresql" if "postgres" in server.env["DATABASE_URL"] else "sqlite",
                workers=options["workers"],
                concurrency=options["concurrency"],
            )
        else:
            result.update(
                unique_stored=None,
                lost=len(messages) - accepted,
                concurrency=options["concurrency"],
            )
    return result
