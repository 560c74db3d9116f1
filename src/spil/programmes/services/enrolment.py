"""Enrolment: a person's week plan, as a dated copy of a programme template or
made from their established PIP (``pip_plan.merge``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_change
from spil.persons.models import Person
from spil.programmes import pip_plan
from spil.programmes.models import Enrolment, EnrolmentStatus, PlanItem, ProgrammeTemplate


def _save_plan(enrolment: Enrolment, drafts: Iterable[pip_plan.Draft]) -> None:
    PlanItem.objects.bulk_create(
        PlanItem(
            enrolment=enrolment,
            phase_order=d.phase_order,
            phase_name=d.phase_name,
            starts_on=d.starts_on,
            ends_on=d.ends_on,
            kind=d.kind,
            hours_per_week=d.hours_per_week,
            day_parts=d.day_parts,
            moment=d.moment,
            provider=d.provider,
            from_pip=d.from_pip,
        )
        for d in drafts
    )


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


@transaction.atomic
def enrol(
    person: Person,
    template: ProgrammeTemplate,
    start_date: date,
    *,
    actor: User | None,
) -> Enrolment:
    """Enrol a person in a programme: their week plan is a dated copy of the template.

    Enrolling twice with the same start changes nothing. With an established PIP, enrol
    from the PIP instead (``enrol_from_pip``): the plan then follows the PIP's components.
    """
    monday = _monday(start_date)
    enrolment, created = Enrolment.objects.get_or_create(
        person=person, template=template, start_date=monday, defaults={"created_by": actor}
    )
    if not created:
        return enrolment
    _save_plan(enrolment, pip_plan.template_drafts(template, monday))
    record_change(
        actor,
        person.pk,
        "Enrol in programme",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CREATE,
    )
    return enrolment


class EnrolmentNotActive(Exception):  # noqa: N818 - reads as a domain fact
    """Only an active enrolment can be completed or stopped."""


@transaction.atomic
def end_enrolment(enrolment: Enrolment, status: str, on: date, *, actor: User | None) -> Enrolment:
    """The person completed the programme or stopped it on `on` (reports count both)."""
    if status not in (EnrolmentStatus.COMPLETED, EnrolmentStatus.STOPPED):
        raise ValueError(f"an enrolment ends as completed or stopped, not {status!r}")
    if enrolment.status != EnrolmentStatus.ACTIVE:
        raise EnrolmentNotActive
    if on < enrolment.start_date:
        raise ValueError("an enrolment cannot end before it starts")
    enrolment.status = status
    enrolment.ended_on = on
    enrolment.save(update_fields=["status", "ended_on"])
    record_change(
        actor,
        enrolment.person_id,
        "Programme completed" if status == EnrolmentStatus.COMPLETED else "Programme stopped",
        categories=[DataCategory.TRAJECTORY],
    )
    return enrolment


class NoEstablishedPip(Exception):  # noqa: N818 - reads as a domain fact
    """The person has no established (vastgesteld) PIP to enrol from."""


@transaction.atomic
def enrol_from_pip(
    person: Person,
    template: ProgrammeTemplate,
    start_date: date | None = None,
    *,
    actor: User | None,
    pip: pip_plan.PipSnapshot | None = None,
) -> Enrolment:
    """Enrol a person from their established PIP: the template's weekly shape with the PIP's
    components (provider, hours per week, period) in it (``pip_plan.merge``).

    The start defaults to the PIP's first component. The same PIP version, template and
    start again changes nothing; a newer PIP version (a revision) remakes the week plan.
    """
    pip = pip or pip_plan.read_pip(person)
    if pip is None:
        raise NoEstablishedPip
    monday = _monday(start_date or pip.first_start or timezone.localdate())
    enrolment, created = Enrolment.objects.get_or_create(
        person=person,
        template=template,
        start_date=monday,
        defaults={"created_by": actor, "pip_version": pip.version_id},
    )
    if not created and enrolment.pip_version == pip.version_id and enrolment.items.exists():
        return enrolment
    enrolment.items.all().delete()
    if enrolment.pip_version != pip.version_id:
        enrolment.pip_version = pip.version_id
        enrolment.save(update_fields=["pip_version"])
    _save_plan(enrolment, pip_plan.merge(pip_plan.template_drafts(template, monday), pip, monday))
    record_change(
        actor,
        person.pk,
        "Enrol in programme from the PIP",
        categories=[DataCategory.TRAJECTORY],
        action=ProcessingAction.CREATE if created else ProcessingAction.CHANGE,
    )
    return enrolment
