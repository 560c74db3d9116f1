"""Reads of peer coaches, always scoped to the user.

* The register (coaches, their load) and the hours statement: the klantmanager and the
  functioneel beheerder. The statement counts hours per coach and never names a newcomer.
* A person's coaches and the suggestions for a new one: the klantmanager of the person.
* A coach's own people: only persons with a running assignment of that coach *and* the
  newcomer's consent for peer support with the coach's organisation (`consent_in_place`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.access import Action, caseload_municipality_ids, has_any_role, is_usable
from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.audit.purposes import DataCategory, Purpose
from spil.core.newcomer_texts import ISO639_3
from spil.peercoaches.models import (
    COACH_ORGANISATION_TYPES,
    Activity,
    Assignment,
    CoachKind,
    Gender,
    PeerCoach,
)
from spil.persons import queries as persons
from spil.persons.models import AccessBasis, BasisKind, Person
from spil.persons.presentation import language_name
from spil.programmes import queries as programme_queries
from spil.programmes.models import Session

PURPOSE = Purpose.PEER_SUPPORT
#: All a coach sees of the people assigned to them: name, phone, languages, next session.
COACH_CATEGORIES = (
    DataCategory.IDENTITY,
    DataCategory.CONTACT,
    DataCategory.LANGUAGE,
    DataCategory.EDUCATION,
)
#: What the klantmanager's peer-coach page of a person shows: name and languages.
PERSON_PAGE_CATEGORIES = (DataCategory.IDENTITY, DataCategory.LANGUAGE)
REGISTER_ROLES = (Role.KLANTMANAGER, Role.FUNCTIONEEL_BEHEERDER)


# --------------------------------------------------------------------------- the access basis


def consent_in_place(person: Person, organisation: Organisation) -> bool:
    """Whether the newcomer's consent for peer support by `organisation` is in place now
    (the access basis in spil.persons: given, not withdrawn, within its period)."""
    return persons.active_consent(person, organisation.pk, PURPOSE) is not None


# --------------------------------------------------------------------------- the register


def can_keep_register(user: User | AnonymousUser) -> bool:
    return has_any_role(user, *REGISTER_ROLES)


def coaches_for_register(user: User | AnonymousUser) -> QuerySet[PeerCoach]:
    """Every coach in the register with `load`, the number of running assignments."""
    if not can_keep_register(user):
        return PeerCoach.objects.none()
    return PeerCoach.objects.select_related("organisation", "user").annotate(
        load=Count("assignments", filter=Q(assignments__ended_on__isnull=True))
    )


def coach_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(type__in=COACH_ORGANISATION_TYPES, is_active=True).order_by(
        "name"
    )


def coach_sign_ins() -> QuerySet[User]:
    """Users who can sign in as a coach: the role buddy in a peer-coach organisation."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.BUDDY,
            memberships__organisation__type__in=COACH_ORGANISATION_TYPES,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def languages_text(codes: Iterable[str]) -> str:
    return ", ".join(language_name(code) for code in codes if code) or "—"


# --------------------------------------------------------------------------- a person's coaches


def can_assign(user: User | AnonymousUser, person: Person) -> bool:
    return person.municipality_id in caseload_municipality_ids(user, Action.CHANGE)


def assignments_of(person: Person) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(person=person)
        .select_related("coach__organisation")
        .prefetch_related("activities")
    )


def consents_of(person: Person) -> QuerySet[AccessBasis]:
    """The consents for peer support of `person`, past and present (every other basis is on
    the person's access page, spil.partners)."""
    return persons.bases_of(person).filter(kind=BasisKind.CONSENT, purpose=PURPOSE)


def _family(code: str) -> str:
    """Languages a speaker of the other understands count as one (Dari and Farsi)."""
    return ISO639_3.get(code.lower(), code.lower())


@dataclass
class Suggestion:
    coach: PeerCoach
    load: int
    language_points: int
    gender_match: bool | None
    reasons: list[str] = field(default_factory=list)


def suggestions(person: Person, *, gender_preference: str = "") -> list[Suggestion]:
    """Active coaches for `person`, best first: a coach who speaks the newcomer's preferred
    language, then one who speaks another of their languages; then the preferred gender
    (when the newcomer stated one); then the fewest running assignments. Each says why."""
    preferred = _family(person.preferred_language) if person.preferred_language else ""
    spoken = {_family(code) for code in person.languages if code}
    coaches = PeerCoach.objects.filter(is_active=True).select_related("organisation")
    loads = dict(
        Assignment.objects.filter(ended_on__isnull=True, coach__in=coaches)
        .values_list("coach_id")
        .annotate(n=Count("id"))
        .values_list("coach_id", "n")
    )
    found: list[Suggestion] = []
    for coach in coaches:
        load = loads.get(coach.pk, 0)
        reasons: list[str] = []
        common = [code for code in coach.languages if _family(code) in spoken | {preferred}]
        if preferred and any(_family(code) == preferred for code in coach.languages):
            points = 2
            match = next(c for c in coach.languages if _family(c) == preferred)
            reasons.append(
                _("Speaks %(language)s, the preferred language")
                % {"language": language_name(match)}
            )
        elif common:
            points = 1
            reasons.append(_("Speaks %(languages)s") % {"languages": languages_text(common)})
        else:
            points = 0
            reasons.append(_("Speaks none of the newcomer's languages"))
        gender_match: bool | None = None
        if gender_preference:
            gender_match = coach.gender == gender_preference
            wanted = Gender(gender_preference).label
            if gender_match:
                reasons.append(_("%(gender)s, as the newcomer prefers") % {"gender": wanted})
            else:
                reasons.append(
                    _("Not the gender the newcomer prefers (%(gender)s)") % {"gender": wanted}
                )
        if load == 0:
            reasons.append(_("Supports nobody at the moment"))
        else:
            reasons.append(_("Supports %(count)d people at the moment") % {"count": load})
        found.append(Suggestion(coach, load, points, gender_match, reasons))
    found.sort(key=lambda s: (-s.language_points, not s.gender_match, s.load, s.coach.display_name))
    return found


# --------------------------------------------------------------------------- the coach's own view


def own_coach(user: User | AnonymousUser) -> PeerCoach | None:
    """The register entry of the signed-in coach: active, and `user` holds the role buddy
    in the coach's organisation."""
    if not is_usable(user):
        return None
    coach = (
        PeerCoach.objects.filter(user_id=user.pk or 0, is_active=True)
        .select_related("organisation")
        .first()
    )
    if coach is None:
        return None
    holds_role = Membership.objects.filter(
        user_id=user.pk or 0,
        is_active=True,
        role=Role.BUDDY,
        organisation=coach.organisation,
        organisation__is_active=True,
    ).exists()
    return coach if holds_role else None


def is_active(assignment: Assignment) -> bool:
    """An assignment is active while it runs and the newcomer's consent is in place."""
    return assignment.ended_on is None and consent_in_place(
        assignment.person, assignment.coach.organisation
    )


def own_assignments(user: User | AnonymousUser) -> list[Assignment]:
    """The active assignments of the signed-in coach (their people)."""
    coach = own_coach(user)
    if coach is None:
        return []
    running = (
        Assignment.objects.filter(coach=coach, ended_on__isnull=True)
        .select_related("person", "coach__organisation")
        .order_by("person__family_name", "person__given_names")
    )
    return [a for a in running if is_active(a)]


def own_assignment_or_404(user: User | AnonymousUser, public_id: object) -> Assignment:
    for assignment in own_assignments(user):
        if str(assignment.public_id) == str(public_id):
            return assignment
    raise Http404


def next_session(person: Person, now: datetime | None = None) -> Session | None:
    """The person's next group session (MAP, PVT, training), if any."""
    moment = now or timezone.now()
    sessions = programme_queries.agenda_sessions(person_id=person.pk)
    return sessions.filter(starts_at__gte=moment).order_by("starts_at").first()


def own_activities(assignment: Assignment) -> QuerySet[Activity]:
    return assignment.activities.all()


# --------------------------------------------------------------------------- months and hours


def month_start(text: str | None, today: date | None = None) -> date:
    """The first day of a month given as "YYYY-MM"; this month for anything else."""
    if text:
        try:
            year, month = (int(part) for part in text.split("-"))
            return date(year, month, 1)
        except ValueError:
            pass
    today = today or timezone.localdate()
    return today.replace(day=1)


def month_end(start: date) -> date:
    """The first day of the month after `start`."""
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def hours(minutes: int) -> Decimal:
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def amount(minutes: int, rate: Decimal) -> Decimal:
    return (Decimal(minutes) * rate / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class StatementLine:
    date: date
    kind: str
    minutes: int

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)


@dataclass
class CoachStatement:
    coach: PeerCoach
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def minutes(self) -> int:
        return sum(line.minutes for line in self.lines)

    @property
    def hours(self) -> Decimal:
        return hours(self.minutes)

    @property
    def rate(self) -> Decimal:
        return self.coach.hourly_rate if self.coach.kind == CoachKind.PAID else Decimal("0.00")

    @property
    def amount(self) -> Decimal:
        return amount(self.minutes, self.rate)


@dataclass
class Statement:
    month: date
    coaches: list[CoachStatement]

    @property
    def hours(self) -> Decimal:
        return hours(sum(c.minutes for c in self.coaches))

    @property
    def amount(self) -> Decimal:
        return sum((c.amount for c in self.coaches), Decimal("0.00"))


def statement_municipality_ids(user: User | AnonymousUser) -> set[int]:
    """Municipalities whose coaching hours `user` may see for payment: a klantmanager's
    caseload municipalities; a functioneel beheerder's gemeente or the regio's members."""
    if not is_usable(user):
        return set()
    ids = caseload_municipality_ids(user, Action.EXPORT)
    memberships = Membership.objects.filter(
        user_id=user.pk or 0,
        is_active=True,
        role=Role.FUNCTIONEEL_BEHEERDER,
        organisation__is_active=True,
    ).values_list("organisation_id", "organisation__type")
    ids |= {pk for pk, kind in memberships if kind == OrganisationType.GEMEENTE}
    regions = {pk for pk, kind in memberships if kind == OrganisationType.REGIO}
    if regions:
        ids |= set(
            Organisation.objects.filter(regions__in=regions, is_active=True).values_list(
                "id", flat=True
            )
        )
    return ids


def _statement(activities: QuerySet[Activity], month: date) -> Statement:
    per_coach: dict[int, CoachStatement] = {}
    for activity in (
        activities.filter(date__gte=month, date__lt=month_end(month))
        .select_related("assignment__coach__organisation")
        .order_by("assignment__coach__display_name", "assignment__coach_id", "date", "pk")
    ):
        coach = activity.assignment.coach
        entry = per_coach.setdefault(coach.pk, CoachStatement(coach))
        entry.lines.append(StatementLine(activity.date, activity.kind, activity.minutes))
    return Statement(month, list(per_coach.values()))


def statement_for_user(
    user: User | AnonymousUser, month: date, coach: PeerCoach | None = None
) -> Statement:
    """The month's hours per coach for the people of the user's municipalities (every coach,
    or one). Hours and amounts only: the statement never names a newcomer."""
    activities = Activity.objects.filter(
        assignment__person__municipality_id__in=statement_municipality_ids(user)
    )
    if coach is not None:
        activities = activities.filter(assignment__coach=coach)
    return _statement(activities, month)


def own_month(user: User | AnonymousUser, month: date) -> tuple[list[Activity], Statement]:
    """The signed-in coach's activities in `month` (with their assignment and person) and
    their own statement."""
    coach = own_coach(user)
    if coach is None:
        return [], Statement(month, [])
    activities = Activity.objects.filter(assignment__coach=coach)
    rows = list(
        activities.filter(date__gte=month, date__lt=month_end(month))
        .select_related("assignment__person", "assignment__coach__organisation")
        .order_by("date", "pk")
    )
    return rows, _statement(activities, month)
