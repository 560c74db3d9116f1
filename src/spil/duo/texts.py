"""Texts of what the DUO exchange creates: task titles and signal texts per code.

Tasks and signals are stored with a stable code (and the English title, for search); pages
render them in the reader's language through these mappings.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from spil.duo.contract import describe

TASK_TITLES: dict[str, Promise] = {
    "duo_plan_intake": _("Plan the broad intake"),
    "duo_set_learning_route": _("Set the learning route within the 10-week period"),
    "duo_complete_person_details": _("Complete the person's details: the name is unknown"),
    "duo_review_previous_pip": _("Review the PIP of the previous municipality"),
    "duo_aow_assess": _("Discuss the obligation: state pension age within six months"),
    "duo_review_target_group": _("Review the plan for the changed target group"),
    "duo_register_efforts": _("Register the efforts and results so far at DUO"),
    "duo_warm_handover": _(
        "Hand the person over to the new municipality with a handover note (warm handover)"
    ),
    "duo_follow_lbt": _("Follow up the learnability test registration"),
    "duo_discuss_lbt_result": _("Discuss the learnability test result and choose the route"),
    "duo_plan_remaining_term": _("Adjust the planning to the extended term"),
    "duo_resume_trajectory": _("Resume the trajectory after the temporary exemption"),
    "duo_discuss_exam_result": _("Discuss the exam result"),
    "duo_discuss_decision": _("Discuss DUO's decision on the request with the newcomer"),
    "duo_adjust_plan_exemption": _("Adjust the plan to the partial exemption"),
    "duo_adjust_plan_ontheffing": _("Adjust the plan to the partial dispensation"),
    "duo_learning_route_overdue": _("Set the learning route: the 10-week period has passed"),
    "duo_register_aanbod": _("Register the integration offer (inburgeringsaanbod) at DUO"),
    "duo_review_education_contract": _("Check the education contract against the PIP"),
    "duo_contact_after_deregistration": _("Contact the newcomer and revise the PIP"),
    "duo_bio_advice": _("Give advice on the request for dispensation (BIO)"),
    "duo_zroute_certificate": _("Hand over the Z-route certificate text"),
    "duo_extension_requested": _("Prepare for DUO's decision on the extension request"),
}

SIGNAL_TEXTS: dict[str, Promise] = {
    "duo_name_unknown": _("Name unknown: DUO reported this person and the BRP had no data"),
    "SS109": _("Temporary exemption granted by DUO"),
    "SS112": _("The newcomer asked DUO for an extension of the term"),
    "SS113": _("DUO refused the extension of the term"),
    "SS126": _("The 10-week period ended without a learning route"),
    "SS127": _("No integration offer received yet (asylum permit holder)"),
    "SS128": _("State pension age within six months"),
    "SS132": _("Education contract received, but no PIP yet"),
    "SS133": _("Education contract with a language level that does not fit the learning route"),
    "SS135": _("Education contract with too high a language level for the Z-route"),
    "SS136": _("Contract for a language bridging programme without the education route"),
    "SS140": _("DUO asks for advice on a request for dispensation (BIO)"),
    "SS142": _("Non-exempting education ended because of deregistration"),
}


def task_title(code: str) -> str:
    title = TASK_TITLES.get(code)
    return str(title) if title is not None else code


def signal_text(code: str) -> str:
    text = SIGNAL_TEXTS.get(code)
    if text is not None:
        return str(text)
    return describe(code)
