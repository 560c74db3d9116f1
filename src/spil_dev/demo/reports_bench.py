"""Reports: server time of the funnel-and-outcomes and the CEFR report over a whole regio.

`spil bench reports --persons 100000` builds a synthetic regio of ten gemeenten whose
persons have what the reports count (`report_cohorts`: trajectories, intakes, programmes,
MAP and PVT with attendance, CEFR results, placements and outcomes; COPY on PostgreSQL),
then runs both reports as the regio's beleidsmedewerker through `reports.services.run` (the
same call the page and the API make, processing record included) and prints one JSON
line: `p95_ms` per report, `queries` per report (the same for any number of persons) and
`persons`. `--keep` reuses the data of an earlier run of the same size.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.persons.models import Person
from spil.reports import services
from spil.reports.selection import Selection
from spil_dev.demo import report_cohorts
from spil_dev.demo.caseload_bench import _analyse

BENCH_REGIO = "Bench rapportage regio (synthetic)"
BENCH_PREFIX = "Bench rapportage gemeente"
BENCH_USER = "bench.beleid"
#: below the caseload bench's BSNs (997…), above nothing else
BSN_START = 995_000_000
#: the reports measured: the name in the output → the report's kind
REPORTS = {"funnel": "funnel", "cefr": "language"}


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--municipalities", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=10, help="measured runs per report")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--keep", action="store_true", help="reuse the data of an earlier run of this size"
    )


def run(**options: Any) -> dict[str, Any]:
    persons = int(options.get("persons", 100_000))
    repeat = max(1, int(options.get("repeat", 10)))
    regio = Organisation.objects.filter(name=BENCH_REGIO, is_active=True).first()
    scope = list(regio.members.values_list("pk", flat=True)) if regio else []
    present = Person.objects.filter(municipality_id__in=scope).count() if scope else 0
    if regio is None or not options.get("keep") or present != persons:
        if regio is not None:
            _delete(regio)
        regio = _generate(
            persons=persons,
            municipalities=max(1, int(options.get("municipalities", 10))),
            seed=int(options.get("seed", 2026)),
        )
        _analyse()
    user = User.objects.get(username=BENCH_USER)
    selection = Selection(
        area_id=regio.pk,
        area_name=regio.name,
        municipality_ids=frozenset(regio.members.values_list("pk", flat=True)),
    )
    p95: dict[str, float] = {}
    queries: dict[str, int] = {}
    for name, kind in REPORTS.items():
        services.run(user, kind, selection)  # warm up
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            services.run(user, kind, selection)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            services.run(user, kind, selection)
        p95[name] = percentile_95(timings)
        queries[name] = len(captured)
    return {
        "p95_ms": p95,
        "queries": queries,
        "persons": Person.objects.filter(municipality_id__in=selection.municipality_ids).count(),
    }


def _generate(*, persons: int, municipalities: int, seed: int) -> Organisation:
    with transaction.atomic():
        regio = Organisation.objects.create(name=BENCH_REGIO, type=OrganisationType.REGIO)
        gemeenten = [
            Organisation.objects.create(
                name=f"{BENCH_PREFIX} {i + 1:02d}", type=OrganisationType.GEMEENTE
            )
            for i in range(municipalities)
        ]
        regio.members.add(*gemeenten)
        provider = Organisation.objects.create(
            name=f"{BENCH_PREFIX} taalschool", type=OrganisationType.TAALSCHOOL
        )
        employer = Organisation.objects.create(
            name=f"{BENCH_PREFIX} werkgever", type=OrganisationType.WERKGEVER
        )
        user = User.objects.filter(username=BENCH_USER).first()
        if user is None:
            user = User.objects.create_user(
                username=BENCH_USER, first_name="Bench", last_name="Beleid"
            )
            user.set_unusable_password()
            user.save()
        Membership.objects.filter(user=user).delete()
        Membership.objects.create(user=user, organisation=regio, role=Role.BELEIDSMEDEWERKER)
        offer = report_cohorts.ensure_offer(employer)
    context = report_cohorts.Context(
        municipalities=gemeenten,
        regisseurs={},
        provider=provider,
        offers={g.pk: offer for g in gemeenten},
        templates=report_cohorts.templates(),
    )
    report_cohorts.generate(
        context,
        persons=persons,
        today=timezone.localdate(),
        seed=seed,
        bsn_start=BSN_START,
    )
    return regio


def _delete(regio: Organisation) -> None:
    """Remove an earlier run's data (raw deletes: cascades through the ORM take long)."""
    scope = list(regio.members.values_list("pk", flat=True))
    if scope:
        # Only integer ids from the database go into these statements.
        ids = ",".join(str(int(pk)) for pk in scope)
        persons = f"SELECT id FROM persons_person WHERE municipality_id IN ({ids})"  # noqa: S608
        groups = f"SELECT id FROM programmes_group WHERE municipality_id IN ({ids})"  # noqa: S608
        enrolments = f"SELECT id FROM programmes_enrolment WHERE person_id IN ({persons})"  # noqa: S608
        statements = [
            f"DELETE FROM programmes_attendance WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM programmes_session WHERE group_id IN ({groups})",  # noqa: S608
            f"DELETE FROM programmes_groupmember WHERE group_id IN ({groups})",  # noqa: S608
            f"DELETE FROM programmes_group WHERE municipality_id IN ({ids})",  # noqa: S608
            f"DELETE FROM programmes_duoresult WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM programmes_planitem WHERE enrolment_id IN ({enrolments})",  # noqa: S608
            f"DELETE FROM programmes_enrolment WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM programmes_languageresult WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM placements_outcome WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM placements_placement WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM intake_intake WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM trajectories_trajectory WHERE person_id IN ({persons})",  # noqa: S608
            f"DELETE FROM persons_person WHERE municipality_id IN ({ids})",  # noqa: S608
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    Organisation.objects.filter(pk__in=scope).update(is_active=False, name="Bench (old)")
    Organisation.objects.filter(name__startswith=f"{BENCH_PREFIX} ").update(
        is_active=False, name="Bench (old)"
    )
    regio.members.clear()
    regio.name = "Bench regio (old)"
    regio.is_active = False
    regio.save()


def percentile_95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return round(ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))], 1)
