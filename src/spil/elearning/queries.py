"""Reads of the MAP e-learning.

The newcomer's own reads (``plan_for``, ``own_*``) take the signed-in person: the portal
found them through its session, no staff scope applies. Staff reads are scoped: a trainer
sees the people of the groups they train, a klantmanager their caseload
(``programmes.queries.persons_for_user``); only trainers review and answer.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from spil.accounts.access import Action, has_any_role, is_usable
from spil.accounts.models import User
from spil.accounts.roles import Role
from spil.elearning.models import Completion, Module, ModuleVersion, Progress, Question, Setting
from spil.persons.models import Person
from spil.programmes import queries as programmes_queries
from spil.programmes.models import EnrolmentStatus, GroupKind, GroupMember


def can_edit_modules(user: User | AnonymousUser) -> bool:
    return has_any_role(user, Role.TRAINER, Role.FUNCTIONEEL_BEHEERDER)


def is_trainer(user: User | AnonymousUser) -> bool:
    return has_any_role(user, Role.TRAINER)


def can_set_schedules(user: User | AnonymousUser) -> bool:
    """Who chooses which MAP themes are e-learning, and the window: the municipality's
    functioneel beheerder for its templates, the klantmanager (planner) for its groups."""
    return has_any_role(user, Role.FUNCTIONEEL_BEHEERDER, Role.KLANTMANAGER)


@dataclass
class SettingRow:
    label: str
    kind: str  # "template" or "group"
    pk: int
    setting: Setting | None


def settings_overview(user: User | AnonymousUser) -> list[SettingRow]:
    """Every programme template and MAP group the user may plan, with its e-learning choice
    (a group's own choice goes before its template's)."""
    if not can_set_schedules(user):
        return []
    by_template = {s.template_id: s for s in Setting.objects.filter(template__isnull=False)}
    by_group = {s.group_id: s for s in Setting.objects.filter(group__isnull=False)}
    rows = [
        SettingRow(str(t), "template", t.pk, by_template.get(t.pk))
        for t in programmes_queries.templates_for_user(user).order_by("name")
    ]
    groups = programmes_queries.groups_for_user(user).filter(kind=GroupKind.MAP)
    rows += [SettingRow(str(g), "group", g.pk, by_group.get(g.pk)) for g in groups.order_by("name")]
    return rows


def setting_target(user: User | AnonymousUser, kind: str, pk: int) -> SettingRow | None:
    """One template or MAP group the user may set the e-learning for; None for any other."""
    for row in settings_overview(user):
        if row.kind == kind and row.pk == pk:
            return row
    return None


def themes_with_modules() -> list[str]:
    """The MAP themes that have an e-learning module."""
    return sorted({m.theme for m in Module.objects.all() if m.theme})


# --------------------------------------------------------------------------- modules


def current_version(module: Module) -> ModuleVersion | None:
    return module.versions.order_by("-number").first()


def modules() -> list[tuple[Module, ModuleVersion | None]]:
    return [(m, current_version(m)) for m in Module.objects.all()]


def module_by_code(code: str) -> Module | None:
    return Module.objects.filter(code=code).first()


def module_for_theme(theme: str) -> Module | None:
    return Module.objects.filter(theme__iexact=theme).order_by("order", "code").first()


# --------------------------------------------------------------------------- a person's plan


@dataclass
class ModuleState:
    module: Module
    version: ModuleVersion
    progress: Progress | None
    number: int  # 1-based position in the plan

    @property
    def pages(self) -> list[dict[str, Any]]:
        pages: list[dict[str, Any]] = self.version.content.get("pages", [])
        return pages

    @property
    def done(self) -> bool:
        return self.progress is not None and self.progress.completed_at is not None

    @property
    def pages_done(self) -> int:
        return len(self.progress.pages_done) if self.progress else 0

    def next_page(self) -> int:
        """The first page not done yet (1-based); the last page when all are done."""
        done = set(self.progress.pages_done) if self.progress else set()
        for number, page in enumerate(self.pages, start=1):
            if page["key"] not in done:
                return number
        return len(self.pages)


@dataclass
class Plan:
    """A newcomer's MAP e-learning: the modules of the chosen themes in a window."""

    person: Person
    setting: Setting
    starts_on: date
    ends_on: date
    modules: list[ModuleState] = field(default_factory=list)

    @property
    def done_count(self) -> int:
        return sum(1 for m in self.modules if m.done)

    @property
    def finished(self) -> bool:
        return bool(self.modules) and all(m.done for m in self.modules)

    def expected_done(self, today: date) -> int:
        """Modules that should be done by `today` when the work is spread evenly over the
        window (rounded down: a module may take the whole of its share)."""
        if today <= self.starts_on:
            return 0
        total_days = max(1, (self.ends_on - self.starts_on).days)
        elapsed = min(total_days, (today - self.starts_on).days)
        return math.floor(len(self.modules) * elapsed / total_days)

    def behind(self, today: date) -> bool:
        return not self.finished and self.done_count < self.expected_done(today)

    def module(self, code: str) -> ModuleState | None:
        return next((m for m in self.modules if m.module.code == code), None)


def _setting_and_start(person: Person) -> tuple[Setting, date] | None:
    member = (
        GroupMember.objects.filter(person=person, group__elearning_setting__isnull=False)
        .select_related("group__elearning_setting")
        .order_by("-group__start_date")
        .first()
    )
    if member is not None:
        return member.group.elearning_setting, member.group.start_date
    enrolment = (
        person.enrolments.filter(
            status=EnrolmentStatus.ACTIVE, template__elearning_setting__isnull=False
        )
        .select_related("template__elearning_setting")
        .order_by("-start_date")
        .first()
    )
    if enrolment is not None:
        return enrolment.template.elearning_setting, enrolment.start_date
    return None


def plan_for(person: Person) -> Plan | None:
    """The person's e-learning, or None when their MAP has no e-learning."""
    found = _setting_and_start(person)
    if found is None:
        return None
    setting, starts_on = found
    plan = Plan(
        person=person,
        setting=setting,
        starts_on=starts_on,
        ends_on=starts_on + timedelta(weeks=setting.window_weeks),
    )
    progress = {
        p.module_id: p for p in Progress.objects.filter(person=person).select_related("version")
    }
    for theme in setting.themes:
        module = module_for_theme(str(theme))
        if module is None:
            continue
        started = progress.get(module.pk)
        version = started.version if started is not None else current_version(module)
        if version is None:
            continue
        plan.modules.append(ModuleState(module, version, started, len(plan.modules) + 1))
    return plan


def has_elearning(person: Person) -> bool:
    """Whether the person's MAP has an e-learning (the portal's menu asks on every page):
    one query, a group's setting or an active enrolment's template's."""
    return Person.objects.filter(
        Q(group_memberships__group__elearning_setting__isnull=False)
        | Q(
            enrolments__status=EnrolmentStatus.ACTIVE,
            enrolments__template__elearning_setting__isnull=False,
        ),
        pk=person.pk,
    ).exists()


def own_questions(person: Person) -> list[Question]:
    return list(Question.objects.filter(person=person).select_related("module"))


def own_completion(person: Person, setting: Setting) -> Completion | None:
    return Completion.objects.filter(person=person, setting=setting).first()


def people_with_plans() -> Iterator[Person]:
    """Everyone whose MAP has an e-learning (the nightly check's population)."""
    in_groups = GroupMember.objects.filter(group__elearning_setting__isnull=False).values(
        "person_id"
    )
    enrolled = Person.objects.filter(
        enrolments__status=EnrolmentStatus.ACTIVE,
        enrolments__template__elearning_setting__isnull=False,
    ).values("pk")
    yield from Person.objects.filter(Q(pk__in=in_groups) | Q(pk__in=enrolled)).order_by("pk")


# --------------------------------------------------------------------------- staff


def reviewers_of(person: Person) -> list[User]:
    """Who reviews the person's e-learning and answers their questions: the trainers of
    their MAP group; for an e-learning from a programme template without a group, the
    trainers of the organisation that provides their MAP; or else their klantmanager."""
    trainers = programmes_queries.trainers_of(person)
    if not trainers:
        trainers = programmes_queries.map_provider_trainers(person)
    if not trainers and person.regisseur is not None and person.regisseur.is_active:
        trainers = [person.regisseur]
    return trainers


def _trainer_people(user: User | AnonymousUser, action: Action) -> QuerySet[Person]:
    if not is_trainer(user):
        return Person.objects.none()
    return programmes_queries.persons_for_user(user, action)


def _reviewable(user: User | AnonymousUser, action: Action) -> Q:
    """Completions or questions the user reviews: of the people they train, or those they
    were told to review or answer (``reviewers``, set from ``reviewers_of``)."""
    condition = Q(person__in=_trainer_people(user, action))
    if is_usable(user):
        condition |= Q(reviewers=user.pk)
    return condition


def can_review(user: User | AnonymousUser) -> bool:
    """Trainers review finished e-learnings; a klantmanager those of their caseload that
    have no trainer (``reviewers_of``)."""
    return has_any_role(user, Role.TRAINER, Role.KLANTMANAGER)


def completions_to_review(user: User | AnonymousUser) -> list[Completion]:
    return list(
        Completion.objects.filter(_reviewable(user, Action.VIEW), confirmed_at__isnull=True)
        .distinct()
        .select_related("person")
        .order_by("finished_at")
    )


def recently_confirmed(user: User | AnonymousUser) -> list[Completion]:
    return list(
        Completion.objects.filter(_reviewable(user, Action.VIEW), confirmed_at__isnull=False)
        .distinct()
        .select_related("person", "confirmed_by")
        .order_by("-confirmed_at")[:20]
    )


def completion_for_user(user: User | AnonymousUser, pk: int, action: Action) -> Completion | None:
    return (
        Completion.objects.filter(_reviewable(user, action), pk=pk)
        .distinct()
        .select_related("person", "setting")
        .first()
    )


def open_questions(user: User | AnonymousUser) -> list[Question]:
    return list(
        Question.objects.filter(_reviewable(user, Action.VIEW), answered_at__isnull=True)
        .distinct()
        .select_related("person", "module")
        .order_by("asked_at")
    )


def question_for_user(user: User | AnonymousUser, pk: int, action: Action) -> Question | None:
    return (
        Question.objects.filter(_reviewable(user, action), pk=pk)
        .distinct()
        .select_related("person")
        .first()
    )
