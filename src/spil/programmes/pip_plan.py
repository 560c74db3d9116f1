"""From a person's established PIP to their personal week plan.

The PIP (a formal decision) says which components a person follows, with a provider, hours
per week and a period; a programme template gives the weekly shape (phases, day-parts, time
of day). Enrolling from the PIP combines the two (``merge``):

* Components fall into buckets: language (and exam preparation), KNM, MAP, PVT, and
  participation (work, internship, volunteering, vocational training, sport,
  self-reliance, workshops, coaching). A PIP's "dual trajectory" component is its work side
  and counts as participation; its language side is a language component of its own.
* In a bucket the PIP has components for, the PIP decides: each template item of that
  bucket that overlaps a PIP component takes that component's provider and period (clipped
  to the phase), and the bucket's items in a phase share the PIP's hours per week in the
  template's proportions. Template items of that bucket outside every PIP period are left
  out.
* A bucket the PIP does not mention keeps the template's items as they are.
* A PIP component no template item overlaps is added to the plan as it stands in the PIP
  (phase "PIP").

``suggest`` ranks the templates against the PIP (components covered, hours in the first
weeks, the learning route) and says why, so the klantmanager can choose.

Nothing here touches the database: the PIP is read through ``spil.plans.queries``
(``read_pip``) and the plan is written by ``services.enrol_from_pip``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from spil.core.week import HOURS_PER_DAY_PART
from spil.programmes import queries
from spil.programmes.models import CEFR_LEVELS, ComponentKind, DuoResult, ResultKind, Skill

if TYPE_CHECKING:
    from spil.persons.models import Person
    from spil.programmes.models import ProgrammeTemplate

PIP_PHASE = "PIP"
TENTH = Decimal("0.1")

#: Bucket of each week-plan component.
BUCKET: dict[str, str] = {
    ComponentKind.LANGUAGE: "language",
    ComponentKind.EXAM: "language",
    ComponentKind.KNM: "knm",
    ComponentKind.MAP: "map",
    ComponentKind.PVT: "pvt",
    ComponentKind.WORK: "participation",
    ComponentKind.INTERNSHIP: "participation",
    ComponentKind.VOLUNTEERING: "participation",
    ComponentKind.VOCATIONAL: "participation",
    ComponentKind.SPORT: "participation",
    ComponentKind.SELF_RELIANCE: "participation",
    ComponentKind.WORKSHOP: "participation",
    ComponentKind.COACHING: "participation",
}
#: Bucket of each PIP component kind (``plans.models.ComponentKind`` values).
PIP_BUCKET: dict[str, str] = {
    "language": "language",
    "knm": "knm",
    "map": "map",
    "pvt": "pvt",
    "participation": "participation",
    "dual": "participation",
}
#: The week-plan component a PIP component becomes when no template item takes it.
BUCKET_KIND: dict[str, str] = {
    "language": ComponentKind.LANGUAGE,
    "knm": ComponentKind.KNM,
    "map": ComponentKind.MAP,
    "pvt": ComponentKind.PVT,
    "participation": ComponentKind.WORK,
}


def bucket_label(bucket: str) -> str:
    return {
        "language": _("language"),
        "knm": _("KNM"),
        "map": _("MAP"),
        "pvt": _("PVT"),
        "participation": _("participation and work"),
    }[bucket]


@dataclass(frozen=True)
class PipPart:
    """One component of the PIP, as the programmes need it."""

    kind: str
    label: str
    provider: str
    hours_per_week: Decimal
    start: date
    end: date

    @property
    def bucket(self) -> str:
        return PIP_BUCKET.get(self.kind, "participation")


@dataclass(frozen=True)
class PipSnapshot:
    """The established PIP version of a person (read through ``spil.plans.queries``)."""

    version_id: int
    number: int
    leerroute: str
    leerroute_label: str
    niveau: str
    dagtekening: date | None
    parts: tuple[PipPart, ...]
    first_progress_meeting: date | None = None
    progress_every_weeks: int = 0

    @property
    def first_start(self) -> date | None:
        return min((p.start for p in self.parts), default=None)

    def hours_in_week(self, monday: date) -> Decimal:
        sunday = monday + timedelta(days=6)
        return sum(
            (p.hours_per_week for p in self.parts if p.start <= sunday and p.end >= monday),
            Decimal(0),
        )

    @property
    def buckets(self) -> set[str]:
        return {p.bucket for p in self.parts}

    def progress_meetings(self, start: date, end: date) -> list[date]:
        """The planned progress meetings between start and end (inclusive)."""
        if self.first_progress_meeting is None or self.progress_every_weeks <= 0:
            return []
        days: list[date] = []
        day = self.first_progress_meeting
        while day <= end:
            if day >= start:
                days.append(day)
            day += timedelta(weeks=self.progress_every_weeks)
        return days


def read_pip(person: Person) -> PipSnapshot | None:
    """The person's established (vastgesteld) PIP version, or None (no PIP, or only a draft).

    The caller has found the person through a scoped query and records the processing."""
    from django.apps import apps

    if not apps.is_installed("spil.plans"):
        return None
    from spil.plans import queries as plan_queries  # only where the plans app is installed

    version = plan_queries.established(person)
    if version is None:
        return None
    parts: list[PipPart] = []
    for component in version.components.all():
        hours = Decimal(component.hours_per_week or 0)
        weeks = max(1, math.ceil(((component.end - component.start).days + 1) / 7))
        if hours == 0 and component.planned_hours:
            hours = (Decimal(component.planned_hours) / weeks).quantize(TENTH)
        parts.append(
            PipPart(
                kind=component.kind,
                label=str(component.get_kind_display()),
                provider=component.provider,
                hours_per_week=hours,
                start=component.start,
                end=component.end,
            )
        )
    return PipSnapshot(
        version_id=version.pk,
        number=version.number,
        leerroute=version.leerroute,
        leerroute_label=str(version.get_leerroute_display()),
        niveau=version.niveau,
        dagtekening=version.dagtekening,
        parts=tuple(sorted(parts, key=lambda p: (p.start, p.kind))),
        first_progress_meeting=version.first_progress_meeting,
        progress_every_weeks=version.progress_every_weeks or 0,
    )


# --------------------------------------------------------------------------- merging


@dataclass(frozen=True)
class Draft:
    """A week-plan item before it is saved (``PlanItem`` without the enrolment)."""

    phase_order: int
    phase_name: str
    starts_on: date
    ends_on: date
    kind: str
    hours_per_week: Decimal
    day_parts: int
    moment: str
    provider: str = ""
    from_pip: bool = False
    cadence: str = "weekly"
    sessions: int | None = None
    hours_per_week_end: Decimal | None = None

    @property
    def bucket(self) -> str:
        return BUCKET.get(self.kind, "participation")

    @property
    def kind_label(self) -> str:
        return str(ComponentKind(self.kind).label)


def template_drafts(template: ProgrammeTemplate, monday: date) -> list[Draft]:
    """The template as dated week-plan items from `monday` on, phase after phase."""
    drafts: list[Draft] = []
    starts = monday
    for phase in template.phases.prefetch_related("components").order_by("order"):
        ends = starts + timedelta(weeks=phase.duration_weeks) - timedelta(days=1)
        for component in phase.components.all():
            drafts.append(
                Draft(
                    phase_order=phase.order,
                    phase_name=phase.name,
                    starts_on=starts,
                    ends_on=ends,
                    kind=component.kind,
                    hours_per_week=component.hours_per_week,
                    day_parts=component.day_parts,
                    moment=component.moment,
                    cadence=component.cadence,
                    sessions=component.sessions,
                    hours_per_week_end=component.hours_per_week_end,
                )
            )
        starts = ends + timedelta(days=1)
    return drafts


def _share(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """`total` split in the proportion of `weights`, in tenths, summing exactly to `total`."""
    if not weights:
        return []
    base = sum(weights, Decimal(0))
    if base <= 0:
        weights = [Decimal(1)] * len(weights)
        base = Decimal(len(weights))
    shares = [(total * w / base).quantize(TENTH, rounding=ROUND_HALF_UP) for w in weights]
    rest = total.quantize(TENTH) - sum(shares, Decimal(0))
    if rest:
        largest = max(range(len(shares)), key=lambda i: weights[i])
        shares[largest] += rest
    return shares


def merge(drafts: Iterable[Draft], pip: PipSnapshot, monday: date) -> list[Draft]:
    """The personal week plan: the template's drafts with the PIP's components in them."""
    drafts = list(drafts)
    pip_buckets = pip.buckets
    kept = [d for d in drafts if d.bucket not in pip_buckets]
    used: set[int] = set()
    merged: list[Draft] = []
    phases = sorted({(d.phase_order, d.starts_on, d.ends_on) for d in drafts})
    for order, starts, ends in phases:
        in_phase = [d for d in drafts if d.phase_order == order and d.bucket in pip_buckets]
        for index, part in enumerate(pip.parts):
            if part.start > ends or part.end < starts:
                continue
            items = [d for d in in_phase if d.bucket == part.bucket]
            if not items:
                continue
            used.add(index)
            hours = (
                _share(part.hours_per_week, [d.hours_per_week for d in items])
                if part.hours_per_week > 0
                else [d.hours_per_week for d in items]
            )
            for item, share in zip(items, hours, strict=True):
                merged.append(
                    replace(
                        item,
                        starts_on=max(item.starts_on, part.start),
                        ends_on=min(item.ends_on, part.end),
                        hours_per_week=share,
                        # The PIP's hours hold for the whole period: no build-up.
                        hours_per_week_end=(
                            item.hours_per_week_end if part.hours_per_week <= 0 else None
                        ),
                        provider=part.provider,
                        from_pip=True,
                    )
                )
    for index, part in enumerate(pip.parts):
        if index in used or part.end < monday:
            continue
        merged.append(
            Draft(
                phase_order=0,
                phase_name=PIP_PHASE,
                starts_on=max(part.start, monday),
                ends_on=part.end,
                kind=BUCKET_KIND[part.bucket],
                hours_per_week=part.hours_per_week,
                day_parts=math.ceil(part.hours_per_week / HOURS_PER_DAY_PART),
                moment="",
                provider=part.provider,
                from_pip=True,
            )
        )
    return sorted(kept + merged, key=lambda d: (d.phase_order, d.starts_on, d.kind))


# --------------------------------------------------------------------------- entry conditions


def entry_warnings(template: ProgrammeTemplate, person: Person) -> list[str]:
    """What the person does not meet of the template's entry conditions, in words (e.g.
    Almere's MAP: end-A2 speaking and listening, after the PVT). Empty: all met."""
    warnings: list[str] = []
    if template.entry_level:
        needed = CEFR_LEVELS.index(template.entry_level)
        skills = list(template.entry_skills or [s.value for s in Skill])
        latest = queries.latest_language_levels(person)
        short: list[str] = []
        for skill in skills:
            level = latest[skill].level if skill in latest else ""
            if level not in CEFR_LEVELS or CEFR_LEVELS.index(level) < needed:
                label = Skill(skill).label if skill in Skill.values else skill
                short.append(f"{label} {level or '—'}")
        if short:
            warnings.append(
                _("Starts from %(level)s; the latest results: %(results)s.")
                % {"level": template.entry_level, "results": ", ".join(short)}
            )
    if (
        template.entry_after_pvt
        and not DuoResult.objects.filter(person=person, kind=ResultKind.PVT).exists()
    ):
        warnings.append(_("Starts after the PVT; the participation statement is not signed yet."))
    return warnings


# --------------------------------------------------------------------------- suggestions


@dataclass
class Suggestion:
    template: ProgrammeTemplate
    score: float
    reasons: list[str] = field(default_factory=list)


#: Buckets a learning route wants in a programme (assumption: B1 and the education route
#: build on language and the MAP; the Z-route on participation and language).
ROUTE_BUCKETS = {
    "b1": {"language", "map"},
    "onderwijs": {"language"},
    "z": {"participation", "language"},
}


def suggest(templates: Iterable[ProgrammeTemplate], pip: PipSnapshot) -> list[Suggestion]:
    """The templates, best fit to the PIP first, each with the reasons in words."""
    start = pip.first_start or date.today()
    monday = start - timedelta(days=start.weekday())
    wanted = pip.buckets
    pip_hours = pip.hours_in_week(monday)
    suggestions: list[Suggestion] = []
    for template in templates:
        drafts = template_drafts(template, monday)
        buckets = {d.bucket for d in drafts}
        covered = wanted & buckets
        missing = wanted - buckets
        first_order = min((d.phase_order for d in drafts), default=0)
        first = [d for d in drafts if d.phase_order == first_order]
        first_hours = sum((d.hours_per_week for d in first), Decimal(0))
        route = ROUTE_BUCKETS.get(pip.leerroute, set())
        score = 10.0 * len(covered) - 6.0 * len(missing) - 1.0 * len(buckets - wanted)
        score -= float(abs(first_hours - pip_hours)) / 4
        # The route counts for what the PIP itself asks: a PVT-only PIP is not pulled
        # towards a programme for its language and MAP.
        score += 3.0 * len(route & buckets & wanted)
        reasons: list[str] = []
        if covered:
            reasons.append(
                _("Has the PIP's %(parts)s.")
                % {"parts": ", ".join(bucket_label(b) for b in sorted(covered))}
            )
        if missing:
            reasons.append(
                _("Added from the PIP: %(parts)s.")
                % {"parts": ", ".join(bucket_label(b) for b in sorted(missing))}
            )
        reasons.append(
            _("First phase %(template)s h a week; the PIP %(pip)s h.")
            % {"template": first_hours, "pip": pip_hours}
        )
        if route and route <= buckets:
            reasons.append(
                _("Fits the %(route)s.") % {"route": pip.leerroute_label or pip.leerroute}
            )
        suggestions.append(Suggestion(template, round(score, 1), reasons))
    suggestions.sort(key=lambda s: (-s.score, s.template.name))
    return suggestions
