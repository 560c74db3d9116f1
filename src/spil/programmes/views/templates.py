"""Programme templates: the list, one template, and the functioneel beheerder's edit of its
phases and weekly components."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import inlineformset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from spil.programmes import queries
from spil.programmes.forms import (
    ComponentForm,
    MilestoneForm,
    PhaseForm,
    RoleForm,
    StreamForm,
    TemplateForm,
)
from spil.programmes.models import (
    Milestone,
    Phase,
    PhaseComponent,
    ProgrammeRole,
    ProgrammeStream,
    ProgrammeTemplate,
)


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    if not queries.can_see_templates(request.user):
        raise PermissionDenied
    templates = queries.templates_for_user(request.user)
    return render(
        request,
        "programmes/template_list.html",
        {"templates": templates, "can_edit": queries.can_manage_templates(request.user)},
    )


@login_required
def template_detail(request: HttpRequest, code: str) -> HttpResponse:
    template = get_object_or_404(
        queries.templates_for_user(request.user).prefetch_related("milestones", "roles", "streams"),
        code=code,
    )
    return render(
        request,
        "programmes/template_detail.html",
        {"template": template, "can_edit": queries.can_manage_templates(request.user)},
    )


PhaseFormSet = inlineformset_factory(
    ProgrammeTemplate, Phase, form=PhaseForm, extra=1, can_delete=True
)
ComponentFormSet = inlineformset_factory(
    Phase, PhaseComponent, form=ComponentForm, extra=1, can_delete=True
)
MilestoneFormSet = inlineformset_factory(
    ProgrammeTemplate, Milestone, form=MilestoneForm, extra=1, can_delete=True
)
RoleFormSet = inlineformset_factory(
    ProgrammeTemplate, ProgrammeRole, form=RoleForm, extra=1, can_delete=True
)
StreamFormSet = inlineformset_factory(
    ProgrammeTemplate, ProgrammeStream, form=StreamForm, extra=1, can_delete=True
)


@login_required
def template_edit(request: HttpRequest, code: str) -> HttpResponse:
    """A beleidsmedewerker or functioneel beheerder edits a template: its entry conditions,
    chain meeting and group forming, phases and their weekly components, milestones, the
    roles it provides and the groups it forms."""
    if not queries.can_manage_templates(request.user):
        raise PermissionDenied
    template = get_object_or_404(ProgrammeTemplate, code=code)
    data = request.POST if request.method == "POST" else None
    form = TemplateForm(data, instance=template, prefix="t")
    phases = PhaseFormSet(data, instance=template, prefix="phases")
    extras: list[tuple[str, str, Any]] = [
        (
            _("Milestones"),
            _("New milestone"),
            MilestoneFormSet(data, instance=template, prefix="ms"),
        ),
        (
            _("Roles the programme provides"),
            _("New role"),
            RoleFormSet(data, instance=template, prefix="roles"),
        ),
        (
            _("Groups the programme forms"),
            _("New group"),
            StreamFormSet(data, instance=template, prefix="streams"),
        ),
    ]
    components = [
        (phase, ComponentFormSet(data, instance=phase, prefix=f"c{phase.pk}"))
        for phase in template.phases.order_by("order")
    ]
    if request.method == "POST":
        valid = form.is_valid() and phases.is_valid()
        valid = all(
            [
                valid,
                *(fs.is_valid() for _p, fs in components),
                *(fs.is_valid() for _h, _n, fs in extras),
            ]
        )
        if valid:
            with transaction.atomic():
                form.save()
                for _phase, formset in components:
                    formset.save()
                for _heading, _new, extra in extras:
                    extra.save()
                saved = phases.save(commit=False)
                for obj in phases.deleted_objects:
                    obj.delete()
                top = max([p.order for p in template.phases.all()] or [0])
                for phase in saved:
                    if phase.pk is None:
                        top += 1
                        phase.order = top
                    phase.save()
            messages.success(request, _("The programme has been saved."))
            return redirect("programmes:template", code=template.code)
    return render(
        request,
        "programmes/template_edit.html",
        {
            "template": template,
            "form": form,
            "phases": phases,
            "components": components,
            "extras": extras,
        },
    )
