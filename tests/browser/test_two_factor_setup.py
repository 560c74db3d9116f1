from __future__ import annotations

from typing import Any

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType, Role
from spil.testing import make_user
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("code", ["nl", "ar"])
def test_new_user_sets_up_an_authenticator(code: str, context: Any, live_server: Any) -> None:
    gemeente = Organisation.objects.create(name="Gemeente X", type=OrganisationType.GEMEENTE)
    new = make_user("nieuw", gemeente, Role.KLANTMANAGER, totp=False)
    beheerder = make_user("beheer", gemeente, Role.FUNCTIONEEL_BEHEERDER)
    set_language(context, live_server.url, code)
    # The beheerder issues the code and reads it off the page, once.
    issuing = context.new_page()
    sign_in_ui(issuing, "beheer", "correct horse battery 1", beheerder.pk)
    issuing.goto("/beheer/organisaties/")
    check_axe(issuing)
    issuing.click(f"form[action='/beheer/gebruikers/{new.pk}/inschrijfcode/'] button")
    issuing.wait_for_selector(".spil-secret")
    check_axe(issuing)
    enrolment_code = issuing.inner_text(".spil-secret").strip()
    issuing.close()
    context.clear_cookies()
    set_language(context, live_server.url, code)
    page = context.new_page()
    page.goto("/inloggen/")
    page.fill("#id_username", "nieuw")
    page.fill("#id_password", "correct horse battery 1")
    page.click("main button[type=submit]")
    page.wait_for_url("**/inloggen/instellen/**")
    # The password alone shows no QR code: first the code from the beheerder.
    assert page.locator(".spil-qr svg").count() == 0
    check_axe(page)
    page.fill("#id_code", "AAAA-BBBB-CCCC-DDDD")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("#id_code-error").count() == 1
    check_axe(page)
    page.fill("#id_code", enrolment_code)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    page.wait_for_selector(".spil-qr svg")
    assert page.locator(".spil-qr svg").count() == 1
    check_axe(page)
    page.fill("#id_token", "123")
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.locator("#id_token-error").count() == 1
    check_axe(page)
    device = TOTPDevice.objects.get(user__username="nieuw")
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    page.fill("#id_token", f"{totp.token():06d}")
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/inloggen/" not in url)
    assert page.locator("h1").count() == 1
    check_axe(page)
