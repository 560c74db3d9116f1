"""Cohorts of synthetic newcomers with everything the reports count, in bulk.

Used by the demo (`scenario_reports`: a few hundred persons over the regio's gemeenten, so
the beleidsmedewerker's reports have figures to show) and by `spil bench reports` (100,000
persons). Per person, relative to `today` and seeded, so a run is the same on any day:

- a DUO notification in the last three years, the trajectory (leerroute, PIP's date,
  running or ended: obligation met, exempt, moved, withdrawn);
- the broad intake (completed 2 to 10 weeks after the notification, focus, CEFR per skill);
- the programme (the dual trajectory: one of the pilot templates) with its MAP and PVT
  plan items, the MAP and PVT groups with sessions, attendance and hours, and DUO's result;
- CEFR results per skill at intake and later, with the progress of a language school;
- placements (internship, converted to paid work, aftercare) and outcomes: paid work
  full-time and part-time with and without a benefit, education, volunteering,
  participation, certificates.

Rows go in with COPY on PostgreSQL and bulk_create elsewhere (`caseload_bench._insert`);
the ids are given, so the rows refer to each other without reading anything back.
"""

from __future__ import annotations

import itertools
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from spil.accounts.models import Organisation, User
from spil.intake.models import Intake
from spil.persons.models import Person
from spil.placements.models import Outcome, Placement, PlacementOffer
from spil.programmes.models import (
    CEFR_LEVELS,
    Attendance,
    DuoResult,
    Enrolment,
    Group,
    GroupMember,
    LanguageResult,
    PlanItem,
    ProgrammeTemplate,
    Session,
)
from spil.testing import valid_bsns
from spil.trajectories.models import Trajectory
from spil_dev.demo.caseload_bench import _insert, _next_id
from spil_dev.demo.data import FAMILY_NAMES, GIVEN_NAMES

SKILLS = ("listening", "speaking", "reading", "writing")
COUNTRIES = {
    "SY": "ara",
    "ER": "tir",
    "AF": "prs",
    "TR": "tur",
    "UA": "ukr",
    "SO": "som",
    "IR": "fas",
    "IQ": "ara",
}
SESSIONS = 6
SESSION_HOURS = Decimal("2.5")
GROUP_SIZE = 12
#: the weekly hours of the MAP and PVT plan items and the weeks they run
PLANNED = {"map": (Decimal(2), 10), "pvt": (Decimal(3), 8)}


@dataclass
class Context:
    """Where the cohorts live: gemeenten, their klantmanagers, a language school, an
    employer's offer per gemeente and the programme templates."""

    municipalities: Sequence[Organisation]
    regisseurs: Mapping[int, User]
    provider: Organisation | None
    offers: Mapping[int, PlacementOffer]
    templates: Sequence[ProgrammeTemplate]


@dataclass
class _Rows:
    by_model: dict[type[models.Model], list[dict[str, Any]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    ids: dict[type[models.Model], int] = field(default_factory=dict)

    def add(self, model: type[models.Model], **values: Any) -> int:
        if model not in self.ids:
            self.ids[model] = _next_id(model)
        values["id"] = self.ids[model]
        self.ids[model] += 1
        self.by_model[model].append(values)
        return int(values["id"])


def _row_values(
    model: type[models.Model], rows: list[dict[str, Any]], now: datetime
) -> tuple[list[str], Iterable[list[Any]]]:
    """Every column of `model`, in order, with the field's default where a row gives none."""
    fields = list(model._meta.concrete_fields)
    names = [f.attname for f in fields]
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:  # the field's default; "" for text, None where NULL is allowed
            defaults[f.attname] = f.get_default()

    def produce() -> Iterable[list[Any]]:
        for row in rows:
            yield [row[name] if name in row else defaults[name] for name in names]

    return names, produce()


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=UTC)


def _later(rng: random.Random, day: date, low: int, high: int) -> date:
    return day + timedelta(days=rng.randint(low, high))


def _level(rng: random.Random, weights: Sequence[int]) -> str:
    return rng.choices(CEFR_LEVELS[:4], weights=weights)[0]


def generate(
    context: Context, *, persons: int, today: date, seed: int, bsn_start: int
) -> dict[str, int]:
    """`persons` newcomers over `context`'s gemeenten with their related rows; returns the
    rows written per table."""
    rng = random.Random(seed)
    now = timezone.now()
    rows = _Rows()
    bsns = itertools.islice(valid_bsns(start=bsn_start), persons)
    groups: dict[tuple[int, str, str], list[int]] = defaultdict(list)
    pending: list[tuple[int, str, date, int, bool]] = []  # person, kind, start, muni, completes
    for n, bsn in enumerate(bsns):
        municipality = context.municipalities[n % len(context.municipalities)]
        country = rng.choice(list(COUNTRIES))
        notified = today - timedelta(days=rng.randint(30, 3 * 365))
        person = rows.add(
            Person,
            public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            given_names=rng.choice(GIVEN_NAMES),
            family_name=rng.choice(FAMILY_NAMES),
            bsn=bsn,
            date_of_birth=date(1965, 1, 1) + timedelta(days=rng.randrange(365 * 38)),
            country_of_origin=country,
            languages=[COUNTRIES[country]],
            preferred_language=COUNTRIES[country],
            doelgroep="asiel" if rng.random() < 0.65 else "gezin_overig",
            municipality_id=municipality.pk,
            regisseur_id=getattr(context.regisseurs.get(municipality.pk), "pk", None),
            arrival_date=notified - timedelta(days=rng.randint(30, 200)),
            created_at=now,
            updated_at=now,
        )
        leerroute = rng.choices(("b1", "onderwijs", "z"), weights=(55, 15, 30))[0]
        intake_on = _later(rng, notified, 14, 70)
        pip_on = _later(rng, notified, 40, 100)
        start = _later(rng, pip_on, 14, 200)
        has_intake = intake_on <= today
        has_pip = pip_on <= today and has_intake
        started = has_pip and start <= today

        # How the obligation ends (or not yet): more ended the longer ago it began.
        age = (today - notified).days
        status, end_reason, ended_on = "running" if has_pip else "intake", "", None
        roll = rng.random()
        if age > 240 and roll < 0.04:
            status, end_reason = "moved", "moved"
            ended_on = _later(rng, notified, 60, age - 1)
        elif age > 240 and roll < 0.07:
            status, end_reason = "exempt", "ontheffing"
            ended_on = _later(rng, notified, 90, age - 1)
        elif age > 400 and roll < 0.10:
            status, end_reason = "withdrawn", "withdrawn"
            ended_on = _later(rng, notified, 120, age - 1)
        elif age > 700 and started and roll < 0.45:
            status = "completed"
            end_reason = "zroute_completed" if leerroute == "z" else "exam_passed"
            ended_on = _later(rng, start, 365, max(366, (today - start).days))
        if ended_on is not None and ended_on > today:
            ended_on = today
        if status not in ("running", "intake", "completed"):
            started = started and start < (ended_on or today)
        rows.add(
            Trajectory,
            person_id=person,
            municipality_id=municipality.pk,
            status=status,
            end_reason=end_reason,
            ended_on=ended_on,
            plicht_start=notified,
            leerroute=leerroute if has_pip else "",
            niveau={"b1": "B1", "onderwijs": "B1", "z": ""}[leerroute] if has_pip else "",
            leerroute_period_start=notified,
            pip_dagtekening=pip_on if has_pip else None,
            termijn_start=notified,
            termijn_end=notified + timedelta(days=3 * 365),
            created_at=_at(notified),
            updated_at=now,
        )

        # The broad intake, with the language levels the klantmanager noted.
        weights = (30, 35, 25, 10) if leerroute != "onderwijs" else (5, 25, 40, 30)
        levels = {skill: _level(rng, weights) for skill in SKILLS}
        focus = {"b1": "participation", "onderwijs": "education", "z": "stabilisation"}[leerroute]
        if leerroute == "b1" and rng.random() < 0.3:
            focus = "education"
        rows.add(
            Intake,
            person_id=person,
            status="completed" if has_intake else "in_progress",
            answers={"taal": dict(levels)},
            completed_steps=["taal"],
            focus=focus if has_intake else "",
            started_at=_at(notified + timedelta(days=7)),
            updated_at=now,
            completed_at=_at(intake_on) if has_intake else None,
        )
        if not has_intake:
            continue
        for skill, level in levels.items():
            rows.add(
                LanguageResult,
                person_id=person,
                skill=skill,
                level=level,
                on=intake_on,
                provider_id=None,
            )
        if not started:
            continue

        template = context.templates[n % len(context.templates)]
        enrolment_status, enrolment_end = "active", None
        if ended_on is not None:
            enrolment_status = "completed" if status == "completed" else "stopped"
            enrolment_end = ended_on
        elif (today - start).days > 400 and rng.random() < 0.5:
            enrolment_status = "completed"
            enrolment_end = _later(rng, start, 250, 400)
        elif rng.random() < 0.06:
            enrolment_status = "stopped"
            enrolment_end = _later(rng, start, 20, max(21, (today - start).days))
        enrolment = rows.add(
            Enrolment,
            person_id=person,
            template_id=template.pk,
            start_date=start,
            status=enrolment_status,
            ended_on=enrolment_end,
            created_at=_at(start),
        )
        for kind, (per_week, weeks) in PLANNED.items():
            if kind == "pvt" and leerroute == "z":
                continue
            item_start = start + timedelta(weeks=0 if kind == "map" else 10)
            rows.add(
                PlanItem,
                enrolment_id=enrolment,
                phase_order=1,
                phase_name="MAP en PVT",
                starts_on=item_start,
                ends_on=item_start + timedelta(weeks=weeks, days=-1),
                kind=kind,
                hours_per_week=per_week,
                from_pip=True,
            )
            if item_start <= today:
                quarter = f"{item_start.year}q{(item_start.month - 1) // 3 + 1}"
                groups[(municipality.pk, kind, quarter)].append(person)
                pending.append((person, kind, item_start, municipality.pk, rng.random() < 0.85))

        # Later CEFR results: a language school's report after 6 and 12 months.
        for months in (6, 12, 24):
            on = start + timedelta(days=30 * months)
            if on > (ended_on or today):
                break
            for skill in SKILLS:
                step = rng.choices((0, 1, 2), weights=(35, 50, 15))[0]
                index = min(CEFR_LEVELS.index(levels[skill]) + step, len(CEFR_LEVELS) - 1)
                levels[skill] = CEFR_LEVELS[index]
                rows.add(
                    LanguageResult,
                    person_id=person,
                    skill=skill,
                    level=levels[skill],
                    on=on,
                    provider_id=getattr(context.provider, "pk", None),
                )

        _placements_and_outcomes(
            rows, rng, context, municipality.pk, person, leerroute, start, today
        )

    _groups(rows, groups, pending, context, today, now)
    written: dict[str, int] = {}
    order = (
        Person,
        Trajectory,
        Intake,
        LanguageResult,
        Enrolment,
        PlanItem,
        Group,
        GroupMember,
        Session,
        Attendance,
        DuoResult,
        Placement,
        Outcome,
    )
    with transaction.atomic():
        for model in order:
            names, values = _row_values(model, rows.by_model.get(model, []), now)
            written[model._meta.model_name or ""] = _insert(model, names, values)
    return written


def _placements_and_outcomes(
    rows: _Rows,
    rng: random.Random,
    context: Context,
    municipality: int,
    person: int,
    leerroute: str,
    start: date,
    today: date,
) -> None:
    """A placement for about half of those who started, some converted to paid work with
    aftercare; and the other outcomes: education, volunteering, participation, certificates."""
    offer = context.offers.get(municipality)
    if offer is not None and leerroute != "z" and rng.random() < 0.55:
        placed = _later(rng, start, 60, 300)
        if placed <= today:
            roll = rng.random()
            job_started: date | None = _later(rng, placed, 60, 180)
            if roll < 0.45 and job_started is not None and job_started <= today:
                status = "converted"
            elif roll < 0.75:
                status, job_started = "started", None
            else:
                status, job_started = "ended", None
            ended = _later(rng, placed, 30, 150) if status == "ended" else None
            if ended is not None and ended > today:
                status, ended = "started", None
            placement = rows.add(
                Placement,
                public_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                person_id=person,
                offer_id=offer.pk,
                status=status,
                introduction_on=placed - timedelta(days=14),
                started_on=placed,
                planned_end_on=placed + timedelta(weeks=26),
                ended_on=ended,
                end_reason="stopped" if ended else "",
                job_started_on=job_started,
                aftercare_until=job_started + timedelta(days=182) if job_started else None,
                explanation={},
            )
            rows.add(
                Outcome,
                person_id=person,
                kind="internship",
                started_on=placed,
                ended_on=ended or (job_started - timedelta(days=1) if job_started else None),
                placement_id=placement,
            )
            if job_started is not None:
                stopped_working = rng.random() < 0.2
                rows.add(
                    Outcome,
                    person_id=person,
                    kind="paid_job",
                    started_on=job_started,
                    ended_on=_later(rng, job_started, 60, 200) if stopped_working else None,
                    placement_id=placement,
                    hours_per_week=rng.choice((16, 24, 32, 36, 38, 40)),
                    with_benefit=rng.random() < 0.4,
                )
    roll = rng.random()
    on = _later(rng, start, 90, 500)
    if on > today:
        return
    if leerroute == "onderwijs" or roll < 0.08:
        rows.add(Outcome, person_id=person, kind="education", started_on=on, course="MBO 2")
    elif leerroute == "z" and roll < 0.5:
        kind = "volunteering" if roll < 0.3 else "participation"
        rows.add(Outcome, person_id=person, kind=kind, started_on=on, description="Buurthuis")
    if rng.random() < 0.25:
        rows.add(
            Outcome,
            person_id=person,
            kind="certificate",
            started_on=_later(rng, on, 0, 120) if on + timedelta(days=120) <= today else on,
            course="Certificaat vakgerichte taal",
        )


def _groups(
    rows: _Rows,
    groups: dict[tuple[int, str, str], list[int]],
    pending: list[tuple[int, str, date, int, bool]],
    context: Context,
    today: date,
    now: datetime,
) -> None:
    """MAP and PVT groups of up to twelve per gemeente and quarter, their six sessions,
    attendance of the sessions held, and DUO's result for who finished."""
    completes = {(p, kind): done for p, kind, _start, _m, done in pending}
    rng = random.Random(len(pending))
    for (municipality, kind, quarter), people in sorted(groups.items()):
        year, q = int(quarter[:4]), int(quarter[-1])
        first = date(year, 3 * (q - 1) + 1, 1) + timedelta(days=14)
        for index in range(0, len(people), GROUP_SIZE):
            chunk = people[index : index + GROUP_SIZE]
            group = rows.add(
                Group,
                code=f"rapport-{municipality}-{kind}-{quarter}-{index // GROUP_SIZE + 1}",
                name=f"{kind.upper()} {quarter.upper()} groep {index // GROUP_SIZE + 1}",
                kind=kind,
                municipality_id=municipality,
                provider_id=getattr(context.provider, "pk", None),
                location="Wijkcentrum",
                weekday="tue",
                moment="morning",
                start_time=time(9, 30),
                end_time=time(12, 0),
                start_date=first,
                session_count=SESSIONS,
                topics=[],
                interpreter_languages=[],
                elearning=kind == "map" and index % 3 == 0,
                created_at=now,
            )
            sessions: list[tuple[int, date]] = []
            for number in range(1, SESSIONS + 1):
                day = first + timedelta(weeks=number - 1)
                session = rows.add(
                    Session,
                    group_id=group,
                    number=number,
                    starts_at=_at(day, 8),
                    ends_at=_at(day, 11),
                    topic="",
                    hours=SESSION_HOURS,
                )
                sessions.append((session, day))
            for person in chunk:
                rows.add(GroupMember, group_id=group, person_id=person, added_at=now)
                for session, day in sessions:
                    if day > today:
                        continue
                    status = rng.choices(
                        ("present", "late", "excused", "absent"), weights=(80, 5, 8, 7)
                    )[0]
                    rows.add(
                        Attendance,
                        session_id=session,
                        person_id=person,
                        status=status,
                        hours=SESSION_HOURS if status in ("present", "late") else Decimal(0),
                        recorded_at=_at(day, 12),
                    )
                last = sessions[-1][1]
                if last <= today and completes.get((person, kind)):
                    rows.add(
                        DuoResult,
                        person_id=person,
                        kind=kind,
                        on=last,
                        sent_at=_at(last + timedelta(days=3)),
                    )


def ensure_offer(employer: Organisation) -> PlacementOffer:
    """The leerwerkplek the cohorts' placements are at (created once per employer)."""
    offer, _created = PlacementOffer.objects.get_or_create(
        employer=employer,
        title="Orderpicker (leerwerkplek, cohorten)",
        defaults={
            "type": "leerwerkplek",
            "esco_uri": "http://data.europa.eu/esco/occupation/orderpicker-cohorts",
            "occupation_label": "orderpicker",
            "isco_code": "9321",
            "sector": "logistiek",
            "hours_per_week": 32,
            "places": 50,
            "status": "open",
        },
    )
    return offer


def templates() -> list[ProgrammeTemplate]:
    """The programmes the cohorts follow: the pilots' templates, alternating."""
    return list(ProgrammeTemplate.objects.filter(is_active=True).order_by("code")[:3])
