"""Reads of the processing log, for the functioneel beheerder."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone

from spil.accounts.access import can_read_processing_log
from spil.accounts.models import User
from spil.audit.models import ProcessingRecord


def records_for_user(user: User | AnonymousUser) -> QuerySet[ProcessingRecord]:
    if not can_read_processing_log(user):
        return ProcessingRecord.objects.none()
    return ProcessingRecord.objects.select_related("actor", "organisation").prefetch_related(
        "persons"
    )


def filter_records(
    records: QuerySet[ProcessingRecord],
    *,
    person_ref: str = "",
    username: str = "",
    purpose: str = "",
    action: str = "",
    category: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[ProcessingRecord]:
    if person_ref:
        records = records.filter(persons__person_ref=person_ref.strip().lower())
    if username:
        records = records.filter(actor__username__iexact=username.strip())
    if purpose:
        records = records.filter(purpose_code=purpose)
    if action:
        records = records.filter(handeling=action)
    if category:
        # JSON containment is not portable to SQLite; the list is short, so match the text.
        records = records.filter(data_categories__icontains=f'"{category}"')
    tz = timezone.get_current_timezone()
    if date_from:
        records = records.filter(tijdstip__gte=datetime.combine(date_from, time.min, tz))
    if date_to:
        end = datetime.combine(date_to + timedelta(days=1), time.min, tz)
        records = records.filter(tijdstip__lt=end)
    return records.distinct()


def records_about_person(person_id: int, *, limit: int = 100) -> list[ProcessingRecord]:
    """The latest processing records about one person, for the person themselves (the
    portal's "who looked at my data"): the caller is the data subject, no staff scope."""
    return list(
        ProcessingRecord.objects.filter(persons__person_id=person_id)
        .select_related("actor", "organisation")
        .order_by("-tijdstip")[:limit]
    )
