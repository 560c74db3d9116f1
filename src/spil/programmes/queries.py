"""Reads of the programmes app, always scoped to the user.

* a klantmanager sees the groups of the gemeenten of their caseload, and of the people in
  them only their caseload (``accounts.access``);
* a trainer sees the groups they train, and the people in those groups (attendance and
  hours are their work); nothing of people waiting for a group;
* partner staff of a provider (a language school) see nobody here; their uploads match
  lines only to members of the provider's groups (``services.imports.provider_persons``).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, When, Window
from django.db.models.functions import FirstValue, RowNumber
from django.utils import timezone

from spil.accounts.access import Action, caseload_municipality_ids, has_any_role, is_usable
from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.core.database import aggregate_cursor
from spil.core.week import (
    HOURS_PER_DAY_PART,
    MOMENTS,
    WEEKDAY_DAYTIME,
    WORKDAYS,
    DayPart,
    Moment,
    Weekday,
)
from spil.intake.models import Intake
from spil.persons.models import Person
from spil.programmes.models import (
    CREDITED_STATUSES,
    Attendance,
    CheckedBy,
    ComponentKind,
    DuoResult,
    Enrolment,
    EnrolmentStatus,
    Group,
    GroupKind,
    GroupMember,
    HoursEntry,
    HoursReport,
    HoursReportStatus,
    LanguageResult,
    PlanItem,
    PlanMilestone,
    ProgrammeTemplate,
    Session,
    WaitingEntry,
    WaitingStatus,
)

if TYPE_CHECKING:
    from spil.programmes.services.attendance import HoursSummary


def _uid(user: User | AnonymousUser) -> int:
    return int(user.pk or 0) if is_usable(user) else 0


def is_trainer(user: User | AnonymousUser) -> bool:
    return has_any_role(user, Role.TRAINER)


def is_planner(user: User | AnonymousUser) -> bool:
    """Klantmanagers plan groups for their caseload (the waiting list is theirs)."""
    return has_any_role(user, Role.KLANTMANAGER)


def can_manage_templates(user: User | AnonymousUser) -> bool:
    """Programmes are policy: the beleidsmedewerker and the functioneel beheerder edit them."""
    return has_any_role(user, Role.FUNCTIONEEL_BEHEERDER, Role.BELEIDSMEDEWERKER)


def can_manage_holidays(user: User | AnonymousUser) -> bool:
    """School holidays are one calendar for every gemeente: the functioneel beheerder."""
    return has_any_role(user, Role.FUNCTIONEEL_BEHEERDER)


def can_see_holidays(user: User | AnonymousUser) -> bool:
    return has_any_role(user, Role.FUNCTIONEEL_BEHEERDER, Role.KLANTMANAGER, Role.TRAINER)


def can_see_templates(user: User | AnonymousUser) -> bool:
    return has_any_role(
        user, Role.FUNCTIONEEL_BEHEERDER, Role.BELEIDSMEDEWERKER, Role.KLANTMANAGER, Role.TRAINER
    )


def upload_providers(user: User | AnonymousUser) -> list[Organisation]:
    """Organisations for which the user may upload attendance and results."""
    if not is_usable(user):
        return []
    ids = Membership.objects.filter(
        user_id=_uid(user),
        is_active=True,
        role__in=[Role.PARTNER_STAFF, Role.TRAINER],
        organisation__is_active=True,
        organisation__type__in=[
            OrganisationType.TAALSCHOOL,
            OrganisationType.ROC,
            OrganisationType.WELZIJN,
            OrganisationType.REINTEGRATIE,
        ],
    ).values_list("organisation_id", flat=True)
    return list(Organisation.objects.filter(pk__in=list(ids)).order_by("name"))


def templates_for_user(user: User | AnonymousUser) -> QuerySet[ProgrammeTemplate]:
    if not can_see_templates(user):
        return ProgrammeTemplate.objects.none()
    return ProgrammeTemplate.objects.prefetch_related("phases__components")


def groups_for_user(user: User | AnonymousUser) -> QuerySet[Group]:
    if not is_usable(user):
        return Group.objects.none()
    municipalities = caseload_municipality_ids(user, Action.VIEW)
    condition = Q(municipality_id__in=municipalities)
    if is_trainer(user):
        condition |= Q(trainers=_uid(user))
    return (
        Group.objects.filter(condition)
        .distinct()
        .select_related("municipality", "provider")
        .annotate(member_count=Count("members", distinct=True))
    )


def persons_for_user(user: User | AnonymousUser, action: Action) -> QuerySet[Person]:
    """People whose programme data the user may see (VIEW) or record (CHANGE)."""
    if not is_usable(user):
        return Person.objects.none()
    condition = Q(municipality_id__in=caseload_municipality_ids(user, action))
    if is_trainer(user) and action in (Action.VIEW, Action.CHANGE):
        condition |= Q(group_memberships__group__trainers=_uid(user))
    return Person.objects.filter(condition).distinct()


def _check_off_rights(user: User | AnonymousUser, person_id: int) -> tuple[bool, bool]:
    """Whether the user may check off (every milestone, the trainer's milestones) of the
    person: the klantmanager of the person every one; a trainer of one of the person's groups
    the trainer's (a final presentation)."""
    if not is_usable(user):
        return False, False
    if Person.objects.for_user(user, Action.CHANGE).filter(pk=person_id).exists():
        return True, True
    trains = (
        is_trainer(user)
        and GroupMember.objects.filter(person_id=person_id, group__trainers=_uid(user)).exists()
    )
    return False, trains


def may_check_off(user: User | AnonymousUser, milestone: PlanMilestone) -> bool:
    every, trainers = _check_off_rights(user, milestone.enrolment.person_id)
    return every or (trainers and milestone.checked_by == CheckedBy.TRAINER)


def checkable_milestones(
    user: User | AnonymousUser, person: Person, milestones: Iterable[PlanMilestone]
) -> set[int]:
    """The pks of the person's open `milestones` the user may check off; the rights are
    read once for the page, not per milestone."""
    still_open = [m for m in milestones if m.done_on is None]
    if not still_open:
        return set()
    every, trainers = _check_off_rights(user, person.pk)
    return {m.pk for m in still_open if every or (trainers and m.checked_by == CheckedBy.TRAINER)}


def open_milestones(person: Person, start: date, end: date) -> QuerySet[PlanMilestone]:
    """The milestones of the person's active week plans from `start` to `end` not yet done
    (internal read for the person's agenda: the caller records the processing)."""
    return PlanMilestone.objects.filter(
        enrolment__person=person,
        enrolment__status=EnrolmentStatus.ACTIVE,
        due_on__gte=start,
        due_on__lte=end,
        done_on__isnull=True,
    ).order_by("due_on", "pk")


def chain_meeting_templates() -> QuerySet[ProgrammeTemplate]:
    """Active programmes whose partners meet in a ketenoverleg, with its cadence (read by
    ``spil.ketenoverleg`` to plan the series)."""
    return ProgrammeTemplate.objects.filter(is_active=True).exclude(chain_meeting="")


def member_of(group: Group, person: Person) -> bool:
    """Whether `person` (already in the caller's scope) takes part in `group`."""
    return GroupMember.objects.filter(group=group, person=person).exists()


def session_of(group: Group, number: int) -> Session | None:
    """Session `number` of a group the caller may see (no personal data)."""
    return Session.objects.filter(group=group, number=number).select_related("group").first()


def visible_members(group: Group, user: User | AnonymousUser, action: Action) -> QuerySet[Person]:
    return persons_for_user(user, action).filter(group_memberships__group=group)


def waiting_for_user(user: User | AnonymousUser, kind: str) -> QuerySet[WaitingEntry]:
    """The planner's waiting list: only people of their caseload."""
    if not is_planner(user):
        return WaitingEntry.objects.none()
    caseload = Person.objects.for_user(user, Action.CHANGE)
    return WaitingEntry.objects.filter(
        kind=kind, status=WaitingStatus.WAITING, person__in=caseload
    ).select_related("person")


def agenda_sessions(
    *, person_id: int | None = None, trainer_id: int | None = None
) -> QuerySet[Session]:
    """The sessions of the groups a person is in, or of the groups a trainer trains, with
    their group. Internal read for the agenda feeds (``spil.agenda``), which are no page of
    a signed-in user: the caller owns the processing record."""
    if person_id is not None:
        sessions = Session.objects.filter(group__members__person_id=person_id)
    else:
        sessions = Session.objects.filter(group__trainers=trainer_id)
    return sessions.select_related("group").distinct()


# --------------------------------------------------------------------------- the week

#: What a work placement fills: these components of the week plan are the room for it, not
#: lessons that take day-parts away from it.
PLACEMENT_KINDS = frozenset(
    {ComponentKind.WORK, ComponentKind.INTERNSHIP, ComponentKind.VOLUNTEERING}
)
#: A working week: the hours a week plan may fill when it reserves no hours for work.
WEEK_BUDGET_HOURS = 32.0
_GROUP_KIND_FOR_COMPONENT = {ComponentKind.MAP: GroupKind.MAP, ComponentKind.PVT: GroupKind.PVT}


def week_for(person: Person, on: date | None = None) -> Mapping[str, object] | None:
    """The person's week as far as the programmes know it, for matching a placement.

    ``{"free_dayparts": frozenset[DayPart], "hours_available": float}`` read from the
    personal week plan (the plan items of active enrolments that run on ``on``, or of the
    first week of a plan that starts later) and the groups the person is in. None when the
    person has neither.

    * Busy: the weekday and time of day of each group the person is in that still has
      sessions, and the day-parts of the plan's lessons and activities. The plan says how
      many day-parts a component takes and at what time of day, not on which days: those
      are placed from Monday on (mornings first when the time of day is open). Work,
      internship and volunteering are the room a placement fills, so they are not busy.
    * Hours available: the hours the plan reserves for work, internship or volunteering;
      without those, a 32-hour week less the plan's other hours (never below 0).

    Internal read for another app (the placement matching); it does not write a processing
    record, the caller does for the page that shows the result.
    """
    day = on or timezone.localdate()
    plan = PlanItem.objects.filter(
        enrolment__person=person, enrolment__status=EnrolmentStatus.ACTIVE, ends_on__gte=day
    )
    items = list(plan.filter(starts_on__lte=day))
    if not items:  # a plan that has not started yet: its first week
        first = plan.order_by("starts_on").values_list("starts_on", flat=True).first()
        if first is not None:
            items = list(plan.filter(starts_on=first))
    groups = list(
        Group.objects.filter(members__person=person, sessions__ends_at__date__gte=day).distinct()
    )
    if not items and not groups:
        return None
    busy: set[DayPart] = set()
    groups_by_kind: dict[str, int] = {}
    for group in groups:
        if group.weekday in Weekday.values and group.moment in MOMENTS:
            busy.add(DayPart.of(group.weekday, group.moment))
            groups_by_kind[group.kind] = groups_by_kind.get(group.kind, 0) + 1
    lesson_hours = Decimal(0)
    placement_hours = Decimal(0)
    for item in items:
        if item.kind in PLACEMENT_KINDS:
            placement_hours += item.hours_per_week
            continue
        lesson_hours += item.hours_per_week
        needed = item.day_parts or math.ceil(float(item.hours_per_week) / HOURS_PER_DAY_PART)
        # A MAP or PVT group the person is in already takes this component's day-part.
        group_kind = _GROUP_KIND_FOR_COMPONENT.get(ComponentKind(item.kind))
        if group_kind is not None and groups_by_kind.get(group_kind):
            needed = max(0, needed - groups_by_kind[group_kind])
        moments = (
            [Moment(item.moment)] if item.moment else [Moment.MORNING, Moment.AFTERNOON]
        )  # open time of day: mornings first, then afternoons
        for moment in moments:
            for weekday in WORKDAYS:
                if needed <= 0:
                    break
                daypart = DayPart.of(weekday, moment)
                if daypart not in busy:
                    busy.add(daypart)
                    needed -= 1
    if placement_hours > 0:
        hours = float(placement_hours)
    else:
        hours = max(0.0, WEEK_BUDGET_HOURS - float(lesson_hours))
    return {
        "free_dayparts": WEEKDAY_DAYTIME - busy,
        "hours_available": hours,
    }


# --------------------------------------------------------------------------- hours on the dossier


@dataclass(frozen=True)
class HoursOverview:
    """A person's credited hours for the dossier: MAP, PVT and (on the Z-route) 800 + 800."""

    summary: HoursSummary
    show_zroute: bool
    enrolled: bool
    has_pip: bool

    @property
    def is_empty(self) -> bool:
        s = self.summary
        return not (
            self.enrolled
            or s.sessions_attended
            or s.map.practice_hours_done
            or s.map.themes_done
            or s.pvt_hours
            or s.language_hours
            or s.participation_hours
        )


def hours_overview(person: Person, user: User | AnonymousUser) -> HoursOverview | None:
    """The hours panel of the dossier, or None when the user may not see the person's
    programmes. The dossier page that shows it writes the processing record."""
    if not persons_for_user(user, Action.VIEW).filter(pk=person.pk).exists():
        return None
    return own_progress(person)


# --------------------------------------------------------------------------- reports
# Aggregate reads for spil.reports over a population of persons (a queryset, never a list
# shown to anyone): a few queries whatever the number of persons.


@dataclass(frozen=True)
class EnrolmentFacts:
    """A person's programme (dual trajectory) as reports count it."""

    person_id: int
    template_code: str
    start_date: date
    status: str
    ended_on: date | None


def report_templates() -> QuerySet[ProgrammeTemplate]:
    """Programme templates to choose from in a report (no personal data)."""
    return ProgrammeTemplate.objects.order_by("name")


def report_groups(municipality_ids: Collection[int]) -> QuerySet[Group]:
    """Groups of these municipalities to choose from in a report (names, no members)."""
    return Group.objects.filter(municipality_id__in=list(municipality_ids)).order_by("name", "pk")


def in_programme(persons: QuerySet[Person], template_code: str) -> QuerySet[Person]:
    return persons.filter(
        Exists(Enrolment.objects.filter(person_id=OuterRef("pk"), template__code=template_code))
    )


def in_group(persons: QuerySet[Person], group_code: str) -> QuerySet[Person]:
    return persons.filter(
        Exists(GroupMember.objects.filter(person_id=OuterRef("pk"), group__code=group_code))
    )


def report_enrolments(
    persons: QuerySet[Person], template_code: str = ""
) -> dict[int, EnrolmentFacts]:
    """Per person the first programme they started (of `template_code` when given): one
    query. The start of that programme is the start of the dual trajectory in reports."""
    enrolments = Enrolment.objects.filter(person_id__in=persons.values("pk"))
    if template_code:
        enrolments = enrolments.filter(template__code=template_code)
    rows = enrolments.order_by("person_id", "-start_date", "-pk").values_list(
        "person_id", "template__code", "start_date", "status", "ended_on"
    )
    facts: dict[int, EnrolmentFacts] = {}
    for person_id, code, start, status, ended_on in rows:
        # Ordered latest first: the last one written per person is the first started.
        facts[person_id] = EnrolmentFacts(person_id, code, start, status, ended_on)
    return facts


def enrolments_for_user(user: User | AnonymousUser, action: Action) -> QuerySet[Enrolment]:
    """Programmes of the people in the user's caseload (enrolling is the klantmanager's)."""
    return Enrolment.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "template")


def language_results_for_user(
    user: User | AnonymousUser, action: Action
) -> QuerySet[LanguageResult]:
    """CEFR results of the people whose programme data the user may see or record."""
    return LanguageResult.objects.filter(
        person_id__in=persons_for_user(user, action).values("pk")
    ).select_related("person", "provider")


def result_provider(user: User | AnonymousUser) -> Organisation | None:
    """The organisation a result entered by `user` comes from: their language school or
    other provider; None for municipal staff."""
    providers = upload_providers(user)
    return providers[0] if providers else None


@dataclass(frozen=True)
class LanguageFacts:
    """A person's CEFR results for one skill: the first and the latest."""

    person_id: int
    skill: str
    first_level: str
    first_on: date
    latest_level: str
    latest_on: date
    results: int


def report_language_results(persons: QuerySet[Person]) -> list[LanguageFacts]:
    """Per person and skill the first and the latest result: one query, the database picks
    them (window functions), so the rows read are one per person and skill."""
    partition = [F("person_id"), F("skill")]
    rows = (
        LanguageResult.objects.filter(person_id__in=persons.values("pk"))
        .annotate(
            position=Window(
                RowNumber(), partition_by=partition, order_by=[F("on").desc(), F("pk").desc()]
            ),
            first_level=Window(
                FirstValue("level"), partition_by=partition, order_by=[F("on").asc(), F("pk").asc()]
            ),
            first_on=Window(
                FirstValue("on"), partition_by=partition, order_by=[F("on").asc(), F("pk").asc()]
            ),
            results=Window(Count("pk"), partition_by=partition),
        )
        .filter(position=1)
        .values_list("person_id", "skill", "first_level", "first_on", "level", "on", "results")
    )
    return [LanguageFacts(*row) for row in rows]


@dataclass(frozen=True)
class LanguageCount:
    """How many persons share one skill's levels: at intake (as the intake recorded it,
    raw), their first and latest result, and whether they have more than one result."""

    skill: str
    intake_level: str | None
    first_level: str | None
    latest_level: str | None
    several_results: bool
    persons: int


_SKILLS = ("listening", "speaking", "reading", "writing")


def report_language_counts(persons: QuerySet[Person]) -> list[LanguageCount]:
    """`report_language_results` and the intake's levels, counted in the database: one
    query whose answer has a row per skill and combination of levels (a few hundred at
    most), whatever the number of persons. For reports that show no persons."""
    population, params = persons.order_by().values("pk").query.sql_with_params()
    intake_table = connection.ops.quote_name(Intake._meta.db_table)
    results_table = connection.ops.quote_name(LanguageResult._meta.db_table)
    postgresql = connection.vendor == "postgresql"
    if postgresql:
        level_of = "i.answers -> 'taal' ->> '{skill}'"
    else:
        level_of = "json_extract(i.answers, '$.taal.{skill}')"
    levels = ", ".join(f"{level_of.format(skill=skill)} AS l_{skill}" for skill in _SKILLS)
    # Per person the first completed intake, else the earliest open one; per person and
    # skill the first and the latest result. PostgreSQL picks them with DISTINCT ON and
    # ordered aggregates (one pass over the results' index), other databases with windows.
    if postgresql:
        sql = _language_counts_postgresql(population, intake_table, results_table, levels)
    else:
        sql = _language_counts_windows(population, intake_table, results_table, levels)
    with aggregate_cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        LanguageCount(skill, intake, first, latest, bool(several), int(n))
        for skill, intake, first, latest, several, n in rows
    ]


def _language_counts_postgresql(
    population: str, intake_table: str, results_table: str, levels: str
) -> str:
    """One row per person with each skill's intake level, first and latest result (DISTINCT
    ON, ordered aggregates), then unpivoted per skill and counted."""
    # Per skill the levels in the order of their day (one sort): the first, the last, and
    # how many there are.
    per_skill = ", ".join(
        f"""ARRAY_AGG(r.level ORDER BY r."on", r.id) FILTER (WHERE r.skill = '{skill}')
            AS a_{skill}"""
        for skill in _SKILLS
    )
    unpivot = ", ".join(
        f"""('{skill}', c.l_{skill}, res.a_{skill}[1],
            res.a_{skill}[CARDINALITY(res.a_{skill})], CARDINALITY(res.a_{skill}) > 1)"""
        for skill in _SKILLS
    )
    # Table names come from the models and skills from the code, never from input.
    return f"""
        WITH pop(id) AS ({population}),
        chosen AS (
            SELECT DISTINCT ON (i.person_id) i.person_id, {levels}
            FROM {intake_table} i JOIN pop ON pop.id = i.person_id
            ORDER BY i.person_id, i.status, i.started_at, i.id
        ),
        res AS (
            SELECT r.person_id, {per_skill}
            FROM {results_table} r JOIN pop ON pop.id = r.person_id
            GROUP BY r.person_id
        )
        SELECT s.skill, s.intake_level, s.first_level, s.latest_level,
            COALESCE(s.several, false), COUNT(*)
        FROM pop p
        LEFT JOIN chosen c ON c.person_id = p.id
        LEFT JOIN res ON res.person_id = p.id
        CROSS JOIN LATERAL (VALUES {unpivot})
            AS s(skill, intake_level, first_level, latest_level, several)
        GROUP BY 1, 2, 3, 4, 5
    """  # noqa: S608


def _language_counts_windows(
    population: str, intake_table: str, results_table: str, levels: str
) -> str:
    """The same with window functions (SQLite)."""
    skills = " UNION ALL ".join(f"SELECT '{skill}' AS skill" for skill in _SKILLS)
    chosen_level = " ".join(f"WHEN '{skill}' THEN c.l_{skill}" for skill in _SKILLS)
    # Table names come from the models and skills from the code, never from input.
    return f"""
        WITH pop(id) AS ({population}),
        chosen AS (
            SELECT * FROM (
                SELECT i.person_id, {levels},
                    ROW_NUMBER() OVER (
                        PARTITION BY i.person_id ORDER BY i.status, i.started_at, i.id
                    ) AS n
                FROM {intake_table} i WHERE i.person_id IN (SELECT id FROM pop)
            ) x WHERE n = 1
        ),
        res AS (
            SELECT * FROM (
                SELECT r.person_id, r.skill,
                    FIRST_VALUE(r.level) OVER (
                        PARTITION BY r.person_id, r.skill ORDER BY r."on", r.id
                    ) AS first_level,
                    r.level AS latest_level,
                    COUNT(*) OVER (PARTITION BY r.person_id, r.skill) AS results,
                    ROW_NUMBER() OVER (
                        PARTITION BY r.person_id, r.skill ORDER BY r."on" DESC, r.id DESC
                    ) AS n
                FROM {results_table} r WHERE r.person_id IN (SELECT id FROM pop)
            ) y WHERE n = 1
        ),
        skills AS ({skills}),
        grid AS (
            SELECT s.skill, CASE s.skill {chosen_level} END AS intake_level,
                res.first_level, res.latest_level,
                CASE WHEN res.results > 1 THEN 1 ELSE 0 END AS several
            FROM pop p CROSS JOIN skills s
            LEFT JOIN chosen c ON c.person_id = p.id
            LEFT JOIN res ON res.person_id = p.id AND res.skill = s.skill
        )
        SELECT skill, intake_level, first_level, latest_level, several, COUNT(*)
        FROM grid GROUP BY skill, intake_level, first_level, latest_level, several
    """  # noqa: S608


@dataclass
class ModuleFacts:
    """A person's MAP or PVT as reports count it."""

    person_id: int
    kind: str  # "map" or "pvt"
    in_group: bool = False
    elearning: bool = False
    sessions: int = 0
    attended: int = 0
    hours: Decimal = Decimal(0)
    planned_hours: Decimal = Decimal(0)
    completed_on: date | None = None


def report_modules(persons: QuerySet[Person]) -> dict[tuple[int, str], ModuleFacts]:
    """MAP and PVT per person: groups, attendance, credited and planned hours and the
    result sent to DUO; five aggregate queries whatever the number of persons."""
    kinds = (GroupKind.MAP.value, GroupKind.PVT.value)
    people = persons.values("pk")
    facts: dict[tuple[int, str], ModuleFacts] = {}

    def fact(person_id: int, kind: str) -> ModuleFacts:
        return facts.setdefault((person_id, kind), ModuleFacts(person_id, kind))

    for person_id, kind, online in GroupMember.objects.filter(
        person_id__in=people, group__kind__in=kinds
    ).values_list("person_id", "group__kind", "group__elearning"):
        found = fact(person_id, kind)
        found.in_group = True
        found.elearning = found.elearning or online
    for row in (
        Attendance.objects.filter(person_id__in=people, session__group__kind__in=kinds)
        .values("person_id", "session__group__kind")
        .annotate(
            sessions=Count("pk"),
            attended=Count("pk", filter=Q(status__in=CREDITED_STATUSES)),
            hours=Sum("hours"),
        )
    ):
        found = fact(row["person_id"], row["session__group__kind"])
        found.sessions = row["sessions"]
        found.attended = row["attended"]
        found.hours += row["hours"] or 0
    for person_id, component, hours in (
        HoursEntry.objects.filter(person_id__in=people, component__in=kinds)
        .values("person_id", "component")
        .annotate(total=Sum("hours"))
        .values_list("person_id", "component", "total")
    ):
        fact(person_id, component).hours += hours or 0
    for person_id, kind, per_week, starts, ends in PlanItem.objects.filter(
        enrolment__person_id__in=people, kind__in=kinds
    ).values_list("enrolment__person_id", "kind", "hours_per_week", "starts_on", "ends_on"):
        weeks = Decimal(max((ends - starts).days + 1, 0)) / 7
        fact(person_id, kind).planned_hours += per_week * weeks
    for person_id, kind, on in DuoResult.objects.filter(
        person_id__in=people, kind__in=kinds
    ).values_list("person_id", "kind", "on"):
        fact(person_id, kind).completed_on = on
    return facts


def trainers_of(person: Person) -> list[User]:
    """The trainers of the groups a person is in, for the person's own portal."""
    return list(
        User.objects.filter(programme_groups__members__person=person).distinct().order_by("pk")
    )


def map_provider_trainers(person: Person) -> list[User]:
    """The trainers of the organisation that provides the MAP in the person's active
    enrolment (the week plan's MAP item names the provider, as the PIP gave it): for a MAP
    followed without a group, e.g. only as e-learning."""
    names = {
        name.strip().casefold()
        for name in PlanItem.objects.filter(
            enrolment__person=person,
            enrolment__status=EnrolmentStatus.ACTIVE,
            kind=ComponentKind.MAP,
        )
        .exclude(provider="")
        .values_list("provider", flat=True)
    }
    if not names:
        return []
    organisations = [
        o.pk for o in Organisation.objects.filter(is_active=True) if o.name.casefold() in names
    ]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation_id__in=organisations,
            memberships__role=Role.TRAINER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("pk")
    )


def own_attendance(person: Person, session_ids: list[int]) -> dict[int, Attendance]:
    """A person's attendance marks for these sessions, by session id (their own portal)."""
    marks = Attendance.objects.filter(person=person, session_id__in=session_ids)
    return {mark.session_id: mark for mark in marks}


def own_session(person: Person, session_id: int) -> Session | None:
    """A session of one of the person's groups; None for anyone else's session."""
    return (
        Session.objects.filter(pk=session_id, group__members__person=person)
        .select_related("group")
        .first()
    )


def own_progress(person: Person) -> HoursOverview:
    """A person's credited hours against what the law requires, for their own portal (the
    person is the reader: no staff scope)."""
    # Both import this module: read at call time.
    from spil.programmes import pip_plan
    from spil.programmes.services.attendance import hours_summary

    summary = hours_summary(person)
    pip = pip_plan.read_pip(person)
    zroute = (pip is not None and pip.leerroute == "z") or (
        pip is None and bool(summary.language_hours or summary.participation_hours)
    )
    return HoursOverview(
        summary=summary,
        show_zroute=zroute,
        enrolled=person.enrolments.filter(status=EnrolmentStatus.ACTIVE).exists(),
        has_pip=pip is not None,
    )


def latest_language_levels(person: Person) -> dict[str, LanguageResult]:
    """The latest CEFR result per skill of a person (their own portal), with the provider
    (placement matching names it)."""
    latest: dict[str, LanguageResult] = {}
    results = LanguageResult.objects.filter(person=person).select_related("provider")
    for result in results.order_by("-on", "-pk"):
        latest.setdefault(result.skill, result)
    return latest


def hours_reports(municipality_ids: set[int] | None, limit: int = 100) -> list[HoursReport]:
    """The gevolgde uren last sent to DUO per person, for the DUO page (the not yet sent and
    refused first); ``municipality_ids`` None: every municipality."""
    reports = HoursReport.objects.select_related("person")
    if municipality_ids is not None:
        reports = reports.filter(person__municipality_id__in=municipality_ids)
    order = Case(
        When(status=HoursReportStatus.FAILED, then=0),
        When(status=HoursReportStatus.PENDING, then=1),
        default=2,
    )
    return list(reports.order_by(order, "-last_attempt_at", "pk")[:limit])
