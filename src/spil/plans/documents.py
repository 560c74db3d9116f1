"""The PIP documents: the legal decision in Dutch (PDF), and a plain-language summary in
the newcomer's preferred language (PDF).

The summary's fixed texts are in the newcomer catalogues (`spil.core.newcomer_texts`),
marked with ``N_``. Free text typed by staff (goals, support) is shown as written: it is
never machine-translated. Arabic and Farsi are laid out
right-to-left; WeasyPrint (HarfBuzz) shapes the script with the Noto fonts.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import translation

from spil.core.newcomer_texts import (
    N_,
    RTL_LANGUAGES,
    newcomer_gettext,
    newcomer_language,
)
from spil.plans.checks import zroute_totals
from spil.plans.models import PipVersion, VersionStatus
from spil.rules import engine
from spil.trajectories.models import Leerroute

# Every fixed text of the summary (msgids, English).
SUMMARY_TEXTS = (
    N_("Your plan for civic integration and participation"),
    N_("This is a short summary of your plan (PIP) in your own language."),
    N_("The official decision is in Dutch. That decision counts."),
    N_("Your learning route"),
    N_("B1-route: you learn Dutch to level B1 and work on participation."),
    N_("Education route: you learn Dutch and prepare for further education."),
    N_("Z-route: you learn Dutch and take part in society, 800 hours each."),
    N_("Language level to reach"),
    N_("Date of the plan"),
    N_("Your term of three years starts the day after this date."),
    N_("What you will do"),
    N_("Language"),
    N_("Knowledge of Dutch society"),
    N_("Labour market and participation"),
    N_("Participation statement"),
    N_("Participation or work"),
    N_("Language and work together"),
    N_("Organisation"),
    N_("Hours per week"),
    N_("From"),
    N_("Until"),
    N_("Help you get"),
    N_("Childcare is arranged."),
    N_("An interpreter is available."),
    N_("Your goals"),
    N_("The goals are written in Dutch by your client manager."),
    N_("Meetings about your progress"),
    N_("Every %(weeks)s weeks you talk with your client manager about how it goes."),
    N_("Questions? Ask your client manager."),
    N_("Draft: this plan has not been decided yet."),
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


def summary_language(person: Any) -> str:
    return newcomer_language(str(getattr(person, "preferred_language", "") or ""))


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
        return newcomer_gettext(language, msgid)

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
