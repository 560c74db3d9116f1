"""The population of a selection, read through the lower apps' report queries in a fixed
number of queries (whatever the number of persons), as one `PersonFacts` per person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cached_property

from django.db.models import QuerySet

from spil.intake import queries as intake_queries
from spil.persons import queries as person_queries
from spil.persons.models import Person
from spil.programmes import queries as programme_queries
from spil.programmes.queries import EnrolmentFacts
from spil.reports.selection import Basis, Selection
from spil.trajectories import queries as trajectory_queries
from spil.trajectories.queries import TrajectoryFacts


class End(StrEnum):
    """Why a person's trajectory (or, for a programme, their programme) ended."""

    MET = "met"
    COMPLETED = "completed"
    EXEMPT = "exempt"
    MOVED = "moved"
    STOPPED = "stopped"


END_ORDER = (End.MET, End.COMPLETED, End.EXEMPT, End.MOVED, End.STOPPED)

_MOVED_REASONS = frozenset({"moved", "left_country"})
_EXEMPT_REASONS = frozenset({"exemption", "ontheffing"})
_MET_REASONS = frozenset({"exam_passed", "zroute_completed"})


def trajectory_end(trajectory: TrajectoryFacts) -> End:
    return end_of(trajectory.status, trajectory.end_reason)


def end_of(status: str, end_reason: str) -> End:
    """Why an ended trajectory ended, from its status and DUO's reason."""
    if end_reason in _MOVED_REASONS or status == "moved":
        return End.MOVED
    if end_reason in _EXEMPT_REASONS or status == "exempt":
        return End.EXEMPT
    if end_reason in _MET_REASONS or status == "completed":
        return End.MET
    return End.STOPPED


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    trajectory: TrajectoryFacts
    enrolment: EnrolmentFacts | None
    #: when and why the person ended (None: still active)
    ended: tuple[date, End] | None

    @property
    def start(self) -> date | None:
        return self.enrolment.start_date if self.enrolment else None

    def basis_date(self, basis: Basis) -> date | None:
        if basis == Basis.START:
            return self.start
        if basis == Basis.NOTIFICATION:
            return self.trajectory.notified_on
        return self.trajectory.pip_on

    def started_by(self, day: date) -> bool:
        return self.start is not None and self.start <= day

    def ended_by(self, day: date) -> End | None:
        if self.ended is not None and self.ended[0] <= day:
            return self.ended[1]
        return None


def _end(
    trajectory: TrajectoryFacts,
    enrolment: EnrolmentFacts | None,
    *,
    programme: bool,
    as_of: date,
) -> tuple[date, End] | None:
    """A report on a programme ends a person when they leave the programme (completed or
    stopped) or their obligation ends, whichever comes first; other reports when the
    obligation ends."""
    ends: list[tuple[date, End]] = []
    if not trajectory.is_active:
        ends.append((trajectory.ended_on or as_of, trajectory_end(trajectory)))
    if programme and enrolment is not None and enrolment.status != "active":
        kind = End.COMPLETED if enrolment.status == "completed" else End.STOPPED
        ends.append((enrolment.ended_on or as_of, kind))
    return min(ends, key=lambda end: end[0]) if ends else None


@dataclass
class Population:
    """The selection's persons: as a queryset (`persons`) and, read on first use, as one
    `PersonFacts` each (`facts`: two queries and a pass in Python)."""

    selection: Selection
    as_of: date
    #: the narrowed persons queryset: lower apps read further facts over it
    persons: QuerySet[Person]

    @cached_property
    def facts(self) -> list[PersonFacts]:
        return _facts(self.selection, self.as_of, self.persons)

    @property
    def ids(self) -> set[int]:
        return {fact.person_id for fact in self.facts}

    @property
    def counted_in_sql(self) -> bool:
        """Whether `persons` holds exactly the selection's persons, so a report may count
        them in the database: no narrowing that only the facts can do (the leerroute of
        the latest trajectory, the programme that counts, the cohort's period)."""
        selection = self.selection
        return not (
            selection.leerroute
            or selection.template
            or selection.period_from
            or selection.period_to
        )


def population(selection: Selection, as_of: date) -> Population:
    """Everyone the selection covers (their facts are read when a report asks for them)."""
    ids = selection.municipality_ids
    persons: QuerySet[Person] = trajectory_queries.report_persons(ids)
    if selection.doelgroep:
        persons = person_queries.with_doelgroep(persons, selection.doelgroep)
    if selection.leerroute:
        persons = trajectory_queries.with_leerroute(persons, selection.leerroute)
    if selection.template:
        persons = programme_queries.in_programme(persons, selection.template)
    if selection.group:
        persons = programme_queries.in_group(persons, selection.group)
    if selection.focus:
        persons = intake_queries.with_focus(persons, selection.focus)
    return Population(selection=selection, as_of=as_of, persons=persons)


def _facts(selection: Selection, as_of: date, persons: QuerySet[Person]) -> list[PersonFacts]:
    """Each person's trajectory and programme: two queries."""
    trajectories = trajectory_queries.report_trajectories(persons, selection.municipality_ids)
    enrolments = programme_queries.report_enrolments(persons, selection.template)
    facts: list[PersonFacts] = []
    for person_id, trajectory in trajectories.items():
        if selection.leerroute and trajectory.leerroute != selection.leerroute:
            continue
        enrolment = enrolments.get(person_id)
        if selection.template and enrolment is None:
            continue
        fact = PersonFacts(
            person_id=person_id,
            trajectory=trajectory,
            enrolment=enrolment,
            ended=_end(
                trajectory, enrolment, programme=selection.narrows_to_programme, as_of=as_of
            ),
        )
        if selection.in_period(fact.basis_date(selection.basis)):
            facts.append(fact)
    return facts
