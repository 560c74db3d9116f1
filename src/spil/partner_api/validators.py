"""django-oauth-toolkit's request validator, narrowed for partner systems: only the
client-credentials grant, only for registered, active partner clients."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

from spil.partner_api.scopes import client_scopes


class PartnerValidator(OAuth2Validator):  # type: ignore[misc]
    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kwargs: Any
    ) -> bool:
        if grant_type != "client_credentials" or not client_scopes(request.client):
            return False
        return bool(super().validate_grant_type(client_id, grant_type, client, request))
