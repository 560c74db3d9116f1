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
from spil.dossier import services as dossier_services
from spil.dossier.models import TimelineKind
from spil.intake import queries as intake_queries
from spil.persons.models import Person
from spil.programmes import pip_plan, queries
from spil.programmes.models import (
    Enrolment,
    EnrolmentStatus,
    GroupForming,
    Milestone,
    PlanItem,
    PlanMilestone,
    ProgrammeStream,
    ProgrammeTemplate,
)


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
            cadence=d.cadence,
            sessions=d.sessions,
            hours_per_week_end=d.hours_per_week_end,
        )
        for d in drafts
    )
    _plan_milestones(enrolment)
    _choose_stream(enrolment)


def milestone_dates(template: ProgrammeTemplate, monday: date) -> list[tuple[date, Milestone]]:
    """Each milestone of the template with the Monday of its week, repeats included (an
    evaluation every 13 weeks), within the programme's weeks."""
    weeks = max(template.total_weeks, 1)
    dated: list[tuple[date, Milestone]] = []
    for milestone in template.milestones.all():
        week = milestone.week
        while week <= weeks:
            dated.append((monday + timedelta(weeks=week - 1), milestone))
            if not milestone.repeat_every_weeks:
                break
            week += milestone.repeat_every_weeks
    return sorted(dated, key=lambda pair: pair[0])


def _plan_milestones(enrolment: Enrolment) -> None:
    """The template's milestones, dated from the enrolment's start. Milestones already
    checked off stay; open ones that no longer fall on their date go."""
    dated = milestone_dates(enrolment.template, enrolment.start_date)
    wanted = {(m.name, day) for day, m in dated}
    for open_one in enrolment.milestones.filter(done_on__isnull=True):
        if (open_one.name, open_one.due_on) not in wanted:
            open_one.delete()
    for day, milestone in dated:
        PlanMilestone.objects.get_or_create(
            enrolment=enrolment,
            name=milestone.name,
            due_on=day,
            defaults={
                "kind": milestone.kind,
                "checked_by": milestone.checked_by,
            },
        )


def _choose_stream(enrolment: Enrolment) -> None:
    """With group forming by the intake focus or a talent scan, the person joins the
    programme's group for the focus set in their intake (Dordrecht: education,
    participation or stabilisation)."""
    template = enrolment.template
    if enrolment.stream_id or template.group_forming not in (
        GroupForming.INTAKE_FOCUS,
        GroupForming.TALENT_SCAN,
    ):
        return
    intake = intake_queries.current_intake(enrolment.person)
    focus = intake.focus or intake.suggested_focus if intake else ""
    stream = (
        ProgrammeStream.objects.filter(template=template, focus=focus).first() if focus else None
    )
    if stream is not None:
        enrolment.stream = stream
        enrolment.save(update_fields=["stream"])


class MilestoneNotAllowed(Exception):  # noqa: N818 - reads as a domain fact
    """The user may not check off this milestone."""


@transaction.atomic
def check_off_milestone(milestone: PlanMilestone, on: date, *, actor: User) -> PlanMilestone:
    """The trainer or klantmanager marks a milestone done; it goes on the timeline. Once
    done it stays done (checking again changes nothing)."""
    if not queries.may_check_off(actor, milestone):
        raise MilestoneNotAllowed
    if milestone.done_on is not None:
        return milestone
    milestone.done_on = on
    milestone.done_by = actor
    milestone.save(update_fields=["done_on", "done_by"])
    person = milestone.enrolment.person
    dossier_services.add_timeline_entry(
        person,
        TimelineKind.MILESTONE,
        code=milestone.kind,
        params={"name": milestone.name, "programme": milestone.enrolment.template.name},
        actor=actor,
    )
    record_change(
        actor,
        person.pk,
        "Programme milestone done",
        categories=[DataCategory.TRAJECTORY],
    )
    return milestone


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


class EntryConditionsNotMet(Exception):  # noqa: N818 - reads as a domain fact
    """The person does not meet the programme's entry conditions (and nobody accepted it)."""

    def __init__(self, warnings: list[str]) -> None:
        super().__init__("; ".join(warnings))
        self.warnings = warnings


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
    accept_unmet: bool = False,
) -> Enrolment:
    """Enrol a person from their established PIP: the template's weekly shape with the PIP's
    components (provider, hours per week, period) in it (``pip_plan.merge``).

    The start defaults to the PIP's first component. The same PIP version, template and
    start again changes nothing; a newer PIP version (a revision) remakes the week plan.
    Entry conditions the person does not meet (Almere's MAP from end-A2, after the PVT)
    stop the enrolment unless the klantmanager accepts them (`accept_unmet`).
    """
    pip = pip or pip_plan.read_pip(person)
    if pip is None:
        raise NoEstablishedPip
    warnings = pip_plan.entry_warnings(template, person)
    if warnings and not accept_unmet:
        raise EntryConditionsNotMet(warnings)
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
