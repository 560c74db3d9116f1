"""Who an OIDC token signs in: a verified address binds the account to the provider's
subject once; after that only that subject, from that issuer, gets in."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory, override_settings

from spil.accounts.models import User
from spil.accounts.oidc import SpilOIDCBackend, mfa_proven
from spil.accounts.two_factor import OIDC_SESSION_FLAG, is_verified
from spil.testing import World

pytestmark = pytest.mark.django_db
ISSUER = "https://login.gemeente.example/realms/spil"


def _sign_in(payload: dict[str, Any], claims: dict[str, Any]) -> User | None:
    backend = SpilOIDCBackend()
    backend.get_userinfo = lambda access_token, id_token, payload: claims  # the provider's answer
    return backend.get_or_create_user("access", "id", payload)


@pytest.fixture
def user(world: World) -> User:
    found = world.user("klantmanager_a")
    found.email = "sanne@gemeente.example"
    found.save()
    return found


@override_settings(OIDC_OP_ISSUER=ISSUER)
def test_a_verified_address_binds_the_subject_once(user: User) -> None:
    token = {"iss": ISSUER, "sub": "abc-123"}
    claims = {"sub": "abc-123", "email": user.email, "email_verified": True}
    assert _sign_in(token, claims) == user
    user.refresh_from_db()
    assert (user.oidc_issuer, user.oidc_subject) == (ISSUER, "abc-123")
    # Somebody else who now carries the same address at the provider gets nothing.
    other = {"sub": "evil-9", "email": user.email, "email_verified": True}
    assert _sign_in({"iss": ISSUER, "sub": "evil-9"}, other) is None
    # The bound subject signs in even after an address change at the provider.
    moved = {"sub": "abc-123", "email": "s.devries@new.example", "email_verified": True}
    assert _sign_in(token, moved) == user


@override_settings(OIDC_OP_ISSUER=ISSUER)
def test_unverified_address_wrong_issuer_and_mismatched_subject_sign_nobody_in(
    user: User,
) -> None:
    claims = {"sub": "abc-123", "email": user.email}
    assert _sign_in({"iss": ISSUER, "sub": "abc-123"}, claims) is None  # not verified
    verified = {**claims, "email_verified": True}
    assert _sign_in({"iss": "https://elsewhere.example", "sub": "abc-123"}, verified) is None
    assert _sign_in({"iss": ISSUER, "sub": "other"}, verified) is None  # userinfo ≠ token
    user.refresh_from_db()
    assert user.oidc_subject == ""


@override_settings(OIDC_MFA_ACR_VALUES=["urn:gemeente:mfa"])
def test_only_a_token_that_proves_mfa_counts_as_the_second_factor() -> None:
    assert not mfa_proven({"amr": ["pwd"]})
    assert not mfa_proven({})
    assert mfa_proven({"amr": ["pwd", "otp"]})
    assert mfa_proven({"acr": "urn:gemeente:mfa"})
    assert not mfa_proven({"acr": "urn:gemeente:password"})


def test_by_default_spil_asks_its_own_second_factor_after_the_provider(user: User) -> None:
    request = RequestFactory().get("/")
    request.user = user
    request.session = {OIDC_SESSION_FLAG: True}  # type: ignore[assignment]
    assert not is_verified(request)  # OIDC_TRUSTS_MFA is off unless the municipality says so
    with override_settings(OIDC_TRUSTS_MFA=True):
        assert is_verified(request)
        request.session = {OIDC_SESSION_FLAG: mfa_proven({"amr": ["pwd"]})}  # type: ignore[assignment]
        assert not is_verified(request)
