"""Scoped reads for placements. Every read of a newcomer's data in this app starts here.

* Offers and employers carry no newcomer data: account managers keep all of them, job
  coaches and klantmanagers read the open ones, an employer contact sees their own.
* A placement (and the person in it) is visible to the person's klantmanager (the caseload
  access model), to the job coach and account manager assigned to it, and to an employer
  contact of the offer's employer **only while the newcomer's consent for that employer and
  purpose is active**, and then only the consented data categories.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from spil.accounts.access import (
    Action,
    caseload_municipality_ids,
    employer_organisation_ids,
    has_any_role,
    is_usable,
)
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.audit.purposes import DataCategory, Purpose
from spil.core.database import aggregate_cursor
from spil.core.week import DayPart
from spil.persons import queries as persons
from spil.persons.models import AccessBasis, BasisKind, Person
from spil.placements.models import (
    ACTIVE_STATUSES,
    CheckIn,
    EmployerLocation,
    OfferStatus,
    Outcome,
    Placement,
    PlacementOffer,
    PlacementStatus,
)
from spil.trajectories.models import ACTIVE_STATUSES as TRAJECTORY_ACTIVE

PURPOSE = Purpose.PLACEMENT
#: what a newcomer can choose to share with an employer
SHAREABLE_CATEGORIES = (
    DataCategory.IDENTITY,
    DataCategory.CONTACT,
    DataCategory.LANGUAGE,
    DataCategory.WORK,
    DataCategory.CHECKIN_NOTES,
)


def can_keep_offers(user: User | AnonymousUser) -> bool:
    return has_any_role(user, Role.ACCOUNTMANAGER)


def can_read_offers(user: User | AnonymousUser) -> bool:
    return has_any_role(
        user, Role.ACCOUNTMANAGER, Role.JOBCOACH, Role.KLANTMANAGER, Role.EMPLOYER_CONTACT
    )


def can_match(user: User | AnonymousUser) -> bool:
    """Matching lists people of the caseload: klantmanagers only."""
    return bool(caseload_municipality_ids(user, Action.VIEW))


def employers_for_user(user: User | AnonymousUser) -> QuerySet[Organisation]:
    employers = Organisation.objects.filter(type=OrganisationType.WERKGEVER, is_active=True)
    if has_any_role(user, Role.ACCOUNTMANAGER, Role.JOBCOACH, Role.KLANTMANAGER):
        return employers
    return employers.filter(pk__in=employer_organisation_ids(user))


def locations_for_user(user: User | AnonymousUser) -> QuerySet[EmployerLocation]:
    return EmployerLocation.objects.filter(employer__in=employers_for_user(user))


def offers_for_user(user: User | AnonymousUser) -> QuerySet[PlacementOffer]:
    offers = PlacementOffer.objects.select_related("employer", "location")
    if has_any_role(user, Role.ACCOUNTMANAGER):
        return offers
    own = employer_organisation_ids(user)
    visible = Q(employer_id__in=own)
    if has_any_role(user, Role.JOBCOACH, Role.KLANTMANAGER):
        visible |= Q(status=OfferStatus.OPEN)
    if not is_usable(user):
        return offers.none()
    return offers.filter(visible)


def matchable_offers() -> QuerySet[PlacementOffer]:
    """Open offers with places (the input of every ranking and assignment)."""
    return PlacementOffer.objects.filter(status=OfferStatus.OPEN, places__gt=0).select_related(
        "employer", "location"
    )


def persons_for_matching(user: User | AnonymousUser) -> QuerySet[Person]:
    return Person.objects.for_user(user, Action.VIEW).select_related("municipality")


def _active_consent(organisation_field: str) -> Exists:
    return Exists(
        persons.active_bases_on().filter(
            person_id=OuterRef("person_id"),
            organisation_id=OuterRef(organisation_field),
            purpose=PURPOSE,
            kind=BasisKind.CONSENT,
        )
    )


def placements_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[Placement]:
    if not is_usable(user):
        return Placement.objects.none()
    visible = Q(person__municipality_id__in=caseload_municipality_ids(user, action))
    visible |= Q(job_coach_id=user.pk) | Q(accountmanager_id=user.pk)
    employers = employer_organisation_ids(user)
    queryset = Placement.objects.select_related(
        "person", "person__municipality", "offer", "offer__employer", "offer__location"
    ).annotate(employer_consent=_active_consent("offer__employer_id"))
    if employers:
        visible |= Q(offer__employer_id__in=employers, employer_consent=True)
    return queryset.filter(visible)


def is_staff_for(user: User | AnonymousUser, placement: Placement, action: Action) -> bool:
    """Klantmanager of the person, or job coach / account manager assigned to the placement."""
    if not is_usable(user):
        return False
    if placement.person.municipality_id in caseload_municipality_ids(user, action):
        return True
    return user.pk in {placement.job_coach_id, placement.accountmanager_id}


def is_caseload_of(user: User | AnonymousUser, person: Person, action: Action) -> bool:
    return person.municipality_id in caseload_municipality_ids(user, action)


# --------------------------------------------------------------------------- buddy, language coach

#: All a buddy or language coach sees of a newcomer: the name (identity) and the placement
#: with its schedule (work). No BSN, contact details, intake, plan, health or dossier.
SUPPORT_CATEGORIES = (DataCategory.IDENTITY, DataCategory.WORK)
#: The placement field that assigns a supporter, and the role they must hold for it.
SUPPORT_ASSIGNMENTS = (("buddy", Role.BUDDY), ("language_coach", Role.TRAINER))


def _support_running() -> Q:
    """While the support has a purpose: from the introduction until the placement ends, and
    during the aftercare of a paid job."""
    running = (PlacementStatus.INTRODUCTION, PlacementStatus.STARTED, PlacementStatus.EVALUATED)
    aftercare = Q(status=PlacementStatus.CONVERTED, aftercare_until__gte=timezone.localdate())
    return Q(status__in=running) | aftercare


def support_placements_for_user(user: User | AnonymousUser) -> QuerySet[Placement]:
    """Running placements where `user` is the assigned buddy (role buddy) or language coach
    (role trainer). Nobody else's: not the dossier, not other placements."""
    if not is_usable(user):
        return Placement.objects.none()
    assigned = Q(pk__in=[])
    for field, role in SUPPORT_ASSIGNMENTS:
        if has_any_role(user, role):
            assigned |= Q(**{f"{field}_id": user.pk})
    return (
        Placement.objects.filter(assigned)
        .filter(_support_running())
        .select_related("person", "offer", "offer__employer", "offer__location", "job_coach")
    )


def support_role(user: User | AnonymousUser, placement: Placement) -> str:
    """ "buddy" or "language_coach" when `user` supports this running placement, else ""."""
    if not support_placements_for_user(user).filter(pk=placement.pk).exists():
        return ""
    for field, _role in SUPPORT_ASSIGNMENTS:
        if getattr(placement, f"{field}_id") == user.pk:
            return field
    return ""


def own_checkins(placement: Placement, user: User | AnonymousUser) -> QuerySet[CheckIn]:
    """The check-ins `user` wrote on this placement (a supporter sees only their own)."""
    return placement.checkins.filter(author_id=user.pk, done_at__isnull=False)


def active_consent(person: Person, organisation_id: int) -> AccessBasis | None:
    return persons.active_consent(person, organisation_id, PURPOSE)


def visible_categories(
    user: User | AnonymousUser, placement: Placement, action: Action = Action.VIEW
) -> frozenset[str]:
    """Data categories of the person `user` may see on this placement.

    Staff (klantmanager, assigned coach or account manager) see everything the placement
    pages show; an employer contact sees the consented categories (WORK always, since the
    placement at their own workplace is what they share).
    """
    if is_staff_for(user, placement, action):
        return frozenset(c.value for c in SHAREABLE_CATEGORIES)
    if placement.offer.employer_id in employer_organisation_ids(user):
        consent = active_consent(placement.person, placement.offer.employer_id)
        if consent is not None:
            return frozenset({DataCategory.WORK.value, *consent.data_categories})
    return frozenset()


def consents_of(person: Person) -> QuerySet[AccessBasis]:
    """The consents to share with employers (the other bases are on the access page)."""
    return persons.bases_of(person).filter(kind=BasisKind.CONSENT, purpose=PURPOSE)


def outcomes_of(person: Person) -> QuerySet[Outcome]:
    return Outcome.objects.filter(person=person).select_related("placement__offer__employer")


def checkins_of(placement: Placement) -> QuerySet[CheckIn]:
    return placement.checkins.select_related("author")


def checkins_for(
    user: User | AnonymousUser, placement: Placement, categories: frozenset[str]
) -> QuerySet[CheckIn]:
    """The check-ins `user` may read on this placement: all of them where the check-in notes
    are among the categories they may see (staff; an employer the newcomer consented to
    share them with), otherwise only the ones they wrote themselves."""
    if DataCategory.CHECKIN_NOTES.value in categories:
        return checkins_of(placement)
    return checkins_of(placement).filter(author_id=user.pk)


def open_placement_count(offer: PlacementOffer) -> int:
    return offer.placements.filter(status__in=ACTIVE_STATUSES).count()


def placement_agenda(
    person: Person, start: date, end: date
) -> list[tuple[date, int | None, str, Placement]]:
    """The person's placement appointments between `start` and `end` (inclusive), for their
    agenda (read by ``spil.agenda`` for the iCal feed): ``(day, day-part, kind, placement)``.

    * ``"work"``: each working day-part (``DayPart`` number, Monday morning 0) of a
      placement that has started and not ended, from its start to its (planned) end;
    * ``"introduction"``: the introduction day of a placement in introduction (day-part None);
    * ``"coaching"`` / ``"aftercare"``: check-ins scheduled and not done yet (day-part None).

    Internal read: the caller owns the processing record."""
    rows: list[tuple[date, int | None, str, Placement]] = []
    working = Placement.objects.filter(
        person=person,
        status__in=[PlacementStatus.STARTED, PlacementStatus.EVALUATED],
        started_on__isnull=False,
        started_on__lte=end,
    ).select_related("offer__employer", "offer__location")
    for placement in working:
        last = min(
            d
            for d in (placement.ended_on, placement.planned_end_on, placement.offer.end_date, end)
            if d is not None
        )
        day = max(start, placement.started_on or start)
        known = {int(dp) for dp in DayPart}
        dayparts = sorted(
            {DayPart(int(d)) for d in placement.offer.dayparts or [] if int(d) in known}
        )
        while day <= last:
            for daypart in dayparts:
                if daypart.weekday.number == day.weekday():
                    rows.append((day, int(daypart), "work", placement))
            day += timedelta(days=1)
    for placement in Placement.objects.filter(
        person=person,
        status=PlacementStatus.INTRODUCTION,
        introduction_on__gte=start,
        introduction_on__lte=end,
    ).select_related("offer__employer", "offer__location"):
        assert placement.introduction_on is not None
        rows.append((placement.introduction_on, None, "introduction", placement))
    for checkin in CheckIn.objects.filter(
        placement__person=person,
        done_at__isnull=True,
        scheduled_for__gte=start,
        scheduled_for__lte=end,
    ).select_related("placement__offer__employer", "placement__offer__location"):
        assert checkin.scheduled_for is not None
        rows.append((checkin.scheduled_for, None, checkin.kind, checkin.placement))
    return sorted(rows, key=lambda r: (r[0], -1 if r[1] is None else r[1], r[2]))


# --------------------------------------------------------------------------- reports
# Aggregate reads for spil.reports over a population of persons: one query each, counted
# and suppressed there, never shown per person.


@dataclass(frozen=True)
class OutcomeFacts:
    person_id: int
    kind: str
    started_on: date
    ended_on: date | None
    hours_per_week: int | None
    with_benefit: bool | None


@dataclass(frozen=True)
class PlacementFacts:
    person_id: int
    status: str
    started_on: date | None
    job_started_on: date | None
    aftercare_until: date | None
    ended_on: date | None


def report_outcomes(persons: QuerySet[Person]) -> list[OutcomeFacts]:
    rows = (
        Outcome.objects.filter(person_id__in=persons.values("pk"))
        .order_by("person_id", "started_on", "pk")
        .values_list(
            "person_id", "kind", "started_on", "ended_on", "hours_per_week", "with_benefit"
        )
    )
    return [OutcomeFacts(*row) for row in rows]


def report_placements(persons: QuerySet[Person]) -> list[PlacementFacts]:
    """Placements that started (proposals and introductions that never started are no
    placement in the reports)."""
    rows = (
        Placement.objects.filter(person_id__in=persons.values("pk"), started_on__isnull=False)
        .order_by("person_id", "started_on", "pk")
        .values_list(
            "person_id", "status", "started_on", "job_started_on", "aftercare_until", "ended_on"
        )
    )
    return [PlacementFacts(*row) for row in rows]


def outcomes_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[Outcome]:
    """Outcomes of the people in the user's caseload (recording them is the klantmanager's)."""
    return Outcome.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "placement")


def caseload_person(
    user: User | AnonymousUser, public_id: uuid.UUID | str, action: Action
) -> Person | None:
    """One person of the user's caseload by public id, or None."""
    return (
        Person.objects.for_user(user, action).filter(public_id=public_id).first()
        if is_usable(user)
        else None
    )


def running_team(person: Person) -> list[tuple[str, User]]:
    """(role, user) of the team of a person's running placements: job coach, buddy and
    language coach, for the person's own portal."""
    team: list[tuple[str, User]] = []
    placements = Placement.objects.filter(person=person, status__in=ACTIVE_STATUSES)
    for placement in placements.select_related("job_coach", "buddy", "language_coach"):
        for role in ("job_coach", "buddy", "language_coach"):
            member = getattr(placement, role)
            if member is not None and (role, member) not in team:
                team.append((role, member))
    return team


# Counted in the database (PostgreSQL): the funnel-and-outcomes report over a whole
# selection without naming anyone, in two grouped queries whatever the number of persons.


@dataclass(frozen=True)
class FunnelCount:
    """Persons who share a cohort date and a state on the report's date."""

    basis_date: date | None
    started: bool
    #: the trajectory's status and reason when it had ended by the report's date, else ""
    status: str
    end_reason: str
    ended: bool
    persons: int


@dataclass(frozen=True)
class MomentCount:
    """Persons who share a state at one moment after their start (a number of months, or
    "end") and what held for them then."""

    moment: str
    ended: bool
    status: str
    end_reason: str
    kinds: frozenset[str]
    paid_hours: str  # "full_time", "part_time", "hours_unknown", "" (no paid work)
    paid_benefit: str  # "with_benefit", "without_benefit", "benefit_unknown", ""
    persons: int
    outcomes: int


def counts_in_database() -> bool:
    """Whether `report_funnel_counts` can count here (PostgreSQL's date arithmetic)."""
    return connection.vendor == "postgresql"


def report_funnel_counts(
    persons: QuerySet[Person],
    municipality_ids: Collection[int],
    *,
    as_of: date,
    basis: str,
    moments: Sequence[int],
    full_time_hours: int,
) -> tuple[list[FunnelCount], list[MomentCount]]:
    """The funnel and the outcomes at fixed moments, counted in the database: per person
    the latest trajectory in these municipalities (as `trajectories.queries.
    report_trajectories`), the first programme started (as `programmes.queries.
    report_enrolments`) and the outcomes that held at each moment (as the reports'
    `holds_on`). `basis` is "start", "notification" or "pip"."""
    population, params = persons.order_by().values("pk").query.sql_with_params()
    basis_column = {"start": "f.start", "notification": "f.notified_on", "pip": "f.pip_on"}[basis]
    values = ", ".join(f"('{months}', {int(months)})" for months in moments)
    common = f"""
        WITH pop(id) AS ({population}),
        t AS (
            SELECT DISTINCT ON (tr.person_id) tr.person_id, tr.status, tr.end_reason,
                tr.ended_on, tr.pip_dagtekening AS pip_on,
                COALESCE(tr.leerroute_period_start, tr.plicht_start,
                    (tr.created_at AT TIME ZONE 'Europe/Amsterdam')::date) AS notified_on
            FROM trajectories_trajectory tr JOIN pop ON pop.id = tr.person_id
            WHERE tr.municipality_id = ANY(%s)
            ORDER BY tr.person_id, tr.created_at DESC, tr.id DESC
        ),
        e AS (
            SELECT DISTINCT ON (en.person_id) en.person_id, en.start_date
            FROM programmes_enrolment en JOIN pop ON pop.id = en.person_id
            ORDER BY en.person_id, en.start_date, en.id
        ),
        f AS (
            SELECT t.*, e.start_date AS start,
                CASE WHEN t.status = ANY(%s) THEN NULL
                     ELSE COALESCE(t.ended_on, %s::date) END AS end_on
            FROM t LEFT JOIN e ON e.person_id = t.person_id
        )"""  # noqa: S608 - table names and moments from the code, never from input
    head = [*params, list(municipality_ids), [str(s) for s in TRAJECTORY_ACTIVE]]
    funnel_sql = f"""{common}
        SELECT {basis_column}, f.start IS NOT NULL AND f.start <= %s,
            CASE WHEN f.end_on <= %s THEN f.status ELSE '' END,
            CASE WHEN f.end_on <= %s THEN f.end_reason ELSE '' END,
            COALESCE(f.end_on <= %s, false), COUNT(*)
        FROM f GROUP BY 1, 2, 3, 4, 5"""  # noqa: S608
    moments_sql = f"""{common},
        m AS (
            SELECT f.person_id, mm.col, (f.start + make_interval(months => mm.months))::date
                AS day, f.end_on, f.status, f.end_reason
            FROM f CROSS JOIN (VALUES {values}) AS mm(col, months)
            WHERE f.start <= %s
              AND (f.start + make_interval(months => mm.months))::date <= %s
            UNION ALL
            SELECT f.person_id, 'end', f.end_on, f.end_on, f.status, f.end_reason
            FROM f WHERE f.start <= %s AND f.end_on <= %s
        ),
        mo AS (
            SELECT m.col, COALESCE(m.end_on <= m.day, false) AS ended,
                m.status, m.end_reason,
                COUNT(o.id) AS outcomes,
                COALESCE(BOOL_OR(o.kind = 'internship'), false) AS internship,
                COALESCE(BOOL_OR(o.kind = 'education'), false) AS education,
                COALESCE(BOOL_OR(o.kind IN ('volunteering', 'participation')), false)
                    AS participation,
                COALESCE(BOOL_OR(o.kind = 'certificate'), false) AS certificate,
                COALESCE(BOOL_OR(o.kind = 'volunteering'), false) AS volunteering,
                COALESCE(BOOL_OR(o.kind = 'participation'), false) AS participating,
                COALESCE(BOOL_OR(o.kind = 'paid_job'), false) AS paid,
                MAX(o.hours_per_week) FILTER (WHERE o.kind = 'paid_job') AS hours,
                COALESCE(BOOL_OR(o.with_benefit) FILTER (WHERE o.kind = 'paid_job'), false)
                    AS benefit_yes,
                COALESCE(BOOL_OR(NOT o.with_benefit) FILTER (WHERE o.kind = 'paid_job'), false)
                    AS benefit_no
            FROM m LEFT JOIN placements_outcome o ON o.person_id = m.person_id
                AND o.started_on <= m.day
                AND (o.kind = 'certificate' OR o.ended_on IS NULL OR o.ended_on >= m.day)
            GROUP BY m.person_id, m.col, m.day, m.end_on, m.status, m.end_reason
        )
        SELECT col, ended,
            CASE WHEN ended THEN status ELSE '' END, CASE WHEN ended THEN end_reason ELSE '' END,
            internship, education, volunteering, participating, certificate, paid,
            CASE WHEN NOT paid THEN '' WHEN hours IS NULL THEN 'hours_unknown'
                 WHEN hours >= %s THEN 'full_time' ELSE 'part_time' END,
            CASE WHEN NOT paid THEN '' WHEN benefit_yes THEN 'with_benefit'
                 WHEN benefit_no THEN 'without_benefit' ELSE 'benefit_unknown' END,
            COUNT(*), SUM(outcomes)
        FROM mo GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12"""  # noqa: S608
    with aggregate_cursor() as cursor:
        cursor.execute(funnel_sql, [*head, as_of, as_of, as_of, as_of, as_of])
        funnel = [
            FunnelCount(day, bool(started), status, reason, bool(ended), int(n))
            for day, started, status, reason, ended, n in cursor.fetchall()
        ]
        cursor.execute(moments_sql, [*head, as_of, as_of, as_of, as_of, as_of, full_time_hours])
        found: list[MomentCount] = []
        for row in cursor.fetchall():
            col, ended, status, reason, *flags, hours, benefit, n, outcomes = row
            names = ("internship", "education", "volunteering", "participation", "certificate")
            kinds = {name for name, flag in zip(names, flags[:5], strict=True) if flag}
            if flags[5]:
                kinds.add("paid_job")
            found.append(
                MomentCount(
                    str(col),
                    bool(ended),
                    status,
                    reason,
                    frozenset(kinds),
                    hours,
                    benefit,
                    int(n),
                    int(outcomes or 0),
                )
            )
    return funnel, found
