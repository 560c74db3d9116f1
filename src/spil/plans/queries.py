"""Scoped reads of PIPs and their versions, and the difference between two versions."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from spil.accounts.access import Action, caseload_municipality_ids
from spil.accounts.models import User
from spil.persons.models import Person
from spil.plans.models import Pip, PipComponent, PipVersion, VersionStatus
from spil.plans.services import CONTENT_FIELDS


def versions_for_user(
    user: User | AnonymousUser, action: Action = Action.VIEW
) -> QuerySet[PipVersion]:
    return PipVersion.objects.filter(
        pip__person__municipality_id__in=caseload_municipality_ids(user, action)
    ).select_related("pip", "pip__person", "pip__trajectory")


def caseload_person_for_change(
    user: User | AnonymousUser, public_id: uuid.UUID | str
) -> Person | None:
    """A person of the user's caseload whose PIP the user may make, or None."""
    return Person.objects.for_user(user, Action.CHANGE).filter(public_id=public_id).first()


def open_draft(person: Person) -> PipVersion | None:
    """The person's PIP draft being edited, if any (the person is already in scope)."""
    return (
        PipVersion.objects.filter(pip__person=person, status=VersionStatus.DRAFT)
        .order_by("-pk")
        .first()
    )


def versions_of(person: Person) -> list[PipVersion]:
    """Every version of the person's PIPs, newest first (the person is already in scope)."""
    return list(
        PipVersion.objects.filter(pip__person=person)
        .select_related("pip", "created_by", "vastgesteld_by")
        .prefetch_related("components")
        .order_by("-pip__created_at", "-number")
    )


def current_pip(person: Person) -> Pip | None:
    return Pip.objects.filter(person=person).order_by("-created_at").first()


def established(person: Person) -> PipVersion | None:
    return (
        PipVersion.objects.filter(pip__person=person, status=VersionStatus.VASTGESTELD)
        .order_by("-dagtekening", "-number")
        .first()
    )


def previous_version(version: PipVersion) -> PipVersion | None:
    return (
        PipVersion.objects.filter(pip=version.pip, number__lt=version.number)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def _display(version: PipVersion, name: str) -> str:
    value = getattr(version, name)
    getter = getattr(version, f"get_{name}_display", None)
    if getter is not None and value:
        return str(getter())
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        from django.utils.translation import gettext

        return gettext("Yes") if value else gettext("No")
    return str(value)


def _component_line(component: PipComponent) -> str:
    return (
        f"{component.get_kind_display()}: {component.provider}, "
        f"{component.hours_per_week} h/wk, {component.start:%d-%m-%Y} - {component.end:%d-%m-%Y}"
    )


def diff(before: PipVersion | None, after: PipVersion) -> list[Change]:
    """What changed from `before` to `after`: fields, then components added or removed."""
    if before is None:
        return []
    changes: list[Change] = []
    for name in CONTENT_FIELDS:
        old, new = _display(before, name), _display(after, name)
        if old != new:
            label = str(getattr(PipVersion._meta.get_field(name), "verbose_name", name))
            changes.append(Change(label, old, new))
    old_lines = [_component_line(c) for c in before.components.all()]
    new_lines = [_component_line(c) for c in after.components.all()]
    from django.utils.translation import gettext

    for line in old_lines:
        if line not in new_lines:
            changes.append(Change(gettext("Component"), line, "—"))
    for line in new_lines:
        if line not in old_lines:
            changes.append(Change(gettext("Component"), "—", line))
    return changes
