"""Reads of the ketenoverleg, scoped to the user.

Who takes part: the series' participant users and the active members of its participant
organisations. Who prepares and chairs: a klantmanager or functioneel beheerder of the
series' gemeente or regio. Which cases a user sees in full is one question, asked in one
place (`visible_cases`): the case's person is in `persons.queries.persons_within_reach`:
the klantmanager's caseload, or the persons the partner's organisation has an active
access basis for (contract or consent); a case outside it is counted, never named.
Proposing and adding cases stay with the caseload (`persons_for_user`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import Action, is_usable
from spil.accounts.models import Membership, Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.dossier.models import Signal, TaskStatus
from spil.ketenoverleg.models import Case, ChainAction, Meeting, MeetingSeries, MeetingStatus
from spil.persons.models import Person
from spil.persons.queries import persons_for_user, persons_within_reach, search

#: The signals that put a person on the proposed case list, with the reason shown on the
#: agenda. One mapping: a new signal code (of any app) is one line here.
SIGNAL_REASONS: dict[str, Promise] = {
    "deadline_near": _("Deadline near"),
    "deadline_passed": _("Deadline passed"),
    "leerroute_deadline_near": _("Deadline near: learning route (10 weeks)"),
    "leerroute_deadline_passed": _("Deadline passed: learning route (10 weeks)"),
    "absence_streak": _("Absent several sessions in a row"),
    "placement_no_next_step": _("No momentum: placement ending without a next step"),
    "intake_not_started": _("No momentum: the broad intake has not started"),
    "elearning_behind": _("MAP behind schedule"),
}
#: The reason of a person with an open action from an earlier meeting of the series.
OPEN_ACTION = "open_action"
REASON_TEXTS: dict[str, Promise] = {**SIGNAL_REASONS, OPEN_ACTION: _("Open action")}

#: Roles that plan the series of their gemeente or regio and name its participants.
ORGANISER_ROLES = frozenset({Role.KLANTMANAGER, Role.FUNCTIONEEL_BEHEERDER})
#: Roles that prepare and chair the meetings (they work on the people).
CHAIR_ROLES = frozenset({Role.KLANTMANAGER})

#: Every read and change of the ketenoverleg names these categories in the processing log.
CATEGORIES = ("trajectory",)


def reason_text(code: str) -> str:
    text = REASON_TEXTS.get(code)
    return str(text) if text is not None else code


# --------------------------------------------------------------------------- who


def area_municipality_ids(organisation: Organisation) -> set[int]:
    """The gemeenten whose people a series of `organisation` discusses."""
    if organisation.type == OrganisationType.REGIO:
        return set(
            organisation.members.filter(type=OrganisationType.GEMEENTE, is_active=True).values_list(
                "id", flat=True
            )
        )
    return {organisation.pk}


def organiser_organisation_ids(
    user: User | AnonymousUser, roles: frozenset[str] = ORGANISER_ROLES
) -> set[int]:
    """Gemeenten and regio's whose series `user` may plan (or, with CHAIR_ROLES, chair):
    their own, and the regio's their gemeente belongs to (or the gemeenten of their
    regio)."""
    if not is_usable(user):
        return set()
    own = set(
        Membership.objects.filter(
            user_id=user.pk or 0,
            is_active=True,
            role__in=roles,
            organisation__is_active=True,
            organisation__type__in=[OrganisationType.GEMEENTE, OrganisationType.REGIO],
        ).values_list("organisation_id", flat=True)
    )
    if not own:
        return set()
    related = Organisation.objects.filter(
        Q(members__in=own, type=OrganisationType.REGIO)
        | Q(regions__in=own, type=OrganisationType.GEMEENTE),
        is_active=True,
    ).values_list("id", flat=True)
    return own | set(related)


def organiser_organisations(user: User | AnonymousUser) -> QuerySet[Organisation]:
    return Organisation.objects.filter(pk__in=organiser_organisation_ids(user)).order_by("name")


def can_create_series(user: User | AnonymousUser) -> bool:
    return bool(organiser_organisation_ids(user))


def can_organise(user: User | AnonymousUser, series: MeetingSeries) -> bool:
    """May plan the series and name its participants."""
    return series.organisation_id in organiser_organisation_ids(user)


def can_chair(user: User | AnonymousUser, series: MeetingSeries) -> bool:
    """May prepare the agenda, close the meeting and complete anyone's action."""
    return series.organisation_id in organiser_organisation_ids(user, CHAIR_ROLES)


def _participant_q(user: User | AnonymousUser) -> Q:
    organisations = Membership.objects.filter(
        user_id=user.pk or 0, is_active=True, organisation__is_active=True
    ).values("organisation_id")
    return Q(participant_users=user.pk or 0) | Q(participant_organisations__in=organisations)


def series_for_user(user: User | AnonymousUser) -> QuerySet[MeetingSeries]:
    """The series `user` takes part in or organises."""
    if not is_usable(user):
        return MeetingSeries.objects.none()
    ids = MeetingSeries.objects.filter(
        _participant_q(user) | Q(organisation_id__in=organiser_organisation_ids(user))
    ).values("pk")
    return MeetingSeries.objects.filter(pk__in=ids, is_active=True).select_related("organisation")


def meetings_for_user(user: User | AnonymousUser) -> QuerySet[Meeting]:
    return Meeting.objects.filter(series__in=series_for_user(user)).select_related(
        "series", "series__organisation"
    )


def meeting_or_404(user: User | AnonymousUser, public_id: UUID | str) -> Meeting:
    meeting = meetings_for_user(user).filter(public_id=public_id).first()
    if meeting is None:
        raise Http404
    return meeting


def series_or_404(user: User | AnonymousUser, public_id: UUID | str) -> MeetingSeries:
    series = series_for_user(user).filter(public_id=public_id).first()
    if series is None:
        raise Http404
    return series


def participants(series: MeetingSeries) -> QuerySet[User]:
    """The people taking part: named participants and members of participating
    organisations."""
    organisations = series.participant_organisations.filter(is_active=True).values("pk")
    return (
        User.objects.filter(
            Q(pk__in=series.participant_users.values("pk"))
            | Q(
                memberships__organisation__in=organisations,
                memberships__is_active=True,
            ),
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def participant_candidates(series_organisation: Organisation | None = None) -> QuerySet[User]:
    """Users who may be named as participants: anyone with an active membership."""
    return (
        User.objects.filter(
            is_active=True, memberships__is_active=True, memberships__organisation__is_active=True
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


# --------------------------------------------------------------------------- cases


def visible_person_ids(user: User | AnonymousUser, person_ids: list[int]) -> set[int]:
    """Of these persons, the ones `user` may see: the one rule of the ketenoverleg."""
    if not person_ids:
        return set()
    return set(persons_within_reach(user).filter(pk__in=person_ids).values_list("pk", flat=True))


def visible_cases(meeting: Meeting, user: User | AnonymousUser) -> QuerySet[Case]:
    """The meeting's cases whose person `user` may see; the others are not shown."""
    scope = persons_within_reach(user).order_by().values("pk")
    return meeting.cases.filter(person_id__in=scope).select_related("person", "added_by")


def hidden_case_count(meeting: Meeting, user: User | AnonymousUser) -> int:
    return meeting.cases.count() - visible_cases(meeting, user).count()


def case_or_404(meeting: Meeting, user: User | AnonymousUser, case_id: int) -> Case:
    case = visible_cases(meeting, user).filter(pk=case_id).first()
    if case is None:
        raise Http404
    return case


def open_actions_before(meeting: Meeting, person_ids: list[int]) -> dict[int, list[ChainAction]]:
    """Per person, the open actions of earlier meetings of the series (follow-up)."""
    found: dict[int, list[ChainAction]] = {}
    rows = ChainAction.objects.filter(
        case__meeting__series_id=meeting.series_id,
        case__meeting__starts_at__lt=meeting.starts_at,
        case__person_id__in=person_ids,
        task__status=TaskStatus.OPEN,
    ).select_related("owner", "task", "case__meeting")
    for action in rows.order_by("due", "pk"):
        found.setdefault(action.case.person_id, []).append(action)
    return found


@dataclass
class Proposal:
    person: Person
    reasons: list[str] = field(default_factory=list)

    @property
    def reason_texts(self) -> list[str]:
        return [reason_text(code) for code in self.reasons]


def proposals(meeting: Meeting, user: User | AnonymousUser) -> list[Proposal]:
    """People of the meeting's area that `user` may see, with an open signal from
    SIGNAL_REASONS or an open action of an earlier meeting, not yet on the agenda."""
    area = area_municipality_ids(meeting.series.organisation)
    on_agenda = meeting.cases.values("person_id")
    scope = (
        persons_for_user(user, Action.VIEW)
        .filter(municipality_id__in=area)
        .exclude(pk__in=on_agenda)
    )
    reasons: dict[int, list[str]] = {}
    signals = Signal.objects.filter(
        person__in=scope.order_by().values("pk"),
        resolved_at__isnull=True,
        code__in=list(SIGNAL_REASONS),
    ).order_by("raised_at", "pk")
    for person_id, code in signals.values_list("person_id", "code"):
        reasons.setdefault(person_id, []).append(code)
    follow_up = ChainAction.objects.filter(
        case__meeting__series_id=meeting.series_id,
        case__meeting__starts_at__lt=meeting.starts_at,
        case__person__in=scope.order_by().values("pk"),
        task__status=TaskStatus.OPEN,
    ).values_list("case__person_id", flat=True)
    for person_id in follow_up:
        codes = reasons.setdefault(person_id, [])
        if OPEN_ACTION not in codes:
            codes.append(OPEN_ACTION)
    people = scope.filter(pk__in=list(reasons)).order_by("family_name", "given_names", "pk")
    return [Proposal(person, reasons[person.pk]) for person in people]


def people_to_add(meeting: Meeting, user: User | AnonymousUser, q: str) -> list[Person]:
    """Search (name or BSN) among the people of the area `user` may see."""
    if not q.strip():
        return []
    area = area_municipality_ids(meeting.series.organisation)
    scope = (
        persons_for_user(user, Action.VIEW)
        .filter(municipality_id__in=area)
        .exclude(pk__in=meeting.cases.values("person_id"))
    )
    return list(search(scope, q).order_by("family_name", "given_names", "pk")[:10])


def owner_candidates(meeting: Meeting, person_ids: list[int]) -> dict[int, list[User]]:
    """Per person, the participants who may own an action about them: those who may see
    the person (an action is work on the person's data)."""
    found: dict[int, list[User]] = {pid: [] for pid in person_ids}
    for candidate in participants(meeting.series):
        for pid in sorted(visible_person_ids(candidate, person_ids)):
            found[pid].append(candidate)
    return found


# --------------------------------------------------------------------------- lists


def upcoming_and_past(user: User | AnonymousUser) -> tuple[list[Meeting], list[Meeting]]:
    meetings = meetings_for_user(user)
    now = timezone.now()
    upcoming = meetings.filter(status=MeetingStatus.PLANNED).filter(
        starts_at__gte=now - timedelta(hours=12)
    )
    past = meetings.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at", "-pk")
    return list(upcoming.order_by("starts_at", "pk")[:20]), list(past[:20])


def open_actions_for(user: User | AnonymousUser) -> list[ChainAction]:
    """The user's own open actions from chain meetings, about people they may see."""
    if not is_usable(user):
        return []
    scope = persons_within_reach(user).order_by().values("pk")
    return list(
        ChainAction.objects.filter(
            owner_id=user.pk, task__status=TaskStatus.OPEN, case__person_id__in=scope
        )
        .select_related("case__person", "case__meeting__series", "task")
        .order_by("due", "pk")
    )


def action_or_404(user: User | AnonymousUser, action_id: int) -> ChainAction:
    """An action the user may complete: their own, or one of a meeting they organise, about
    a person they may see."""
    scope = persons_within_reach(user).order_by().values("pk")
    action = (
        ChainAction.objects.filter(pk=action_id, case__person_id__in=scope)
        .select_related("case__person", "case__meeting__series__organisation", "task")
        .first()
    )
    if action is None:
        raise Http404
    if action.owner_id != user.pk and not can_chair(user, action.case.meeting.series):
        raise Http404
    return action
