"""The JSON of a module version, checked before it is stored, and read in one language.

A module::

    {"code": "werk-vinden", "theme": "werk vinden", "order": 8,
     "title": {"nl": "...", "en": "...", "ar": "..."},
     "reviewed": [],                      # languages a native speaker has checked
     "pages": [
       {"key": "p1", "kind": "text", "title": {...}, "body": {"nl": ["paragraph", ...]},
        "image": {"src": "/static/...", "alt": {...}},       # optional
        "audio": "https://...", "video": "https://..."},    # optional
       {"key": "q1", "kind": "choice", "prompt": {...}, "options": [{...}, {...}],
        "answer": 1, "right": {...}, "wrong": {...}},
       {"key": "r1", "kind": "reflection", "prompt": {...}}]}

Every text is a mapping of language code to text; Dutch (``nl``) is required, the others are
translations that need review by a native speaker until their code is in ``reviewed``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from spil.core.newcomer_texts import NEWCOMER_LANGUAGES

STARTER_DIR = Path(__file__).resolve().parent / "content"
PAGE_KINDS = ("text", "choice", "reflection")
MIN_REFLECTION = 10


class ContentError(ValueError):
    """The module's JSON does not have the expected form; ``messages`` say where."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


def _check_text(value: Any, where: str, errors: list[str], *, paragraphs: bool = False) -> None:
    if not isinstance(value, dict) or not value.get("nl"):
        errors.append(_("%(where)s: a Dutch text (nl) is required.") % {"where": where})
        return
    for language, text in value.items():
        if language not in NEWCOMER_LANGUAGES:
            errors.append(
                _("%(where)s: unknown language %(language)s.")
                % {"where": where, "language": language}
            )
        ok = (
            isinstance(text, list) and all(isinstance(p, str) for p in text)
            if paragraphs
            else isinstance(text, str)
        )
        if not ok:
            errors.append(
                _("%(where)s: the text in %(language)s has the wrong form.")
                % {"where": where, "language": language}
            )


def validate(content: Any) -> dict[str, Any]:
    """The content if it is a valid module; ContentError naming every problem otherwise."""
    errors: list[str] = []
    if not isinstance(content, dict):
        raise ContentError([_("The module must be a JSON object.")])
    for field in ("code", "theme"):
        if not isinstance(content.get(field), str) or not content.get(field):
            errors.append(_("The field %(field)s is required.") % {"field": field})
    _check_text(content.get("title"), _("title"), errors)
    pages = content.get("pages")
    if not isinstance(pages, list) or not pages:
        errors.append(_("A module needs at least one page."))
        pages = []
    keys: set[str] = set()
    for number, page in enumerate(pages, start=1):
        where = _("page %(number)s") % {"number": number}
        if not isinstance(page, dict):
            errors.append(_("%(where)s must be a JSON object.") % {"where": where})
            continue
        key = page.get("key")
        if not isinstance(key, str) or not key or key in keys:
            errors.append(_("%(where)s needs its own key.") % {"where": where})
        else:
            keys.add(key)
        kind = page.get("kind")
        if kind not in PAGE_KINDS:
            errors.append(
                _("%(where)s: kind must be text, choice or reflection.") % {"where": where}
            )
        elif kind == "text":
            _check_text(page.get("title"), where, errors)
            _check_text(page.get("body"), where, errors, paragraphs=True)
        else:
            _check_text(page.get("prompt"), where, errors)
        if kind == "choice":
            options = page.get("options")
            if not isinstance(options, list) or len(options) < 2:
                errors.append(_("%(where)s: give at least two options.") % {"where": where})
                options = []
            for option in options:
                _check_text(option, where, errors)
            answer = page.get("answer")
            if not isinstance(answer, int) or not 0 <= answer < len(options):
                errors.append(
                    _("%(where)s: the answer must be an option's number.") % {"where": where}
                )
            _check_text(page.get("right"), where, errors)
            _check_text(page.get("wrong"), where, errors)
    if errors:
        raise ContentError(errors)
    return content


def parse(raw: bytes | str) -> dict[str, Any]:
    try:
        content = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ContentError([_("The file is not valid JSON.")]) from error
    return validate(content)


def starter_modules() -> list[dict[str, Any]]:
    """The starter content shipped with Spil: one module per MAP theme."""
    return [
        validate(json.loads(path.read_text(encoding="utf-8")))
        for path in sorted(STARTER_DIR.glob("*.json"))
    ]


@dataclass(frozen=True)
class Localised:
    text: Any
    language: str  # the language the text is in: the asked one, or nl as fall-back


def pick(value: dict[str, Any] | None, language: str) -> Localised:
    value = value or {}
    if value.get(language):
        return Localised(value[language], language)
    return Localised(value.get("nl", ""), "nl")


def translations(content: dict[str, Any]) -> dict[str, bool]:
    """Per language the module has a text in: whether a native speaker has reviewed it."""
    found: set[str] = set()

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            found.update(k for k in value if k in NEWCOMER_LANGUAGES)

    collect(content.get("title"))
    for page in content.get("pages", []):
        for field in ("title", "body", "prompt", "right", "wrong"):
            collect(page.get(field))
    reviewed = set(content.get("reviewed", []))
    return {lang: lang == "nl" or lang in reviewed for lang in NEWCOMER_LANGUAGES if lang in found}
