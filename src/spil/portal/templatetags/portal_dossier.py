"""The portal's line on the person's dossier: a link to make the one-time sign-in link.

``{% load portal_dossier %}{% portal_sign_in_link person %}`` in the dossier template; shown
only to a user who may change the person (their klantmanager).
"""

from __future__ import annotations

from typing import Any

from django import template

from spil.accounts.access import Action
from spil.persons import queries as persons
from spil.persons.models import Person

register = template.Library()


@register.inclusion_tag("portal/_dossier_link.html", takes_context=True)
def portal_sign_in_link(context: dict[str, Any], person: Person) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    allowed = user is not None and persons.may_act_on(user, person, Action.CHANGE)
    return {"person": person, "allowed": allowed}
