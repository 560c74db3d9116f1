"""Texts of the intake in the reader's language (codes are stored, never texts)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from spil.intake.models import BarrierKind, Intake
from spil.intake.picker import occupation_choice
from spil.intake.steps import (
    CEFR,
    CHILDCARE_DAYPARTS,
    EDUCATION_LEVELS,
    LBT_RESULTS,
    LITERACY,
    TRANSPORT,
)


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
    Dutch per skill, highest education, dream job and plans B and C, travel and childcare.
    Never health."""
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
    rows.extend(practical_rows(intake))
    return rows


def practical_rows(intake: Intake) -> list[tuple[str, str]]:
    """Means of transport with the maximum travel time, and the need for childcare."""
    rows: list[tuple[str, str]] = []
    life = intake.step("leefsituatie")
    code = str(life.get("transport") or "")
    transport = str(dict(TRANSPORT).get(code, "")) if code else ""
    minutes = life.get("max_travel_minutes")
    if transport and minutes:
        text = _("%(transport)s, at most %(minutes)s minutes one way") % {
            "transport": transport,
            "minutes": minutes,
        }
        rows.append((_("Travel"), text))
    elif transport:
        rows.append((_("Travel"), transport))
    elif minutes:
        rows.append((_("Travel"), _("At most %(minutes)s minutes one way") % {"minutes": minutes}))
    need = life.get("childcare_needed")
    if need == "yes":
        labels = dict(CHILDCARE_DAYPARTS)
        codes = life.get("childcare_dayparts") or []
        covered = [str(labels[c]) for c in codes if c in labels] if isinstance(codes, list) else []
        rows.append(
            (
                _("Childcare"),
                _("Needed; arranged on %(dayparts)s") % {"dayparts": ", ".join(covered)}
                if covered
                else _("Needed; not arranged yet"),
            )
        )
    elif need == "no":
        rows.append((_("Childcare"), _("Not needed")))
    return rows
