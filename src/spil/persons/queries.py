"""Scoped reads of persons. Every read of personal data starts here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import Organisation, User
from spil.accounts.roles import OrganisationType, Role
from spil.persons.models import Person, PersonQuerySet
from spil.persons.validators import bsn_in_search


def persons_for_user(user: User | AnonymousUser, action: Action = Action.VIEW) -> PersonQuerySet:
    return Person.objects.for_user(user, action).select_related("municipality", "regisseur")


def person_for_user_or_404(
    user: User | AnonymousUser, public_id: Any, action: Action = Action.VIEW
) -> Person:
    """The one person `user` may act on with `action`; 404 for anyone else."""
    return get_object_or_404(Person.objects.for_user(user, action), public_id=public_id)


def search(queryset: PersonQuerySet, text: str) -> PersonQuerySet:
    """Search by BSN (exact, 9 digits) or by name (every word must match a name part)."""
    text = text.strip()
    if not text:
        return queryset
    try:
        bsn = bsn_in_search(text)
    except ValidationError:
        return queryset.none()  # forms and the API say why before they get here
    if bsn is not None:
        return queryset.filter(bsn=bsn)
    for word in text.split():
        queryset = queryset.filter(Q(family_name__icontains=word) | Q(given_names__icontains=word))
    return queryset


# --------------------------------------------------------------------------- caseload

ACTIVE = "active"
NO_TRAJECTORY = "none"
ANY_SIGNAL = "any"


def caseload_filter(
    user: User | AnonymousUser,
    *,
    status: str = "",
    leerroute: str = "",
    signal: str = "",
    municipality_id: int | None = None,
    q: str = "",
) -> PersonQuerySet:
    """The people in the caseload of `user` that match the filters (no ordering, no join:
    counting them is cheap). Trajectory filters look at the active trajectory; an ended
    status matches people without an active trajectory whose trajectory ended that way."""
    from spil.dossier.models import Signal
    from spil.trajectories.models import ACTIVE_STATUSES, Trajectory

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
        if signal != ANY_SIGNAL:
            open_signals = open_signals.filter(code=signal)
        persons = persons.filter(Exists(open_signals))
    if municipality_id is not None:
        persons = persons.filter(municipality_id=municipality_id)
    return search(persons, q)


def with_current_trajectory(persons: PersonQuerySet) -> PersonQuerySet:
    """Join the active trajectory: each row carries `t_id`, `t_status`, `t_leerroute`,
    `t_niveau`, `t_next_deadline` and `t_next_deadline_kind` (None without one)."""
    from spil.trajectories.models import ACTIVE_STATUSES

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
    persons = caseload_filter(user, **filters)
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
        from spil.trajectories.models import ACTIVE_STATUSES, Trajectory

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


def caseload_municipalities(user: User | AnonymousUser) -> QuerySet[Organisation]:
    """The municipalities whose people are in the user's caseload (for the filter)."""
    return Organisation.objects.filter(pk__in=caseload_municipality_ids(user, Action.VIEW))


# --------------------------------------------------------------------------- writes' choices


def shared_municipality_ids(municipality_id: int) -> set[int]:
    """The municipality and, where a regio it belongs to shares caseloads, its partners."""
    shared = Organisation.objects.filter(
        regions__type=OrganisationType.REGIO,
        regions__shares_caseloads=True,
        regions__is_active=True,
        regions__members=municipality_id,
        is_active=True,
    ).values_list("id", flat=True)
    return {municipality_id, *shared}


def regisseur_candidates(person: Person) -> QuerySet[User]:
    """Klantmanagers who may take over `person`: of the person's municipality, or of the
    regio's municipalities where that regio shares caseloads."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__is_active=True,
            memberships__role=Role.KLANTMANAGER,
            memberships__organisation__is_active=True,
            memberships__organisation_id__in=shared_municipality_ids(person.municipality_id),
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def handover_municipalities(person: Person) -> QuerySet[Organisation]:
    """Every other active gemeente: where the person can move to."""
    return Organisation.objects.filter(type=OrganisationType.GEMEENTE, is_active=True).exclude(
        pk=person.municipality_id
    )
