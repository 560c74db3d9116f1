"""Reminders of tomorrow's group sessions to the members, in their own language."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from spil.core.calendar import TZ
from spil.core.newcomer_texts import N_, newcomer_text
from spil.persons.notifications import EmailNotifier, Notifier, notify
from spil.programmes.models import Reminder, Session


def send_reminders(day: date | None = None, notifier: Notifier | None = None) -> int:
    """Remind members of tomorrow's sessions, each once, in their own language."""
    notifier = notifier or EmailNotifier()
    today = day or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    start = datetime.combine(tomorrow, time.min, tzinfo=TZ)
    sessions = Session.objects.filter(
        starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    ).select_related("group")
    sent = 0
    for session in sessions:
        for member in session.group.members.select_related("person"):
            person = member.person
            if not notifier.can_reach(person):
                continue
            if Reminder.objects.filter(
                session=session, person=person, channel=notifier.channel
            ).exists():
                continue
            local = session.starts_at.astimezone(TZ)
            language = person.preferred_language
            subject = newcomer_text(language, N_("Reminder: %(group)s tomorrow")) % {
                "group": session.group.name
            }
            body = newcomer_text(
                language, N_("Tomorrow at %(time)s you have %(group)s at %(location)s.")
            ) % {
                "time": local.strftime("%H:%M"),
                "group": session.group.name,
                "location": session.group.location,
            }
            notify(notifier, person, subject, body, about="Session reminder")
            Reminder.objects.create(session=session, person=person, channel=notifier.channel)
            sent += 1
    return sent
