"""The access line on the person's dossier: who may see what and why, with a count.

``{% load partners_dossier %}{% access_link person %}`` in the dossier template.
"""

from __future__ import annotations

from typing import Any

from django import template

from spil.persons import queries as persons
from spil.persons.models import Person

register = template.Library()


@register.inclusion_tag("partners/_dossier_link.html")
def access_link(person: Person) -> dict[str, Any]:
    return {"person": person, **persons.access_summary(person)}
