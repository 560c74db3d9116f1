"""Purposes (doelbinding), their legal grounds, and the categories of personal data.

A processing record names one purpose. Special categories of personal data (health) may
only be processed for a purpose that explicitly allows them (AVG art. 9).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class DataCategory(StrEnum):
    IDENTITY = "identity"
    BSN = "bsn"
    CONTACT = "contact"
    ADDRESS = "address"
    HOUSEHOLD = "household"
    TRAJECTORY = "trajectory"
    CONTACT_MOMENTS = "contact_moments"
    EDUCATION = "education"
    WORK = "work"
    CHECKIN_NOTES = "checkin_notes"
    LANGUAGE = "language"
    FINANCES = "finances"
    HEALTH = "health"


SPECIAL_CATEGORIES: frozenset[DataCategory] = frozenset({DataCategory.HEALTH})

CATEGORY_LABELS: dict[DataCategory, Promise] = {
    DataCategory.IDENTITY: _("Identity (name, date of birth)"),
    DataCategory.BSN: _("Citizen service number (BSN)"),
    DataCategory.CONTACT: _("Contact details"),
    DataCategory.ADDRESS: _("Address"),
    DataCategory.HOUSEHOLD: _("Household"),
    DataCategory.TRAJECTORY: _("Civic integration trajectory"),
    DataCategory.CONTACT_MOMENTS: _("Contact moments"),
    DataCategory.EDUCATION: _("Education"),
    DataCategory.WORK: _("Work"),
    DataCategory.CHECKIN_NOTES: _("Check-in notes (mood and notes of coaching on the job)"),
    DataCategory.LANGUAGE: _("Language"),
    DataCategory.FINANCES: _("Finances and debts"),
    DataCategory.HEALTH: _("Health (special category)"),
}


class ProcessingAction(StrEnum):
    VIEW = "raadplegen"
    CREATE = "invoeren"
    CHANGE = "wijzigen"
    DELETE = "verwijderen"
    EXPORT = "exporteren"
    RECEIVE = "ontvangen"


ACTION_LABELS: dict[ProcessingAction, Promise] = {
    ProcessingAction.VIEW: _("viewed"),
    ProcessingAction.CREATE: _("created"),
    ProcessingAction.CHANGE: _("changed"),
    ProcessingAction.DELETE: _("deleted"),
    ProcessingAction.EXPORT: _("exported"),
    ProcessingAction.RECEIVE: _("received"),
}


class Purpose(StrEnum):
    """The purposes (doelbinding) Spil processes personal data for."""

    REGIE = "regie_inburgering"
    INTAKE_HEALTH = "brede_intake_gezondheid"
    DUO_EXCHANGE = "duo_gegevensuitwisseling"
    PLACEMENT = "werkplaatsing"
    ACCOUNTABILITY = "verantwoording"
    LANGUAGE_TRAINING = "uitvoering_leerroute"
    CHAIN_CONSULTATION = "ketenoverleg"
    PEER_SUPPORT = "ervaringsdeskundige_begeleiding"
    HANDOVER = "warme_overdracht"


@dataclass(frozen=True)
class PurposeDefinition:
    code: Purpose
    name: Promise
    legal_ground: Promise
    special_categories: frozenset[DataCategory] = frozenset()


_PURPOSES = [
    PurposeDefinition(
        Purpose.REGIE,
        _("Direction of the civic integration of the newcomer (regie inburgering)"),
        _("AVG art. 6(1)(e); Wet inburgering 2021 (municipal task)"),
    ),
    PurposeDefinition(
        Purpose.INTAKE_HEALTH,
        _("Broad intake: health as a condition for the plan"),
        _("AVG art. 9(2)(g); Wet inburgering 2021 art. 14 (brede intake)"),
        special_categories=frozenset({DataCategory.HEALTH}),
    ),
    PurposeDefinition(
        Purpose.DUO_EXCHANGE,
        _("Data exchange with DUO"),
        _("AVG art. 6(1)(e); Wet inburgering 2021, data exchange in the integration chain"),
    ),
    PurposeDefinition(
        Purpose.PLACEMENT,
        _("Placement at an employer: matching, coaching on the job and aftercare"),
        _(
            "AVG art. 6(1)(e); Wet inburgering 2021 (participation); sharing with an employer "
            "only with the newcomer's consent, AVG art. 6(1)(a)"
        ),
    ),
    PurposeDefinition(
        Purpose.ACCOUNTABILITY,
        _("Accountability (verantwoording): review of the processing log, aggregate reports"),
        _(
            "AVG art. 5(2), art. 32 and art. 89 (statistics); Gemeentewet art. 169 "
            "(accounting to the council)"
        ),
    ),
    PurposeDefinition(
        Purpose.LANGUAGE_TRAINING,
        _("Delivery of the learning route, MAP and PVT by a contracted provider"),
        _(
            "AVG art. 6(1)(e) and art. 28 (processing agreement); Wet inburgering 2021 "
            "(the municipality contracts the provider)"
        ),
    ),
    PurposeDefinition(
        Purpose.CHAIN_CONSULTATION,
        _("Chain consultation (ketenoverleg) on the newcomer's plan"),
        _(
            "AVG art. 6(1)(e) for the municipality and its contracted providers; AVG art. "
            "6(1)(a), the newcomer's consent, for every other organisation"
        ),
    ),
    PurposeDefinition(
        Purpose.PEER_SUPPORT,
        _("Support by a peer coach (ervaringsdeskundige, sleutelpersoon)"),
        _("AVG art. 6(1)(a): the newcomer's consent"),
    ),
    PurposeDefinition(
        Purpose.HANDOVER,
        _("Warm handover to the new municipality after a move"),
        _("AVG art. 6(1)(e); Wet inburgering 2021 (the new municipality continues the task)"),
    ),
]
PURPOSES: dict[Purpose, PurposeDefinition] = {p.code: p for p in _PURPOSES}


def get_purpose(code: str) -> PurposeDefinition:
    try:
        return PURPOSES[Purpose(code)]
    except ValueError:
        raise ValueError(f"Unknown processing purpose: {code!r}") from None
