"""Texts of the intake in the reader's language (codes are stored, never texts)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spil.intake.models import BarrierKind, Intake
from spil.intake.picker import occupation_choice
from spil.intake.steps import CEFR, EDUCATION_LEVELS, LBT_RESULTS, LITERACY


def reason_texts(reasons: list[dict[str, Any]]) -> list[str]:
    levels = dict(EDUCATION_LEVELS)
    kinds = dict(BarrierKind.choices)
    out: list[str] = []
    for reason in reasons:
        code = reason.get("code")
        if code == "open_barriers":
            names = ", ".join(str(kinds.get(k, k)) for k in reason.get("kinds", []))
            out.append(_("Open barriers that come first: %(kinds)s") % {"kinds": names})
        elif code == "debts":
            out.append(_("There are debts"))
        elif code == "education_level":
            level = str(levels.get(reason.get("level", ""), ""))
            out.append(_("Level of education: %(level)s") % {"level": level})
        elif code == "lbt_b1":
            out.append(_("The learnability test says B1 is reachable"))
        elif code == "young":
            out.append(_("Younger than 28 (%(age)s)") % {"age": reason.get("age")})
        elif code == "participation_default":
            out.append(_("Work and participation alongside language learning"))
        else:
            out.append(str(code))
    return out


def intake_summary(intake: Intake) -> list[tuple[str, str]]:
    """What the PIP builds on, as (label, text) rows: focus, learnability test, literacy,
    Dutch per skill, highest education, dream job and plans B and C. Never health."""
    rows: list[tuple[str, str]] = []
    if intake.focus:
        rows.append((_("Focus"), str(intake.get_focus_display())))
    lbt = intake.step("leerbaarheid")
    results = dict(LBT_RESULTS)
    if lbt.get("lbt_result"):
        rows.append((_("Learnability test"), str(results.get(str(lbt["lbt_result"]), ""))))
    language = intake.step("taal")
    if language.get("literacy"):
        rows.append((_("Literacy"), str(dict(LITERACY).get(str(language["literacy"]), ""))))
    levels = dict(CEFR)
    skills = [
        (_("reading"), "reading"),
        (_("listening"), "listening"),
        (_("speaking"), "speaking"),
        (_("writing"), "writing"),
    ]
    assessed = [
        f"{label}: {levels.get(str(language[key]), language[key])}"
        for label, key in skills
        if language.get(key)
    ]
    if assessed:
        rows.append((_("Dutch"), "; ".join(assessed)))
    level = intake.step("opleiding").get("highest_level")
    if level:
        rows.append(
            (_("Highest level of education"), str(dict(EDUCATION_LEVELS).get(str(level), "")))
        )
    ambitions = intake.step("ambities")
    for label, key in (
        (_("Dream job"), "dream_job"),
        (_("Plan B"), "plan_b"),
        (_("Plan C"), "plan_c"),
    ):
        choice = occupation_choice(str(ambitions.get(key) or ""))
        if choice is not None:
            rows.append((label, choice.label))
    return rows
