"""Caseload and dossier: server time of the klantmanager's pages on a large caseload.

`spil bench caseload --persons 100000 --events 2000000` generates synthetic people (BSNs
from the 999/998 ranges passing the 11-proef), trajectories with deadlines, tasks, signals
and timeline entries in bulk (COPY on PostgreSQL, bulk_create elsewhere), then requests
the real pages through Django's test client, signed in as a klantmanager whose regio shares
caseloads (so every generated person is in scope), and reports p50/p95 server time and the
number of queries per page. `--keep` reuses the data of an earlier run.

The benchmark's own page views write processing records, as every view does.
"""

from __future__ import annotations

import io
import itertools
import json
import random
import statistics
import time
import uuid
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.core.management.base import CommandParser
from django.db import connection, models, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.audit.services import person_reference
from spil.dossier.models import ContactMoment, Signal, Task, TimelineEntry
from spil.dossier.queries import encode_cursor
from spil.dossier.views.sections import SECTIONS
from spil.persons.models import Person
from spil.testing import valid_bsns
from spil.trajectories.models import Deadline, Trajectory
from spil_dev.demo.data import FAMILY_NAMES, GIVEN_NAMES

BENCH_REGIO = "Bench regio (synthetic)"
BENCH_PREFIX = "Bench gemeente"
BENCH_USER = "bench.klantmanager"
ACTIVE = ["new", "intake", "pip_vastgesteld", "running"]
DUO_CODES = ["SS101", "SS102", "SS103", "SS120", "SS121", "SS126", "SS127", "SS131", "SS139"]


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=2_000_000, help="timeline entries")
    parser.add_argument(
        "--long-history",
        type=int,
        default=None,
        help="entries of the one long dossier (default: 1%% of --events, at least 1000)",
    )
    parser.add_argument("--municipalities", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30, help="measured requests per page")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="reuse the data of an earlier run if present"
    )


def run(**options: Any) -> dict[str, Any]:

    persons = int(options.get("persons", 100_000))
    events = int(options.get("events", 2_000_000))
    long_history = options.get("long_history")
    long_history = int(long_history) if long_history else max(1000, events // 100)
    long_history = min(long_history, events)
    repeat = max(1, int(options.get("repeat", 30)))
    regio = Organisation.objects.filter(name=BENCH_REGIO).first()
    generated = False
    seconds = 0.0
    if regio is None or not options.get("keep"):
        if regio is not None:
            _delete(regio)
        started = time.perf_counter()
        _generate(
            persons=persons,
            events=events,
            long_history=long_history,
            municipalities=max(1, int(options.get("municipalities", 10))),
            seed=int(options.get("seed", 2026)),
        )
        seconds = time.perf_counter() - started
        generated = True
        regio = Organisation.objects.get(name=BENCH_REGIO)
    _analyse()
    scope = list(regio.members.values_list("pk", flat=True))
    persons_count = Person.objects.filter(municipality_id__in=scope).count()

    events_count = TimelineEntry.objects.filter(person__municipality_id__in=scope).count()
    pages = _measure(scope, repeat)
    return {
        "persons": persons_count,
        "events": events_count,
        "database": connection.vendor,
        "generated": generated,
        "generation_seconds": round(seconds, 1),
        "repeat": repeat,
        "pages": pages,
    }


# --------------------------------------------------------------------------- generation


def _next_id(model: type[models.Model]) -> int:
    last = model._default_manager.aggregate(m=models.Max("pk"))["m"]
    return int(last or 0) + 1


def _insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows (values in `fields` order, attnames, `id` included): COPY on PostgreSQL,
    bulk_create in batches elsewhere."""
    count = 0
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        columns = ", ".join(
            connection.ops.quote_name(str(getattr(model._meta.get_field(f), "column", f)))
            for f in fields
        )
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(
                f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(
                        [json.dumps(v) if isinstance(v, dict | list) else v for v in row]
                    )
                    count += 1
            # Table names come from the models, not from input.
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))"
            )
        return count
    batch: list[models.Model] = []
    for row in rows:
        batch.append(model(**dict(zip(fields, row, strict=True))))
        if len(batch) >= 5000:
            model._default_manager.bulk_create(batch)
            count += len(batch)
            batch = []
    if batch:
        model._default_manager.bulk_create(batch)
        count += len(batch)
    return count


def _generate(
    *, persons: int, events: int, long_history: int, municipalities: int, seed: int
) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        regio = Organisation.objects.create(
            name=BENCH_REGIO, type=OrganisationType.REGIO, shares_caseloads=True
        )
        gemeenten = [
            Organisation.objects.create(
                name=f"{BENCH_PREFIX} {i + 1:02d}", type=OrganisationType.GEMEENTE
            )
            for i in range(municipalities)
        ]
        regio.members.add(*gemeenten)
        bench_user = User.objects.create_user(
            username=BENCH_USER, first_name="Bench", last_name="Klantmanager"
        )
        bench_user.set_unusable_password()
        bench_user.save()
        Membership.objects.create(
            user=bench_user, organisation=gemeenten[0], role=Role.KLANTMANAGER
        )
        TOTPDevice.objects.create(user=bench_user, name="bench", confirmed=True)
        regisseurs = [bench_user]
        for i in range(20):
            user = User.objects.create_user(username=f"bench.km{i:02d}", last_name=f"KM {i:02d}")
            Membership.objects.create(
                user=user, organisation=gemeenten[i % municipalities], role=Role.KLANTMANAGER
            )
            regisseurs.append(user)

    # Below the demo's and the tests' numbers, so a bench never meets them.
    bsns = list(itertools.islice(valid_bsns(start=997_000_000), persons))
    person_start = _next_id(Person)
    person_ids = list(range(person_start, person_start + persons))
    countries = ["SY", "ER", "AF", "TR", "UA", "SO", "IR", "IQ"]
    languages = {
        "SY": "ara",
        "ER": "tir",
        "AF": "prs",
        "TR": "tur",
        "UA": "ukr",
        "SO": "som",
        "IR": "fas",
        "IQ": "ara",
    }

    def person_rows() -> Iterable[list[Any]]:
        for n, pid in enumerate(person_ids):
            country = countries[n % len(countries)]
            yield [
                pid,
                uuid.UUID(int=rng.getrandbits(128), version=4),
                rng.choice(GIVEN_NAMES),
                rng.choice(FAMILY_NAMES),
                bsns[n],
                date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45)),
                None,
                country,
                [languages[country]],
                languages[country],
                n % 4 == 0,
                "",
                "",
                "",
                "",
                "",
                "asiel" if n % 3 else "gezin_overig",
                None,
                None,
                gemeenten[n % municipalities].pk,
                regisseurs[n % len(regisseurs)].pk,
                now,
                now,
                person_reference(pid),  # bulk rows skip Person.save, which sets it
            ]

    person_fields = [
        "id",
        "public_id",
        "given_names",
        "family_name",
        "bsn",
        "date_of_birth",
        "v_nummer",
        "country_of_origin",
        "languages",
        "preferred_language",
        "interpreter_needed",
        "phone",
        "email",
        "street",
        "postcode",
        "city",
        "doelgroep",
        "arrival_date",
        "settlement_date",
        "municipality_id",
        "regisseur_id",
        "created_at",
        "updated_at",
        "log_ref",
    ]
    with transaction.atomic():
        _insert(Person, person_fields, person_rows())

    # Trajectories: 85 % active, 10 % ended, 5 % none. One open deadline (the next) each
    # for the active ones, plus the end of the term.
    trajectory_rows: list[list[Any]] = []
    deadline_rows: list[list[Any]] = []
    trajectory_id = _next_id(Trajectory)
    deadline_id = _next_id(Deadline)
    kinds = ["leerroute", "termijn_end", "route_switch"]
    for n, pid in enumerate(person_ids):
        roll = n % 20
        if roll == 19:
            continue
        active = roll < 17
        status = ACTIVE[n % 4] if active else "completed"
        next_due = today + timedelta(days=rng.randrange(-30, 1100)) if active else None
        kind = kinds[n % 3] if active else ""
        estimate = bool(n % 2)
        trajectory_rows.append(
            [
                trajectory_id,
                pid,
                gemeenten[n % municipalities].pk,
                status,
                "" if active else "exam_passed",
                None if active else today - timedelta(days=rng.randrange(1, 400)),
                today - timedelta(days=rng.randrange(100, 900)),
                ["b1", "onderwijs", "z"][n % 3] if status != "new" else "",
                ["B1", "A2", ""][n % 3] if status != "new" else "",
                None,
                None,
                today - timedelta(days=400),
                today + timedelta(days=700),
                estimate,
                next_due,
                kind,
                None,
                now,
                now,
                "",  # suspended_from: COPY fills no model defaults
            ]
        )
        if active and next_due is not None:
            for k in {kind, "termijn_end"}:
                due = next_due if k == kind else max(next_due, today + timedelta(days=700))
                deadline_rows.append(
                    [
                        deadline_id,
                        trajectory_id,
                        k,
                        due,
                        "open",
                        estimate,
                        f"{k}_bench",
                        date(2022, 1, 1),
                        "Wet inburgering 2021 (synthetic benchmark rule)",
                        date(2026, 11, 23),
                        now,
                    ]
                )
                deadline_id += 1
        trajectory_id += 1
    with transaction.atomic():
        _insert(
            Trajectory,
            [
                "id",
                "person_id",
                "municipality_id",
                "status",
                "end_reason",
                "ended_on",
                "plicht_start",
                "leerroute",
                "niveau",
                "leerroute_period_start",
                "pip_dagtekening",
                "termijn_start",
                "termijn_end",
                "termijn_is_estimate",
                "next_deadline",
                "next_deadline_kind",
                "last_duo_event_at",
                "created_at",
                "updated_at",
                "suspended_from",
            ],
            trajectory_rows,
        )
        _insert(
            Deadline,
            [
                "id",
                "trajectory_id",
                "kind",
                "due",
                "status",
                "is_estimate",
                "rule_key",
                "rule_valid_from",
                "rule_source",
                "rule_checked_on",
                "created_at",
            ],
            deadline_rows,
        )
    del trajectory_rows, deadline_rows

    # Open signals for 15 %, an open task for 30 %.
    signal_codes = ["SS126", "SS127", "deadline_near", "SS142"]
    signal_id, task_id = _next_id(Signal), _next_id(Task)
    with transaction.atomic():
        _insert(
            Signal,
            ["id", "person_id", "code", "params", "severity", "raised_at", "resolved_at"],
            (
                [signal_id + i, pid, signal_codes[i % 4], {}, "warning", now, None]
                for i, pid in enumerate(person_ids[::7])
            ),
        )
        _insert(
            Task,
            [
                "id",
                "person_id",
                "trajectory_id",
                "code",
                "params",
                "title",
                "due",
                "assignee_id",
                "status",
                "source_key",
                "created_at",
                "done_at",
            ],
            (
                [
                    task_id + i,
                    pid,
                    None,
                    "set_leerroute",
                    {},
                    "Set the learning route within the 10-week period",
                    today + timedelta(days=i % 60),
                    regisseurs[i % len(regisseurs)].pk,
                    "open",
                    "",
                    now,
                    None,
                ]
                for i, pid in enumerate(person_ids[::3])
            ),
        )

    # Timeline: one long dossier (the first person), the rest spread over everybody.
    long_person = person_ids[0]
    moment_id = _next_id(ContactMoment)
    moments = long_history // 100
    with transaction.atomic():
        _insert(
            ContactMoment,
            [
                "id",
                "person_id",
                "kind",
                "date",
                "interpreter_present",
                "interpreter_language",
                "peer_expert_present",
                "other_participants",
                "notes",
                "author_id",
                "created_at",
            ],
            (
                [
                    moment_id + i,
                    long_person,
                    "progress",
                    today - timedelta(days=i),
                    i % 2 == 0,
                    "ara" if i % 2 == 0 else "",
                    False,
                    "",
                    "Voortgangsgesprek (synthetisch).",
                    bench_user.pk,
                    now,
                ]
                for i in range(moments)
            ),
        )
    entry_id = _next_id(TimelineEntry)
    start = now - timedelta(days=3 * 365)
    span = int((now - start).total_seconds())

    def entries() -> Iterable[list[Any]]:
        for i in range(events):
            if i < long_history:
                pid = long_person
                at = now - timedelta(minutes=i * 30)
                if i % 100 == 0 and i // 100 < moments:
                    yield [
                        entry_id + i,
                        pid,
                        at,
                        "contact_moment",
                        "progress",
                        {"contact_moment": moment_id + i // 100},
                        "",
                        bench_user.pk,
                        now,
                    ]
                    continue
            else:
                pid = person_ids[rng.randrange(persons)]
                at = start + timedelta(seconds=rng.randrange(span))
            yield [
                entry_id + i,
                pid,
                at,
                "duo_event",
                DUO_CODES[i % len(DUO_CODES)],
                {"bericht_id": str(uuid.UUID(int=i, version=4))},
                "",
                None,
                now,
            ]

    with transaction.atomic():
        _insert(
            TimelineEntry,
            [
                "id",
                "person_id",
                "occurred_at",
                "kind",
                "code",
                "params",
                "text",
                "actor_id",
                "created_at",
            ],
            entries(),
        )


def _delete(regio: Any) -> None:
    """Remove an earlier run's data (raw deletes: cascades through the ORM take hours)."""

    scope = list(regio.members.values_list("pk", flat=True))
    if not scope:
        regio.delete()
        return
    # Only integer ids from the database go into these statements.
    ids = ",".join(str(int(pk)) for pk in scope)
    persons = f"SELECT id FROM persons_person WHERE municipality_id IN ({ids})"  # noqa: S608
    trajectories = f"SELECT id FROM trajectories_trajectory WHERE person_id IN ({persons})"  # noqa: S608
    statements = [
        f"DELETE FROM dossier_timelineentry WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM dossier_task WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM dossier_signal WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM dossier_contactmoment WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM trajectories_deadline WHERE trajectory_id IN ({trajectories})",  # noqa: S608
        f"DELETE FROM trajectories_termextension WHERE trajectory_id IN ({trajectories})",  # noqa: S608
        f"DELETE FROM trajectories_trajectory WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM persons_householdmember WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM persons_person WHERE municipality_id IN ({ids})",  # noqa: S608
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    users = User.objects.filter(username__startswith="bench.").exclude(
        username__startswith="bench.old."
    )

    Membership.objects.filter(user__in=users).delete()
    # Processing records keep their actor (PROTECT through the log is not wanted here):
    # bench users stay when they have records, and are reused.
    for user in users:
        try:
            with transaction.atomic():
                user.delete()
        except Exception:  # a user with records in the log stays
            user.is_active = False
            user.username = f"bench.old.{user.pk}"
            user.save(update_fields=["is_active", "username"])
    Organisation.objects.filter(pk__in=scope).update(is_active=False, name="Bench (old)")
    regio.members.clear()
    regio.name = "Bench regio (old)"
    regio.is_active = False
    regio.save()


def _analyse() -> None:
    """Fresh statistics and visibility map, as autovacuum keeps them in production."""
    if connection.vendor != "postgresql":
        return
    # VACUUM refuses to run inside a transaction (as in a test); ANALYZE alone still
    # gives the planner the statistics it needs there.
    statement = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)


# --------------------------------------------------------------------------- measuring


def _client() -> Client:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username=BENCH_USER)
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def _measure(scope: list[int], repeat: int) -> dict[str, dict[str, float | int]]:

    client = _client()
    long_person_id = (
        TimelineEntry.objects.filter(person__municipality_id__in=scope)
        .values("person_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("person_id", flat=True)
        .first()
    )
    assert long_person_id is not None, "no timeline entries: generate data first"
    long_person = Person.objects.get(pk=long_person_id)
    in_scope = Person.objects.filter(municipality_id__in=scope).order_by("pk")
    position = min(1000, in_scope.count() // 2)
    sample = in_scope[position : position + 1].get()
    middle = list(
        TimelineEntry.objects.filter(person=long_person).order_by("-occurred_at", "-pk")[2000:2001]
    )
    caseload = reverse("persons:caseload")
    person_args = [long_person.public_id]
    pages: dict[str, tuple[str, dict[str, str]]] = {
        # Explicitly unfiltered: without a query string the caseload brings back the
        # filters the user last used.
        "caseload_first_page": (caseload, {"sort": "deadline"}),
        "caseload_status_filter": (caseload, {"status": "intake"}),
        "caseload_signal_filter": (caseload, {"signal": "SS126"}),
        "caseload_sort_by_name": (caseload, {"sort": "name"}),
        "caseload_name_search": (caseload, {"q": sample.family_name}),
        "caseload_bsn_search": (caseload, {"q": sample.bsn}),
    }
    # The dossier of the person with the longest history: the summary and every section.
    for section in SECTIONS:
        pages[f"dossier_{section.key}"] = (reverse(section.url_name, args=person_args), {})
    if middle:
        timeline = reverse("persons:timeline", args=[long_person.public_id])
        pages["dossier_timeline_show_more"] = (timeline, {"before": encode_cursor(middle[0])})
    # A BSN is searched by posting the form: it never enters an address.
    posted = {"caseload_bsn_search"}
    results: dict[str, dict[str, float | int]] = {}
    for name, (path, params) in pages.items():
        form = params if name in posted else None
        url = f"{path}?{urlencode(params)}" if params and form is None else path
        headers = {"HTTP_HX_REQUEST": "true"} if name == "dossier_timeline_show_more" else {}
        for _ in range(3):  # warm up caches and the connection
            _get(client, url, headers, form)
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            _get(client, url, headers, form)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            _get(client, url, headers, form)
        timings.sort()
        results[name] = {
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[min(len(timings) - 1, int(0.95 * len(timings)))], 1),
            "queries": len(queries),
        }
    return results


def _get(
    client: Client, url: str, headers: dict[str, str], form: dict[str, str] | None = None
) -> None:
    response = (
        client.post(url, form, **headers)  # type: ignore[arg-type]
        if form is not None
        else client.get(url, **headers)  # type: ignore[arg-type]
    )
    if response.status_code != 200:
        body = io.StringIO(response.content.decode(errors="replace")[:300]).read()
        raise RuntimeError(f"{url}: HTTP {response.status_code} {body}")
