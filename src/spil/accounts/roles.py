"""Organisation types and the roles a user can hold in an organisation."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationType(models.TextChoices):
    GEMEENTE = "gemeente", _("Municipality (gemeente)")
    REGIO = "regio", _("Region of municipalities (regio)")
    TAALSCHOOL = "taalschool", _("Language school (taalschool)")
    WERKGEVER = "werkgever", _("Employer (werkgever)")
    WELZIJN = "welzijn", _("Welfare organisation (welzijn)")
    COA = "coa", _("COA (reception of asylum seekers)")
    REINTEGRATIE = "reintegratie", _("Re-integration / job coach organisation")
    ROC = "roc", _("Vocational college (ROC)")
    OTHER = "other", _("Other organisation")


class Role(models.TextChoices):
    KLANTMANAGER = "klantmanager", _("Client manager (klantmanager)")
    TRAINER = "trainer", _("MAP / PVT trainer")
    JOBCOACH = "jobcoach", _("Job coach")
    ACCOUNTMANAGER = "accountmanager", _("Account manager employers")
    PARTNER_STAFF = "partner_staff", _("Partner staff")
    EMPLOYER_CONTACT = "employer_contact", _("Employer contact")
    BUDDY = "buddy", _("Buddy / peer expert")
    BELEIDSMEDEWERKER = "beleidsmedewerker", _("Policy officer (beleidsmedewerker)")
    FUNCTIONEEL_BEHEERDER = (
        "functioneel_beheerder",
        _("Application manager (functioneel beheerder)"),
    )


# Which roles an organisation of a given type can hand out. A gemeente employs its own
# klantmanagers, trainers and job coaches; partners bring their own staff.
ROLES_BY_ORGANISATION_TYPE: dict[str, frozenset[str]] = {
    OrganisationType.GEMEENTE: frozenset(
        {
            Role.KLANTMANAGER,
            Role.TRAINER,
            Role.JOBCOACH,
            Role.ACCOUNTMANAGER,
            Role.BELEIDSMEDEWERKER,
            Role.FUNCTIONEEL_BEHEERDER,
        }
    ),
    OrganisationType.REGIO: frozenset(
        {Role.BELEIDSMEDEWERKER, Role.FUNCTIONEEL_BEHEERDER, Role.ACCOUNTMANAGER}
    ),
    OrganisationType.TAALSCHOOL: frozenset({Role.PARTNER_STAFF, Role.TRAINER}),
    OrganisationType.WERKGEVER: frozenset({Role.EMPLOYER_CONTACT, Role.BUDDY}),
    OrganisationType.WELZIJN: frozenset({Role.PARTNER_STAFF, Role.BUDDY, Role.TRAINER}),
    OrganisationType.COA: frozenset({Role.PARTNER_STAFF}),
    OrganisationType.REINTEGRATIE: frozenset(
        {Role.JOBCOACH, Role.ACCOUNTMANAGER, Role.PARTNER_STAFF, Role.TRAINER}
    ),
    OrganisationType.ROC: frozenset({Role.PARTNER_STAFF, Role.TRAINER}),
    OrganisationType.OTHER: frozenset({Role.PARTNER_STAFF, Role.BUDDY}),
}

# Every role in Spil works with personal data of newcomers, so every role signs in with
# a second factor (or through an identity provider that did so).
TWO_FACTOR_ROLES: frozenset[str] = frozenset(Role.values)
