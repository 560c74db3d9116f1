"""The person's client manager as DUO's contactpersoon (DUO's Contactpersoon API).

When a client manager is assigned to a person, or the assignment changes, Spil gives DUO
that client manager as the person's contactpersoon, after the commit, by a Celery task
(`spil.dossier.tasks.send_contactpersoon_task`, retried with back-off while DUO cannot be
reached). The client manager is created at DUO once per gemeente (DUO's id kept in
`spil.duo.models.DuoContactpersoon`), updated there when name, e-mail or phone number
change, and linked to the person (a koppeling overwrites the previous one at DUO). Sending
the same contactpersoon again calls DUO for nothing.
"""

from __future__ import annotations

import logging
import unicodedata

from django.db import transaction
from django.utils.translation import gettext as _

from spil.accounts.models import Organisation, User
from spil.duo import services as duo_services
from spil.duo.client import DuoNotFound, DuoRefused, DuoUnavailable
from spil.duo.contract import ContractViolation
from spil.duo.contract.types import Contactpersoongegevens
from spil.duo.models import ContactpersoonStatus, DuoContactpersoon
from spil.persons.models import Person

logger = logging.getLogger("spil.duo")

#: DUO's naam allows letters, spaces, apostrophes, full stops and dashes (max. 100).
_NAME_PUNCTUATION = frozenset("'\u2018.")
_RIGHT_SINGLE_QUOTE = "\u2019"


def queue(person: Person) -> None:
    """Give DUO the person's client manager as contactpersoon once the transaction commits.
    The task reads the client manager when it runs, so quick changes end with the last one."""
    if person.regisseur_id is None or not person.bsn:
        return
    duo_services.record_koppeling(person.pk, ContactpersoonStatus.PENDING)
    person_id = person.pk
    transaction.on_commit(lambda: _queue(person_id))


def _queue(person_id: int) -> None:
    from spil.dossier.tasks import send_contactpersoon_task  # tasks import this module

    send_contactpersoon_task.delay(person_id)


def duo_name(user: User) -> str:
    """The client manager's name as DUO's pattern accepts it."""
    name = (user.get_full_name() or user.username).replace(_RIGHT_SINGLE_QUOTE, "'")
    kept = "".join(
        ch
        for ch in name
        if ch.isalpha()
        or ch.isspace()
        or ch in _NAME_PUNCTUATION
        or unicodedata.category(ch) == "Pd"
    )
    return " ".join(kept.split())[:100]


def gegevens_for(user: User, municipality: Organisation) -> Contactpersoongegevens | None:
    """Naam, e-mail and phone number of the client manager (the gemeente's general number
    when the client manager has none); None when DUO's required details are missing."""
    naam = duo_name(user)
    phone = user.phone or municipality.phone
    if not naam or len(user.email) < 4 or not phone:
        return None
    return Contactpersoongegevens(naam=naam, email=user.email, telefoonnummer=phone)


def _same(contactpersoon: DuoContactpersoon, gegevens: Contactpersoongegevens) -> bool:
    return (
        contactpersoon.naam == gegevens["naam"]
        and contactpersoon.email == gegevens["email"]
        and contactpersoon.telefoonnummer == gegevens["telefoonnummer"]
    )


def send(person_id: int) -> str:
    """Give DUO the person's current client manager as contactpersoon, outside any
    transaction. Returns "sent", "unchanged" (DUO holds it already), "skipped" (no client
    manager, BSN or gemeente OIN), "refused" (DUO's answer or missing details; shown on the
    DUO page) or "unavailable" (to be retried)."""
    person = Person.objects.select_related("municipality", "regisseur").get(pk=person_id)
    municipality, regisseur = person.municipality, person.regisseur
    if regisseur is None or not person.bsn or not municipality.oin:
        return "skipped"
    gegevens = gegevens_for(regisseur, municipality)
    if gegevens is None:
        duo_services.record_koppeling(
            person_id,
            ContactpersoonStatus.FAILED,
            message=_(
                "The client manager needs a name, an e-mail address and a phone number "
                "(or the municipality a general phone number) before DUO can be told."
            ),
        )
        return "refused"
    current = duo_services.contactpersoon_of(municipality.pk, regisseur.pk)
    koppeling = duo_services.koppeling_of(person_id)
    if (
        current is not None
        and _same(current, gegevens)
        and koppeling is not None
        and koppeling.status == ContactpersoonStatus.SENT
        and koppeling.contactpersoon_id == current.pk
    ):
        return "unchanged"
    try:
        with duo_services.make_client(municipality.oin) as client:
            if current is not None and not _same(current, gegevens):
                try:
                    client.update_contactpersoon(current.duo_id, gegevens)
                except DuoNotFound:  # removed at DUO: create it again
                    duo_services.forget_contactpersoon(current)
                    current = None
                else:
                    current = duo_services.store_contactpersoon(
                        municipality.pk, regisseur.pk, current.duo_id, gegevens
                    )
            if current is None:
                created = client.create_contactpersoon(gegevens)
                current = duo_services.store_contactpersoon(
                    municipality.pk, regisseur.pk, int(created["id"]), gegevens
                )
            client.koppel_contactpersoon(current.duo_id, person.bsn)
    except DuoUnavailable as exc:
        duo_services.record_koppeling(person_id, ContactpersoonStatus.PENDING, message=exc.message)
        return duo_services.UNAVAILABLE
    except DuoRefused as exc:
        duo_services.record_koppeling(person_id, ContactpersoonStatus.FAILED, message=exc.message)
        return "refused"
    except ContractViolation as exc:
        logger.warning("contactpersoon outside DUO's contract: %s", type(exc).__name__)
        duo_services.record_koppeling(
            person_id,
            ContactpersoonStatus.FAILED,
            message=_("The contact person's details do not meet DUO's requirements."),
        )
        return "refused"
    duo_services.record_koppeling(person_id, ContactpersoonStatus.SENT, contactpersoon=current)
    duo_services.record_export(None, person.pk, "Contact person to DUO")
    return "sent"
