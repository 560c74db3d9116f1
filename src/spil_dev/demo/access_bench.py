"""The partner API under the access basis: server time, query count and leaks.

`spil bench access --persons 100000 --basis 5000` generates (bulk: COPY on PostgreSQL)
synthetic persons in one gemeente, a taalschool contracted under a processing agreement
for `--basis` of them, and around it what must stay closed: as many again whose consent was
withdrawn, as many under an agreement that has ended, and a second taalschool with a basis
for others. It registers a partner client for the taalschool, takes a token at the real
token endpoint, and then, through the whole HTTP stack (Django's test client, over HTTPS,
with the bearer token), measures:

* `p95_ms` (and `p50_ms`): the people list (`/api/v1/partner/participants/`, pages spread
  over the whole list) and a person page (`…/participants/<id>/`, random persons of the
  basis);
* `queries`: the queries of one list page and one person page (constant: the partner API
  tests compare two data sizes);
* `leaks`: of `--samples` requests for persons outside the basis (detail, and a CEFR
  result post that must change nothing), how many answered anything but 404 — must be 0.

The calls write processing records, as every partner call does. `--keep` reuses the data.
"""

from __future__ import annotations

import itertools
import random
import statistics
import time
import uuid
from datetime import date, timedelta
from typing import Any

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.audit.purposes import DataCategory, Purpose
from spil.audit.services import person_reference
from spil.partner_api import services as partner_services
from spil.partner_api.models import PartnerClient
from spil.partner_api.scopes import Scope
from spil.persons.models import AccessBasis, Person, ProcessingAgreement
from spil.testing import valid_bsns
from spil_dev.demo.caseload_bench import _analyse, _insert, _next_id
from spil_dev.demo.data import FAMILY_NAMES, GIVEN_NAMES

BENCH_GEMEENTE = "Bench toegang gemeente (synthetic)"
BENCH_SCHOOL = "Bench taalschool (synthetic)"
OTHER_SCHOOL = "Bench andere taalschool (synthetic)"
CLIENT_NAME = "Bench leerlingvolgsysteem"
CATEGORIES = [DataCategory.IDENTITY, DataCategory.TRAJECTORY, DataCategory.LANGUAGE]
PAGE_SIZE = 50


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--basis", type=int, default=5_000, help="persons the partner may see")
    parser.add_argument("--repeat", type=int, default=50, help="measured requests per page")
    parser.add_argument("--samples", type=int, default=200, help="requests outside the basis")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true", help="reuse the data of an earlier run")


def run(**options: Any) -> dict[str, Any]:
    persons = int(options.get("persons", 100_000))
    basis = min(int(options.get("basis", 5_000)), persons // 4 or 1)
    repeat = max(1, int(options.get("repeat", 50)))
    samples = max(1, int(options.get("samples", 200)))
    rng = random.Random(int(options.get("seed", 2026)))
    gemeente = Organisation.objects.filter(name=BENCH_GEMEENTE).first()
    generated = False
    seconds = 0.0
    if gemeente is None or not options.get("keep"):
        if gemeente is not None:
            _delete(gemeente)
        started = time.perf_counter()
        _generate(persons=persons, basis=basis, rng=rng)
        seconds = time.perf_counter() - started
        generated = True
        gemeente = Organisation.objects.get(name=BENCH_GEMEENTE)
    _analyse()
    school = Organisation.objects.get(name=BENCH_SCHOOL)
    with override_settings(SPIL_PARTNER_API_RATE="1000000/minute"):
        measured = _measure(school, gemeente, repeat=repeat, samples=samples, rng=rng)
    return {
        "benchmark": "access",
        "database": connection.vendor,
        "persons": Person.objects.filter(municipality=gemeente).count(),
        "basis": measured.pop("basis"),
        "generated": generated,
        "generation_seconds": round(seconds, 1),
        "repeat": repeat,
        **measured,
    }


# --------------------------------------------------------------------------- generation


def _generate(*, persons: int, basis: int, rng: random.Random) -> None:
    today = timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        gemeente = Organisation.objects.create(name=BENCH_GEMEENTE, type=OrganisationType.GEMEENTE)
        school = Organisation.objects.create(name=BENCH_SCHOOL, type=OrganisationType.TAALSCHOOL)
        other = Organisation.objects.create(name=OTHER_SCHOOL, type=OrganisationType.TAALSCHOOL)
        agreement = ProcessingAgreement.objects.create(
            municipality=gemeente,
            processor=school,
            reference="BENCH-VWO",
            purpose=Purpose.LANGUAGE_TRAINING,
            data_categories=[c.value for c in CATEGORIES],
            starts_on=today - timedelta(days=365),
            ends_on=today + timedelta(days=365),
        )
        ended = ProcessingAgreement.objects.create(
            municipality=gemeente,
            processor=school,
            reference="BENCH-VWO-OUD",
            purpose=Purpose.CHAIN_CONSULTATION,
            data_categories=[c.value for c in CATEGORIES],
            starts_on=today - timedelta(days=800),
            ends_on=today - timedelta(days=30),
        )
        other_agreement = ProcessingAgreement.objects.create(
            municipality=gemeente,
            processor=other,
            reference="BENCH-ANDER",
            purpose=Purpose.LANGUAGE_TRAINING,
            data_categories=[c.value for c in CATEGORIES],
            starts_on=today - timedelta(days=365),
            ends_on=None,
        )
    # Below the caseload bench's numbers and the tests', so no run meets another's.
    bsns = list(itertools.islice(valid_bsns(start=996_000_000), persons))
    first = _next_id(Person)
    ids = list(range(first, first + persons))
    fields = [
        "id", "public_id", "given_names", "family_name", "bsn", "date_of_birth", "v_nummer",
        "country_of_origin", "languages", "preferred_language", "interpreter_needed", "phone",
        "email", "street", "postcode", "city", "doelgroep", "arrival_date", "settlement_date",
        "municipality_id", "regisseur_id", "created_at", "updated_at", "log_ref",
    ]  # fmt: skip

    def person_rows() -> Any:
        for n, pid in enumerate(ids):
            yield [
                pid, uuid.UUID(int=rng.getrandbits(128), version=4), rng.choice(GIVEN_NAMES),
                rng.choice(FAMILY_NAMES), bsns[n],
                date(1960, 1, 1) + timedelta(days=rng.randrange(0, 365 * 45)), None, "SY",
                ["ara"], "ara", False, "", "", "", "", "", "asiel", None, None, gemeente.pk,
                None, now, now, person_reference(pid),
            ]  # fmt: skip

    with transaction.atomic():
        _insert(Person, fields, person_rows())
    shuffled = ids[:]
    rng.shuffle(shuffled)
    open_ids = shuffled[:basis]
    withdrawn_ids = shuffled[basis : 2 * basis]
    ended_ids = shuffled[2 * basis : 3 * basis]
    others_ids = shuffled[3 * basis : 4 * basis]
    categories = [c.value for c in CATEGORIES]
    basis_fields = [
        "id", "person_id", "organisation_id", "kind", "purpose", "data_categories",
        "valid_from", "valid_until", "agreement_id", "given_how", "requested_at", "given_at",
        "withdrawn_at", "recorded_by_id", "withdrawn_by_newcomer",
    ]  # fmt: skip
    since = today - timedelta(days=100)
    next_basis = itertools.count(_next_id(AccessBasis))

    def basis_rows() -> Any:
        for pid in open_ids:
            yield [
                next(next_basis), pid, school.pk, "processing_agreement",
                Purpose.LANGUAGE_TRAINING.value, categories, since, None, agreement.pk, "",
                None, now, None, None, False,
            ]  # fmt: skip
        for pid in withdrawn_ids:  # a consent the newcomer withdrew
            yield [
                next(next_basis), pid, school.pk, "consent", Purpose.PEER_SUPPORT.value,
                categories, since, None, None, "paper", None, now, now, None, True,
            ]  # fmt: skip
        for pid in ended_ids:  # under an agreement that has ended
            yield [
                next(next_basis), pid, school.pk, "processing_agreement",
                Purpose.CHAIN_CONSULTATION.value, categories, since, None, ended.pk, "",
                None, now, None, None, False,
            ]  # fmt: skip
        for pid in others_ids:  # another organisation's participants
            yield [
                next(next_basis), pid, other.pk, "processing_agreement",
                Purpose.LANGUAGE_TRAINING.value, categories, since, None, other_agreement.pk,
                "", None, now, None, None, False,
            ]  # fmt: skip

    with transaction.atomic():
        _insert(AccessBasis, basis_fields, basis_rows())


def _delete(gemeente: Organisation) -> None:
    """Remove an earlier run's data (raw deletes: ORM cascades over 100,000 rows are slow)."""
    schools = list(
        Organisation.objects.filter(name__in=[BENCH_SCHOOL, OTHER_SCHOOL]).values_list(
            "pk", flat=True
        )
    )
    clients = PartnerClient.objects.filter(organisation_id__in=schools)
    for client in clients:
        client.application.delete()  # cascades to the partner client and its tokens
    # Only integer ids from the database go into these statements.
    gid = int(gemeente.pk)
    persons = f"SELECT id FROM persons_person WHERE municipality_id = {gid}"  # noqa: S608
    statements = [
        f"DELETE FROM persons_accessbasis WHERE person_id IN ({persons})",  # noqa: S608
        f"DELETE FROM persons_person WHERE municipality_id = {gid}",  # noqa: S608
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
        ProcessingAgreement.objects.filter(municipality=gemeente).delete()
    # Processing records (append-only) keep pointing at the organisations: those stay.
    stamp = f"{timezone.now():%Y%m%d%H%M%S%f}"
    for organisation in Organisation.objects.filter(pk__in=[gid, *schools]):
        organisation.name = f"{organisation.name} (earlier run {stamp})"
        organisation.is_active = False
        organisation.save(update_fields=["name", "is_active"])


# --------------------------------------------------------------------------- measuring


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(pct / 100 * len(ordered)))]


def _measure(
    school: Organisation,
    gemeente: Organisation,
    *,
    repeat: int,
    samples: int,
    rng: random.Random,
) -> dict[str, Any]:
    registration = partner_services.register_client(
        school, CLIENT_NAME, [s.value for s in Scope], actor=None
    )
    http = Client(raise_request_exception=False, HTTP_HOST="localhost")
    token = http.post(
        "/api/v1/oauth/token/",
        {
            "grant_type": "client_credentials",
            "client_id": registration.client.client_id,
            "client_secret": registration.client_secret,
        },
        secure=True,
    )
    if token.status_code != 200:
        raise RuntimeError(f"no token: {token.status_code} {token.content[:200]!r}")
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}

    def get(url: str, expect: int = 200) -> int:
        response = http.get(url, secure=True, headers=headers)
        if expect and response.status_code != expect:
            raise RuntimeError(f"{url}: HTTP {response.status_code}")
        return response.status_code

    today = timezone.localdate()
    inside = list(
        AccessBasis.objects.active_on(today)
        .filter(organisation=school)
        .values_list("person__public_id", flat=True)
    )
    if not inside:
        raise RuntimeError("no persons under the partner's basis: generate the data first")
    pages = max(1, (len(inside) + PAGE_SIZE - 1) // PAGE_SIZE)
    list_url = "/api/v1/partner/participants/"
    detail = "/api/v1/partner/participants/{}/"
    for _ in range(3):  # warm up
        get(list_url)
        get(detail.format(inside[0]))
    list_times: list[float] = []
    person_times: list[float] = []
    for _ in range(repeat):
        page = rng.randint(1, pages)
        started = time.perf_counter()
        get(f"{list_url}?page={page}")
        list_times.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        get(detail.format(rng.choice(inside)))
        person_times.append((time.perf_counter() - started) * 1000)
    # Counted at once: the captured list is read from the connection's log, which the
    # next request clears.
    with CaptureQueriesContext(connection) as captured:
        get(f"{list_url}?page={pages // 2 + 1}")
    list_queries = len(captured)
    with CaptureQueriesContext(connection) as captured:
        get(detail.format(rng.choice(inside)))
    person_queries = len(captured)

    inside_set = set(inside)
    outside = [
        pid
        for pid in Person.objects.filter(municipality=gemeente)
        .order_by("?")
        .values_list("public_id", flat=True)[: samples * 2]
        if pid not in inside_set
    ][:samples]
    # Half from the persons that were once open to the partner (withdrawn, ended).
    closed = list(
        AccessBasis.objects.filter(organisation=school)
        .exclude(person__public_id__in=inside)
        .order_by("?")
        .values_list("person__public_id", flat=True)[: samples // 2]
    )
    leaks = 0
    asked = 0
    for n, public_id in enumerate(closed + outside[: samples - len(closed)]):
        asked += 1
        if n % 2:
            answer = http.post(
                "/api/v1/partner/results/",
                {"person": str(public_id), "skill": "reading", "level": "A2", "on": str(today)},
                content_type="application/json",
                secure=True,
                headers=headers,
            ).status_code
        else:
            answer = get(detail.format(public_id), expect=0)
        if answer != 404:
            leaks += 1
    return {
        "basis": len(inside),
        "p95_ms": {
            "list": round(_percentile(list_times, 95), 1),
            "person": round(_percentile(person_times, 95), 1),
        },
        "p50_ms": {
            "list": round(statistics.median(list_times), 1),
            "person": round(statistics.median(person_times), 1),
        },
        "queries": {"list": list_queries, "person": person_queries},
        "leaks": leaks,
        "leak_samples": asked,
    }
