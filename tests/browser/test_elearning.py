"""The MAP e-learning on a phone (360 x 740), in Arabic and in Tigrinya: the newcomer signs
in through the DigiD mock, finishes the last module with its check questions (a wrong
answer first, then the right one) and a reflection; the trainer sees the completion and
confirms; the klantmanager finds the report in the dossier and the eindgesprek task. axe
finds no WCAG 2.2 A/AA violations on any page, and no portal page scrolls sideways."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse

from spil.core.newcomer_texts import newcomer_gettext
from spil.elearning import queries, services
from spil.elearning.tests.support import elearning_world
from spil.testing import TEST_PASSWORD, build_world
from tests.browser.conftest import check_axe, sign_in_ui

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def checked(page: Any) -> None:
    check_axe(page)
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert fits, f"{page.url} scrolls sideways at 360 px"


def _finish_all_but_the_last(person: Any, clock: Any) -> queries.ModuleState:
    plan = queries.plan_for(person)
    assert plan is not None
    for state in plan.modules[:-1]:
        for number, page in enumerate(state.pages, start=1):
            services.open_page(plan, state)
            clock.shift(timedelta(minutes=5))
            value = str(page.get("answer", "")) if page["kind"] == "choice" else ""
            if page["kind"] == "reflection":
                value = "Ik wil werken in de techniek, als monteur."
            services.answer_page(plan, state, number, value)
    return plan.modules[-1]


@pytest.mark.parametrize(
    ("preferred", "lang", "direction", "reflection"),
    [
        ("ara", "ar", "rtl", "أريد أن أعمل في الرعاية الصحية لأنني أحب مساعدة الناس."),
        ("tir", "ti", "ltr", "ኣብ ክንክን ጥዕና ክሰርሕ እደሊ እየ፡ ምኽንያቱ ንሰባት ምሕጋዝ ስለ ዝፈቱ።"),
    ],
)
def test_newcomer_finishes_the_e_learning_trainer_confirms_klantmanager_plans(
    browser: Any,
    live_server: Any,
    clock: Any,
    preferred: str,
    lang: str,
    direction: str,
    reflection: str,
) -> None:
    world = build_world()
    elearning_world(world)
    person = world.person_a
    assert person is not None
    person.preferred_language = preferred
    person.save()
    last = _finish_all_but_the_last(person, clock)

    def t(msgid: str) -> str:
        return newcomer_gettext(lang, msgid)

    phone = browser.new_context(base_url=live_server.url, viewport=PHONE, locale="nl-NL")
    phone.set_default_timeout(15_000)
    page = phone.new_page()
    page.goto(reverse("portal:sign_in"))
    page.click("button[type=submit]")
    page.wait_for_url("**/digid-mock/**")
    page.fill("#bsn", person.bsn)
    page.click("button[type=submit]")
    page.wait_for_url("**/mijn/")
    page.click(f"nav >> text={t('E-learning')}")
    page.wait_for_url("**/mijn/e-learning/")
    assert page.get_attribute("html", "lang") == lang
    assert page.get_attribute("html", "dir") == direction
    checked(page)
    page.click(f"#content a.button >> text={t('Start')}")
    for number, raw in enumerate(last.pages, start=1):
        page.wait_for_url(f"**/mijn/e-learning/{last.module.code}/{number}/**")
        checked(page)
        assert page.is_visible("#read-aloud")
        # The starter content has every page in all eight newcomer languages.
        assert t("This page is not in your language yet. Here it is in Dutch.") not in (
            page.inner_text("#content")
        )
        assert page.get_attribute("#content div[lang]", "lang") == lang
        if raw["kind"] == "text":
            page.click(f"#content button >> text={t('Next')}")
        elif raw["kind"] == "choice":
            wrong = (raw["answer"] + 1) % len(raw["options"])
            page.check(f"#option-{wrong}")
            page.click(f"#content button >> text={t('Check my answer')}")
            page.wait_for_selector("#feedback")
            assert t("Try again.") in page.inner_text("#feedback")
            checked(page)
            page.check(f"#option-{raw['answer']}")
            page.click(f"#content button >> text={t('Check my answer')}")
            page.wait_for_selector("#content .notice[role=status]")
            checked(page)
            if number < len(last.pages):
                page.click(f"#content a.button >> text={t('Next')}")
        else:
            page.fill("#answer", reflection)
            page.click(f"#content button >> text={t('Next')}")
    page.wait_for_url("**/mijn/e-learning/?done=*")
    assert t("You finished all modules. Your trainer will check your answers.") in (
        page.inner_text("#content")
    )
    checked(page)
    page.click("header button[value=nl]")
    page.wait_for_load_state("load")
    assert page.get_attribute("html", "lang") == "nl"
    checked(page)
    phone.close()

    office = browser.new_context(base_url=live_server.url, locale="nl-NL")
    office.set_default_timeout(15_000)
    staff = office.new_page()
    trainer = world.user("trainer")
    sign_in_ui(staff, trainer.username, TEST_PASSWORD, trainer.pk)
    staff.goto(reverse("elearning:index"))
    checked(staff)
    staff.click(f"main >> text={person.full_name}")
    staff.wait_for_url("**/e-learning/afronding/**")
    checked(staff)
    assert reflection in staff.inner_text("main")
    staff.click("main button[type=submit]")
    staff.wait_for_selector("main .utrecht-alert")
    checked(staff)
    staff.goto(reverse("elearning:modules"))
    checked(staff)
    staff.click(f"main >> text={last.module.code}")
    checked(staff)
    office.close()

    desk = browser.new_context(base_url=live_server.url, locale="nl-NL")
    desk.set_default_timeout(15_000)
    dossier = desk.new_page()
    klantmanager = world.user("klantmanager_a")
    sign_in_ui(dossier, klantmanager.username, TEST_PASSWORD, klantmanager.pk)
    dossier.goto(reverse("persons:detail", args=[person.public_id]))
    checked(dossier)
    assert "Plan het MAP-eindgesprek: e-learning afgerond" in dossier.inner_text("#tasks")
    dossier.goto(reverse("persons:documents", args=[person.public_id]))
    checked(dossier)
    assert "Verslag MAP e-learning" in dossier.inner_text("#documents")
    with dossier.expect_download() as download:
        dossier.click("#documents a")
    assert download.value.suggested_filename.endswith(".pdf")
    desk.close()
