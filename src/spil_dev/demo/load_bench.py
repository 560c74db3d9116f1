"""Spil under load as it runs in production: gunicorn, production settings, PostgreSQL.

`spil bench load --users 50 --seconds 60`:

1. creates a fresh PostgreSQL database (dropped at the end; `--keep-db` keeps it) on the
   server of `--postgres` (default: `SPIL_BENCH_POSTGRES`, else the local one);
2. fills it in a child process with the dev settings: migrations, the demo data (`spil demo
   --no-serve --no-duo`), a partner client for the demo taalschool and one-time portal
   sign-in links for the newcomers (what a klantmanager issues in production);
3. collects the static files and starts gunicorn with `spil.settings.production` (fresh
   random SECRET_KEY and pseudonym key, Redis cache and broker, `--workers`/`--threads`).
   Production's HTTPS redirect and secure cookies stay on: the bench sends
   `X-Forwarded-Proto: https` as the TLS-terminating proxy in front of Spil does;
4. signs in: klantmanagers and trainers with password and TOTP (the demo key,
   `spil_dev.demo.totp`), each with an account of their own made beside the demo's
   (`km.gorinchem.01` …: same organisation and role; one session per person, as at their
   own desks), newcomers with their sign-in link, the taalschool's system with OAuth2
   client credentials;
5. runs `--users` virtual users for `--seconds`, each waiting `--think` seconds (uniform,
   min-max) between requests as a person at a screen does: klantmanagers open their
   caseload, search it, open dossiers and use the API; trainers open their groups;
   newcomers open the portal's home, agenda and plan; the partner system lists and reads
   its participants;
6. prints one JSON line: `p95_ms` (and `p50_ms`, `requests`) per endpoint, `rps`,
   `errors` (any answer but 200 OK, or no answer), the set-up, and
   `server_cpu_ms_per_request`: the CPU time gunicorn's workers spent per request (user and
   system, from /proc; PostgreSQL's share not included), which, unlike the latencies, does
   not depend on what else the machine is doing; `driver_cpu_ms_per_request`, what
   the virtual users themselves (this process) spent per request on the same cores; and
   `database_cpu_ms_per_request`, PostgreSQL's processes on this machine (0 for a server
   elsewhere; every database's sessions count, so run it on a quiet server);
   `machine_busy_percent`, how busy all the machine's cores were while it ran, and
   `cpu_steal_percent`, the share of their time the hypervisor gave to other guests: on a
   virtual machine the same code answers slower in a run with steal, and these two tell
   such a run from a change in Spil.

A thread pool with httpx drives the load (no extra dependency; docs/benchmarks.md).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from django.core.management.base import CommandParser

from spil_dev.demo.data import DEMO_PASSWORD

DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379"
#: The demo accounts whose colleagues (same organisation and role, own TOTP device) sign in.
STAFF = {
    "klantmanager": ("km.gorinchem", "km.molenlanden", "km.vijfheerenlanden"),
    "trainer": ("trainer",),
}
PARTNER_ORGANISATION = "Taalschool De Brug"
#: Of every 20 virtual users: klantmanagers, trainers, newcomers, partner systems.
MIX = (("klantmanager", 11), ("trainer", 3), ("newcomer", 5), ("partner", 1))


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--users", type=int, default=50, help="concurrent virtual users")
    parser.add_argument("--seconds", type=float, default=60, help="measured duration")
    parser.add_argument("--think", default="1-2", help="seconds between requests: MIN-MAX")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("SPIL_BENCH_POSTGRES", DEFAULT_POSTGRES),
        help="a PostgreSQL server URL whose user may create databases",
    )
    parser.add_argument(
        "--redis", default=os.environ.get("SPIL_BENCH_REDIS", DEFAULT_REDIS), help="Redis URL"
    )
    parser.add_argument("--keep-db", action="store_true", help="do not drop the database")


def run(**options: Any) -> dict[str, Any]:
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    users = max(1, int(options.get("users", 50)))
    seconds = max(1.0, float(options.get("seconds", 60)))
    think = _think_range(str(options.get("think", "1-2")))
    workers = max(1, int(options.get("workers", 3)))
    threads = max(1, int(options.get("threads", 4)))
    server = str(options.get("postgres") or DEFAULT_POSTGRES)
    redis = str(options.get("redis") or DEFAULT_REDIS).rstrip("/")
    name = f"spil_bench_load_{os.getpid()}_{secrets.token_hex(3)}"
    with contextlib.ExitStack() as stack:
        database_url = stack.enter_context(_fresh_database(server, name, keep=options["keep_db"]))
        var_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="spil-bench-")))
        started = time.perf_counter()
        fixture = _prepare(
            database_url,
            var_dir,
            {kind: _count(users, kind) for kind in ("newcomer", "klantmanager", "trainer")},
        )
        prepare_seconds = time.perf_counter() - started
        env = _production_env(database_url, var_dir, redis)
        _collectstatic(env)
        base_url, master = stack.enter_context(_gunicorn(env, workers=workers, threads=threads))
        result = _drive(
            base_url,
            fixture,
            users=users,
            seconds=seconds,
            think=think,
            server_cpu=lambda: _cpu_seconds(master),
        )
    return {
        "benchmark": "load",
        **result,
        "users": users,
        "seconds": seconds,
        "think_s": list(think),
        "gunicorn": {"workers": workers, "threads": threads},
        "prepare_s": round(prepare_seconds, 1),
        "cpus": os.cpu_count(),
    }


def _think_range(text: str) -> tuple[float, float]:
    low, _, high = text.partition("-")
    low_s = float(low)
    return (low_s, float(high) if high else low_s)


def _count(users: int, kind: str) -> int:
    return sum(1 for index in range(users) if _kind(index) == kind)


def _kind(index: int) -> str:
    """The index-th virtual user's role: the first four are one of each, the rest follow
    the mix evenly spread."""
    remaining = [(kind, share - 1) for kind, share in MIX]
    spread = sorted(((k + 0.5) / n, kind) for kind, n in remaining for k in range(n))
    order = [kind for kind, _ in MIX] + [kind for _, kind in spread]
    return order[index % len(order)]


# --------------------------------------------------------------------------- set-up


@contextlib.contextmanager
def _fresh_database(server: str, name: str, *, keep: bool) -> Iterator[str]:
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        if not keep:
            with psycopg.connect(server, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _prepare(database_url: str, var_dir: Path, counts: dict[str, int]) -> dict[str, Any]:
    """Migrations, the demo and the bench's credentials, in a child process on the bench
    database with the dev settings (the demo loader is a development tool)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "spil.settings.dev",
        "DATABASE_URL": database_url,
        "SPIL_VAR_DIR": str(var_dir / "dev"),
        "SPIL_DUO_SANDBOX": "false",
        "CELERY_TASK_ALWAYS_EAGER": "true",
    }
    done = subprocess.run(  # noqa: S603 - this interpreter, our own module
        [sys.executable, "-m", "spil_dev.demo.load_bench_fixture", json.dumps(counts)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"preparing the bench database failed:\n{done.stderr[-4000:]}")
    fixture: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return fixture


def _production_env(database_url: str, var_dir: Path, redis: str) -> dict[str, str]:
    """Production settings as a municipality runs them; only the keys are the bench's own."""
    database_index = 10 + os.getpid() % 5  # Redis databases apart from the demo's and tests'
    keep = ("PATH", "HOME", "LANG", "PYTHONPATH", "VIRTUAL_ENV", "TZ")
    return {
        **{key: os.environ[key] for key in keep if key in os.environ},
        "DJANGO_SETTINGS_MODULE": "spil.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SPIL_PSEUDONYM_KEY": secrets.token_urlsafe(36),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # DUO as production reaches it (production refuses the sandbox's values); the bench
        # sends DUO nothing.
        "SPIL_DUO_OIN": "00000001001234567000",
        "SPIL_DUO_GATEWAY_OIN_HEADER": "X-Client-Cert-OIN",
        "SPIL_DUO_BASE_URL": "https://duo-gateway.example.nl/v1",
        "SPIL_VAR_DIR": str(var_dir / "production"),
        "SPIL_CACHE_URL": f"{redis}/{database_index}",
        "CELERY_BROKER_URL": f"{redis}/{database_index}",
        "CELERY_RESULT_BACKEND": f"{redis}/{database_index}",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _collectstatic(env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "spil.cli", "collectstatic", "--noinput", "-v", "0"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"collectstatic failed:\n{done.stderr[-4000:]}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def _gunicorn(env: dict[str, str], *, workers: int, threads: int) -> Iterator[tuple[str, int]]:
    port = _free_port()
    log = Path(env["SPIL_VAR_DIR"]) / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - this interpreter, our own arguments
            [
                *(sys.executable, "-m", "gunicorn", "spil.wsgi:application"),
                *("--bind", f"127.0.0.1:{port}", "--workers", str(workers)),
                *("--threads", str(threads), "--worker-class", "gthread"),
                *("--keep-alive", "10", "--error-logfile", "-", "--log-level", "warning"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
            start_new_session=True,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base_url, process, log)
            yield base_url, process.pid
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _cpu_seconds(master: int) -> float:
    """CPU time (user and system) used so far by gunicorn's workers: what a request costs
    the server, whatever else the machine is doing."""
    return _processes_cpu_seconds(lambda _name, parent: parent == master)


def _database_cpu_seconds() -> float:
    """CPU time used so far by PostgreSQL's processes on this machine (0 when the server
    runs elsewhere): the database's share of a request. A connection's backend ends when
    Django closes the connection (DATABASE_CONN_MAX_AGE, a minute) and its time then moves
    to the postmaster, which reaped it: that is counted too."""
    return _processes_cpu_seconds(
        lambda name, _parent: name.startswith("postgres"), with_reaped_children=True
    )


def _processes_cpu_seconds(
    chosen: Callable[[str, int], bool], *, with_reaped_children: bool = False
) -> float:
    """The CPU time (user and system) of the processes `chosen(name, parent pid)` picks;
    `with_reaped_children` adds that of their children that have ended and been waited for."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            head, _, tail = stat.read_text().rpartition(")")
            fields = tail.split()
            if chosen(head.partition("(")[2], int(fields[1])):
                ticks += int(fields[11]) + int(fields[12])  # utime, stime
                if with_reaped_children:
                    ticks += int(fields[13]) + int(fields[14])  # cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def _machine_cpu_ticks(stat: Path = Path("/proc/stat")) -> tuple[int, int, int]:
    """All cores' clock ticks so far: (busy, stolen by the hypervisor, all)."""
    # user nice system idle iowait irq softirq steal (guest time is counted in user)
    fields = [int(value) for value in stat.read_text().split(maxsplit=11)[1:9]]
    counted, idle, steal = sum(fields), fields[3] + fields[4], fields[7]
    return counted - idle - steal, steal, counted


def _machine_shares(start: tuple[int, int, int], end: tuple[int, int, int]) -> dict[str, float]:
    busy, steal, counted = (after - before for before, after in zip(start, end, strict=True))
    return {
        "machine_busy_percent": round(100 * busy / max(1, counted), 1),
        "cpu_steal_percent": round(100 * steal / max(1, counted), 1),
    }


def _own_cpu_seconds() -> float:
    """CPU time (user and system) of this process: the virtual users' share of the
    machine, which the server's requests do not get."""
    times = os.times()
    return times.user + times.system


def _wait_until_up(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped:\n{log.read_text()[-4000:]}")
        with contextlib.suppress(httpx.HTTPError):
            answer = httpx.get(f"{base_url}/healthz", headers=_PROXY_HEADERS, timeout=2)
            if answer.status_code == 200:
                return
        time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer /healthz:\n{log.read_text()[-4000:]}")


# --------------------------------------------------------------------------- the load

#: What the TLS-terminating proxy in front of Spil adds (SECURE_PROXY_SSL_HEADER).
_PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
_CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_DOSSIER_LINK = re.compile(r'href="/personen/([0-9a-f-]{36})/"')
_GROUP_LINK = re.compile(r'href="/groepen/([\w-]+)/"')


class BenchError(Exception):
    pass


@dataclass
class Browser:
    """One person's browser: cookies kept by hand, because production's cookies are
    Secure and the bench talks plain HTTP to gunicorn behind its (absent) proxy."""

    base_url: str
    client: httpx.Client = field(init=False)
    cookies: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.client = httpx.Client(base_url=self.base_url, timeout=30, follow_redirects=False)

    def request(self, method: str, url: str, **kw: Any) -> httpx.Response:
        headers = {**_PROXY_HEADERS, **self.headers, **kw.pop("headers", {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"https://{urlsplit(self.base_url).netloc}"
        response = self.client.request(method, url, headers=headers, **kw)
        self.client.cookies.clear()
        for header in response.headers.get_list("set-cookie"):
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value in ("", '""') or "max-age=0" in header.lower():
                self.cookies.pop(name.strip(), None)
            else:
                self.cookies[name.strip()] = value
        return response

    def form_post(self, url: str, data: dict[str, str]) -> httpx.Response:
        page = self.request("GET", url)
        token = _CSRF_INPUT.search(page.text)
        if token is None:
            raise BenchError(f"no form at {url} (HTTP {page.status_code})")
        return self.request("POST", url, data={**data, "csrfmiddlewaretoken": token.group(1)})

    def close(self) -> None:
        self.client.close()


def _sign_in_staff(base_url: str, username: str) -> Browser:
    # Loaded only when a staff user signs in: the demo data module pulls in Django models.
    from spil_dev.demo.totp import current_demo_code

    browser = Browser(base_url)
    signed_in = browser.form_post("/inloggen/", {"username": username, "password": DEMO_PASSWORD})
    if signed_in.status_code != 302:
        raise BenchError(f"{username}: password refused (HTTP {signed_in.status_code})")
    verified = browser.form_post("/inloggen/verificatie/", {"token": current_demo_code()})
    if verified.status_code != 302:
        raise BenchError(f"{username}: TOTP code refused (HTTP {verified.status_code})")
    return browser


def _sign_in_newcomer(base_url: str, token: str) -> Browser:
    browser = Browser(base_url)
    signed_in = browser.form_post(f"/mijn/inloggen/link/{token}/", {})
    if signed_in.status_code != 302:
        raise BenchError(f"sign-in link refused (HTTP {signed_in.status_code})")
    return browser


def _partner(base_url: str, client_id: str, secret: str) -> Browser:
    browser = Browser(base_url)
    answer = browser.request(
        "POST",
        "/api/v1/oauth/token/",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
    )
    if answer.status_code != 200:
        raise BenchError(f"no partner token (HTTP {answer.status_code})")
    browser.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
    return browser


@dataclass
class Recorder:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, browser: Browser, endpoint: str, url: str) -> str:
        """GET `url` as `endpoint`; anything but 200 OK counts as an error."""
        started = time.perf_counter()
        try:
            response = browser.request("GET", url)
            outcome, text = str(response.status_code), response.text
        except httpx.HTTPError as exc:
            outcome, text = type(exc).__name__, ""
        elapsed = (time.perf_counter() - started) * 1000
        with self.lock:
            self.timings[endpoint].append(elapsed)
            if outcome != "200":
                self.errors[endpoint] += 1
                self.error_outcomes[outcome] += 1
        return text


Action = Callable[[Browser, Recorder, random.Random], None]


def _klantmanager_actions(search_terms: list[str]) -> list[Action]:
    dossiers: list[str] = []

    def caseload(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        html = recorder.call(browser, "caseload", "/personen/")
        dossiers[:] = sorted(set(_DOSSIER_LINK.findall(html))) or dossiers

    def search(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        term = rng.choice(search_terms)
        recorder.call(browser, "search", f"/personen/?q={term}")

    def dossier(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        if dossiers:
            recorder.call(browser, "dossier", f"/personen/{rng.choice(dossiers)}/")

    def api(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        recorder.call(browser, "api_persons", "/api/v1/persons/")

    return [caseload, search, dossier, dossier, api]


def _trainer_actions() -> list[Action]:
    groups: list[str] = []

    def group_list(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        html = recorder.call(browser, "groups", "/groepen/")
        groups[:] = sorted(set(_GROUP_LINK.findall(html)) - {"nieuw", "indeling"}) or groups

    def group(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        if groups:
            recorder.call(browser, "group", f"/groepen/{rng.choice(groups)}/")

    return [group_list, group, group]


def _newcomer_actions() -> list[Action]:
    def page(endpoint: str, url: str) -> Action:
        def visit(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
            recorder.call(browser, endpoint, url)

        return visit

    return [
        page("portal_home", "/mijn/"),
        page("portal_agenda", "/mijn/agenda/"),
        page("portal_plan", "/mijn/plan/"),
    ]


def _partner_actions() -> list[Action]:
    participants: list[str] = []

    def listing(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        text = recorder.call(browser, "api_partner_participants", "/api/v1/partner/participants/")
        with contextlib.suppress(ValueError, KeyError, TypeError):
            found = [row["id"] for row in json.loads(text)["results"]]
            participants[:] = found or participants

    def detail(browser: Browser, recorder: Recorder, rng: random.Random) -> None:
        if participants:
            url = f"/api/v1/partner/participants/{rng.choice(participants)}/"
            recorder.call(browser, "api_partner_participant", url)

    return [listing, detail]


def _drive(
    base_url: str,
    fixture: dict[str, Any],
    *,
    users: int,
    seconds: float,
    think: tuple[float, float],
    server_cpu: Callable[[], float],
) -> dict[str, Any]:
    # Every staff user signs in with an account of their own (one session each, as people
    # at their own desks); newcomers with their own link; partner systems with a token.
    staff = {kind: iter(names) for kind, names in fixture["staff"].items()}
    links = iter(fixture["sign_in_links"])
    partner = fixture["partner"]
    kinds = [_kind(index) for index in range(users)]
    signing_in: dict[str, Callable[[], Browser]] = {
        "klantmanager": lambda: _sign_in_staff(base_url, next(staff["klantmanager"])),
        "trainer": lambda: _sign_in_staff(base_url, next(staff["trainer"])),
        "newcomer": lambda: _sign_in_newcomer(base_url, next(links)),
        "partner": lambda: _partner(base_url, partner["id"], partner["secret"]),
    }
    actions: dict[str, Callable[[], list[Action]]] = {
        "klantmanager": lambda: _klantmanager_actions(fixture["search_terms"]),
        "trainer": _trainer_actions,
        "newcomer": _newcomer_actions,
        "partner": _partner_actions,
    }
    with ThreadPoolExecutor(max_workers=8) as pool:
        browsers = list(pool.map(lambda kind: signing_in[kind](), kinds))
    plans = [(browser, actions[kind]()) for browser, kind in zip(browsers, kinds, strict=True)]
    recorder = Recorder()
    clock: dict[str, float] = {}
    machine_at_start: dict[str, tuple[int, int, int]] = {}

    def start_the_clock() -> None:  # runs once, before any user passes the barrier
        clock["started"] = time.monotonic()
        clock["deadline"] = clock["started"] + seconds
        clock["cpu"] = server_cpu()
        clock["database_cpu"] = _database_cpu_seconds()
        clock["driver_cpu"] = _own_cpu_seconds()
        machine_at_start["ticks"] = _machine_cpu_ticks()

    warmed_up = threading.Barrier(len(plans) + 1, action=start_the_clock)

    def user(number: int, browser: Browser, actions: list[Action]) -> None:
        rng = random.Random(number)
        for action in actions:  # warm up, unmeasured: every list is known, every worker warm
            action(browser, Recorder(), rng)
        warmed_up.wait()
        time.sleep(rng.uniform(0, think[1]))  # users do not all start at the same instant
        while time.monotonic() < clock["deadline"]:
            rng.choice(actions)(browser, recorder, rng)
            time.sleep(rng.uniform(*think))

    workers = [
        threading.Thread(target=user, args=(n, b, a), daemon=True) for n, (b, a) in enumerate(plans)
    ]
    for worker in workers:
        worker.start()
    warmed_up.wait()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - clock["started"]
    cpu = server_cpu() - clock["cpu"]
    database_cpu = _database_cpu_seconds() - clock["database_cpu"]
    driver_cpu = _own_cpu_seconds() - clock["driver_cpu"]
    machine = _machine_shares(machine_at_start["ticks"], _machine_cpu_ticks())
    for browser, _actions in plans:
        browser.close()
    total = sum(len(values) for values in recorder.timings.values())
    return {
        "p95_ms": {k: round(_percentile(v, 95), 1) for k, v in sorted(recorder.timings.items())},
        "p50_ms": {k: round(_percentile(v, 50), 1) for k, v in sorted(recorder.timings.items())},
        "requests": {k: len(v) for k, v in sorted(recorder.timings.items())},
        "rps": round(total / elapsed, 1),
        "server_cpu_ms_per_request": round(cpu * 1000 / max(1, total), 1),
        "driver_cpu_ms_per_request": round(driver_cpu * 1000 / max(1, total), 1),
        "database_cpu_ms_per_request": round(database_cpu * 1000 / max(1, total), 1),
        **machine,
        "errors": sum(recorder.errors.values()),
        "errors_by_endpoint": dict(sorted(recorder.errors.items())),
        "errors_by_outcome": dict(sorted(recorder.error_outcomes.items())),
    }


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(pct / 100 * len(ordered)))]
