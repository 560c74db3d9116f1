from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.accounts.access import caseload_municipality_ids
from spil.audit.services import person_reference
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
    # The person's pseudonym in the processing log (audit.services.person_reference): the
    # log holds only this, so reading the log per municipality or per person joins here.
    log_ref = models.CharField(
        _("processing log reference"), max_length=32, blank=True, db_index=True, editable=False
    )
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

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        if not self.log_ref:
            self.log_ref = person_reference(self.pk)
            Person.objects.filter(pk=self.pk).update(log_ref=self.log_ref)

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


class BasisKind(models.TextChoices):
    """Why an organisation other than the municipality's own staff may see a person.

    The municipality's own staff act on its legal task (Wi2021) and need no row here: the
    caseload model in spil.accounts.access grants them. Every other organisation needs one.
    """

    PROCESSING_AGREEMENT = (
        "processing_agreement",
        _("Contracted by the municipality (processing agreement)"),
    )
    CONSENT = "consent", _("The newcomer's consent")


class ConsentGivenHow(models.TextChoices):
    PORTAL = "portal", _("By the newcomer in Mijn inburgering")
    IN_PERSON = "in_person", _("In person, in conversation")
    PAPER = "paper", _("On a signed paper form")
    INTERPRETER = "interpreter", _("In person, with an interpreter")


class ProcessingAgreement(models.Model):
    """A verwerkersovereenkomst: a municipality contracts a provider (e.g. the taalschool
    delivering MAP) to process its newcomers' data for one purpose, within categories, for
    a period. A contracted basis for a person is valid only while its agreement is."""

    municipality = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="agreements_as_controller",
        verbose_name=_("municipality"),
        limit_choices_to={"type": "gemeente"},
    )
    processor = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="agreements_as_processor",
        verbose_name=_("contracted organisation"),
    )
    reference = models.CharField(_("agreement reference"), max_length=100)
    purpose = models.CharField(_("purpose"), max_length=60)
    data_categories = models.JSONField(_("data categories"), default=list)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["processor__name", "-starts_on"]
        verbose_name = _("processing agreement")
        verbose_name_plural = _("processing agreements")

    def __str__(self) -> str:
        return f"{self.processor} · {self.reference}"


def active_basis_q(day: date) -> models.Q:
    """A basis given, not withdrawn, within its period and (if contracted) its agreement's,
    on `day`."""
    return (
        models.Q(given_at__isnull=False)
        & models.Q(withdrawn_at__isnull=True)
        & models.Q(valid_from__lte=day)
        & (models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))
        & (
            models.Q(agreement__isnull=True)
            | (
                models.Q(agreement__starts_on__lte=day)
                & (
                    models.Q(agreement__ends_on__isnull=True)
                    | models.Q(agreement__ends_on__gte=day)
                )
            )
        )
    )


class AccessBasisQuerySet(models.QuerySet["AccessBasis"]):
    def active_on(self, day: date) -> AccessBasisQuerySet:
        """Given, not withdrawn, within its period and (if contracted) its agreement's."""
        return self.filter(active_basis_q(day))


class AccessBasis(models.Model):
    """One organisation's access to one person: for a purpose, to data categories, for a
    period, on a contract of the municipality or on the newcomer's consent.

    A consent asked for in the portal waits (`given_at` empty) until the newcomer gives it.
    Withdrawing or ending keeps the row: the log of who could see what stays explainable.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="access_bases")
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="access_bases",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("basis"), max_length=30, choices=BasisKind.choices)
    purpose = models.CharField(_("purpose"), max_length=60)
    data_categories = models.JSONField(_("data categories"), default=list)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    agreement = models.ForeignKey(
        ProcessingAgreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bases",
        verbose_name=_("processing agreement"),
    )
    given_how = models.CharField(
        _("consent given"), max_length=20, choices=ConsentGivenHow.choices, blank=True
    )
    requested_at = models.DateTimeField(_("asked"), null=True, blank=True)
    given_at = models.DateTimeField(_("given"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn or ended"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_by_newcomer = models.BooleanField(default=False)

    objects: ClassVar[AccessBasisQuerySet] = AccessBasisQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("access basis")
        verbose_name_plural = _("access bases")
        indexes = [models.Index(fields=["organisation", "person"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="access_basis_one_open",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="processing_agreement")
                | models.Q(agreement__isnull=False),
                name="access_basis_contract_has_agreement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.purpose}"
