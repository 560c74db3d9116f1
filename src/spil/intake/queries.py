"""Scoped reads of intakes. Health (special category) only through `health_for_user`."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.fields.json import KT
from django.utils import timezone

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import User
from spil.accounts.roles import Role
from spil.audit.purposes import DataCategory, Purpose, get_purpose
from spil.intake.models import Barrier, HealthAssessment, Intake, IntakeStatus
from spil.persons.models import Person

HEALTH_PURPOSE = Purpose.INTAKE_HEALTH
#: Roles whose work needs the health part of the intake (always with HEALTH_PURPOSE).
HEALTH_ROLES = frozenset({Role.KLANTMANAGER})


def intakes_for_user(user: User | AnonymousUser, action: Action = Action.VIEW) -> QuerySet[Intake]:
    return Intake.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "trajectory")


def caseload_person_for_change(
    user: User | AnonymousUser, public_id: uuid.UUID | str
) -> Person | None:
    """A person of the user's caseload whose intake the user may record, or None."""
    return Person.objects.for_user(user, Action.CHANGE).filter(public_id=public_id).first()


def open_intake(person: Person) -> Intake | None:
    """The person's intake in progress (the person is already in scope)."""
    return Intake.objects.filter(person=person, status=IntakeStatus.IN_PROGRESS).first()


def current_intake(person: Person) -> Intake | None:
    """The open intake, else the latest completed one (the person is already in scope)."""
    return (
        Intake.objects.filter(person=person)
        .order_by("-status", "-started_at")  # "in_progress" sorts after "completed"
        .first()
    )


def barriers(intake: Intake) -> QuerySet[Barrier]:
    return intake.barriers.order_by("created_at", "pk")


def may_read_health(user: User | AnonymousUser, person: Person, purpose: Purpose) -> bool:
    """Only a role that needs it, in scope for the person, with the explicit purpose."""
    if purpose != HEALTH_PURPOSE:
        return False
    if DataCategory.HEALTH not in get_purpose(purpose).special_categories:
        return False
    if not isinstance(user, User) or not user.has_role(*HEALTH_ROLES):
        return False
    return person.municipality_id in caseload_municipality_ids(user, Action.CHANGE)


def health_for_user(
    user: User | AnonymousUser, intake: Intake, *, purpose: Purpose
) -> HealthAssessment | None:
    """The health assessment, or None when `user` may not read it for `purpose`."""
    if not may_read_health(user, intake.person, purpose):
        return None
    return HealthAssessment.objects.filter(intake=intake).first()


#: Work history without a number of years counts as one year (it was named, so it exists).
UNKNOWN_EXPERIENCE_YEARS = 1.0
_CEFR_LEVELS = ("A0", "A1", "A2", "B1", "B2", "C1", "C2")


def cefr_level(value: object) -> str | None:
    """A level as the intake notes it ("0" for no Dutch yet) as a CEFR level, or None."""
    return _cefr_level(value)


def _cefr_level(value: object) -> str | None:
    text = str(value or "").strip().upper()
    if text == "0":  # "no knowledge yet"
        return "A0"
    return text if text in _CEFR_LEVELS else None


def _practical(intake: Intake) -> dict[str, object]:
    life = intake.step("leefsituatie")
    out: dict[str, object] = {}
    if life.get("transport"):
        out["transport"] = str(life["transport"])
    minutes = life.get("max_travel_minutes")
    if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0:
        out["max_travel_minutes"] = minutes
    if life.get("childcare_needed") == "yes":
        codes = life.get("childcare_dayparts") or []
        out["childcare_dayparts"] = [str(c) for c in codes] if isinstance(codes, list) else []
    return out


def practical_situation(person: Person) -> dict[str, object]:
    """Transport and childcare from the person's current intake (already in scope), for
    planning groups: ``transport`` (a ``spil.core.travel.Transport`` code),
    ``max_travel_minutes`` and, only when childcare is needed, ``childcare_dayparts``
    ("mon-morning" codes childcare covers; empty when none is arranged yet). Each key only
    when the intake records it. Internal read; the caller writes the processing record."""
    return practical_situations([person.pk]).get(person.pk, {})


def practical_situations(person_ids: Iterable[int]) -> dict[int, dict[str, object]]:
    """:func:`practical_situation` of many persons (already in scope) in one query, by
    person id; a person without an intake is left out."""
    current: dict[int, Intake] = {}
    intakes = Intake.objects.filter(person_id__in=list(person_ids))
    for intake in intakes.order_by("person_id", "-status", "-started_at"):
        current.setdefault(intake.person_id, intake)  # as current_intake: the first per person
    return {person_id: _practical(intake) for person_id, intake in current.items()}


def matching_profile(person: Person) -> dict[str, object]:
    """What placement matching may use from the person's current intake (already in scope).

    Keys, each only when the intake records it: ``dream_job``, ``plan_b``, ``plan_c`` (ESCO
    URIs), ``experience`` (``(ESCO URI, years)`` pairs from the work history), ``speaking``
    and ``listening`` (CEFR names, "A0" for no Dutch yet), ``assessed_on`` (ISO day the
    levels were noted), ``transport``, ``max_travel_minutes`` and ``childcare_dayparts``
    (see :func:`practical_situation`). Nothing else: no health, family, finances or
    origin. Empty without an intake. Internal read for spil.placements; the page that shows
    the result writes the processing record.
    """
    intake = current_intake(person)
    if intake is None:
        return {}
    profile: dict[str, object] = {}
    ambitions = intake.step("ambities")
    for key in ("dream_job", "plan_b", "plan_c"):
        uri = str(ambitions.get(key) or "").strip()
        if uri:
            profile[key] = uri
    work = intake.step("werk")
    experience: list[tuple[str, float]] = []
    for n in (1, 2):
        uri = str(work.get(f"occupation_{n}") or "").strip()
        years = work.get(f"years_{n}")
        if not uri:
            continue
        if isinstance(years, int | float) and not isinstance(years, bool):
            experience.append((uri, float(years)))
        else:
            experience.append((uri, UNKNOWN_EXPERIENCE_YEARS))
    if experience:
        profile["experience"] = experience
    language = intake.step("taal")
    for key in ("speaking", "listening"):
        level = _cefr_level(language.get(key))
        if level is not None:
            profile[key] = level
    profile.update(_practical(intake))
    when = intake.completed_at or intake.updated_at
    if when is not None:
        profile["assessed_on"] = timezone.localdate(when).isoformat()
    return profile


# --------------------------------------------------------------------------- reports
# Aggregate reads for spil.reports: counted over a population, never shown per person.
# Health is never part of a report.

#: The CEFR skills of the intake's language step (``answers["taal"]``).
INTAKE_SKILLS = ("listening", "speaking", "reading", "writing")


@dataclass(frozen=True)
class IntakeFacts:
    person_id: int
    completed_on: date | None
    focus: str
    #: CEFR per skill as the intake recorded it ("A0" for no Dutch yet), when it did
    levels: dict[str, str]


def with_focus(persons: QuerySet[Person], focus: str) -> QuerySet[Person]:
    """Narrowed to persons whose broad intake chose `focus` (education, participation,
    stabilisation)."""
    return persons.filter(Exists(Intake.objects.filter(person_id=OuterRef("pk"), focus=focus)))


def report_intakes(persons: QuerySet[Person]) -> dict[int, IntakeFacts]:
    """Per person the first completed intake (else the open one): completion day, focus
    and the language levels per skill; one query, only those four answers read."""
    rows = (
        Intake.objects.filter(person_id__in=persons.values("pk"))
        .annotate(**{f"level_{skill}": KT(f"answers__taal__{skill}") for skill in INTAKE_SKILLS})
        .order_by("person_id", "-status", "-started_at", "-pk")
        .values_list(
            "person_id",
            "completed_at",
            "focus",
            *(f"level_{skill}" for skill in INTAKE_SKILLS),
        )
    )
    facts: dict[int, IntakeFacts] = {}
    for person_id, completed_at, focus, *levels in rows:
        # "in_progress" sorts after "completed": the last one written is the first
        # completed intake, or the earliest open one.
        facts[person_id] = IntakeFacts(
            person_id=person_id,
            completed_on=timezone.localdate(completed_at) if completed_at else None,
            focus=focus,
            levels={
                skill: level
                for skill, raw in zip(INTAKE_SKILLS, levels, strict=True)
                if (level := _cefr_level(raw)) is not None
            },
        )
    return facts
