"""Texts of the dossier in the reader's language.

Timeline entries, tasks and signals are stored with a stable `code` and `params` (never
with translated text), so every reader sees them in their own language. The registries are
plain dicts: a code that is not (yet) in them is shown as the code itself, never as an
error. DUO's events keep their code visible beside the description ("SS101 · ...").

Other apps keep the texts of the codes they create in their own `texts` module
(`TASK_TITLES`, `SIGNAL_TEXTS`, `TIMELINE_TEXTS`); those are consulted after the ones here.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# DUO gebeurtenissen and attentiesignalen (spil.duo.contract.events), short English
# descriptions of DUO's Dutch text.
DUO_EVENT_TEXTS: dict[str, Promise] = {
    "SS101": _("Person is obliged to integrate"),
    "SS102": _("Integration term started"),
    "SS103": _("Term extended by DUO"),
    "SS104": _("Term extended on request"),
    "SS106": _("Diploma obtained"),
    "SS107": _("Full exemption granted"),
    "SS108": _("Full dispensation granted"),
    "SS109": _("Temporary exemption granted"),
    "SS110": _("Integration obligation withdrawn"),
    "SS111": _("Person has died"),
    "SS112": _("Request for extension submitted"),
    "SS113": _("Request for extension refused"),
    "SS114": _("Request for full exemption refused"),
    "SS115": _("Request for temporary exemption refused"),
    "SS116": _("Request for partial exemption refused"),
    "SS117": _("Request for partial exemption granted"),
    "SS118": _("Request for dispensation refused"),
    "SS119": _("Request for partial dispensation granted"),
    "SS120": _("Settled in the municipality without a PIP"),
    "SS121": _("Settled in the municipality with the PIP of the previous municipality"),
    "SS122": _("Moved to another municipality"),
    "SS123": _("Left the Netherlands"),
    "SS124": _("Target group changed from asylum permit holder to family or other migrant"),
    "SS125": _("Target group changed from family or other migrant to asylum permit holder"),
    "SS126": _("10-week period ended without a learning route"),
    "SS127": _("No integration offer received yet"),
    "SS128": _("Obliged to integrate, but reaches state pension age within 6 months"),
    "SS129": _("Temporary exemption withdrawn, no learning route yet"),
    "SS130": _("Temporary exemption withdrawn, PIP already known: obligation resumed"),
    "SS131": _("Learnability test taken, result known"),
    "SS132": _("Education contract received (no PIP yet)"),
    "SS133": _("Education contract with a language level that does not fit the learning route"),
    "SS135": _("Education contract with too high a language level for the Z-route"),
    "SS136": _("Contract for a language bridging programme without the education route"),
    "SS137": _("Registered for the learnability test"),
    "SS139": _("Obliged to integrate; the 10-week period to set the learning route started"),
    "SS140": _("Request for dispensation (BIO) received: advice of the municipality asked"),
    "SS141": _("Z-route completed: certificate text available"),
    "SS142": _("Non-exempting education ended because of deregistration"),
    "SS199": _("Exam result known"),
}

TASK_TITLES: dict[str, Promise] = {
    "aftercare_checkin": _("Aftercare check-in with the newcomer and the employer"),
    "set_leerroute": _("Set the learning route within the 10-week period"),
    "plan_intake": _("Plan the broad intake"),
    "check_pip_after_move": _("Check the PIP after the move"),
    "take_over_dossier": _("Assign a client manager and review the plan after the move"),
    "register_aanbod": _("Register the integration offer at DUO"),
    "plan_map_eindgesprek": _("Plan the MAP final meeting (eindgesprek): e-learning finished"),
}

SIGNAL_TEXTS: dict[str, Promise] = {
    "deadline_near": _("A deadline is near"),
    "deadline_passed": _("A deadline has passed"),
    "SS126": _("The 10-week period ended without a learning route"),
    "SS127": _("No integration offer received yet (asylum permit holder)"),
    "SS142": _("Non-exempting education ended because of deregistration"),
    "absence_streak": _("Absent several sessions in a row without an excuse"),
    "placement_no_next_step": _("A placement ended without a next step planned"),
    "elearning_behind": _("MAP e-learning behind schedule"),
}

ELEARNING_TEXTS: dict[str, Promise] = {
    "started": _("MAP e-learning: module started"),
    "module_done": _("MAP e-learning: module finished"),
    "finished": _("MAP e-learning finished: all modules done"),
    "confirmed": _("MAP e-learning confirmed by the trainer"),
    "reminder": _("MAP e-learning: reminder of the end date sent"),
}

STATUS_TEXTS: dict[str, Promise] = {
    "new": _("New"),
    "intake": _("Intake"),
    "pip_vastgesteld": _("PIP established"),
    "running": _("Running"),
    "completed": _("Completed"),
    "exempt": _("Exempt"),
    "withdrawn": _("Withdrawn"),
    "moved": _("Moved"),
    "suspended": _("Suspended (temporary exemption)"),
}

CONTACT_KIND_TEXTS: dict[str, Promise] = {
    "intake": _("Intake"),
    "progress": _("Progress meeting"),
    "home_visit": _("Home visit"),
    "eindgesprek": _("Final meeting (eindgesprek)"),
    "other": _("Other"),
}

DEADLINE_KIND_TEXTS: dict[str, Promise] = {
    "leerroute": _("Set the learning route (10 weeks)"),
    "termijn_end": _("End of the civic integration term"),
    "route_switch": _("Last day for a route switch (18 months)"),
    "aow": _("State pension age reached"),
}


# Apps whose `texts` module registers the codes they create.
TEXT_PROVIDERS = ("spil.duo.texts", "spil.plans.texts")


@cache
def _provided(name: str) -> Mapping[str, Promise]:
    """One merged registry (`TASK_TITLES`, `SIGNAL_TEXTS` or `TIMELINE_TEXTS`) of all apps."""
    merged: dict[str, Promise] = {}
    for module_path in TEXT_PROVIDERS:
        module = importlib.import_module(module_path)
        merged.update(getattr(module, name, {}))
    return merged


def known_signal_codes() -> list[str]:
    """Every signal code with a text: DUO's codes first, then Spil's own."""
    codes = {*SIGNAL_TEXTS, *_provided("SIGNAL_TEXTS")}
    return sorted(codes, key=lambda code: (not code[:2].isupper(), code))


def _lookup(code: str, *registries: Mapping[str, Promise]) -> str | None:
    for registry in registries:
        text = registry.get(code)
        if text is not None:
            return str(text)
    return None


def duo_event_text(code: str) -> str:
    """'SS101 · Person is obliged to integrate' — the code stays visible."""
    text = _lookup(code, DUO_EVENT_TEXTS)
    if text:
        return f"{code} · {text}"
    return _lookup(code, _provided("TIMELINE_TEXTS")) or code  # e.g. DUO's answer to a PIP


def task_title(code: str, title: str = "") -> str:
    return _lookup(code, TASK_TITLES, _provided("TASK_TITLES")) or title or code or gettext("Task")


def signal_text(code: str) -> str:
    text = _lookup(code, SIGNAL_TEXTS, _provided("SIGNAL_TEXTS"))
    if text is not None:
        return f"{code} · {text}" if code in DUO_EVENT_TEXTS else text
    event = _lookup(code, DUO_EVENT_TEXTS)
    return f"{code} · {event}" if event else code


def status_text(code: str) -> str:
    return _lookup(code, STATUS_TEXTS, _provided("TIMELINE_TEXTS")) or code


def contact_kind_text(code: str) -> str:
    return _lookup(code, CONTACT_KIND_TEXTS) or code


def deadline_kind_text(code: str) -> str:
    return _lookup(code, DEADLINE_KIND_TEXTS) or code


def timeline_text(kind: str, code: str, params: Mapping[str, Any] | None = None) -> str:
    """One line describing a timeline entry, in the active language."""
    params = params or {}
    if kind == "duo_event":
        return gettext("DUO event: %(event)s") % {"event": duo_event_text(code)}
    if kind == "task_created":
        title = task_title(code, str(params.get("title", "")))
        return gettext("Task created: %(title)s") % {"title": title}
    if kind == "task_done":
        title = task_title(code, str(params.get("title", "")))
        return gettext("Task done: %(title)s") % {"title": title}
    if kind == "signal":
        return gettext("Signal: %(signal)s") % {"signal": signal_text(code)}
    if kind == "contact_moment":
        return gettext("Contact moment: %(kind)s") % {"kind": contact_kind_text(code)}
    if kind == "status_change" and code == "zaak_status":
        return gettext("Zaak %(zaak)s: status set in the zaaksysteem to %(status)s") % {
            "zaak": params.get("identificatie") or "—",
            "status": params.get("status") or "—",
        }
    if kind == "status_change":
        return gettext("Status changed to %(status)s") % {"status": status_text(code)}
    if kind == "reassigned":
        if params.get("previous"):
            return gettext("Client manager changed from %(previous)s to %(new)s") % {
                "previous": params.get("previous"),
                "new": params.get("new") or "—",
            }
        return gettext("Client manager set to %(new)s") % {"new": params.get("new") or "—"}
    if kind == "handover":
        values = {"from": params.get("from") or "—", "to": params.get("to") or "—"}
        if code == "handover_in":
            return gettext("Received from %(from)s by %(to)s after a move") % values
        return gettext("Handed over from %(from)s to %(to)s after a move") % values
    if kind == "chain_meeting":
        values = {"series": params.get("series") or "—", "date": _iso_date(params.get("date"))}
        return gettext("Discussed in the ketenoverleg (%(series)s, %(date)s)") % values
    if kind == "deadline":
        return gettext("Deadline set: %(kind)s") % {"kind": deadline_kind_text(code)}
    if kind in ("appointment_planned", "appointment_cancelled"):
        values = {"kind": contact_kind_text(code), "when": _appointment_when(params)}
        if kind == "appointment_planned":
            return gettext("Appointment planned: %(kind)s on %(when)s") % values
        return gettext("Appointment cancelled: %(kind)s on %(when)s") % values
    if kind == "elearning":
        text = _lookup(code, ELEARNING_TEXTS) or code
        module = params.get("module")
        return f"{text}: {module}" if module else text
    if kind == "document":
        return gettext("Document added: %(title)s") % {"title": params.get("title") or code}
    if kind == "peer_coach":
        return peer_coach_text(code, params)
    if kind == "milestone":
        values = {"name": params.get("name") or code, "programme": params.get("programme") or "—"}
        return gettext("Milestone done: %(name)s (%(programme)s)") % values
    if kind == "details_changed":
        names = [str(DETAIL_TEXTS.get(f, f)) for f in str(params.get("fields", "")).split(",") if f]
        return gettext("Personal details changed: %(fields)s") % {"fields": ", ".join(names)}
    return code or kind


# Peer coaching (spil.peercoaches): assignments, consent and the coach's activities.
PEER_COACH_TEXTS: dict[str, Promise] = {
    "assigned": _("Peer coach %(coach)s (%(organisation)s) assigned, with the newcomer's consent"),
    "ended": _("Peer coach %(coach)s: assignment ended"),
    "consent_withdrawn": _("Consent for peer support by %(organisation)s withdrawn"),
    "activity_first_session": _(
        "Peer coach %(coach)s went along to the first session (%(hours)s h)"
    ),
    "activity_public_transport": _(
        "Peer coach %(coach)s: first trip by public transport (%(hours)s h)"
    ),
    "activity_first_workday": _(
        "Peer coach %(coach)s went along on the first workday (%(hours)s h)"
    ),
    "activity_appointment": _("Peer coach %(coach)s went along to an appointment (%(hours)s h)"),
    "activity_other": _("Peer coach %(coach)s: other support (%(hours)s h)"),
}


def peer_coach_text(code: str, params: Mapping[str, Any]) -> str:
    text = PEER_COACH_TEXTS.get(code)
    if text is None:
        return code or gettext("Peer coach")
    values = {key: params.get(key) or "—" for key in ("coach", "organisation", "hours")}
    return str(text) % values


def _iso_date(value: object) -> str:
    """A stored ISO date in the reader's short format ('—' if unknown)."""
    try:
        day = date.fromisoformat(str(value or ""))
    except ValueError:
        return "—"
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _appointment_when(params: Mapping[str, Any]) -> str:
    """The appointment's start in local time and the reader's format ('—' if unknown)."""
    try:
        starts_at = datetime.fromisoformat(str(params.get("starts_at", "")))
    except ValueError:
        return "—"
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    return formats.date_format(timezone.localtime(starts_at), "DATETIME_FORMAT")


DETAIL_TEXTS: dict[str, Promise] = {
    "phone": _("phone"),
    "email": _("e-mail address"),
    "country_of_origin": _("country of origin"),
    "languages": _("languages spoken"),
    "preferred_language": _("preferred language"),
    "interpreter_needed": _("interpreter needed"),
    "arrival_date": _("date of arrival in the Netherlands"),
    "household": _("household"),
}
