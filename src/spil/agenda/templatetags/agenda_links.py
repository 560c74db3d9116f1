"""The agenda link on a person's programmes page.

``{% load agenda_links %}{% person_agenda_link person %}`` in the programmes page: the
secret feed URL right after it was made (only then: the database keeps its hash), and the
buttons that make a new one or revoke it. The page's
view has found the person (to change) and writes the processing record for the page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from spil.agenda import queries, services
from spil.persons.models import Person

register = template.Library()


@register.inclusion_tag("agenda/_person_link.html", takes_context=True)
def person_agenda_link(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    feed = queries.active_feed(person=person)
    token = services.take_new_feed_token(request, feed) if request is not None else ""
    url = reverse("agenda:ical", args=[token]) if token else ""
    return {
        "person": person,
        "active": feed,
        "feed_url": request.build_absolute_uri(url) if url and request is not None else url,
    }
