"""Reminders of tomorrow's group sessions to the members, in their own language."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from spil.core.calendar import TZ
from spil.core.newcomer_texts import N_, newcomer_text
from spil.persons.models import Person
from spil.persons.notifications import EmailNotifier, Notifier, notify, send_once
from spil.programmes.models import Reminder, Session


def send_reminders(day: date | None = None, notifier: Notifier | None = None) -> int:
    """Remind members of tomorrow's sessions, each once, in their own language.

    The reminder is claimed (a ``Reminder`` row) before the message goes out
    (``persons.notifications.send_once``): two overlapping runs send it once; when sending
    fails the claim is released, so the next run tries again."""
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
            if notifier.can_reach(member.person) and _remind(session, member.person, notifier):
                sent += 1
    return sent


def _remind(session: Session, person: Person, notifier: Notifier) -> bool:
    def claim() -> bool:
        _reminder, created = Reminder.objects.get_or_create(
            session=session, person=person, channel=notifier.channel
        )
        return created

    def send() -> None:
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

    def release() -> None:
        Reminder.objects.filter(session=session, person=person, channel=notifier.channel).delete()

    return send_once(claim, send, release)
