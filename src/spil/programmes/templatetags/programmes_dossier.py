"""The programmes' panel on the person's dossier: credited hours inline.

``{% load programmes_dossier %}{% programmes_hours person %}`` in the dossier template.
The dossier view has found the person through a scoped query and writes the processing
record for the page (the hours are trajectory data); the panel checks again that the user
may see the person's programmes and shows nothing otherwise.
"""

from __future__ import annotations

from typing import Any

from django import template

from spil.accounts.access import Action
from spil.persons.models import Person
from spil.programmes import queries

register = template.Library()


@register.inclusion_tag("programmes/_dossier_hours.html", takes_context=True)
def programmes_hours(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"overview": None}
    overview = queries.hours_overview(person, user)
    can_enrol = (
        overview is not None
        and overview.has_pip
        and Person.objects.for_user(user, Action.CHANGE).filter(pk=person.pk).exists()
    )
    return {"overview": overview, "person": person, "can_enrol": can_enrol}
