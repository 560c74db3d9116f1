"""The placements' panel on the dossier's work section: the person's work placements.

``{% load placements_dossier %}{% person_placements person %}`` in the dossier template.
The dossier view has found the person through a scoped query and writes the processing
record for the page (work data); the panel reads through the placements' own scoped query
and shows nothing the user may not see.
"""

from __future__ import annotations

from typing import Any

from django import template

from spil.persons.models import Person
from spil.placements import queries

register = template.Library()


@register.inclusion_tag("placements/_dossier_placements.html", takes_context=True)
def person_placements(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None:
        return {"placements": [], "person": person}
    placements = list(
        queries.placements_for_user(user).filter(person=person).order_by("-created_at", "-pk")
    )
    return {"placements": placements, "person": person}
