"""The starter content and the module JSON: eight themes in B1 Dutch with translations
marked for review, validation naming what is wrong, versions, import and export."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import translation

from spil.elearning import content, queries, services
from spil.elearning.models import Module, ModuleVersion
from spil.rules import engine

pytestmark = pytest.mark.django_db


def test_the_starter_content_covers_the_eight_map_themes_with_translations() -> None:
    assert services.load_starter() == 8
    assert services.load_starter() == 0  # idempotent
    themes = {t.casefold() for t in engine.rule("map_themes", date(2026, 11, 23)).as_strings()}
    assert {m.theme.casefold() for m in Module.objects.all()} == themes
    for module, version in queries.modules():
        assert version is not None and version.number == 1
        kinds = [p["kind"] for p in version.content["pages"]]
        assert "text" in kinds and "choice" in kinds and "reflection" in kinds
        translations = content.translations(version.content)
        assert translations == {"nl": True, "en": False, "ar": False}, module.code


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
