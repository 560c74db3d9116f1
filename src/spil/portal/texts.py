"""Every text of the portal, in the newcomer catalogues (`spil.core.newcomer_texts`):
short sentences, B1 Dutch, each translated into the eight languages and marked for review
by a native speaker. Templates read them as ``{{ t.key }}``."""

from __future__ import annotations

from spil.audit.purposes import DataCategory, ProcessingAction, Purpose
from spil.core.newcomer_texts import N_, newcomer_gettext

TEXTS: dict[str, str] = {
    "portal": N_("My civic integration"),
    "skip": N_("Go to the content"),
    "menu": N_("Menu"),
    "home": N_("Home"),
    "plan": N_("My plan"),
    "agenda": N_("My agenda"),
    "people": N_("My people"),
    "data": N_("My data"),
    "sign_out": N_("Sign out"),
    "read_aloud": N_("Read aloud"),
    "no_voice": N_("Your browser has no voice for this language. Ask someone to read with you."),
    "sign_in": N_("Sign in"),
    "sign_in_digid": N_("Sign in with DigiD"),
    "no_digid": N_("No DigiD yet? Your client manager can give you a sign-in link."),
    "not_found": N_("We cannot find you in Spil. Please call your municipality."),
    "digid_unavailable": N_(
        "DigiD does not work right now. Try again later, or ask your client manager for a "
        "sign-in link."
    ),
    "link_title": N_("Sign in with your link"),
    "link_invalid": N_("This link does not work any more. Ask your client manager for a new link."),
    "next_title": N_("What happens next"),
    "next_session": N_("Your next lesson"),
    "next_appointment": N_("Your next appointment"),
    "nothing_planned": N_("Nothing is planned yet."),
    "who_to_call": N_("Who can you call?"),
    "client_manager": N_("Your client manager"),
    "no_client_manager": N_("You do not have a client manager yet. Please call your municipality."),
    "no_plan": N_("You do not have a plan yet. Your client manager makes it with you."),
    "in_dutch": N_("In Dutch"),
    "lessons": N_("Lessons"),
    "other_dates": N_("Appointments and work"),
    "cannot_come": N_("I cannot come"),
    "reason": N_("Why can you not come?"),
    "send": N_("Send"),
    "absence_sent": N_("Thank you. Your trainer knows that you cannot come."),
    "absence_reported": N_("You said that you cannot come."),
    "reason_required": N_("Please write why you cannot come."),
    "ical_title": N_("Your agenda on your phone"),
    "ical_text": N_("Add this link to the agenda app on your phone."),
    "ical_make": N_("Make a link"),
    "trainer": N_("Your trainer"),
    "job_coach": N_("Your job coach"),
    "buddy": N_("Your buddy"),
    "municipality": N_("Your municipality"),
    "held": N_("What Spil knows about you"),
    "who_looked": N_("Who used your data"),
    "download": N_("Download your data"),
    "download_json": N_("Data file (JSON)"),
    "download_pdf": N_("Readable file (PDF)"),
    "you": N_("You"),
    "automatic": N_("Spil itself (automatic)"),
    "name": N_("Name"),
    "birth": N_("Date of birth"),
    "address": N_("Address"),
    "phone": N_("Phone"),
    "email": N_("E-mail"),
    "language": N_("Language"),
    "when": N_("When"),
    "where": N_("Where"),
    "who": N_("Who"),
    "what": N_("What"),
    "why": N_("Why"),
    "progress": N_("My progress"),
    "map_hours": N_("MAP: practice hours"),
    "map_themes": N_("MAP: themes done"),
    "map_done": N_("Your final MAP meeting was on this date:"),
    "pvt_hours": N_("Participation statement (PVT): hours"),
    "pvt_signed": N_("You signed the participation statement on this date:"),
    "z_language": N_("Z-route: language hours"),
    "z_participation": N_("Z-route: participation hours"),
    "levels": N_("Your language level"),
    "no_results": N_("There are no results yet."),
    "of": N_("of"),
    "hours": N_("hours"),
    "skill_reading": N_("Reading"),
    "skill_writing": N_("Writing"),
    "skill_listening": N_("Listening"),
    "skill_speaking": N_("Speaking"),
    "sharing": N_("Who may see your data"),
    "sharing_intro": N_(
        "Your municipality uses your data to help you. Other organisations may only see "
        "your data when the municipality hired them, or when you say yes."
    ),
    "nobody_else": N_("No other organisation can see your data."),
    "hired": N_("Hired by your municipality"),
    "you_said_yes": N_("You said yes"),
    "asks_you": N_("asks if they may see your data"),
    "which_data": N_("Which data"),
    "until": N_("Until"),
    "agree": N_("Yes, I agree"),
    "refuse": N_("No"),
    "stop_sharing": N_("Stop sharing"),
    "agreed": N_("Thank you. They may now see this data."),
    "refused": N_("They will not see your data."),
    "stopped": N_("They can no longer see your data."),
    "e_learning": N_("E-learning"),
    "el_intro": N_(
        "Learn about work in the Netherlands at your own pace. Finish the modules before this date:"
    ),
    "el_none": N_("You do not have an e-learning."),
    "el_done": N_("Done"),
    "el_start": N_("Start"),
    "el_continue": N_("Continue"),
    "el_page": N_("Page"),
    "el_next": N_("Next"),
    "el_check": N_("Check my answer"),
    "el_try_again": N_("Try again."),
    "el_your_answer": N_("Your answer"),
    "el_not_translated": N_("This page is not in your language yet. Here it is in Dutch."),
    "el_ask": N_("Ask your trainer a question"),
    "el_question": N_("Your question"),
    "el_question_required": N_("Please write your question."),
    "el_asked": N_("Your question was sent. Your trainer answers in Spil."),
    "el_questions": N_("Your questions"),
    "el_answer": N_("Answer of your trainer"),
    "el_no_answer": N_("No answer yet."),
    "el_module_done": N_("You finished this module!"),
    "el_all_done": N_("You finished all modules. Your trainer will check your answers."),
    "el_back": N_("Back to the e-learning"),
    "el_choose": N_("Please choose an answer."),
    "el_write": N_("Please write a few sentences."),
}

#: The kinds of data, in plain words (what an organisation may see).
CATEGORY_TEXTS: dict[str, str] = {
    DataCategory.IDENTITY: N_("Your name and date of birth"),
    DataCategory.BSN: N_("Your BSN"),
    DataCategory.CONTACT: N_("Your phone number and e-mail"),
    DataCategory.ADDRESS: N_("Your address"),
    DataCategory.HOUSEHOLD: N_("Your family"),
    DataCategory.TRAJECTORY: N_("Your plan for civic integration"),
    DataCategory.CONTACT_MOMENTS: N_("Your talks with the municipality"),
    DataCategory.EDUCATION: N_("Your school and diplomas"),
    DataCategory.WORK: N_("Your work"),
    DataCategory.CHECKIN_NOTES: N_("Notes about how your work goes"),
    DataCategory.LANGUAGE: N_("Your Dutch language level"),
    DataCategory.FINANCES: N_("Your money and debts"),
}

#: What happened to the data, in plain words ("<who> <did this>").
ACTION_TEXTS: dict[str, str] = {
    ProcessingAction.VIEW: N_("looked at your data"),
    ProcessingAction.CREATE: N_("added data about you"),
    ProcessingAction.CHANGE: N_("changed your data"),
    ProcessingAction.DELETE: N_("removed data about you"),
    ProcessingAction.EXPORT: N_("downloaded your data"),
    ProcessingAction.RECEIVE: N_("received data about you"),
}

#: Why, in plain words, per purpose.
PURPOSE_TEXTS: dict[str, str] = {
    Purpose.REGIE: N_("To help you with your civic integration"),
    Purpose.INTAKE_HEALTH: N_("For your health in the intake"),
    Purpose.DUO_EXCHANGE: N_("To exchange data with DUO"),
    Purpose.PLACEMENT: N_("For your work or internship"),
    Purpose.ACCOUNTABILITY: N_("To check that your data is used well"),
    Purpose.LANGUAGE_TRAINING: N_("For your lessons (language, MAP, PVT)"),
    Purpose.CHAIN_CONSULTATION: N_("To talk about your plan with the people who help you"),
    Purpose.PEER_SUPPORT: N_("For help from a coach who knows what it is like"),
    Purpose.HANDOVER: N_("For your new municipality after you move"),
}


def texts(language: str) -> dict[str, str]:
    """The portal's texts in `language` (Dutch where that language has no catalogue)."""
    return {key: newcomer_gettext(language, msgid) for key, msgid in TEXTS.items()}
