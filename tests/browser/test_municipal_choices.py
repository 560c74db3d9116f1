"""Issue 16: the policy officer sets the municipality's own PVT hours on the settings page,
with the decision it rests on; zero WCAG 2.1 A/AA violations (axe), in Dutch and Arabic."""

from __future__ import annotations

from typing import Any

import pytest

from spil.accounts.models import MunicipalSetting
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, set_language, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(("code", "direction"), [("nl", "ltr"), ("ar", "rtl")])
def test_policy_officer_sets_the_pvt_hours(
    code: str, direction: str, context: Any, live_server: Any
) -> None:
    world = build_world()
    user = world.user("beleidsmedewerker")
    set_language(context, live_server.url, code)
    page = context.new_page()
    sign_in_ui(page, user.username, TEST_PASSWORD, user.pk)
    page.goto(f"/beheer/gemeentekeuzes/?gemeente={world.gemeente_a.pk}")
    assert page.locator("html").get_attribute("dir") == direction
    check_axe(page)
    page.fill("#id_pvt_hours", "15")
    # without the decision it rests on: not saved, the field named
    with page.expect_navigation():
        page.click("form.spil-form button[type=submit]")
    check_axe(page)
    assert not MunicipalSetting.objects.exists()
    page.fill("#id_pvt_hours_decision", "Raadsbesluit 2024")
    with page.expect_navigation():
        page.click("form.spil-form button[type=submit]")
    check_axe(page)
    assert "Raadsbesluit 2024" in page.locator("table").inner_text()
    setting = MunicipalSetting.objects.get()
    assert (setting.organisation_id, setting.value) == (world.gemeente_a.pk, 15)
