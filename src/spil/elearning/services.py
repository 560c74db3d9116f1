"""Writes of the MAP e-learning: modules and their versions (edit, import, the starter
content), a newcomer's progress page by page, questions to the trainer and answers, the
trainer's confirmation with the report in the dossier and the eindgesprek task, and the
nightly check (behind schedule, the end-of-window reminder).

Each write leaves a processing record: the newcomer's own actions through
``record_by_newcomer``, staff's through ``record_change``. Messages (e-mail) go out after
the transaction that caused them has committed.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from spil.accounts.models import User
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_by_newcomer, record_change
from spil.core.newcomer_texts import N_, newcomer_text
from spil.dossier import services as dossier
from spil.dossier.models import TimelineKind
from spil.elearning import content as content_rules
from spil.elearning import queries
from spil.elearning.models import (
    Completion,
    Module,
    ModuleVersion,
    Progress,
    Question,
    Setting,
    WindowReminder,
)
from spil.persons.models import Person
from spil.persons.notifications import EmailNotifier, Notifier, notify, send_once
from spil.programmes import queries as programmes_queries
from spil.programmes.models import HoursComponent
from spil.programmes.services import attendance

logger = logging.getLogger(__name__)

#: A pause longer than this between two pages is not counted as time spent.
IDLE = timedelta(minutes=15)
SIGNAL_BEHIND = "elearning_behind"
TASK_EINDGESPREK = "plan_map_eindgesprek"
DOCUMENT_REPORT = "elearning_report"
#: The end-of-window reminder goes out this many days before the window ends.
REMINDER_DAYS = 7


# --------------------------------------------------------------------------- modules


def save_version(content: dict[str, Any], *, actor: User | None, note: str = "") -> ModuleVersion:
    """Store the content as the module's next version (a new module for a new code).
    Content equal to the current version changes nothing. Raises ContentError."""
    content = content_rules.validate(content)
    with transaction.atomic():
        module, _created = Module.objects.get_or_create(
            code=content["code"],
            defaults={"theme": content["theme"], "order": int(content.get("order") or 0)},
        )
        if module.theme != content["theme"] or (
            content.get("order") is not None and module.order != int(content["order"])
        ):
            module.theme = content["theme"]
            module.order = int(content.get("order") or module.order)
            module.save(update_fields=["theme", "order"])
        current = queries.current_version(module)
        if current is not None and current.content == content:
            return current
        number = (module.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        return ModuleVersion.objects.create(
            module=module, number=number, content=content, note=note[:200], created_by=actor
        )


def import_modules(raw: bytes | str, *, actor: User | None) -> list[ModuleVersion]:
    """A module (object) or several (a list) as JSON; all or nothing."""
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise content_rules.ContentError(
            [translation.gettext("The file is not valid JSON.")]
        ) from error
    items = data if isinstance(data, list) else [data]
    for item in items:
        content_rules.validate(item)
    with transaction.atomic():
        return [save_version(item, actor=actor, note="import") for item in items]


def export_module(version: ModuleVersion) -> bytes:
    return (json.dumps(version.content, ensure_ascii=False, indent=1) + "\n").encode()


STARTER_NOTE = "starter content"


def load_starter() -> dict[str, int]:
    """The starter content (one module per MAP theme): a module without versions gets it;
    a module whose current version is the starter content gets a new version when the
    shipped content changed (e.g. new translations); a module someone edited keeps its
    versions. Newcomers keep the version they started. Returns the counts."""
    counts = {"added": 0, "updated": 0, "unchanged": 0, "edited": 0}
    for item in content_rules.starter_modules():
        module = queries.module_by_code(item["code"])
        current = queries.current_version(module) if module is not None else None
        if current is None:
            save_version(item, actor=None, note=STARTER_NOTE)
            counts["added"] += 1
        elif current.created_by_id is not None or current.note != STARTER_NOTE:
            counts["edited"] += 1
        elif current.content == item:
            counts["unchanged"] += 1
        else:
            save_version(item, actor=None, note=STARTER_NOTE)
            counts["updated"] += 1
    return counts


# --------------------------------------------------------------------------- settings


def set_setting(
    *,
    template_id: int | None = None,
    group_id: int | None = None,
    themes: list[str],
    window_weeks: int,
    counts_as_practice_hours: bool = False,
    cap_hours_per_module: Decimal = Decimal(0),
) -> Setting:
    """The municipality's e-learning choice for a programme template or a group."""
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    if counts_as_practice_hours and cap_hours_per_module <= 0:
        raise ValidationError(
            {"cap_hours_per_module": _("Give the most hours a module can count for.")}
        )
    key = {"group_id": group_id} if group_id else {"template_id": template_id}
    setting, _created = Setting.objects.update_or_create(
        **key,
        defaults={
            "themes": themes,
            "window_weeks": window_weeks,
            "counts_as_practice_hours": counts_as_practice_hours,
            "cap_hours_per_module": cap_hours_per_module,
        },
    )
    return setting


def clear_setting(*, template_id: int | None = None, group_id: int | None = None) -> None:
    """No e-learning for this template or group (a group falls back to its template's)."""
    key = {"group_id": group_id} if group_id else {"template_id": template_id}
    Setting.objects.filter(**key).delete()


# --------------------------------------------------------------------------- the newcomer


def _touch(progress: Progress) -> None:
    now = timezone.now()
    if progress.last_seen_at is not None:
        pause = now - progress.last_seen_at
        if timedelta(0) < pause <= IDLE:
            progress.seconds_spent += int(pause.total_seconds())
    progress.last_seen_at = now


def open_page(plan: queries.Plan, state: queries.ModuleState) -> Progress:
    """The newcomer opens a page of a module: the module starts (in its current version,
    which they keep) and the time since their last page counts. The view records the read."""
    with transaction.atomic():
        progress = state.progress
        if progress is None:
            progress, created = Progress.objects.get_or_create(
                person=plan.person, module=state.module, defaults={"version": state.version}
            )
            if created:
                dossier.add_timeline_entry(
                    plan.person,
                    TimelineKind.ELEARNING,
                    code="started",
                    params={"module": state.module.code},
                )
            state.progress = progress
        _touch(progress)
        progress.save(update_fields=["seconds_spent", "last_seen_at"])
    return progress


@dataclass
class PageResult:
    correct: bool | None = None  # a choice: right or wrong
    error: str = ""  # a msgid of the newcomer catalogue
    module_finished: bool = False
    plan_finished: bool = False


def answer_page(
    plan: queries.Plan, state: queries.ModuleState, number: int, value: str = ""
) -> PageResult:
    """The newcomer finishes a page: a text page read, a choice answered (right: done;
    wrong: try again), a reflection written. The last page finishes the module; the last
    module the e-learning, and the trainer hears of it."""
    page = state.pages[number - 1]
    result = PageResult()
    completion: Completion | None = None
    with transaction.atomic():
        progress = Progress.objects.select_for_update().get(pk=open_page(plan, state).pk)
        answers = dict(progress.answers)
        kind = page["kind"]
        done = False
        if kind == "text":
            done = True
        elif kind == "choice":
            previous = answers.get(page["key"], {})
            try:
                chosen = int(value)
            except ValueError:
                chosen = -1
            if not 0 <= chosen < len(page["options"]):
                result.error = N_("Please choose an answer.")
            else:
                result.correct = chosen == page["answer"]
                answers[page["key"]] = {
                    "choice": chosen,
                    "correct": result.correct,
                    "tries": int(previous.get("tries", 0)) + 1,
                }
                done = result.correct
        else:
            text = value.strip()
            if len(text) < content_rules.MIN_REFLECTION:
                result.error = N_("Please write a few sentences.")
            else:
                answers[page["key"]] = {"text": text[:4000]}
                done = True
        progress.answers = answers
        if done and page["key"] not in progress.pages_done:
            progress.pages_done = [*progress.pages_done, page["key"]]
        all_keys = {p["key"] for p in state.pages}
        if progress.completed_at is None and all_keys <= set(progress.pages_done):
            progress.completed_at = timezone.now()
            result.module_finished = True
        progress.save()
        state.progress = progress
        record_by_newcomer(
            plan.person.pk,
            categories=[DataCategory.TRAJECTORY],
            action_name="Portal: e-learning page",
            action=ProcessingAction.CHANGE,
        )
        if result.module_finished:
            dossier.add_timeline_entry(
                plan.person,
                TimelineKind.ELEARNING,
                code="module_done",
                params={"module": state.module.code},
            )
            _credit_time(plan, progress)
            if plan.finished:
                completion, created = Completion.objects.get_or_create(
                    person=plan.person,
                    setting=plan.setting,
                    defaults={"finished_at": timezone.now()},
                )
                result.plan_finished = created
                if created:
                    dossier.add_timeline_entry(plan.person, TimelineKind.ELEARNING, code="finished")
    if completion is not None and result.plan_finished:
        _notify_trainers(plan.person, completion)
    return result


def _credit_time(plan: queries.Plan, progress: Progress) -> None:
    setting = plan.setting
    if not setting.counts_as_practice_hours or setting.cap_hours_per_module <= 0:
        return
    hours = (Decimal(progress.seconds_spent) / Decimal(3600)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    hours = min(hours, setting.cap_hours_per_module)
    if hours <= 0:
        return
    attendance.credit_hours(
        plan.person,
        HoursComponent.MAP,
        on=timezone.localdate(),
        hours=hours,
        source_key=f"elearning:{progress.pk}",
    )


def _mail_trainers(person: Person, subject: str, body: str, users: list[User] | None = None) -> int:
    """E-mail the person's trainers, or the given users (no name of the newcomer in the
    message: they open Spil to see who)."""
    if users is None:
        users = programmes_queries.trainers_of(person)
    addresses = [u.email for u in users if u.email]
    if not addresses:
        return 0
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, addresses)
    except OSError:
        logger.warning("E-mail to the trainers failed", exc_info=True)
        return 0
    return len(addresses)


def _notify_trainers(person: Person, completion: Completion) -> None:
    """Tell the reviewers (the group's trainers; without a group the MAP provider's
    trainers, or else the klantmanager); the completion is on their review list."""
    reviewers = queries.reviewers_of(person)
    completion.reviewers.set(reviewers)
    with translation.override(settings.LANGUAGE_CODE):
        subject = translation.gettext("MAP e-learning finished: please review")
        body = translation.gettext(
            "A participant finished the MAP e-learning. Review the reflection answers and "
            "confirm in Spil, under MAP e-learning."
        )
    _mail_trainers(person, subject, body, reviewers)
    Completion.objects.filter(pk=completion.pk).update(trainer_notified_at=timezone.now())


def ask_trainer(person: Person, module: Module, page: int, text: str) -> Question:
    """The newcomer's question from a page of a module; the trainers (``reviewers_of``:
    without a group the MAP provider's trainers, or else the klantmanager) hear of it."""
    reviewers = queries.reviewers_of(person)
    with transaction.atomic():
        question = Question.objects.create(
            person=person, module=module, page=page, text=text[:2000], asked_at=timezone.now()
        )
        question.reviewers.set(reviewers)
        record_by_newcomer(
            person.pk,
            categories=[DataCategory.TRAJECTORY],
            action_name="Portal: e-learning question",
            action=ProcessingAction.CREATE,
        )
    with translation.override(settings.LANGUAGE_CODE):
        _mail_trainers(
            person,
            translation.gettext("A question about the MAP e-learning"),
            translation.gettext(
                "A participant asked a question in the MAP e-learning. "
                "Answer it in Spil, under MAP e-learning."
            ),
            reviewers,
        )
    return question


def answer_question(
    question: Question, text: str, *, actor: User, notifier: Notifier | None = None
) -> Question:
    """The trainer answers; the newcomer gets a message in their language (the answer is
    in the portal, not in the message)."""
    with transaction.atomic():
        question.answer = text
        question.answered_by = actor
        question.answered_at = timezone.now()
        question.save(update_fields=["answer", "answered_by", "answered_at"])
        record_change(
            actor,
            question.person_id,
            "Answer e-learning question",
            categories=[DataCategory.TRAJECTORY],
        )
    notifier = notifier or EmailNotifier()
    person = question.person
    if notifier.can_reach(person):
        language = person.preferred_language
        notify(
            notifier,
            person,
            newcomer_text(language, N_("Your trainer answered your question")),
            newcomer_text(
                language,
                N_(
                    "Your trainer answered your question about the e-learning. "
                    "Read the answer in My civic integration."
                ),
            ),
            about="E-learning answer",
        )
    return question


# --------------------------------------------------------------------------- the trainer confirms


def report_context(person: Person, completion: Completion) -> dict[str, Any]:
    plan = queries.plan_for(person)
    rows = []
    for state in plan.modules if plan else []:
        progress = state.progress
        answers = progress.answers if progress else {}
        items = []
        for page in state.pages:
            answer = answers.get(page["key"])
            if page["kind"] == "choice" and answer:
                items.append(
                    {
                        "kind": "choice",
                        "prompt": page["prompt"]["nl"],
                        "tries": answer["tries"],
                        "correct": answer["correct"],
                    }
                )
            elif page["kind"] == "reflection" and answer:
                items.append(
                    {"kind": "reflection", "prompt": page["prompt"]["nl"], "text": answer["text"]}
                )
        rows.append(
            {
                "title": state.version.content["title"]["nl"],
                "theme": state.module.theme,
                "version": state.version.number,
                "started": progress.started_at if progress else None,
                "finished": progress.completed_at if progress else None,
                "minutes": round((progress.seconds_spent if progress else 0) / 60),
                "items": items,
            }
        )
    return {"person": person, "plan": plan, "completion": completion, "modules": rows}


def report_pdf(person: Person, completion: Completion) -> bytes:
    from weasyprint import HTML  # heavy: loaded only when a report is made

    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string("elearning/pdf/report.html", report_context(person, completion))
    return bytes(HTML(string=html).write_pdf())


def confirm_completion(completion: Completion, *, actor: User, note: str = "") -> Completion:
    """The trainer has read the reflection answers and confirms: the report (PDF) goes
    into the dossier, and the klantmanager gets the task to plan the eindgesprek."""
    if completion.confirmed_at is not None:
        return completion
    person = completion.person
    with transaction.atomic():
        completion.confirmed_at = timezone.now()
        completion.confirmed_by = actor
        completion.trainer_note = note
        completion.save(update_fields=["confirmed_at", "confirmed_by", "trainer_note"])
        pdf = report_pdf(person, completion)
        dossier.add_document(
            person,
            code=DOCUMENT_REPORT,
            title=translation.gettext("MAP e-learning report"),
            filename=f"map-e-learning-{completion.finished_at:%Y-%m-%d}.pdf",
            content=pdf,
            source_key=f"completion:{completion.pk}",
            actor=actor,
        )
        dossier.add_timeline_entry(person, TimelineKind.ELEARNING, code="confirmed", actor=actor)
        dossier.create_task(
            person,
            code=TASK_EINDGESPREK,
            due=timezone.localdate() + timedelta(weeks=2),
            source_key=f"elearning:{completion.pk}",
            actor=actor,
        )
        dossier.resolve_signals(person, SIGNAL_BEHIND)
        # A theme is done when its module is finished and the trainer confirmed: the MAP
        # progress (portal and dossier) counts it beside the themes of attended sessions.
        plan = queries.plan_for(person)
        for state in plan.modules if plan else []:
            if state.done and state.progress is not None:
                try:
                    attendance.credit_theme(
                        person,
                        state.module.theme,
                        on=timezone.localdate(),
                        source_key=f"elearning:{state.progress.pk}",
                        actor=actor,
                    )
                except ValueError:  # a module about something other than a MAP theme
                    logger.info("Module %s is not about a MAP theme", state.module.code)
        # add_document wrote the processing record of this change (the report is the
        # trajectory data the confirmation adds).
    return completion


# --------------------------------------------------------------------------- the nightly check


def check_schedules(day: date | None = None, notifier: Notifier | None = None) -> dict[str, int]:
    """Behind schedule raises a signal (resolved once caught up); in the last week of the
    window the newcomer gets one reminder in their language."""
    today = day or timezone.localdate()
    notifier = notifier or EmailNotifier()
    counts = {"behind": 0, "caught_up": 0, "reminded": 0}
    for person in queries.people_with_plans():
        plan = queries.plan_for(person)
        if plan is None or not plan.modules:
            continue
        if plan.behind(today):
            dossier.raise_signal(
                person,
                SIGNAL_BEHIND,
                params={"done": plan.done_count, "expected": plan.expected_done(today)},
            )
            counts["behind"] += 1
        elif dossier.resolve_signals(person, SIGNAL_BEHIND):
            counts["caught_up"] += 1
        due = plan.ends_on - timedelta(days=REMINDER_DAYS)
        if (
            not plan.finished
            and due <= today <= plan.ends_on
            and notifier.can_reach(person)
            and _remind(plan, notifier)
        ):
            counts["reminded"] += 1
    return counts


def _remind(plan: queries.Plan, notifier: Notifier) -> bool:
    person = plan.person
    key: dict[str, Any] = {
        "person": person,
        "setting": plan.setting,
        "window_end": plan.ends_on,
        "channel": notifier.channel,
    }

    def claim() -> bool:
        _reminder, created = WindowReminder.objects.get_or_create(**key)
        return created

    def send() -> None:
        language = person.preferred_language
        subject = newcomer_text(language, N_("Reminder: finish your MAP e-learning"))
        body = newcomer_text(
            language,
            N_(
                "Your MAP e-learning ends on %(what)s. Finish your modules in My civic integration."
            ),
        ) % {"what": plan.ends_on.strftime("%d-%m-%Y")}
        notify(notifier, person, subject, body, about="E-learning reminder")
        dossier.add_timeline_entry(person, TimelineKind.ELEARNING, code="reminder")

    def release() -> None:
        WindowReminder.objects.filter(**key).delete()

    return send_once(claim, send, release)
