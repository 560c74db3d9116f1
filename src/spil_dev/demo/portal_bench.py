"""The newcomer's portal: server time and first-load weight.

`spil bench portal` makes (once; `--fresh` again) a synthetic newcomer in a synthetic
gemeente with a full year of sessions (three weekly groups, half a year back and half a
year ahead) and monthly appointments, then requests the portal's home and agenda through
Django's test client as that newcomer, and prints one JSON line:

* `p95_ms` (and `p50_ms`): server time of the home and agenda pages together;
* `first_load_kb`: what a first visit to the home page loads — the HTML plus its CSS and
  JavaScript (the portal loads no fonts or images) — for the heaviest of the languages,
  uncompressed (the upper bound: WhiteNoise serves the static files compressed);
* `languages`: the number of languages measured (the newcomer catalogues).

The newcomer's MAP group follows five MAP themes as e-learning (Almere's choice), so the
portal's menu has the e-learning and every page asks whether the person has it.

The page views write processing records, as every portal page does.
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management.base import CommandParser
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.core.calendar import TZ
from spil.core.newcomer_texts import NEWCOMER_LANGUAGES
from spil.dossier.models import Appointment
from spil.elearning import queries as elearning_queries
from spil.elearning import services as elearning
from spil.persons.models import Person
from spil.portal.session import LANGUAGE_KEY, PERSON_KEY
from spil.programmes.models import GroupMember, Session
from spil.programmes.services import groups
from spil.testing import valid_bsns

BENCH_GEMEENTE = "Bench portaal gemeente (synthetic)"
GROUPS = (("mon", "training"), ("tue", "map"), ("thu", "pvt"))
ELEARNING_THEMES = [
    "werk vinden",
    "werkcultuur",
    "netwerk opbouwen",
    "werknemerscompetenties",
    "beroepscompetenties",
]


def add_arguments(parser: CommandParser) -> None:
    parser.add_argument("--repeat", type=int, default=50, help="measured requests per page")
    parser.add_argument("--fresh", action="store_true", help="make the newcomer again")


def run(**options: Any) -> dict[str, Any]:
    repeat = max(1, int(options.get("repeat", 50)))
    person = _newcomer(fresh=bool(options.get("fresh")))
    client = Client(HTTP_HOST="localhost")
    session = client.session
    session[PERSON_KEY] = person.pk
    session.save()
    urls = [reverse("portal:home"), reverse("portal:agenda")]
    for url in urls:  # warm up
        client.get(url)
    timings: list[float] = []
    for _ in range(repeat):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
    weights = {code: _first_load_bytes(client, code) for code in NEWCOMER_LANGUAGES}
    return {
        "benchmark": "portal",
        "p95_ms": round(_percentile(timings, 95), 1),
        "p50_ms": round(statistics.median(timings), 1),
        "first_load_kb": round(max(weights.values()) / 1024, 1),
        "heaviest_language": max(weights, key=lambda code: weights[code]),
        "languages": len(weights),
        "sessions": Session.objects.filter(group__members__person=person).count(),
        "requests": len(timings),
        "elearning": elearning_queries.has_elearning(person),
    }


def _percentile(values: list[float], pct: int) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


_ASSET = re.compile(r'(?:href|src)="([^"]+\.(?:css|js))"')


def _first_load_bytes(client: Client, language: str) -> int:
    session = client.session
    session[LANGUAGE_KEY] = language
    session.save()
    html = client.get(reverse("portal:home")).content
    total = len(html)
    for path in _ASSET.findall(html.decode()):
        name = path.removeprefix(settings.STATIC_URL)
        if staticfiles_storage.exists(name):  # collected (hashed names in production)
            total += staticfiles_storage.size(name)
            continue
        found = finders.find(name)
        if isinstance(found, str):
            total += Path(found).stat().st_size
    return total


@transaction.atomic
def _newcomer(*, fresh: bool) -> Person:
    gemeente, _ = Organisation.objects.get_or_create(
        name=BENCH_GEMEENTE, defaults={"type": OrganisationType.GEMEENTE}
    )
    existing = Person.objects.filter(municipality=gemeente).first()
    if existing is not None and not fresh:
        return existing
    if existing is not None:
        existing.delete()
    for group in gemeente.programme_groups.all():
        group.delete()
    bsn = next(
        b for b in valid_bsns(start=998_700_000) if not Person.objects.filter(bsn=b).exists()
    )
    person = Person.objects.create(
        bsn=bsn,
        given_names="Bench",
        family_name="Nieuwkomer",
        municipality=gemeente,
        preferred_language="ara",
    )
    today = timezone.localdate()
    start = today - timedelta(weeks=26)
    for weekday, kind in GROUPS:
        group = groups.create_group(
            code=f"bench-portal-{weekday}",
            name=f"Bench {kind} {weekday}",
            kind=kind,
            municipality=gemeente,
            location="Bench",
            language="nld",
            weekday=weekday,
            moment="morning",
            start_time=clock_time(9, 30),
            end_time=clock_time(12, 0),
            start_date=start,
            session_count=52,
            interval_weeks=1,
            min_size=1,
            max_size=10,
        )
        GroupMember.objects.create(group=group, person=person)
        if kind == "map":  # Almere's MAP: five themes as e-learning, so it is in the menu
            elearning.load_starter()
            elearning.set_setting(group_id=group.pk, themes=ELEARNING_THEMES, window_weeks=9)
    for month in range(12):
        day: date = today + timedelta(days=30 * month + 3)
        Appointment.objects.create(
            person=person,
            kind="progress",
            starts_at=datetime.combine(day, clock_time(14, 0), tzinfo=TZ),
            location="Stadhuis",
        )
    return person
