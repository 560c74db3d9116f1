"""Demo story of programmes: MAP and PVT groups of Taalschool De Brug with the demo trainer,
newcomers enrolled from their PIP, weeks of attendance, and a waiting list.

* Four groups: a MAP group in Gorinchem (Tuesday morning) and a PVT group in Molenlanden
  (Wednesday morning) that started some weeks before `today`, and a MAP group in
  Vijfheerenlanden (Thursday afternoon) and a PVT evening group in Gorinchem that start
  soon. Sessions skip public and school holidays; MAP sessions go through the eight themes.
* Every newcomer with an established PIP (the intake part of the demo) is enrolled from it
  in the programme that fits the PIP best (and whose entry conditions they meet), so their
  week plan follows the PIP. Every programme template is then in use by at least one
  newcomer: one nobody follows yet goes to a newcomer with the fewest programmes. Without
  PIPs this step adds nothing, and the groups and the waiting list are made all the same.
* The running groups get members (newcomers of their gemeente, those enrolled from a PIP
  first) and attendance for the sessions before `today`: mostly present, some late, some
  excused with a reason, a few absent; one member misses the last three sessions, which
  raises the absence-streak signal on the dossier.
* Newcomers of Vijfheerenlanden wait for a MAP group and some of Gorinchem for a PVT
  group, with their free day-parts, for the planner's assignment.

Idempotent: groups are found by code, a PIP version enrols once, members, waiting entries
and attendance are added only where missing. Everything goes through the services, with
the regisseur or the trainer as actor, so each change leaves its processing record.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.db import transaction

from spil.accounts.models import MunicipalSetting, Organisation, User
from spil.accounts.roles import OrganisationType
from spil.core.calendar import TZ
from spil.core.week import DayPart, Moment, Weekday
from spil.persons.models import Person
from spil.programmes import pip_plan
from spil.programmes.models import (
    Attendance,
    Enrolment,
    Group,
    GroupKind,
    GroupMember,
    ProgrammeTemplate,
    WaitingEntry,
)
from spil.programmes.services import assignment, attendance, enrolment, groups

PROVIDER = "Taalschool De Brug"
TRAINER = "trainer"
EXCUSES = ("Doctor's appointment", "Sick child", "Appointment at the IND")


@dataclass(frozen=True)
class GroupSpec:
    code: str
    name: str
    kind: str
    municipality: str
    location: str
    weekday: str
    moment: str
    start_time: time
    end_time: time
    weeks_from_today: int  # negative: already running
    session_count: int
    interval_weeks: int = 1
    interpreter_languages: tuple[str, ...] = ()


GROUPS = (
    GroupSpec(
        "demo-map-gorinchem-di",
        "MAP Gorinchem dinsdagochtend",
        GroupKind.MAP,
        "Gemeente Gorinchem",
        "Gorinchem",
        Weekday.TUESDAY,
        Moment.MORNING,
        time(9, 30),
        time(12, 0),
        -6,
        16,  # 16 x 2.5 h = 40 practice hours
        interpreter_languages=("ara", "tir"),
    ),
    GroupSpec(
        "demo-pvt-molenlanden-wo",
        "PVT Molenlanden woensdagochtend",
        GroupKind.PVT,
        "Gemeente Molenlanden",
        "Hardinxveld-Giessendam",
        Weekday.WEDNESDAY,
        Moment.MORNING,
        time(9, 0),
        time(12, 0),
        -3,
        5,  # 15 hours in 5 day-parts
    ),
    GroupSpec(
        "demo-map-vijfheerenlanden-do",
        "MAP Vijfheerenlanden donderdagmiddag",
        GroupKind.MAP,
        "Gemeente Vijfheerenlanden",
        "Leerdam",
        Weekday.THURSDAY,
        Moment.AFTERNOON,
        time(13, 0),
        time(15, 30),
        2,
        16,
    ),
    GroupSpec(
        "demo-pvt-gorinchem-ma-avond",
        "PVT Gorinchem maandagavond",
        GroupKind.PVT,
        "Gemeente Gorinchem",
        "Gorinchem",
        Weekday.MONDAY,
        Moment.EVENING,
        time(19, 0),
        time(22, 0),
        3,
        5,
    ),
)
RUNNING_MEMBERS = 8
#: Postcode of each group's location (travel times) and whether it has a creche (issue 16):
#: the Thursday MAP in Leerdam has childcare, the Monday-evening PVT in Gorinchem has not.
GROUP_PLACES = {
    "demo-map-gorinchem-di": ("4201", False),
    "demo-pvt-molenlanden-wo": ("3371", False),
    "demo-map-vijfheerenlanden-do": ("4141", True),
    "demo-pvt-gorinchem-ma-avond": ("4201", False),
}


@dataclass
class _Counts:
    groups: int = 0
    enrolments: int = 0
    templates_shown: int = 0
    members: int = 0
    attendance: int = 0
    waiting: int = 0


def _group(spec: GroupSpec, today: date, trainer: User, provider: Organisation) -> Group | None:
    existing = Group.objects.filter(code=spec.code).first()
    if existing is not None:
        return existing
    municipality = Organisation.objects.filter(
        name=spec.municipality, type=OrganisationType.GEMEENTE
    ).first()
    if municipality is None:
        return None
    monday = today - timedelta(days=today.weekday())
    return groups.create_group(
        trainers=[trainer],
        code=spec.code,
        name=spec.name,
        kind=spec.kind,
        municipality=municipality,
        provider=provider,
        location=spec.location,
        language="nld",
        interpreter_languages=list(spec.interpreter_languages),
        weekday=spec.weekday,
        moment=spec.moment,
        start_time=spec.start_time,
        end_time=spec.end_time,
        start_date=monday + timedelta(weeks=spec.weeks_from_today),
        session_count=spec.session_count,
        interval_weeks=spec.interval_weeks,
        min_size=6,
        max_size=10,
    )


def _persons(municipality_id: int) -> list[Person]:
    return list(
        Person.objects.filter(municipality_id=municipality_id, bsn__startswith="999")
        .select_related("regisseur")
        .order_by("bsn")
    )


def _enrol_from_pips(templates: list[ProgrammeTemplate], counts: _Counts) -> set[int]:
    """Enrol every demo newcomer with an established PIP; returns who is enrolled from one."""
    enrolled: set[int] = set()
    for person in Person.objects.filter(bsn__startswith="999", pips__isnull=False).distinct():
        pip = pip_plan.read_pip(person)
        if pip is None:
            continue
        enrolled.add(person.pk)
        if Enrolment.objects.filter(person=person, pip_version=pip.version_id).exists():
            continue
        suggestions = pip_plan.suggest(templates, pip)
        if not suggestions:
            continue
        # The best fit whose entry conditions the newcomer meets (Almere's MAP wants end-A2
        # and the PVT); when none does, the best fit, accepted by the regisseur.
        fitting = [s for s in suggestions if not pip_plan.entry_warnings(s.template, person)]
        choice = (fitting or suggestions)[0].template
        enrolment.enrol_from_pip(
            person, choice, actor=person.regisseur, pip=pip, accept_unmet=not fitting
        )
        counts.enrolments += 1
    return enrolled


def _show_every_template(templates: list[ProgrammeTemplate], today: date, counts: _Counts) -> None:
    """Every programme in use by at least one demo newcomer: a template nobody follows yet
    is given to a newcomer without a programme (else one with the fewest), started six
    weeks ago so that milestones lie behind and ahead (Tilburg's showtime in two weeks)."""
    used = set(
        Enrolment.objects.filter(person__bsn__startswith="999").values_list(
            "template_id", flat=True
        )
    )
    people = list(Person.objects.filter(bsn__startswith="999").select_related("regisseur"))
    if not people:
        return
    programmes = Counter(
        Enrolment.objects.filter(person__bsn__startswith="999").values_list("person_id", flat=True)
    )
    start = today - timedelta(weeks=6)
    for template in templates:
        if template.pk in used:
            continue
        person = min(people, key=lambda p: (programmes[p.pk], p.bsn))
        enrolment.enrol(person, template, start, actor=person.regisseur)
        programmes[person.pk] += 1
        counts.templates_shown += 1


def _fill(group: Group, enrolled: set[int], counts: _Counts) -> list[Person]:
    """The running group's members: the gemeente's newcomers, those with a PIP first.
    Newcomers on the Z-route do not need a MAP."""
    members = list(Person.objects.filter(group_memberships__group=group).order_by("bsn"))
    if len(members) >= RUNNING_MEMBERS:
        return members
    taken = set(GroupMember.objects.values_list("person_id", flat=True))
    candidates = []
    for person in _persons(group.municipality_id):
        if person.pk in taken:
            continue
        if group.kind == GroupKind.MAP and person.pk in enrolled:
            pip = pip_plan.read_pip(person)
            if pip is not None and pip.leerroute == "z":
                continue
        candidates.append(person)
    candidates.sort(key=lambda p: (p.pk not in enrolled, p.bsn))
    new = candidates[: RUNNING_MEMBERS - len(members)]
    by_regisseur: dict[Any, list[Person]] = {}
    for person in new:
        by_regisseur.setdefault(person.regisseur, []).append(person)
    for actor, persons in by_regisseur.items():
        assignment.accept_placements([(p.pk, group.pk, True) for p in persons], actor=actor)
        counts.members += len(persons)
    return members + new


def _mark(member_index: int, number: int, last: int) -> tuple[str, str]:
    if member_index == 2 and number > last - 3:
        return ("absent", "")  # three in a row: the absence-streak signal
    if (member_index + number) % 7 == 0:
        return ("absent", "")
    if (member_index * 3 + number) % 11 == 0:
        return ("excused", EXCUSES[(member_index + number) % len(EXCUSES)])
    if (member_index + 2 * number) % 9 == 0:
        return ("late", "")
    return ("present", "")


def _attendance(group: Group, members: list[Person], today: date, trainer: User) -> int:
    past = [
        s for s in group.sessions.order_by("number") if s.starts_at.astimezone(TZ).date() < today
    ]
    if not past or not members:
        return 0
    last = past[-1].number
    recorded = 0
    for session in past:
        if Attendance.objects.filter(session=session).exists():
            continue
        marks = {p.pk: _mark(i, session.number, last) for i, p in enumerate(members)}
        attendance.record_attendance(session, marks, actor=trainer)
        recorded += len(marks)
    return recorded


def _waiting(
    group: Group, kind: str, available: list[list[str]], today: date, counts: _Counts
) -> None:
    persons = _persons(group.municipality_id)
    taken = set(GroupMember.objects.filter(group__kind=kind).values_list("person_id", flat=True))
    waiting = set(WaitingEntry.objects.filter(kind=kind).values_list("person_id", flat=True))
    # who waits (or waited: placed since) keeps their turn, so a rerun adds nobody
    candidates = [p for p in persons if p.pk in waiting or p.pk not in taken][: len(available)]
    for index, person in enumerate(candidates):
        if person.pk in waiting:
            continue
        assignment.register_waiting(
            person,
            kind,
            available=available[index],
            locations=[group.location],
            earliest_start=today + timedelta(days=7 * (index % 3)),
            waiting_since=today - timedelta(weeks=2 + 3 * index),
            actor=person.regisseur,
        )
        counts.waiting += 1


def load(today: date) -> dict[str, int]:
    """Groups, enrolments from PIPs, attendance and a waiting list (idempotent)."""
    counts = _Counts()
    trainer = User.objects.filter(username=TRAINER).first()
    provider = Organisation.objects.filter(name=PROVIDER).first()
    if trainer is None or provider is None:
        return _result(counts)
    with transaction.atomic():
        groups: dict[str, Group] = {}
        for spec in GROUPS:
            created = not Group.objects.filter(code=spec.code).exists()
            group = _group(spec, today, trainer, provider)
            if group is not None:
                groups[spec.code] = group
                counts.groups += created
        molenlanden = Organisation.objects.filter(
            name="Gemeente Molenlanden", type=OrganisationType.GEMEENTE
        ).first()
        if molenlanden is not None:  # 15 PVT hours in 5 day-parts, the municipality's choice
            MunicipalSetting.objects.get_or_create(
                organisation=molenlanden,
                key="pvt_hours",
                defaults={"value": 15, "decision": "Beleidsregels inburgering Molenlanden 2024"},
            )
        for code, (postcode, creche) in GROUP_PLACES.items():
            Group.objects.filter(code=code, postcode="").update(
                postcode=postcode, offers_childcare=creche
            )
        templates = list(
            ProgrammeTemplate.objects.filter(is_active=True).prefetch_related("phases__components")
        )
        enrolled = _enrol_from_pips(templates, counts)
        _show_every_template(templates, today, counts)
        for code in ("demo-map-gorinchem-di", "demo-pvt-molenlanden-wo"):
            if code in groups:
                members = _fill(groups[code], enrolled, counts)
                counts.attendance += _attendance(groups[code], members, today, trainer)
        if "demo-map-vijfheerenlanden-do" in groups:
            _waiting(
                groups["demo-map-vijfheerenlanden-do"],
                GroupKind.MAP,
                [
                    [DayPart.THU_AFTERNOON.code, DayPart.TUE_MORNING.code],
                    [DayPart.THU_AFTERNOON.code],
                    [
                        DayPart.MON_MORNING.code,
                        DayPart.THU_AFTERNOON.code,
                        DayPart.FRI_MORNING.code,
                    ],
                    [DayPart.WED_MORNING.code],  # cannot on Thursday: the assignment says why
                    [DayPart.THU_AFTERNOON.code, DayPart.THU_MORNING.code],
                    [DayPart.THU_AFTERNOON.code],
                ],
                today,
                counts,
            )
        if "demo-pvt-gorinchem-ma-avond" in groups:
            _waiting(
                groups["demo-pvt-gorinchem-ma-avond"],
                GroupKind.PVT,
                [
                    [DayPart.MON_EVENING.code],
                    [DayPart.MON_EVENING.code, DayPart.WED_EVENING.code],
                    [DayPart.TUE_EVENING.code],
                ],
                today,
                counts,
            )
    return _result(counts)


def _result(counts: _Counts) -> dict[str, int]:
    return {
        "programme_groups_created": counts.groups,
        "programme_enrolments_from_pip": counts.enrolments,
        "programme_templates_shown": counts.templates_shown,
        "programme_members_added": counts.members,
        "attendance_recorded": counts.attendance,
        "waiting_list_added": counts.waiting,
    }
