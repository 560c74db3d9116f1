"""The starter content and the module JSON: eight themes in B1 Dutch with translations
marked for review, validation naming what is wrong, versions, import and export."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from spil.core.newcomer_texts import NEWCOMER_LANGUAGES
from spil.elearning import content, queries, services
from spil.elearning.models import Module, ModuleVersion
from spil.elearning.tests.support import elearning_world
from spil.rules import engine
from spil.testing import World

pytestmark = pytest.mark.django_db


def _texts(module: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every text of a module with where it is: titles, bodies, prompts, options, feedback
    and image alt texts."""
    yield "title", module["title"]
    for page in module["pages"]:
        where = f"{module['code']} {page['key']}"
        for field in ("title", "body", "prompt", "right", "wrong"):
            if field in page:
                yield f"{where} {field}", page[field]
        for number, option in enumerate(page.get("options", []), start=1):
            yield f"{where} option {number}", option
        if "image" in page:
            yield f"{where} image", page["image"]["alt"]


def test_the_starter_content_covers_the_eight_map_themes_in_every_language() -> None:
    assert services.load_starter()["added"] == 8
    assert services.load_starter() == {"added": 0, "updated": 0, "unchanged": 8, "edited": 0}
    themes = {t.casefold() for t in engine.rule("map_themes", date(2026, 11, 23)).as_strings()}
    assert {m.theme.casefold() for m in Module.objects.all()} == themes
    for module, version in queries.modules():
        assert version is not None and version.number == 1
        kinds = [p["kind"] for p in version.content["pages"]]
        assert "text" in kinds and "choice" in kinds and "reflection" in kinds
        # Every page in all eight newcomer languages; only Dutch counts as reviewed until a
        # native speaker has checked a translation.
        translations = content.translations(version.content)
        assert translations == {lang: lang == "nl" for lang in NEWCOMER_LANGUAGES}, module.code
        for where, text in _texts(version.content):
            assert set(text) == set(NEWCOMER_LANGUAGES), where
            for language, value in text.items():
                if isinstance(value, list):  # a body: as many paragraphs as the Dutch
                    assert len(value) == len(text["nl"]), (where, language)
                    assert all(p.strip() for p in value), (where, language)
                else:
                    assert value.strip(), (where, language)


def test_loading_the_starter_again_makes_a_version_only_when_the_content_changed(
    world: World,
) -> None:
    # The starter as shipped before: Dutch, English and Arabic only.
    for item in content.starter_modules():
        services.save_version(_only(item, ("nl", "en", "ar")), actor=None, note="starter content")
    elearning_world(world)  # loads the starter again: a new version with the translations
    assert ModuleVersion.objects.filter(number=2).count() == 8
    person = world.person_a
    assert person is not None
    plan = queries.plan_for(person)
    assert plan is not None
    assert {m.version.number for m in plan.modules} == {2}
    # A newcomer keeps the version they started; a module someone edited is left alone.
    services.open_page(plan, plan.modules[0])
    edited = queries.current_version(plan.modules[1].module)
    assert edited is not None
    changed = dict(edited.content, title=dict(edited.content["title"], nl="Eigen titel"))
    services.save_version(changed, actor=world.user("trainer"), note="eigen titel")
    again = services.load_starter()
    assert again == {"added": 0, "updated": 0, "unchanged": 7, "edited": 1}
    replan = queries.plan_for(person)
    assert replan is not None
    assert replan.modules[0].version.number == 2
    assert replan.modules[1].version.number == 3
    assert replan.modules[1].version.content["title"]["nl"] == "Eigen titel"


def _only(value: Any, languages: tuple[str, ...]) -> Any:
    """The content with the texts in `languages` only."""
    if isinstance(value, list):
        return [_only(v, languages) for v in value]
    if isinstance(value, dict):
        if "nl" in value and all(k in NEWCOMER_LANGUAGES for k in value):
            return {k: v for k, v in value.items() if k in languages}
        return {k: _only(v, languages) for k, v in value.items()}
    return value


def test_invalid_content_names_what_is_wrong() -> None:
    with translation.override("en"), pytest.raises(content.ContentError) as error:
        content.validate(
            {
                "code": "x",
                "theme": "werk vinden",
                "title": {"en": "No Dutch"},
                "pages": [{"key": "q", "kind": "choice", "prompt": {"nl": "?"}, "options": []}],
            }
        )
    text = " ".join(error.value.messages)
    assert "title: a Dutch text (nl) is required." in text
    assert "page 1: give at least two options." in text
    with pytest.raises(content.ContentError):
        content.parse("{not json")


def test_editing_makes_a_version_and_export_import_round_trips() -> None:
    services.load_starter()
    module = Module.objects.get(code="werk-vinden")
    first = queries.current_version(module)
    assert first is not None
    exported = json.loads(services.export_module(first))
    exported["pages"][0]["body"]["nl"].append("Kijk ook bij het uitzendbureau in uw buurt.")
    second = services.save_version(exported, actor=None, note="extra zin")
    assert second.number == 2
    # The same content again is no new version; an import of the export neither.
    assert services.import_modules(services.export_module(second), actor=None) == [second]
    assert ModuleVersion.objects.filter(module=module).count() == 2
