"""``{% zaak_link person.pk %}``: the dossier's line about the person's zaak in the
zaaksysteem (nothing at all where ZGW is switched off). The dossier sits below this app,
so its template asks for the line instead of its view importing it."""

from __future__ import annotations

from typing import Any

from django import template

from spil.zaken import queries

register = template.Library()


@register.inclusion_tag("zaken/_zaak_link.html")
def zaak_link(person_id: int) -> dict[str, Any]:
    return {"zaak": queries.zaak_link(person_id)}
