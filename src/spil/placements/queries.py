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
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
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
    return [OutcomeFacts(*row) for row in rows.iterator(chunk_size=5000)]


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
    return [PlacementFacts(*row) for row in rows.iterator(chunk_size=5000)]


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
