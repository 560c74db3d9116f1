"""The brede intake pages: an overview, one page per step, and the occupation search.

Every page finds the person through a scoped query and leaves exactly one processing
record: `record_view` for what a page shows, or the record the service writes for a save
(followed by a redirect). Health has its own page and its own purpose.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.intake import queries, services
from spil.intake.models import BarrierStatus, HealthAssessment, Intake
from spil.intake.picker import occupation_choice, search_choices
from spil.intake.presentation import reason_texts
from spil.intake.steps import (
    STEP_BY_SLUG,
    STEPS,
    HealthForm,
    Step,
    next_step,
)
from spil.persons.models import Person
from spil.persons.queries import person_or_404


def _intake(person: Person) -> Intake:
    intake = queries.current_intake(person)
    if intake is None:
        raise Http404("no intake yet")
    return intake


def _steps_nav(intake: Intake, current: str) -> list[dict[str, Any]]:
    return [
        {
            "step": step,
            "url": reverse("intake:step", args=[intake.person.public_id, step.slug]),
            "done": step.slug in intake.completed_steps,
            "current": step.slug == current,
        }
        for step in STEPS
    ]


def _first_open_step(intake: Intake) -> Step:
    for step in STEPS:
        if step.slug not in intake.completed_steps:
            return step
    return STEPS[-1]


@login_required
def overview(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    intake = queries.current_intake(person)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="Broad intake overview",
    )
    context: dict[str, Any] = {"person": person, "intake": intake}
    if intake is not None:
        context["steps"] = _steps_nav(intake, "")
        context["saved_count"] = sum(1 for s in STEPS if s.slug in intake.completed_steps)
        context["resume"] = _first_open_step(intake)
    return render(request, "intake/overview.html", context)


@login_required
@require_POST
def start(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    intake = services.start_intake(person, actor=request_user(request))
    step = _first_open_step(intake)
    return redirect("intake:step", person.public_id, step.slug)


def _initial(intake: Intake, step: Step) -> dict[str, Any]:
    if step.slug == "focus":
        suggested, _reasons = services.suggest_focus(intake)
        return {"focus": intake.focus or suggested, "focus_note": intake.focus_note}
    if step.slug == "belemmeringen":
        return {}
    return dict(intake.step(step.slug))


def _after_save(
    request: HttpRequest, intake: Intake, step: Step, *, saved: str = ""
) -> HttpResponse:
    person = intake.person
    following = next_step(step.slug)
    if following is None:  # the focus decision completes the intake
        messages.success(request, _("The broad intake is complete. You can now draft the PIP."))
        return redirect("intake:overview", person.public_id)
    if "_stop" in request.POST:
        messages.success(
            request,
            _("%(step)s: saved. You can continue the intake later.") % {"step": step.title},
        )
        return redirect("intake:overview", person.public_id)
    messages.success(request, saved or _("%(step)s: saved.") % {"step": step.title})
    return redirect("intake:step", person.public_id, following.slug)


@login_required
def step(request: HttpRequest, public_id: str, slug: str) -> HttpResponse:
    definition = STEP_BY_SLUG.get(slug)
    if definition is None or definition.special:
        raise Http404("unknown step")
    person = person_or_404(request, public_id, Action.CHANGE)
    intake = _intake(person)
    user = request_user(request)
    form: forms.Form
    if request.method == "POST" and "_search" not in request.POST:
        form = definition.form(request.POST)
        if definition.slug == "belemmeringen":
            statuses = {
                b.pk: request.POST.get(f"barrier-{b.pk}", "") for b in queries.barriers(intake)
            }
            if form.is_valid():
                services.save_barriers(intake, new=form.cleaned_data, statuses=statuses, actor=user)
                added = _("Barriers: saved, the new barrier was added.")
                saved = added if form.cleaned_data.get("kind") else ""
                return _after_save(request, intake, definition, saved=saved)
        elif definition.slug == "focus":
            if form.is_valid():
                services.decide_focus(
                    intake,
                    focus=form.cleaned_data["focus"],
                    note=form.cleaned_data["focus_note"],
                    actor=user,
                )
                return _after_save(request, intake, definition)
        elif form.is_valid():
            services.save_step(intake, definition.slug, form.cleaned_data, actor=user)
            return _after_save(request, intake, definition)
    elif request.method == "POST":
        # "Search occupation" without a script: show the hits, save nothing.
        form = definition.form(request.POST)
    else:
        form = definition.form(initial=_initial(intake, definition))
    categories = [DataCategory.IDENTITY, *definition.categories]
    record_view(
        request, person_ids=[person.pk], categories=categories, action_name=f"Intake: {slug}"
    )
    context: dict[str, Any] = {
        "person": person,
        "intake": intake,
        "step_def": definition,
        "form": form,
        "steps": _steps_nav(intake, definition.slug),
        "number": [s.slug for s in STEPS].index(definition.slug) + 1,
        "total": len(STEPS),
    }
    if definition.slug == "belemmeringen":
        context["barriers"] = list(queries.barriers(intake))
        context["barrier_statuses"] = BarrierStatus.choices
    if definition.slug == "focus":
        suggested, reasons = services.suggest_focus(intake)
        context["suggested"] = suggested
        context["reasons"] = reason_texts(reasons)
    return render(request, "intake/step.html", context)


@login_required
def health(request: HttpRequest, public_id: str) -> HttpResponse:
    """The health step: special-category data, only with the purpose that allows it."""
    person = person_or_404(request, public_id, Action.CHANGE)
    intake = _intake(person)
    user = request_user(request)
    purpose = queries.HEALTH_PURPOSE
    if not queries.may_read_health(user, person, purpose):
        raise Http404("no access to health data")
    assessment = queries.health_for_user(user, intake, purpose=purpose)
    definition = STEP_BY_SLUG["gezondheid"]
    if request.method == "POST":
        form = HealthForm(request.POST)
        if form.is_valid():
            services.save_health(intake, form.cleaned_data, actor=user)
            return _after_save(request, intake, definition)
    else:
        initial: dict[str, Any] = {}
        if assessment is not None:
            initial = {n: getattr(assessment, n) for n in HealthAssessment.DIMENSIONS}
            initial["notes"] = assessment.notes
        form = HealthForm(initial=initial)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.HEALTH],
        action_name="Intake: health",
        purpose=purpose,
    )
    context = {
        "person": person,
        "intake": intake,
        "step_def": definition,
        "form": form,
        "steps": _steps_nav(intake, definition.slug),
        "number": [s.slug for s in STEPS].index(definition.slug) + 1,
        "total": len(STEPS),
        "health_purpose": True,
    }
    return render(request, "intake/step.html", context)


@login_required
@require_GET
def occupations(request: HttpRequest) -> HttpResponse:
    """HTMX: the hits for one picker (reference data only, no personal data)."""
    if not request_user(request).has_role("klantmanager"):
        raise Http404("not for this role")
    field = request.GET.get("field", "")
    if not field.isidentifier():
        raise Http404("unknown field")
    query = request.GET.get(f"{field}__q", "")[:100]
    hits = search_choices(query) if query.strip() else []
    current = occupation_choice(request.GET.get("current", ""))
    if current is not None and all(h.uri != current.uri for h in hits):
        hits.insert(0, current)
    return render(
        request,
        "intake/occupation_hits.html",
        {
            "name": field,
            "hits": hits,
            "current": current,
            "searched": bool(query.strip()),
            "field_id": f"id_{field}",
        },
    )
