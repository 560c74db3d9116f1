"""The PIP documents: the legal decision in Dutch (PDF), and a plain-language summary in
the newcomer's preferred language (PDF).

The summary's fixed texts live in their own gettext domain, ``summary``
(``plans/summary_locale/<lang>/LC_MESSAGES/summary.po``), apart from the staff interface's
``django`` domain, so they can be translated and reviewed separately. Texts are marked with
``S_`` (extract with ``xgettext --keyword=S_ -d summary``). Free text typed by staff (goals,
support) is shown as written: it is never machine-translated. Arabic and Farsi are laid out
right-to-left; WeasyPrint (HarfBuzz) shapes the script with the Noto fonts.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import polib
from django.template.loader import render_to_string
from django.utils import translation

from spil.plans.checks import zroute_totals
from spil.plans.models import PipVersion, VersionStatus
from spil.rules import engine
from spil.trajectories.models import Leerroute

LOCALE_DIR = Path(__file__).resolve().parent / "summary_locale"
DOMAIN = "summary"

#: Languages of the summary, with their own names.
SUMMARY_LANGUAGES: dict[str, str] = {
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


def S_(text: str) -> str:  # noqa: N802 - the gettext marker of the summary domain
    return text


# Every fixed text of the summary (msgids, English).
SUMMARY_TEXTS = (
    S_("Your plan for civic integration and participation"),
    S_("This is a short summary of your plan (PIP) in your own language."),
    S_("The official decision is in Dutch. That decision counts."),
    S_("Your learning route"),
    S_("B1-route: you learn Dutch to level B1 and work on participation."),
    S_("Education route: you learn Dutch and prepare for further education."),
    S_("Z-route: you learn Dutch and take part in society, 800 hours each."),
    S_("Language level to reach"),
    S_("Date of the plan"),
    S_("Your term of three years starts the day after this date."),
    S_("What you will do"),
    S_("Language"),
    S_("Knowledge of Dutch society"),
    S_("Labour market and participation"),
    S_("Participation statement"),
    S_("Participation or work"),
    S_("Language and work together"),
    S_("Organisation"),
    S_("Hours per week"),
    S_("From"),
    S_("Until"),
    S_("Help you get"),
    S_("Childcare is arranged."),
    S_("An interpreter is available."),
    S_("Your goals"),
    S_("The goals are written in Dutch by your client manager."),
    S_("Meetings about your progress"),
    S_("Every %(weeks)s weeks you talk with your client manager about how it goes."),
    S_("Questions? Ask your client manager."),
    S_("Draft: this plan has not been decided yet."),
)

# Short messages to the newcomer (reminders), in the same newcomer catalogues.
MESSAGE_TEXTS = (
    S_("Reminder: %(group)s tomorrow"),
    S_("Tomorrow at %(time)s you have %(group)s at %(location)s."),
    # Appointment reminders (dossier.services.appointment_reminder_text).
    S_("an intake meeting"),
    S_("a progress meeting about your plan"),
    S_("a home visit from your client manager"),
    S_("your final meeting (eindgesprek)"),
    S_("an appointment with your client manager"),
    S_("Reminder: appointment tomorrow at %(time)s"),
    S_("Tomorrow at %(time)s you have %(what)s."),
    S_("Place: %(location)s"),
    S_("An interpreter will be there."),
    S_("Can you not come? Please let your client manager know."),
)
COMPONENT_TEXTS = {
    "language": "Language",
    "knm": "Knowledge of Dutch society",
    "map": "Labour market and participation",
    "pvt": "Participation statement",
    "participation": "Participation or work",
    "dual": "Language and work together",
}
ROUTE_TEXTS = {
    Leerroute.B1: "B1-route: you learn Dutch to level B1 and work on participation.",
    Leerroute.ONDERWIJS: "Education route: you learn Dutch and prepare for further education.",
    Leerroute.Z: "Z-route: you learn Dutch and take part in society, 800 hours each.",
}


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translated, non-fuzzy entries of the summary domain for `language`."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        return {}
    return {
        e.msgid: e.msgstr
        for e in polib.pofile(str(path))
        if e.msgstr and not e.obsolete and "fuzzy" not in e.flags
    }


def summary_gettext(language: str, msgid: str) -> str:
    return catalogue(language).get(msgid, msgid)


def summary_language(person: Any) -> str:
    code = str(getattr(person, "preferred_language", "") or "")
    return ISO639_3.get(code, code if code in SUMMARY_LANGUAGES else "nl")


def _pdf(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def pip_pdf(version: PipVersion) -> bytes:
    """The decision in Dutch, whatever the reader's language."""
    pip = version.pip
    person = pip.person
    termijn = engine.termijn(version.dagtekening) if version.dagtekening else None
    language, participation = zroute_totals(version)
    with translation.override("nl"):
        html = render_to_string(
            "plans/pdf/pip.html",
            {
                "version": version,
                "person": person,
                "municipality": person.municipality,
                "components": list(version.components.all()),
                "draft": version.status == VersionStatus.DRAFT,
                "termijn": termijn,
                "zroute": version.leerroute == Leerroute.Z,
                "zroute_language": language,
                "zroute_participation": participation,
            },
        )
    return _pdf(html)


def summary_context(version: PipVersion, language: str) -> dict[str, Any]:
    def t(msgid: str) -> str:
        return summary_gettext(language, msgid)

    components = [
        {
            "kind": t(COMPONENT_TEXTS.get(c.kind, c.kind)),
            "provider": c.provider,
            "hours": c.hours_per_week,
            "start": c.start,
            "end": c.end,
        }
        for c in version.components.all()
    ]
    return {
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "title": t(SUMMARY_TEXTS[0]),
        "intro": t(SUMMARY_TEXTS[1]),
        "official": t(SUMMARY_TEXTS[2]),
        "route_heading": t("Your learning route"),
        "route": t(ROUTE_TEXTS[Leerroute(version.leerroute)]),
        "level_heading": t("Language level to reach"),
        "date_heading": t("Date of the plan"),
        "term": t("Your term of three years starts the day after this date."),
        "do_heading": t("What you will do"),
        "col_organisation": t("Organisation"),
        "col_hours": t("Hours per week"),
        "col_from": t("From"),
        "col_until": t("Until"),
        "help_heading": t("Help you get"),
        "childcare": t("Childcare is arranged.") if version.childcare_arranged else "",
        "interpreter": t("An interpreter is available.") if version.interpreter else "",
        "goals_heading": t("Your goals"),
        "goals_note": t("The goals are written in Dutch by your client manager."),
        "meetings_heading": t("Meetings about your progress"),
        "meetings": t("Every %(weeks)s weeks you talk with your client manager about how it goes.")
        % {"weeks": version.progress_every_weeks},
        "questions": t("Questions? Ask your client manager."),
        "draft_text": t("Draft: this plan has not been decided yet.")
        if version.status == VersionStatus.DRAFT
        else "",
        "components": components,
        "version": version,
        "goals": [
            g
            for g in (
                version.goal_language,
                version.goal_work,
                version.goal_self_reliance,
                version.goal_other,
            )
            if g
        ],
    }


def summary_pdf(version: PipVersion, language: str) -> bytes:
    with translation.override(language if language in {"nl", "en", "ar"} else "en"):
        html = render_to_string("plans/pdf/summary.html", summary_context(version, language))
    return _pdf(html)
