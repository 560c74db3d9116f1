"""Changes to accounts and their sessions, a municipality's own choices where the rules
leave the value to it, and the user's own phone number."""

from __future__ import annotations

import hashlib
import logging
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts import queries
from spil.accounts.models import (
    EnrolmentInvitation,
    MunicipalSetting,
    Organisation,
    User,
    phone_validator,
)
from spil.rules.engine import MUNICIPAL_CHOICES

SESSION_STARTED_KEY = "spil_session_started"


def start_session_clock(request: HttpRequest) -> None:
    """The absolute session lifetime counts from here (spil.accounts.session_lifetime):
    every sign-in calls it (staff through the user_logged_in signal; the portal itself)."""
    request.session[SESSION_STARTED_KEY] = timezone.now().timestamp()


logger = logging.getLogger("spil.security")

INVITATION_SESSION_KEY = "spil_enrolment_invitation"
# Crockford-like alphabet without look-alikes (0/O, 1/I/L): read aloud over the phone.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_LENGTH = 16


def _hash_code(code: str) -> str:
    normalised = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(normalised.encode()).hexdigest()


def issue_enrolment_invitation(issued_by: User, user: User) -> tuple[EnrolmentInvitation, str]:
    """A new single-use code for `user` to enrol an authenticator; any open earlier code is
    revoked. Returns the invitation and the code, which is shown once and never stored."""
    now = timezone.now()
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    code = "-".join(raw[i : i + 4] for i in range(0, _CODE_LENGTH, 4))
    with transaction.atomic():
        EnrolmentInvitation.objects.filter(
            user=user, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = EnrolmentInvitation.objects.create(
            user=user,
            issued_by=issued_by,
            code_hash=_hash_code(code),
            created_at=now,
            expires_at=now + timedelta(hours=settings.SPIL_ENROLMENT_INVITATION_HOURS),
        )
    logger.info(
        "enrolment invitation %s issued for user %s by user %s",
        invitation.pk,
        user.pk,
        issued_by.pk,
    )
    return invitation, code


def open_invitations(user: User) -> QuerySet[EnrolmentInvitation]:
    return EnrolmentInvitation.objects.filter(
        user=user, used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    )


def accept_enrolment_code(request: HttpRequest, user: User, code: str) -> bool:
    """The user typed the code: when it is theirs and open, this session may enrol."""
    invitation = open_invitations(user).filter(code_hash=_hash_code(code)).first()
    if invitation is None:
        logger.info("enrolment code refused for user %s", user.pk)
        return False
    request.session[INVITATION_SESSION_KEY] = invitation.pk
    return True


def accepted_invitation(request: HttpRequest, user: User) -> EnrolmentInvitation | None:
    invitation_id = request.session.get(INVITATION_SESSION_KEY)
    if not isinstance(invitation_id, int):
        return None
    return open_invitations(user).filter(pk=invitation_id).first()


def complete_enrolment(
    request: HttpRequest, invitation: EnrolmentInvitation, device: TOTPDevice
) -> None:
    """The new authenticator is confirmed: it replaces any earlier one, and the code is
    used up."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user_id=invitation.user_id).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_at"])
    request.session.pop(INVITATION_SESSION_KEY, None)
    logger.info(
        "authenticator enrolled for user %s with invitation %s", invitation.user_id, invitation.pk
    )


@transaction.atomic
def set_municipal_choice(
    actor: User, organisation: Organisation, key: str, value: int | None, decision: str
) -> MunicipalSetting | None:
    """Set (or, with `value` None, drop) the municipality's own value for rule `key`; the
    decision it rests on is required with a value."""
    if not queries.settings_municipalities(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    choice = MUNICIPAL_CHOICES.get(key)
    if choice is None:
        raise ValidationError({"key": _("This rule leaves no choice to the municipality.")})
    if value is None:
        MunicipalSetting.objects.filter(organisation=organisation, key=key).delete()
        return None
    if not choice.minimum <= value <= choice.maximum:
        raise ValidationError(
            {
                key: _("Choose a value from %(minimum)s to %(maximum)s.")
                % {"minimum": choice.minimum, "maximum": choice.maximum}
            }
        )
    if not decision.strip():
        raise ValidationError({f"{key}_decision": _("Name the decision this choice rests on.")})
    setting, _created = MunicipalSetting.objects.update_or_create(
        organisation=organisation,
        key=key,
        defaults={"value": value, "decision": decision.strip(), "updated_by": actor},
    )
    return setting


def set_phone(user: User, phone: str) -> User:
    """The user's own phone number (DUO's contactpersoon; validated by the form)."""
    phone = phone.strip()
    if phone:
        phone_validator(phone)
    user.phone = phone
    user.save(update_fields=["phone"])
    return user


def set_general_phone(actor: User, organisation: Organisation, phone: str) -> Organisation:
    """The municipality's general phone number (DUO's contactpersoon, for a client manager
    without one)."""
    if not queries.settings_municipalities(actor).filter(pk=organisation.pk).exists():
        raise PermissionDenied
    phone = phone.strip()
    if phone:
        try:
            phone_validator(phone)
        except ValidationError as exc:
            raise ValidationError({"general_phone": exc.messages}) from exc
    if organisation.phone != phone:
        organisation.phone = phone
        organisation.save(update_fields=["phone"])
    return organisation
