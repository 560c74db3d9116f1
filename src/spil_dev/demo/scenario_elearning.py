"""The MAP e-learning in the demo, after Almere (seed 000): a MAP for people who already
work, with 5 of the 8 themes as e-learning within 9 weeks, the time spent counting as
practice hours (at most 2 hours a module). One Gorinchem newcomer (the first by BSN who
speaks Ukrainian, else English) started three weeks ago and finished two modules; the
trainer of the group reviews when all five are done (idempotent)."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from spil.accounts.models import Organisation, User
from spil.core.week import Moment, Weekday
from spil.elearning import queries, services
from spil.persons.models import Person
from spil.programmes.models import Group, GroupKind, GroupMember
from spil.programmes.services import groups

GROUP = "demo-map-elearning-gorinchem"
MUNICIPALITY = "Gemeente Gorinchem"
THEMES = [
    "werk vinden",
    "werkcultuur",
    "netwerk opbouwen",
    "werknemerscompetenties",
    "beroepscompetenties",
]
LANGUAGES = ("ukr", "eng")


def elearning_newcomer() -> Person | None:
    member = GroupMember.objects.filter(group__code=GROUP).order_by("person__bsn").first()
    if member is not None:
        return member.person
    for language in LANGUAGES:
        person = (
            Person.objects.filter(
                municipality__name=MUNICIPALITY, bsn__startswith="999", preferred_language=language
            )
            .exclude(group_memberships__group__kind=GroupKind.MAP)
            .order_by("bsn")
            .first()
        )
        if person is not None:
            return person
    return None


def _group(today: date) -> Group | None:
    existing = Group.objects.filter(code=GROUP).first()
    if existing is not None:
        return existing
    municipality = Organisation.objects.filter(name=MUNICIPALITY).first()
    trainer = User.objects.filter(username="trainer").first()
    if municipality is None or trainer is None:
        return None
    provider = trainer.memberships.first()
    monday = today - timedelta(days=today.weekday())
    return groups.create_group(
        trainers=[trainer],
        code=GROUP,
        name="MAP e-learning voor werkenden (Gorinchem)",
        kind=GroupKind.MAP,
        municipality=municipality,
        provider=provider.organisation if provider else None,
        location="Online",
        language="nld",
        weekday=Weekday.MONDAY,
        moment=Moment.EVENING,
        start_time=time(19, 0),
        end_time=time(20, 0),
        start_date=monday - timedelta(weeks=3),
        session_count=1,
        elearning=True,
        min_size=1,
        max_size=30,
    )


def load(today: date) -> dict[str, int]:
    starter = services.load_starter()
    added = starter["added"] + starter["updated"]
    group = _group(today)
    if group is None:
        return {"elearning_modules": added}
    services.set_setting(
        group_id=group.pk,
        themes=THEMES,
        window_weeks=9,
        counts_as_practice_hours=True,
        cap_hours_per_module=Decimal("2.0"),
    )
    person = elearning_newcomer()
    if person is None:
        return {"elearning_modules": added}
    GroupMember.objects.get_or_create(group=group, person=person)
    plan = queries.plan_for(person)
    done = 0
    if plan is not None and plan.done_count == 0:
        for state in plan.modules[:2]:
            for number, page in enumerate(state.pages, start=1):
                services.open_page(plan, state)
                value = ""
                if page["kind"] == "choice":
                    value = str(page["answer"])
                elif page["kind"] == "reflection":
                    value = "Ik werk in een magazijn en wil later vrachtwagenchauffeur worden."
                services.answer_page(plan, state, number, value)
            done += 1
    return {"elearning_modules": added, "elearning_modules_done": done}
