"""The PIP pages: overview with history, editing a draft, vaststelling (and DUO), a version
with its differences, the legal PDF and the plain-language summary.

Every page finds the person through a scoped query and leaves exactly one processing
record per request (vaststelling leaves two: the decision, and the exchange with DUO, each
under its own purpose; an A2 level in a first B1-route PIP adds the look-up at DUO).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_view
from spil.core.newcomer_texts import NEWCOMER_LANGUAGES
from spil.intake import queries as intake_queries
from spil.intake.presentation import intake_summary
from spil.persons.models import Person
from spil.persons.queries import person_or_404
from spil.plans import documents, queries, services
from spil.plans.checks import zroute_totals
from spil.plans.forms import ComponentForm, EstablishForm, VersionForm
from spil.plans.models import DuoStatus, PipVersion, VersionStatus
from spil.trajectories.models import Leerroute


def _version(request: HttpRequest, person: Person, version_id: int, action: Action) -> PipVersion:
    return get_object_or_404(
        queries.versions_for_user(request.user, action), pk=version_id, pip__person=person
    )


@login_required
def overview(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.VIEW)
    versions = queries.versions_of(person)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="PIP overview",
    )
    context = {
        "person": person,
        "versions": versions,
        "established": next((v for v in versions if v.status == VersionStatus.VASTGESTELD), None),
        "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
        "pip": queries.current_pip(person),
        "intake": intake_queries.current_intake(person),
    }
    return render(request, "plans/overview.html", context)


@login_required
@require_POST
def new_draft(request: HttpRequest, public_id: str) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    draft = services.draft_for(person, actor=request_user(request))
    return redirect("plans:edit", person.public_id, draft.pk)


def _render_edit(
    request: HttpRequest,
    person: Person,
    version: PipVersion,
    *,
    form: VersionForm | None = None,
    component_form: ComponentForm | None = None,
    establish_form: EstablishForm | None = None,
    problems: list[Any] | None = None,
) -> HttpResponse:
    intake = intake_queries.current_intake(person)
    categories = [DataCategory.IDENTITY, DataCategory.TRAJECTORY]
    if intake is not None:  # the box "from the broad intake" shows these too
        categories += [DataCategory.EDUCATION, DataCategory.LANGUAGE, DataCategory.WORK]
    record_view(request, person_ids=[person.pk], categories=categories, action_name="PIP draft")
    language, participation = zroute_totals(version)
    context = {
        "person": person,
        "version": version,
        "form": form or VersionForm(instance=version),
        "component_form": component_form or ComponentForm(),
        "establish_form": establish_form or EstablishForm(),
        "components": list(version.components.all()),
        "problems": problems or [],
        "zroute": version.leerroute == Leerroute.Z,
        "zroute_language": language,
        "zroute_participation": participation,
        "from_intake": intake_summary(intake) if intake is not None else None,
    }
    return render(request, "plans/edit.html", context, status=200)


@login_required
def edit(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    version = _version(request, person, version_id, Action.CHANGE)
    if not version.is_draft:
        return redirect("plans:version", person.public_id, version.pk)
    if request.method == "POST":
        form = VersionForm(request.POST, instance=PipVersion.objects.get(pk=version.pk))
        if form.is_valid():
            services.update_draft(version, form.cleaned_data, actor=request_user(request))
            messages.success(request, _("The draft was saved."))
            return redirect("plans:edit", person.public_id, version.pk)
        return _render_edit(request, person, version, form=form)
    return _render_edit(request, person, version)


@login_required
@require_POST
def add_component(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    version = _version(request, person, version_id, Action.CHANGE)
    if not version.is_draft:
        raise Http404("not a draft")
    form = ComponentForm(request.POST)
    if form.is_valid():
        services.add_component(version, form.cleaned_data, actor=request_user(request))
        messages.success(request, _("The component was added."))
        return redirect("plans:edit", person.public_id, version.pk)
    return _render_edit(request, person, version, component_form=form)


@login_required
@require_POST
def remove_component(
    request: HttpRequest, public_id: str, version_id: int, component_id: int
) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    version = _version(request, person, version_id, Action.CHANGE)
    if not version.is_draft:
        raise Http404("not a draft")
    component = get_object_or_404(version.components, pk=component_id)
    services.remove_component(component, actor=request_user(request))
    messages.success(request, _("The component was removed."))
    return redirect("plans:edit", person.public_id, version.pk)


@login_required
@require_POST
def establish(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    version = _version(request, person, version_id, Action.CHANGE)
    if not version.is_draft:
        raise Http404("not a draft")
    form = EstablishForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        established = services.vaststellen(
            version,
            dagtekening=data.get("dagtekening"),
            confirm_late_switch=bool(data.get("route_switch_late")),
            actor=request_user(request),
        )
    except services.PipNotAllowed as refused:
        version_form = VersionForm(instance=version)
        version_form.is_bound = False
        for problem in refused.problems:
            if problem.field in form.fields:
                form.add_error(problem.field, problem.message)
        return _render_edit(
            request,
            person,
            version,
            form=version_form,
            establish_form=form,
            problems=refused.problems,
        )
    sent = services.send_to_duo(established, actor=request_user(request))
    _duo_message(request, sent, sent_again=False)
    return redirect("plans:version", person.public_id, sent.pk)


def _duo_message(request: HttpRequest, sent: PipVersion, *, sent_again: bool) -> None:
    """Tell the klantmanager what DUO answered (also kept on the version page)."""
    if sent.duo_status == DuoStatus.ACCEPTED:
        if sent_again:
            messages.success(request, _("DUO accepted the PIP."))
        else:
            messages.success(request, _("The PIP was established and DUO accepted it."))
    elif sent.duo_status == DuoStatus.REFUSED:
        if sent_again:
            messages.error(
                request, _("DUO refused the PIP: %(message)s") % {"message": sent.duo_message}
            )
        else:
            messages.error(
                request,
                _("The PIP was established, but DUO refused it: %(message)s")
                % {"message": sent.duo_message},
            )
    elif sent_again:
        messages.warning(
            request, _("DUO could not be reached. Spil will keep trying automatically.")
        )
    else:
        messages.warning(
            request,
            _("The PIP was established; DUO could not be reached. Spil will send it again."),
        )


@login_required
@require_POST
def resend(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.CHANGE)
    version = _version(request, person, version_id, Action.CHANGE)
    if version.status != VersionStatus.VASTGESTELD:
        raise Http404("not established")
    if version.duo_status == DuoStatus.ACCEPTED:
        record_view(
            request,
            person_ids=[person.pk],
            categories=[DataCategory.TRAJECTORY],
            action_name="PIP already accepted by DUO",
        )
        messages.info(request, _("DUO has already accepted this version."))
    else:
        _duo_message(
            request, services.send_to_duo(version, actor=request_user(request)), sent_again=True
        )
    return redirect("plans:version", person.public_id, version.pk)


@login_required
def version_detail(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.VIEW)
    version = _version(request, person, version_id, Action.VIEW)
    previous = queries.previous_version(version)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="PIP version",
    )
    context = {
        "person": person,
        "version": version,
        "components": list(version.components.all()),
        "previous": previous,
        "changes": queries.diff(previous, version),
        "languages": NEWCOMER_LANGUAGES,
        "preferred": documents.summary_language(person),
    }
    return render(request, "plans/version.html", context)


@login_required
def pdf(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.EXPORT)
    version = _version(request, person, version_id, Action.EXPORT)
    content = documents.pip_pdf(version)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.BSN, DataCategory.TRAJECTORY],
        action_name="PIP document (PDF)",
        action=ProcessingAction.EXPORT,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pip-v{version.number}.pdf"'
    return response


@login_required
def summary(request: HttpRequest, public_id: str, version_id: int) -> HttpResponse:
    person = person_or_404(request, public_id, Action.EXPORT)
    version = _version(request, person, version_id, Action.EXPORT)
    language = request.GET.get("taal") or documents.summary_language(person)
    if language not in NEWCOMER_LANGUAGES:
        raise Http404("no summary in this language")
    content = documents.summary_pdf(version, language)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="PIP summary (PDF)",
        action=ProcessingAction.EXPORT,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="pip-v{version.number}-{language}.pdf"'
    return response
