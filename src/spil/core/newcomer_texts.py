"""Fixed texts for the newcomer in their own language: the PIP summary, reminders, and
every other text a newcomer reads.

The texts live in their own gettext domain, ``newcomer``
(``core/newcomer_locale/<lang>/LC_MESSAGES/newcomer.po``), apart from the staff interface's
``django`` domain, so they can be translated and reviewed by native speakers separately.
Mark a text with ``N_`` where it is defined; `newcomer_text` looks it up at the moment it is
shown. Free text typed by staff is never machine-translated.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "newcomer_locale"
DOMAIN = "newcomer"

#: Languages of the newcomer catalogues, with their own names.
NEWCOMER_LANGUAGES: dict[str, str] = {
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "uk": "Українська",
    "tr": "Türkçe",
    "fa": "فارسی",
    "ti": "ትግርኛ",
    "so": "Soomaali",
}
RTL_LANGUAGES = frozenset({"ar", "fa"})
#: Person.preferred_language is ISO 639-3; the catalogues use ISO 639-1.
ISO639_3 = {
    "nld": "nl",
    "eng": "en",
    "ara": "ar",
    "apc": "ar",
    "ukr": "uk",
    "tur": "tr",
    "fas": "fa",
    "pes": "fa",
    "prs": "fa",
    "tir": "ti",
    "som": "so",
}
DEFAULT_LANGUAGE = "nl"


def N_(text: str) -> str:  # noqa: N802 - the gettext marker of the newcomer domain
    return text


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translated, non-fuzzy entries of the newcomer domain for `language`."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    return {
        e.msgid: e.msgstr
        for e in polib.pofile(str(path))
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    }


def newcomer_gettext(language: str, msgid: str) -> str:
    return catalogue(language).get(msgid, msgid)


def _iso639_1(preferred_language: str) -> str:
    """ISO 639-1 for a preferred language given in ISO 639-3 (or already in 639-1)."""
    code = (preferred_language or "").lower()
    return ISO639_3.get(code, code)


def newcomer_language(preferred_language: str) -> str:
    """The catalogue for a person's preferred language (ISO 639-3 or 639-1); Dutch when
    there is none in that language."""
    code = _iso639_1(preferred_language)
    return code if code in NEWCOMER_LANGUAGES else DEFAULT_LANGUAGE


def newcomer_text(preferred_language: str, msgid: str) -> str:
    """`msgid` in the newcomer's own language, Dutch when that language has no catalogue."""
    return newcomer_gettext(newcomer_language(preferred_language), msgid)


def interface_language(preferred_language: str, available: set[str], default: str) -> str:
    """The interface language (one of Django's LANGUAGES) for the person's own language;
    `default` when the interface does not speak it."""
    code = _iso639_1(preferred_language)
    return code if code in available else default
