"""How a person's coded data reads: country and language names in the reader's language
(ISO 3166 / ISO 639-3 through pycountry and its translations), and the childcare a
household needs, derived from the children's ages."""

from __future__ import annotations

import gettext as gettext_module
from dataclasses import dataclass
from datetime import date
from functools import cache

import pycountry
from django.utils.functional import Promise
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@cache
def _catalogue(domain: str, language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation(
        domain, pycountry.LOCALES_DIR, languages=[language.replace("-", "_")], fallback=True
    )


def _translate(domain: str, text: str) -> str:
    language = (get_language() or "en").split("-")[0]
    if language == "en":
        return text
    return _catalogue(domain, language).gettext(text)


def country_name(code: str) -> str:
    """'SY' → 'Syrië' (nl) / 'Syrian Arab Republic' (en); unknown codes as they are."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code
    common = getattr(country, "common_name", None)
    translated = _translate("iso3166-1", common) if common else ""
    if translated and translated != common:
        return translated
    official = _translate("iso3166-1", country.name)
    return common if common and official == country.name else official


def language_name(code: str) -> str:
    """'tir' → 'Tigrinya' in the reader's language; unknown codes as they are."""
    if not code:
        return ""
    language = pycountry.languages.get(alpha_3=code.lower())
    if language is None:
        return code
    return _translate("iso639-3", language.name)


# Languages an interpreter is most often needed for, beside the person's own languages.
COMMON_INTERPRETER_LANGUAGES = (
    "ara",
    "tir",
    "prs",
    "pus",
    "fas",
    "kmr",
    "ckb",
    "tur",
    "ukr",
    "rus",
    "som",
    "amh",
    "eng",
    "fra",
)


def interpreter_language_choices(person_languages: list[str]) -> list[tuple[str, str]]:
    codes = list(dict.fromkeys([*person_languages, *COMMON_INTERPRETER_LANGUAGES]))
    return [(code, language_name(code)) for code in codes if code]


class Childcare:
    DAY_CARE = "day_care"
    AFTER_SCHOOL = "after_school"


CHILDCARE_LABELS: dict[str, Promise] = {
    Childcare.DAY_CARE: _("Day care (under 4)"),
    Childcare.AFTER_SCHOOL: _("After-school care (4 to 12)"),
}


def age_on(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def childcare_kind(born: date | None, today: date) -> str | None:
    """Under 4: day care; 4 up to and including 12: after-school care; else none."""
    if born is None:
        return None
    age = age_on(born, today)
    if age < 0:
        return None
    if age < 4:
        return Childcare.DAY_CARE
    if age <= 12:
        return Childcare.AFTER_SCHOOL
    return None


@dataclass(frozen=True)
class ChildcareNeed:
    kind: str
    label: str
    children: int


def childcare_need(children_born: list[date | None], today: date) -> list[ChildcareNeed]:
    """The childcare the household needs while the parent learns and works."""
    counts: dict[str, int] = {}
    for born in children_born:
        kind = childcare_kind(born, today)
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    return [
        ChildcareNeed(kind, str(CHILDCARE_LABELS[kind]), counts[kind])
        for kind in (Childcare.DAY_CARE, Childcare.AFTER_SCHOOL)
        if kind in counts
    ]
