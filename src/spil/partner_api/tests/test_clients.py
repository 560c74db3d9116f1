"""Registering partner clients, the token endpoint (client credentials only, scopes of the
client only, short-lived tokens), revoking, and the rate limit per client."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from oauth2_provider.models import AccessToken, get_application_model

from spil.partner_api import services
from spil.partner_api.models import PartnerClient
from spil.partner_api.tests.conftest import Api, Partner, api_for, token_for
from spil.testing import ALL_ROLE_KEYS, sign_in

pytestmark = pytest.mark.django_db


class TestToken:
    def test_client_credentials_give_a_short_lived_token_with_the_clients_scopes(
        self, partner: Partner
    ) -> None:
        response = token_for(partner.client.client_id, partner.secret)
        assert response.status_code == 200
        data = response.json()
        assert data["token_type"] == "Bearer" and data["expires_in"] == 600
        assert set(data["scope"].split()) == set(partner.client.scopes)
        assert "refresh_token" not in data

    def test_a_narrower_scope_can_be_asked_a_wider_one_not(self, partner: Partner) -> None:
        narrow = token_for(partner.client.client_id, partner.secret, "weekplan:read")
        assert narrow.json()["scope"] == "weekplan:read"
        limited = services.register_client(
            partner.school, "Alleen lezen", ["participants:read"], actor=None
        )
        wider = token_for(limited.client.client_id, limited.client_secret, "hours:write")
        assert wider.status_code == 400 and wider.json()["error"] == "invalid_scope"

    def test_a_wrong_secret_is_refused(self, partner: Partner) -> None:
        response = token_for(partner.client.client_id, "not-the-secret")
        assert response.status_code == 401 and response.json()["error"] == "invalid_client"

    def test_the_secret_is_stored_hashed(self, partner: Partner) -> None:
        stored = partner.client.application.__class__.objects.get(pk=partner.client.application_id)
        assert stored.client_secret != partner.secret and partner.secret not in stored.client_secret

    def test_no_other_grant_type(self, partner: Partner) -> None:
        response = Client().post(
            "/api/v1/oauth/token/",
            {
                "grant_type": "password",
                "username": "trainer",
                "password": "correct horse battery 1",
                "client_id": partner.client.client_id,
                "client_secret": partner.secret,
            },
            secure=True,
        )
        assert response.status_code in (400, 401)
        assert "access_token" not in response.json()

    def test_an_application_that_is_no_partner_client_gets_no_token(self) -> None:
        model = get_application_model()
        secret = "s" * 40
        app = model.objects.create(
            name="los",
            client_type=model.CLIENT_CONFIDENTIAL,
            authorization_grant_type=model.GRANT_CLIENT_CREDENTIALS,
            client_secret=secret,
        )
        assert token_for(app.client_id, secret).status_code in (400, 401)

    def test_plain_http_is_refused(self, partner: Partner) -> None:
        response = Client(raise_request_exception=False).post(
            "/api/v1/oauth/token/",
            {
                "grant_type": "client_credentials",
                "client_id": partner.client.client_id,
                "client_secret": partner.secret,
            },
        )
        assert response.status_code == 400
        assert "access_token" not in response.json()

    def test_an_expired_token_is_401(self, partner: Partner, api: Api, clock: Any) -> None:
        url = "/api/v1/partner/participants/"
        assert api.get(url).status_code == 200
        clock.shift(601)
        assert api.get(url).status_code == 401


class TestRevoke:
    def test_a_revoked_client_loses_its_tokens_and_gets_no_new_one(
        self, partner: Partner, api: Api
    ) -> None:
        services.revoke_client(partner.client, actor=None)
        assert api.get("/api/v1/partner/participants/").status_code == 401
        assert not AccessToken.objects.filter(application_id=partner.client.application_id)
        assert token_for(partner.client.client_id, partner.secret).status_code in (400, 401)

    def test_an_inactive_organisation_is_shut_out(self, partner: Partner, api: Api) -> None:
        partner.school.is_active = False
        partner.school.save()
        assert api.get("/api/v1/partner/participants/").status_code == 403


class TestRateLimit:
    @override_settings(SPIL_PARTNER_API_RATE="3/minute")
    def test_429_after_the_limit_per_client(self, partner: Partner, api: Api) -> None:
        url = "/api/v1/partner/participants/"
        for _ in range(3):
            assert api.get(url).status_code == 200
        refused = api.get(url)
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
        other = api_for(partner, ["participants:read"])  # another client: its own count
        assert other.get(url).status_code == 200


class TestClientsPages:
    def test_only_the_functioneel_beheerder(self, partner: Partner) -> None:
        for key in ALL_ROLE_KEYS:
            if key == "functioneel_beheerder":
                continue
            client = sign_in(Client(), partner.world.user(key))
            assert client.get("/beheer/partnersystemen/").status_code == 403, key
            assert client.get("/beheer/partnersystemen/nieuw/").status_code == 403, key
            url = f"/beheer/partnersystemen/{partner.client.pk}/intrekken/"
            assert client.post(url).status_code == 403, key
        assert PartnerClient.objects.get(pk=partner.client.pk).revoked_at is None

    def test_register_shows_the_secret_once_and_it_works(self, partner: Partner) -> None:
        beheerder = sign_in(Client(), partner.world.user("functioneel_beheerder"))
        form = beheerder.get("/beheer/partnersystemen/nieuw/")
        assert "Gemeente Aadorp" not in form.content.decode()  # only partner organisations
        response = beheerder.post(
            "/beheer/partnersystemen/nieuw/",
            {
                "organisation": partner.school.pk,
                "name": "Roostersysteem",
                "scopes": ["weekplan:read"],
            },
        )
        assert response.status_code == 200
        assert (
            response.headers["Cache-Control"].startswith("no-store")
            or "no-store" in response.headers["Cache-Control"]
        )
        client = PartnerClient.objects.get(application__name="Roostersysteem")
        secret = response.context["client_secret"]
        assert secret in response.content.decode()
        assert client.registered_by == partner.world.user("functioneel_beheerder")
        listing = beheerder.get("/beheer/partnersystemen/").content.decode()
        assert "Roostersysteem" in listing and secret not in listing
        token = token_for(client.client_id, secret)
        assert token.status_code == 200 and token.json()["scope"] == "weekplan:read"

    def test_register_names_the_missing_field(self, partner: Partner) -> None:
        beheerder = sign_in(Client(), partner.world.user("functioneel_beheerder"))
        response = beheerder.post("/beheer/partnersystemen/nieuw/", {"name": "X"})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"organisation", "scopes"}

    def test_revoke(self, partner: Partner) -> None:
        beheerder = sign_in(Client(), partner.world.user("functioneel_beheerder"))
        response = beheerder.post(f"/beheer/partnersystemen/{partner.client.pk}/intrekken/")
        assert response.status_code == 302
        assert PartnerClient.objects.get(pk=partner.client.pk).revoked_at is not None


def test_the_processing_log_names_the_client(partner: Partner, api: Api) -> None:
    api.get(f"/api/v1/partner/participants/{partner.a.public_id}/")
    beheerder = sign_in(Client(), partner.world.user("functioneel_beheerder"))
    page = beheerder.get("/beheer/verwerkingen/").content.decode()
    assert "Leerlingvolgsysteem (Taalschool)" in page


@override_settings(SPIL_PARTNER_TOKEN_RATE="2/minute")
def test_the_token_endpoint_is_rate_limited(partner: Partner) -> None:
    assert token_for(partner.client.client_id, "wrong").status_code == 401
    assert token_for(partner.client.client_id, partner.secret).status_code == 200
    refused = token_for(partner.client.client_id, partner.secret)
    assert refused.status_code == 429 and refused.json()["error"] == "slow_down"
    assert int(refused.headers["Retry-After"]) > 0
