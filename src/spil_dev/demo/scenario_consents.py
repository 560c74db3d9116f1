"""Consents of the demo (idempotent): the Arabic-speaking portal newcomer gave Welzijn
Rivierenland (the buddy `buddy`) consent for peer support in person with an interpreter, and
is asked in Mijn inburgering whether ROC Rivierenland may see their language level."""

from __future__ import annotations

from datetime import date

from spil.accounts.models import Organisation
from spil.audit.purposes import DataCategory, Purpose
from spil.persons import services
from spil.persons.models import AccessBasis, ConsentGivenHow
from spil_dev.demo.scenario_portal import portal_newcomers

WELZIJN = "Welzijn Rivierenland"
ROC = "ROC Rivierenland"


def load(today: date) -> dict[str, int]:
    newcomers = portal_newcomers()
    welzijn = Organisation.objects.filter(name=WELZIJN).first()
    roc = Organisation.objects.filter(name=ROC).first()
    if not newcomers or welzijn is None or roc is None:
        return {"consents": 0}
    person = newcomers[0]
    actor = person.regisseur
    if actor is None:
        return {"consents": 0}
    made = 0
    if not AccessBasis.objects.filter(person=person, organisation=welzijn).exists():
        services.record_consent(
            person,
            welzijn,
            purpose=Purpose.PEER_SUPPORT,
            categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
            given_how=ConsentGivenHow.INTERPRETER,
            actor=actor,
        )
        made += 1
    if not AccessBasis.objects.filter(person=person, organisation=roc).exists():
        services.request_consent(
            person,
            roc,
            purpose=Purpose.LANGUAGE_TRAINING,
            categories=[DataCategory.IDENTITY, DataCategory.LANGUAGE],
            actor=actor,
        )
        made += 1
    return {"consents": made}
