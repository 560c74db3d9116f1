"""The portal's demo newcomers: the first Arabic- and the first Tigrinya-speaking newcomer
of Gorinchem (by BSN) take part in the running MAP group, so that signing in through the
DigiD mock shows a next session to report absence for (idempotent)."""

from __future__ import annotations

from datetime import date

from spil.persons.models import Person
from spil.programmes.models import Group
from spil.programmes.services import assignment

GROUP = "demo-map-gorinchem-di"
MUNICIPALITY = "Gemeente Gorinchem"
LANGUAGES = ("ara", "tir")


def portal_newcomers() -> list[Person]:
    """The demo newcomers who sign in to the portal through the DigiD mock."""
    found: list[Person] = []
    for language in LANGUAGES:
        person = (
            Person.objects.filter(
                municipality__name=MUNICIPALITY,
                bsn__startswith="999",
                preferred_language=language,
            )
            .order_by("bsn")
            .first()
        )
        if person is not None:
            found.append(person)
    return found


def load(today: date) -> dict[str, int]:
    group = Group.objects.filter(code=GROUP).first()
    if group is None:
        return {"portal_newcomers_in_group": 0}
    members = set(group.members.values_list("person_id", flat=True))
    added = 0
    for person in portal_newcomers():
        if person.pk in members:
            continue
        assignment.accept_placements([(person.pk, group.pk, True)], actor=person.regisseur)
        added += 1
    return {"portal_newcomers_in_group": added}
