"""Running a report: the reader's scope is checked, the population read in a fixed number
of queries, the figures protected, and one aggregate processing record written (no person
named in it: the report processed personal data of many, and showed none)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import Action
from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.audit.services import record_processing
from spil.persons import queries as person_queries
from spil.persons.models import Person
from spil.reports import (
    facts,
    funnel,
    language,
    milestones,
    modules,
    monitor,
    placements,
    queries,
    tables,
)
from spil.reports.models import Subscription
from spil.reports.selection import Selection
from spil.reports.tables import Report

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PURPOSE = Purpose.ACCOUNTABILITY


@dataclass(frozen=True)
class Entry:
    """A report as the reports page lists it."""

    kind: str
    title: StrOrPromise
    description: StrOrPromise


Builder = Callable[..., Report]

#: kind → (builder, data categories the report reads)
REPORTS: dict[str, tuple[Builder, tuple[DataCategory, ...]]] = {
    funnel.KIND: (
        funnel.build,
        (DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.EDUCATION),
    ),
    language.KIND: (language.build, (DataCategory.LANGUAGE,)),
    milestones.KIND: (milestones.build, (DataCategory.TRAJECTORY, DataCategory.WORK)),
    modules.KIND: (modules.build, (DataCategory.TRAJECTORY,)),
    placements.KIND: (placements.build, (DataCategory.WORK,)),
    monitor.KIND: (
        monitor.build,
        (DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.EDUCATION),
    ),
}


CATALOGUE: dict[str, Entry] = {
    funnel.KIND: Entry(
        funnel.KIND,
        funnel.TITLE,
        _(
            "Who started, who is still active and who ended; outcomes (work, education, "
            "participation) 6, 12, 18 and 36 months after the start and at the end."
        ),
    ),
    language.KIND: Entry(
        language.KIND,
        language.TITLE,
        _(
            "Listening, speaking, reading and writing at intake and now, and the progress in "
            "CEFR steps."
        ),
    ),
    milestones.KIND: Entry(
        milestones.KIND,
        milestones.TITLE,
        _(
            "From DUO's notification to intake, PIP (10 weeks), dual trajectory (6 months), "
            "first placement and paid work: the share within the target."
        ),
    ),
    modules.KIND: Entry(
        modules.KIND,
        modules.TITLE,
        _("Completion, e-learning, hours delivered against planned, and attendance."),
    ),
    placements.KIND: Entry(
        placements.KIND,
        placements.TITLE,
        _("Placements started, converted to paid work, and still working after aftercare."),
    ),
    monitor.KIND: Entry(
        monitor.KIND,
        monitor.TITLE,
        _(
            "The figures per gemeente, cohort, learning route and target group in the layout "
            "of CBS's Statistiek Wet inburgering, to compare with the national figures; as "
            "CSV or XLSX."
        ),
    ),
}


#: Choices a report makes when the selection leaves them open: the national monitor counts
#: yearly cohorts by the start of the obligation, as CBS does.
DEFAULTS: dict[str, dict[str, str]] = {
    monitor.KIND: {"basis": "notification", "granularity": "year"},
}


def check_scope(user: User | AnonymousUser, selection: Selection) -> None:
    if not queries.can_read_reports(user):
        raise PermissionDenied
    if not selection.municipality_ids or not selection.municipality_ids <= queries.report_scope(
        user
    ):
        raise PermissionDenied


def run(
    user: User | AnonymousUser,
    kind: str,
    selection: Selection,
    *,
    action: ProcessingAction = ProcessingAction.VIEW,
    today: date | None = None,
    collect: bool = False,
    record: bool = True,
) -> Report:
    """The report `kind` over `selection` as `user` may see it, with its processing record.
    With `collect`, the report also knows which persons each count holds (for
    `persons_behind`, never shown as such)."""
    if kind not in REPORTS:
        raise ValueError(f"unknown report {kind!r}")
    check_scope(user, selection)
    build, categories = REPORTS[kind]
    report = build(facts.population(selection, today or timezone.localdate()), collect=collect)
    if not record:  # the caller records what it shows (a drill-down names its persons)
        return report
    record_processing(
        actor=user,
        person_ids=[],
        categories=categories,
        action=action,
        purpose=PURPOSE,
        action_name=f"Report {kind} (aggregate)",
    )
    return report


def persons_behind(
    user: User | AnonymousUser, kind: str, selection: Selection, key: str
) -> tuple[Report, QuerySet[Person]]:
    """The persons counted under `key` whom `user` may see anyway (their own caseload),
    by name; anyone else in the count stays out of sight. The page that lists them
    writes the processing record of the persons shown."""
    if not queries.may_drill_down(user):
        raise PermissionDenied
    report = run(user, kind, selection, collect=True, record=False)
    members = (report.members or {}).get(key, set())
    visible = person_queries.persons_for_user(user, Action.VIEW).filter(pk__in=members)
    return report, visible.order_by("family_name", "given_names", "pk")


# --------------------------------------------------------------------------- monthly e-mail


def subscribe(user: User, kind: str, selection: Selection) -> Subscription:
    """E-mail `kind` over `selection` to `user` every month (once per kind and selection)."""
    check_scope(user, selection)
    if kind not in REPORTS:
        raise ValueError(f"unknown report {kind!r}")
    params = selection.as_params()
    subscription, _created = Subscription.objects.update_or_create(
        user=user, kind=kind, params=params, defaults={"is_active": True}
    )
    return subscription


def unsubscribe(user: User, subscription: Subscription) -> None:
    if subscription.user_id != user.pk:
        raise PermissionDenied
    subscription.is_active = False
    subscription.save(update_fields=["is_active"])


def send_monthly(today: date | None = None, selection_of: SelectionReader | None = None) -> int:
    """Send every active subscription not yet sent this month: the report as a PDF, run
    as its reader (their scope now, their language, an export record). A reader who lost
    the right to the report gets nothing, and the subscription stops."""
    day = today or timezone.localdate()
    sent = 0
    for subscription in Subscription.objects.filter(is_active=True).select_related("user"):
        last = subscription.last_sent_on
        if last is not None and (last.year, last.month) == (day.year, day.month):
            continue
        user = subscription.user
        selection = (selection_of or _stored_selection)(subscription)
        if selection is None or not user.is_active or not user.email:
            subscription.is_active = False
            subscription.save(update_fields=["is_active"])
            continue
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            try:
                report = run(
                    user, subscription.kind, selection, action=ProcessingAction.EXPORT, today=day
                )
            except PermissionDenied:
                subscription.is_active = False
                subscription.save(update_fields=["is_active"])
                continue
            message = _monthly_message(report, user)
        message.send()
        subscription.last_sent_on = day
        subscription.save(update_fields=["last_sent_on"])
        sent += 1
    return sent


SelectionReader = Callable[[Subscription], "Selection | None"]


def _stored_selection(subscription: Subscription) -> Selection | None:
    # Imported here: the form (the one reader of a selection's parameters) belongs to the
    # pages; the service only needs it for stored subscriptions.
    from spil.reports.forms import SelectionForm

    form = SelectionForm(subscription.params, user=subscription.user)
    return form.selection() if form.is_valid() else None


def _monthly_message(report: Report, user: User) -> EmailMessage:
    # Imported here: WeasyPrint (PDF) is heavy; exports import this module's siblings.
    from spil.reports import exports

    headline = report.tables[0]
    lines = [
        str(_("Hello %(name)s,")) % {"name": user.get_full_name() or user.username},
        "",
        str(_("Attached is the monthly report “%(title)s” for %(area)s, figures as of %(date)s."))
        % {
            "title": report.title,
            "area": report.selection.area_name,
            "date": formats.date_format(report.as_of, "j F Y"),
        },
        "",
        str(headline.title),
        *(f"- {row.label}: {cells[0].text}" for row, cells in report.grid(headline)),
        "",
        tables.explanation(),
        "",
        str(_("You can stop this e-mail on the Reports page in Spil.")),
    ]
    subject = str(_("%(title)s · %(area)s · %(date)s")) % {
        "title": report.title,
        "area": report.selection.area_name,
        "date": formats.date_format(report.as_of, "F Y"),
    }
    message = EmailMessage(subject, "\n".join(lines), settings.DEFAULT_FROM_EMAIL, [user.email])
    name = f"spil-{report.kind}-{report.as_of.isoformat()}.pdf"
    message.attach(name, exports.to_pdf(report), "application/pdf")
    return message
