from __future__ import annotations

from datetime import date

from django.utils import translation

from spil.persons.presentation import (
    childcare_kind,
    childcare_need,
    country_name,
    interpreter_language_choices,
    language_name,
)

TODAY = date(2026, 11, 23)


def test_childcare_by_age() -> None:
    assert childcare_kind(date(2026, 1, 1), TODAY) == "day_care"
    assert childcare_kind(date(2022, 11, 24), TODAY) == "day_care"  # 3 until tomorrow
    assert childcare_kind(date(2022, 11, 23), TODAY) == "after_school"  # 4 today
    assert childcare_kind(date(2014, 1, 1), TODAY) == "after_school"  # 12
    assert childcare_kind(date(2013, 11, 23), TODAY) is None  # 13 today
    assert childcare_kind(None, TODAY) is None
    assert childcare_kind(date(2027, 1, 1), TODAY) is None  # not born yet


def test_childcare_need_counts_per_kind() -> None:
    need = childcare_need([date(2025, 1, 1), date(2024, 1, 1), date(2018, 1, 1), None], TODAY)
    assert [(n.kind, n.children) for n in need] == [("day_care", 2), ("after_school", 1)]
    assert childcare_need([date(2000, 1, 1)], TODAY) == []


def test_names_in_the_readers_language() -> None:
    with translation.override("nl"):
        assert country_name("SY") == "Syrië"
        assert language_name("ara") == "Arabisch"
    with translation.override("en"):
        assert country_name("sy") == "Syria"
        assert language_name("tir") == "Tigrinya"
    assert country_name("XX") == "XX" and language_name("zzz") == "zzz"
    assert country_name("") == "" and language_name("") == ""


def test_interpreter_choices_put_the_persons_languages_first() -> None:
    with translation.override("en"):
        codes = [code for code, _name in interpreter_language_choices(["som", "ara"])]
    assert codes[:2] == ["som", "ara"] and codes.count("ara") == 1
