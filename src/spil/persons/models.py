from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import caseload_municipality_ids
from spil.persons.validators import validate_bsn

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from spil.accounts.access import Action
    from spil.accounts.models import User


class Doelgroep(models.TextChoices):
    ASIEL = "asiel", _("Asylum permit holder (asielstatushouder)")
    GEZIN_OVERIG = "gezin_overig", _("Family migrant or other migrant")


class PersonQuerySet(models.QuerySet["Person"]):
    def for_user(self, user: User | AnonymousUser, action: Action) -> PersonQuerySet:
        """Only the people `user` may act on with `action` (see spil.accounts.access)."""
        return self.filter(municipality_id__in=caseload_municipality_ids(user, action))


class Person(models.Model):
    """A newcomer (inburgeraar). Identified in URLs by `public_id`, never by BSN."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    given_names = models.CharField(_("given names"), max_length=200)
    family_name = models.CharField(_("family name"), max_length=200, db_index=True)
    bsn = models.CharField(
        _("BSN"), max_length=9, unique=True, validators=[validate_bsn], help_text=_("9 digits")
    )
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    v_nummer = models.BigIntegerField(
        _("v-number"), null=True, blank=True, help_text=_("Number in the aliens administration")
    )
    country_of_origin = models.CharField(
        _("country of origin"), max_length=2, blank=True, help_text=_("ISO 3166 code")
    )
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639-3 codes")
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=3, blank=True, help_text=_("ISO 639-3 code")
    )
    interpreter_needed = models.BooleanField(_("interpreter needed"), default=False)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    street = models.CharField(_("street and house number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=7, blank=True)
    city = models.CharField(_("place"), max_length=100, blank=True)
    doelgroep = models.CharField(
        _("target group"), max_length=20, choices=Doelgroep.choices, blank=True
    )
    arrival_date = models.DateField(_("date of arrival in the Netherlands"), null=True, blank=True)
    settlement_date = models.DateField(
        _("date of settlement in the municipality"), null=True, blank=True
    )
    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="persons",
        verbose_name=_("municipality"),
        limit_choices_to={"type": "gemeente"},
    )
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("client manager (regisseur)"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects: ClassVar[PersonQuerySet] = PersonQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["family_name", "given_names"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [
            models.Index(fields=["municipality", "family_name"]),
            # A caseload that spans a regio is sorted by name across municipalities.
            models.Index(fields=["family_name", "given_names", "id"], name="person_by_name"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


class HouseholdMember(models.Model):
    class Relation(models.TextChoices):
        PARTNER = "partner", _("Partner")
        CHILD = "child", _("Child")
        OTHER = "other", _("Other household member")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="household", verbose_name=_("person")
    )
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)

    class Meta:
        ordering = ["relation", "date_of_birth"]
        verbose_name = _("household member")
        verbose_name_plural = _("household members")

    def __str__(self) -> str:
        return self.name or self.get_relation_display()
