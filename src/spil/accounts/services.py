"""Writes of the accounts app that are not sign-in: a municipality's own choices where the
rules leave the value to it; the user's own phone number."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from spil.accounts import queries
from spil.accounts.models import MunicipalSetting, Organisation, User, phone_validator
from spil.rules.engine import MUNICIPAL_CHOICES


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
