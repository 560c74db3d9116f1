from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from spil.accounts.roles import ROLES_BY_ORGANISATION_TYPE, OrganisationType, Role
from spil.core.context import request_memo

#: DUO's pattern for a telefoonnummer (Contactpersoon API), so the number can be given to DUO.
phone_validator = RegexValidator(
    r"^(\+|[0-9])((\s|\s?(-|\(0\))\s?)?[0-9]){2,15}([,][1-9][0-9]{1,8})?$",
    _("Enter a phone number of digits, e.g. 030 123 4567 or +31 30 123 4567."),
)


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=OrganisationType.choices)
    oin = models.CharField(
        _("OIN"),
        max_length=20,
        blank=True,
        help_text=_("Organisation identification number (20 digits), for DUO and logging."),
    )
    cbs_code = models.CharField(
        _("CBS municipality code"), max_length=4, blank=True, help_text=_("For a gemeente.")
    )
    members = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="regions",
        verbose_name=_("member municipalities"),
        help_text=_("For a regio: the municipalities that take part."),
    )
    shares_caseloads = models.BooleanField(
        _("municipalities share caseloads"),
        default=False,
        help_text=_(
            "For a regio: client managers of a member municipality may work on the people "
            "of every member municipality (a joint regional team)."
        ),
    )
    phone = models.CharField(
        _("general phone number"),
        max_length=22,
        blank=True,
        validators=[phone_validator],
        help_text=_("Given to DUO for a client manager who has no phone number of their own."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["oin"], condition=~models.Q(oin=""), name="organisation_oin_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.oin and (len(self.oin) != 20 or not self.oin.isdigit()):
            raise ValidationError({"oin": _("An OIN has exactly 20 digits.")})


class User(AbstractUser):
    preferred_language = models.CharField(_("preferred language"), max_length=8, default="nl")
    phone = models.CharField(
        _("phone number"),
        max_length=22,
        blank=True,
        validators=[phone_validator],
        help_text=_("Given to DUO as the contact person for the client manager's people."),
    )
    # Bound at the first OIDC sign-in (spil.accounts.oidc): only this issuer and subject
    # sign the account in from then on.
    oidc_issuer = models.CharField(_("identity provider"), max_length=255, blank=True)
    oidc_subject = models.CharField(_("identity at the provider"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~models.Q(oidc_subject=""),
                name="user_one_account_per_oidc_subject",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def active_memberships(self) -> models.QuerySet[Membership]:
        return self.memberships.filter(is_active=True, organisation__is_active=True).select_related(
            "organisation"
        )

    def current_memberships(self) -> list[Membership]:
        """The active memberships (with their organisations), read once per request: the
        roles, the caseload scope and the acting organisation all derive from them."""
        memo = request_memo()
        key = ("memberships", self.pk)
        if memo is not None and key in memo:
            memberships: list[Membership] = memo[key]
            return memberships
        memberships = list(self.active_memberships())
        if memo is not None:
            memo[key] = memberships
        return memberships

    def roles(self) -> set[str]:
        return {m.role for m in self.current_memberships()}

    def has_role(self, *roles: str) -> bool:
        return any(m.role in roles for m in self.current_memberships())


class Membership(models.Model):
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["organisation__name", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        allowed = ROLES_BY_ORGANISATION_TYPE.get(self.organisation.type, frozenset())
        if self.role not in allowed:
            raise ValidationError(
                {"role": _("This role does not exist in an organisation of this type.")}
            )


class MunicipalSetting(models.Model):
    """A municipality's own value for a rule that leaves the choice to it (the rules
    engine's ``MUNICIPAL_CHOICES``, e.g. 15 PVT hours instead of 12), with the decision it
    rests on. Without a row the rule book's value holds."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="municipal_settings",
        verbose_name=_("municipality"),
    )
    key = models.CharField(_("rule"), max_length=40)
    value = models.PositiveIntegerField(_("value"))
    decision = models.CharField(
        _("municipality's source"),
        max_length=300,
        help_text=_("The decision or policy the choice rests on, e.g. a council decision."),
    )
    updated_by = models.ForeignKey(
        "accounts.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["organisation__name", "key"]
        verbose_name = _("municipal choice")
        verbose_name_plural = _("municipal choices")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="municipal_setting_once")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.key} = {self.value}"


class EnrolmentInvitation(models.Model):
    """The functioneel beheerder's permission for one user to enrol an authenticator (a
    first one, or a new one after a loss): a single-use code, handed over out of band and
    stored only as its hash. The rows are the record of who allowed whose enrolment when."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="enrolment_invitations",
        verbose_name=_("user"),
    )
    issued_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    code_hash = models.CharField(_("code (hashed)"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("issued at"))
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("enrolment invitation")
        verbose_name_plural = _("enrolment invitations")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d %H:%M}"
