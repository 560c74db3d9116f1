"""The group assignment: the waiting list, the optimiser's proposal over it
(``programmes.assignment``, CP-SAT) and the planner's accepted placements."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_change
from spil.core import travel
from spil.core.travel import Transport
from spil.core.week import split_day_part_code
from spil.intake import queries as intake_queries
from spil.persons import queries as persons
from spil.persons import services as person_services
from spil.persons.models import Person
from spil.programmes.models import Group, GroupMember, WaitingEntry, WaitingStatus

if TYPE_CHECKING:
    from spil.programmes import assignment as solver  # OR-Tools loads only when planning


@transaction.atomic
def register_waiting(
    person: Person,
    kind: str,
    *,
    available: Sequence[str],
    locations: Sequence[str],
    earliest_start: date,
    waiting_since: date | None = None,
    actor: User | None,
) -> WaitingEntry:
    entry = WaitingEntry.objects.filter(
        person=person, kind=kind, status=WaitingStatus.WAITING
    ).first()
    if entry is None:
        entry = WaitingEntry(person=person, kind=kind)
        entry.waiting_since = waiting_since or timezone.localdate()
    entry.available = sorted(set(available))
    entry.locations = sorted({loc.strip() for loc in locations if loc.strip()})
    entry.earliest_start = earliest_start
    entry.save()
    record_change(
        actor,
        person.pk,
        "Waiting list",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CHANGE,
    )
    return entry


def _parse_daypart(label: str) -> solver.DayPart:
    return split_day_part_code(label)  # the solver checks the weekday and the moment


def _person_languages(person: Person) -> set[str]:
    langs = {str(code).lower() for code in person.languages or []}
    if person.preferred_language:
        langs.add(person.preferred_language.lower())
    return langs


def _travel_and_care(
    person: Person, situation: Mapping[str, object], groups: Sequence[Group]
) -> tuple[frozenset[tuple[str, str]] | None, float | None, dict[int | str, float]]:
    """From the person's broad intake (`situation`, see
    ``spil.intake.queries.practical_situation``): the day-parts childcare covers (None: not
    needed), the maximum travel time and the estimated minutes to each group with a known
    postcode by the person's means of transport (a bike when the intake does not say)."""
    care: frozenset[tuple[str, str]] | None = None
    if "childcare_dayparts" in situation:
        codes = situation["childcare_dayparts"]
        care = frozenset(
            split_day_part_code(str(c)) for c in (codes if isinstance(codes, list) else [])
        )
    limit = situation.get("max_travel_minutes")
    max_minutes = float(limit) if isinstance(limit, int) else None
    code = str(situation.get("transport") or "")
    transport = Transport(code) if code in Transport.__members__.values() else Transport.BIKE
    minutes: dict[int | str, float] = {}
    if max_minutes is not None:
        for group in groups:
            estimate = travel.minutes_between(person.postcode, group.postcode, transport)
            if estimate is not None:
                minutes[group.pk] = estimate
    return care, max_minutes, minutes


def to_participant(
    entry: WaitingEntry,
    extra_needs: Iterable[str] = (),
    groups: Sequence[Group] = (),
    situation: Mapping[str, object] = MappingProxyType({}),
) -> solver.Participant:
    """A waiting entry with the person's childcare and travel from the broad intake
    (`situation`, read for the whole waiting list at once)."""
    from spil.programmes import assignment as solver  # OR-Tools loads only when planning

    care, max_minutes, minutes = _travel_and_care(entry.person, situation, groups)
    return solver.Participant(
        id=entry.person_id,
        available={_parse_daypart(d) for d in entry.available},
        languages=_person_languages(entry.person),
        locations=set(entry.locations),
        earliest_start=entry.earliest_start,
        waiting_since=entry.waiting_since,
        needs={solver.GroupKind(entry.kind), *(solver.GroupKind(k) for k in extra_needs)},
        childcare=care,
        max_travel_minutes=max_minutes,
        travel_minutes=minutes,
    )


def to_solver_group(group: Group, taken: int) -> solver.Group:
    """A group with ``taken`` seats already filled offers the rest."""
    from spil.programmes import assignment as solver  # OR-Tools loads only when planning

    free = max(0, group.max_size - taken)
    return solver.Group(
        id=group.pk,
        kind=solver.GroupKind(group.kind),
        min_size=max(0, min(group.min_size - taken, free)),
        max_size=max(1, free),
        language=group.language,
        location=group.location,
        dayparts={(group.weekday, group.moment)},
        start_date=group.start_date,
        interpreter_languages=set(group.interpreter_languages or []),
        must_reach_min=group.must_reach_min and taken == 0,
        offers_childcare=group.offers_childcare,
    )


@dataclass
class Proposal:
    result: solver.AssignmentResult
    entries: dict[int, WaitingEntry]
    groups: dict[int, Group]


def propose(
    entries: Sequence[WaitingEntry],
    groups: Sequence[Group],
    *,
    fixed: Iterable[tuple[int, int]] = (),
    forbidden: Iterable[tuple[int, int]] = (),
    settings_: solver.SolverSettings | None = None,
) -> Proposal:
    """Run the optimiser over one kind's waiting list; one entry per person."""
    from spil.programmes import assignment as solver  # OR-Tools loads only when planning

    by_person = {e.person_id: e for e in entries}
    taken = dict(
        GroupMember.objects.filter(group__in=groups)
        .values("group")
        .annotate(count=Count("pk"))
        .values_list("group", "count")
    )
    usable = [g for g in groups if g.max_size - taken.get(g.pk, 0) > 0]
    sgroups = [to_solver_group(g, taken.get(g.pk, 0)) for g in usable]
    group_ids = {g.pk for g in usable}
    situations = intake_queries.practical_situations(by_person)
    participants = [
        to_participant(e, groups=usable, situation=situations.get(pid, {}))
        for pid, e in by_person.items()
    ]
    kinds = {pid: e.kind for pid, e in by_person.items()}
    groups_by_id = {g.pk: g for g in groups}

    def valid(pairs: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
        return [
            (p, g)
            for p, g in pairs
            if p in by_person and g in group_ids and groups_by_id[g].kind == kinds[p]
        ]

    result = solver.solve_assignment(
        participants,
        sgroups,
        fixed=valid(fixed),
        forbidden=valid(forbidden),
        settings=settings_ or solver.SolverSettings(time_limit_s=10.0),
    )
    return Proposal(result=result, entries=by_person, groups={g.pk: g for g in groups})


@transaction.atomic
def accept_placements(
    placements: Iterable[tuple[int, int, bool]], *, actor: User | None
) -> list[GroupMember]:
    """Place (person_id, group_id, pinned) triples: membership, and off the waiting list.

    A group is never filled beyond its maximum: placements that do not fit are left out.
    """
    members = []
    for person_id, group_id, pinned in placements:
        group = Group.objects.select_for_update().get(pk=group_id)
        already = group.members.filter(person_id=person_id).exists()
        if not already and group.members.count() >= group.max_size:
            continue
        member, _created = GroupMember.objects.get_or_create(
            group=group, person_id=person_id, defaults={"pinned": pinned}
        )
        WaitingEntry.objects.filter(
            person_id=person_id, kind=group.kind, status=WaitingStatus.WAITING
        ).update(status=WaitingStatus.PLACED)
        _contract_provider(group, member.person)
        members.append(member)
    record_change(
        actor,
        [m.person_id for m in members],
        "Place in group",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CHANGE,
    )
    return members


def _contract_provider(group: Group, person: Person) -> None:
    """The group's provider (e.g. the taalschool that gives the MAP) gets access to the
    person under the municipality's processing agreement for delivering the learning route,
    where one is in force; without one, the provider sees nobody."""
    if group.provider_id is None:
        return
    agreement = (
        persons.agreements_in_force(person.municipality_id)
        .filter(processor_id=group.provider_id, purpose=Purpose.LANGUAGE_TRAINING)
        .first()
    )
    if agreement is not None:
        person_services.grant_contracted_access(person, agreement, actor=None)
