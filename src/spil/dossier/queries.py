"""Reads of a person's dossier: the caseload, timeline, tasks, signals, contact moments,
appointments.

The person is always found first through a scoped query (`persons.queries`); these
functions then read that person's rows. The `*_for_user` functions scope by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.utils import timezone

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import Organisation, User
from spil.dossier.models import (
    Appointment,
    AppointmentStatus,
    CaseloadView,
    ContactMoment,
    Document,
    Signal,
    SignalSeverity,
    Task,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
)
from spil.persons.models import Person, PersonQuerySet
from spil.persons.queries import persons_for_user, search
from spil.trajectories.models import ACTIVE_STATUSES, Trajectory

TIMELINE_PAGE = 20
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def tasks_for_user(user: User | AnonymousUser, action: Action = Action.VIEW) -> QuerySet[Task]:
    return Task.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "assignee")


def appointments_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("person", "planned_by")


def open_tasks(person_id: int) -> list[Task]:
    return list(
        Task.objects.filter(person_id=person_id, status=TaskStatus.OPEN)
        .select_related("assignee")
        .order_by("due", "pk")
    )


def documents(person_id: int) -> list[Document]:
    """The documents in a person's file, newest first (without their content)."""
    return list(Document.objects.filter(person_id=person_id).defer("content"))


def document(person_id: int, document_id: int) -> Document | None:
    return Document.objects.filter(person_id=person_id, pk=document_id).first()


def open_signals(person_id: int) -> list[Signal]:
    return list(
        Signal.objects.filter(person_id=person_id, resolved_at__isnull=True).order_by(
            "-raised_at", "-pk"
        )
    )


def open_signals_by_person(person_ids: list[int]) -> dict[int, list[Signal]]:
    result: dict[int, list[Signal]] = {}
    for signal in Signal.objects.filter(
        person_id__in=person_ids, resolved_at__isnull=True
    ).order_by("-raised_at", "-pk"):
        result.setdefault(signal.person_id, []).append(signal)
    return result


def encode_cursor(entry: TimelineEntry) -> str:
    micros = (entry.occurred_at - _EPOCH) // timedelta(microseconds=1)
    return f"{micros}-{entry.pk}"


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    micros, _sep, pk = cursor.partition("-")
    if not (micros.isdigit() and pk.isdigit()):
        return None
    try:
        return _EPOCH + timedelta(microseconds=int(micros)), int(pk)
    except OverflowError:
        return None


@dataclass
class TimelinePage:
    entries: list[TimelineEntry]
    contact_moments: dict[int, ContactMoment]
    next_cursor: str | None


def timeline_page(
    person_id: int, *, before: str | None = None, limit: int = TIMELINE_PAGE
) -> TimelinePage:
    """Newest first, `limit` entries older than the cursor: two queries for any history.

    Keyset paging on (occurred_at, id) walks the (person, -occurred_at, -id) index, so a
    page costs the same with ten entries or ten thousand.
    """
    entries = TimelineEntry.objects.filter(person_id=person_id).select_related("actor")
    position = decode_cursor(before) if before else None
    if position is not None:
        at, pk = position
        entries = entries.filter(Q(occurred_at__lt=at) | Q(occurred_at=at, pk__lt=pk))
    rows = list(entries.order_by("-occurred_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    moment_ids = [
        int(e.params["contact_moment"])
        for e in rows
        if e.kind == TimelineKind.CONTACT_MOMENT
        and str(e.params.get("contact_moment", "")).isdigit()
    ]
    moments = (
        ContactMoment.objects.filter(person_id=person_id, pk__in=moment_ids).in_bulk()
        if moment_ids
        else {}
    )
    return TimelinePage(rows, moments, encode_cursor(rows[-1]) if more and rows else None)


def has_open_signal(person_id: int, code: str) -> bool:
    return Signal.objects.filter(person_id=person_id, code=code, resolved_at__isnull=True).exists()


def local_day_start(day: date) -> datetime:
    """Midnight at the start of `day` in the installation's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def starting_between(
    appointments: QuerySet[Appointment], since: date, until: date | None = None
) -> QuerySet[Appointment]:
    """Appointments starting on local day `since` or later, up to and including `until`."""
    appointments = appointments.filter(starts_at__gte=local_day_start(since))
    if until is not None:
        appointments = appointments.filter(starts_at__lt=local_day_start(until + timedelta(days=1)))
    return appointments


def upcoming_appointments(
    person_id: int, since: date, until: date | None = None
) -> list[Appointment]:
    """Planned appointments starting on `since` (local day) or later, up to and including
    `until`, earliest first."""
    planned = Appointment.objects.filter(person_id=person_id, status=AppointmentStatus.PLANNED)
    appointments = starting_between(planned, since, until)
    return list(appointments.select_related("planned_by").order_by("starts_at", "pk"))


# --------------------------------------------------------------------------- caseload


ACTIVE = "active"
NO_TRAJECTORY = "none"
ANY_SIGNAL = "any"
URGENT_SIGNAL = "urgent"


def caseload_filter(
    user: User | AnonymousUser,
    *,
    status: str = "",
    leerroute: str = "",
    signal: str = "",
    municipality_id: int | None = None,
    focus: str = "",
    programme: str = "",
    group: str = "",
    q: str = "",
    mine: bool = False,
    deadline_kind: str = "",
    due_within: int | None = None,
) -> PersonQuerySet:
    """The people in the caseload of `user` that match the filters (no ordering, no join:
    counting them is cheap). Trajectory filters look at the active trajectory; an ended
    status matches people without an active trajectory whose trajectory ended that way.
    `mine`: only the user's own people (as client manager); `deadline_kind`/`due_within`:
    the active trajectory's next deadline is of that kind / falls within that many days."""
    persons = persons_for_user(user, Action.VIEW)
    trajectories = Trajectory.objects.filter(person_id=OuterRef("pk"))
    active = trajectories.filter(status__in=ACTIVE_STATUSES)
    if status == ACTIVE:
        persons = persons.filter(Exists(active))
    elif status == NO_TRAJECTORY:
        persons = persons.filter(~Exists(trajectories))
    elif status in ACTIVE_STATUSES:
        persons = persons.filter(Exists(trajectories.filter(status=status)))
    elif status:
        persons = persons.filter(~Exists(active), Exists(trajectories.filter(status=status)))
    if leerroute:
        persons = persons.filter(Exists(active.filter(leerroute=leerroute)))
    if signal:
        open_signals = Signal.objects.filter(person_id=OuterRef("pk"), resolved_at__isnull=True)
        if signal == URGENT_SIGNAL:
            open_signals = open_signals.filter(severity=SignalSeverity.URGENT)
        elif signal != ANY_SIGNAL:
            open_signals = open_signals.filter(code=signal)
        persons = persons.filter(Exists(open_signals))
    if municipality_id is not None:
        persons = persons.filter(municipality_id=municipality_id)
    # The intake and the programmes sit above the dossier (.importlinter): the caseload
    # reaches them only through their relations to Person, never through an import.
    if focus:
        persons = persons.filter(pk__in=Person.objects.filter(intakes__focus=focus).values("pk"))
    if programme:
        enrolled = Person.objects.filter(enrolments__template__code=programme)
        persons = persons.filter(pk__in=enrolled.values("pk"))
    if group:
        members = Person.objects.filter(group_memberships__group__code=group)
        persons = persons.filter(pk__in=members.values("pk"))
    if mine:
        persons = persons.filter(regisseur_id=user.pk)
    if deadline_kind or due_within is not None:
        due = active
        if deadline_kind:
            due = due.filter(next_deadline_kind=deadline_kind)
        if due_within is not None:
            due = due.filter(next_deadline__lte=timezone.localdate() + timedelta(days=due_within))
        persons = persons.filter(Exists(due))
    return search(persons, q)


def caseload_programme_choices() -> list[tuple[str, str]]:
    """(code, name) of the programme templates, for the caseload filter."""
    template = apps.get_model("programmes", "ProgrammeTemplate")
    return list(template.objects.order_by("name", "code").values_list("code", "name"))


def caseload_group_choices(user: User | AnonymousUser) -> list[tuple[str, str]]:
    """(code, name) of the groups of the user's caseload municipalities, for the filter."""
    group = apps.get_model("programmes", "Group")
    ids = caseload_municipality_ids(user, Action.VIEW)
    rows = group.objects.filter(municipality_id__in=ids).order_by("name", "code")
    return list(rows.values_list("code", "name"))


def with_current_trajectory(persons: PersonQuerySet) -> PersonQuerySet:
    """Join the active trajectory: each row carries `t_id`, `t_status`, `t_leerroute`,
    `t_niveau`, `t_next_deadline` and `t_next_deadline_kind` (None without one)."""
    return persons.annotate(
        current=FilteredRelation(
            "trajectories", condition=Q(trajectories__status__in=ACTIVE_STATUSES)
        ),
    ).annotate(
        t_id=F("current__id"),
        t_status=F("current__status"),
        t_leerroute=F("current__leerroute"),
        t_niveau=F("current__niveau"),
        t_next_deadline=F("current__next_deadline"),
        t_next_deadline_kind=F("current__next_deadline_kind"),
    )


BY_NAME = ("family_name", "given_names", "pk")
#: What a caseload row shows of a person, their municipality and their klantmanager: the
#: rest of the person (BSN, languages, addresses …) and the klantmanager's account (password
#: hash, e-mail) are not read for a list page.
CASELOAD_COLUMNS = (
    "public_id",
    "family_name",
    "given_names",
    "date_of_birth",
    "municipality",
    "municipality__name",
    "regisseur",
    "regisseur__username",
    "regisseur__first_name",
    "regisseur__last_name",
)

# Beyond this many people the caseload says "more than …" instead of counting them all:
# an exact count of a regio-wide list costs a scan of every row, and nobody pages that far.
COUNT_LIMIT = 1000


class _BoundedCount:
    """count() for Django's Paginator that stops counting after `count_limit` + 1 rows
    (COUNT_LIMIT, or further when a later page is asked for: no row is out of reach)."""

    persons: PersonQuerySet
    _count: int | None = None
    _limit: int | None = None

    @property
    def count_limit(self) -> int:
        return self._limit if self._limit is not None else COUNT_LIMIT

    def count_at_least_to(self, rows: int) -> None:
        """Count far enough to know whether `rows` rows exist (for a deep page)."""
        self._limit = max(COUNT_LIMIT, rows)
        self._count = None

    def count(self) -> int:
        if self._count is None:
            bound = self.count_limit + 1
            self._count = self.persons.order_by().values("pk")[:bound].count()
        return self._count

    @property
    def count_is_capped(self) -> bool:
        return self.count() > self.count_limit

    def __len__(self) -> int:
        return self.count()


def caseload(user: User | AnonymousUser, *, sort: str = "deadline", **filters: Any) -> Any:
    """The caseload of `user`, joined with each person's active trajectory, ordered by
    next deadline (people without one last) or by name. Slice it for a page: a page costs
    the same few queries whatever its size or the size of the caseload."""
    persons = caseload_filter(user, **filters).only(*CASELOAD_COLUMNS)
    if sort == "name":
        return NameOrdered(persons)
    return DeadlineOrdered(persons)


class NameOrdered(_BoundedCount):
    """People ordered by name, with their active trajectory. Counted without the join."""

    ordered = True

    def __init__(self, persons: PersonQuerySet) -> None:
        self.persons = persons
        self.rows = with_current_trajectory(persons).order_by(*BY_NAME)

    def __getitem__(self, index: slice) -> list[Person]:
        return list(self.rows[index])


class DeadlineOrdered(_BoundedCount):
    """People ordered by the next deadline of their active trajectory, then by name; people
    without a deadline last, by name.

    One ORDER BY over a LEFT JOIN would sort the whole caseload for every page, so this
    reads in two parts that each follow an index: people whose active trajectory has a
    deadline (the trajectory index on next_deadline), then everybody else (by name).
    Supports what Django's Paginator needs: count() and slicing.
    """

    ordered = True

    def __init__(self, persons: PersonQuerySet) -> None:
        dated = Trajectory.objects.filter(
            person_id=OuterRef("pk"), status__in=ACTIVE_STATUSES, next_deadline__isnull=False
        )
        self.persons = persons
        self.with_deadline = (
            with_current_trajectory(persons)
            .filter(Q(t_next_deadline__isnull=False))
            .order_by(F("t_next_deadline").asc(), *BY_NAME)
        )
        self.without_deadline = with_current_trajectory(persons.filter(~Exists(dated))).order_by(
            *BY_NAME
        )

    def __getitem__(self, index: slice) -> list[Person]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("DeadlineOrdered supports plain slices only")
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if stop <= start:
            return []
        first = list(self.with_deadline[start:stop])
        if len(first) == stop - start:
            return first
        # The page runs past the people with a deadline: continue with the others.
        dated = start + len(first) if first else self.with_deadline.count()
        rest_start = max(0, start - dated)
        rest = list(self.without_deadline[rest_start : rest_start + (stop - start) - len(first)])
        return first + rest


def caseload_views(user: User | AnonymousUser) -> list[CaseloadView]:
    """The user's remembered caseload filters (name "") and saved views: one query."""
    if not user.is_authenticated:
        return []
    return list(CaseloadView.objects.filter(user_id=user.pk))


def caseload_municipalities(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The municipalities whose people are in the user's caseload (for the filter)."""
    return Organisation.objects.filter(pk__in=caseload_municipality_ids(user, Action.VIEW))
