"""Translated texts for the optimiser's reason codes and the programmes' codes."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext as _

from spil.programmes.assignment import Criterion, Reason, ReasonCode


def _names(ids: object, groups: Mapping[object, str]) -> str:
    if not isinstance(ids, list | tuple):
        return ""
    return ", ".join(groups.get(i, str(i)) for i in ids)


def criterion_text(criterion: str) -> str:
    return {
        Criterion.DAYPARTS: _("not free at that day-part"),
        Criterion.LANGUAGE: _("language not offered"),
        Criterion.LOCATION: _("location not acceptable"),
        Criterion.START_DATE: _("starts too early"),
        Criterion.CHILDCARE: _("outside the childcare hours, and no childcare at the group"),
        Criterion.TRAVEL: _("too far to travel"),
        Criterion.FORBIDDEN: _("excluded by the planner"),
    }.get(Criterion(criterion), criterion)


def reason_text(reason: Reason, groups: Mapping[object, str]) -> str:
    """One sentence per reason code, naming the groups concerned."""
    p = reason.params
    names = _names(p.get("group_ids"), groups)
    code = reason.code
    if code == ReasonCode.NO_GROUP_OF_KIND:
        return _("There is no group of this kind with free seats.")
    if code == ReasonCode.NO_DAYPART_MATCH:
        return _("Every group meets at a day-part this person is not free (%(groups)s).") % {
            "groups": names
        }
    if code == ReasonCode.LANGUAGE_MISMATCH:
        return _(
            "No group teaches in a language this person understands, nor has an "
            "interpreter for it (%(groups)s)."
        ) % {"groups": names}
    if code == ReasonCode.LOCATION_NOT_ACCEPTABLE:
        return _("No group meets at a location this person can reach (%(groups)s).") % {
            "groups": names
        }
    if code == ReasonCode.START_DATE_TOO_EARLY:
        return _("Every group starts before this person can (from %(date)s).") % {
            "date": p.get("earliest_start", "")
        }
    if code == ReasonCode.CHILDCARE_NOT_COVERED:
        return _(
            "This person needs childcare: no group offers it or meets only when childcare "
            "is arranged (%(groups)s)."
        ) % {"groups": names}
    if code == ReasonCode.TRAVEL_TOO_LONG:
        return _(
            "Every group is too far: at least %(shortest)s minutes one way, at most "
            "%(max)s minutes can be travelled (%(groups)s)."
        ) % {
            "shortest": p.get("shortest_minutes", ""),
            "max": p.get("max_minutes", ""),
            "groups": names,
        }
    if code == ReasonCode.FORBIDDEN_BY_PLANNER:
        return _("You excluded the remaining groups (%(groups)s).") % {"groups": names}
    if code == ReasonCode.NO_GROUP_FITS_ALL:
        parts = []
        for check in p.get("groups", []):  # type: ignore[attr-defined]
            failed = ", ".join(criterion_text(c) for c in check.get("failed", []))
            parts.append(f"{groups.get(check.get('group_id'), check.get('group_id'))}: {failed}")
        return _("Each group fails on something: %(details)s.") % {"details": "; ".join(parts)}
    if code == ReasonCode.COMPATIBLE_GROUPS_FULL:
        return _("The groups that fit are full (%(groups)s).") % {"groups": names}
    if code == ReasonCode.DAYPART_CLASH:
        return _("The groups that fit clash with another group of this person (%(groups)s).") % {
            "groups": names
        }
    if code == ReasonCode.GROUP_NOT_RUNNING:
        return _("The groups that fit do not reach their minimum size (%(groups)s).") % {
            "groups": names
        }
    if code == ReasonCode.NOT_SELECTED:
        return _("Not selected before the time limit; seats are left in %(groups)s.") % {
            "groups": names
        }
    return str(code)
