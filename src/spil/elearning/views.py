"""The trainer's pages of the MAP e-learning: finished e-learnings to review and confirm,
questions to answer, and the module editor with import and export (trainers and the
functioneel beheerder)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.core.form_helpers import add_validation_errors
from spil.elearning import content as content_rules
from spil.elearning import queries, services
from spil.elearning.forms import AnswerForm, ConfirmForm, ImportForm, ModuleForm, SettingForm


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (queries.can_review(user) or queries.can_edit_modules(user)):
        raise PermissionDenied
    to_review = queries.completions_to_review(user)
    questions = queries.open_questions(user)
    confirmed = queries.recently_confirmed(user)
    shown = {c.person_id for c in to_review} | {q.person_id for q in questions}
    shown |= {c.person_id for c in confirmed}
    record_view(
        request,
        person_ids=sorted(shown),
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="MAP e-learning overview",
    )
    context = {
        "to_review": to_review,
        "questions": questions,
        "confirmed": confirmed,
        "can_edit": queries.can_edit_modules(user),
        "can_choose": queries.can_set_schedules(user),
    }
    return render(request, "elearning/index.html", context)


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """A finished e-learning: the modules, check questions and reflection answers; the
    trainer confirms (the report goes into the dossier)."""
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    completion = queries.completion_for_user(request.user, pk, action)
    if completion is None:
        raise Http404
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and completion.confirmed_at is None:
        services.confirm_completion(
            completion, actor=request_user(request), note=form.cleaned_data["note"]
        )
        messages.success(
            request,
            _(
                "Confirmed. The report is in the dossier and the client manager plans the "
                "final meeting."
            ),
        )
        return redirect("elearning:review", pk=completion.pk)
    record_view(
        request,
        person_ids=[completion.person_id],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="MAP e-learning review",
    )
    context: dict[str, Any] = services.report_context(completion.person, completion)
    context["form"] = form
    return render(
        request, "elearning/review.html", context, status=400 if request.method == "POST" else 200
    )


@login_required
def question(request: HttpRequest, pk: int) -> HttpResponse:
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    found = queries.question_for_user(request.user, pk, action)
    if found is None:
        raise Http404
    form = AnswerForm(request.POST or None, initial={"answer": found.answer})
    if request.method == "POST" and form.is_valid():
        services.answer_question(found, form.cleaned_data["answer"], actor=request_user(request))
        messages.success(request, _("Your answer was sent."))
        return redirect("elearning:index")
    record_view(
        request,
        person_ids=[found.person_id],
        categories=[DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        action_name="MAP e-learning question",
    )
    module = found.module
    version = queries.current_version(module)
    pages = version.content.get("pages", []) if version else []
    page = pages[found.page - 1] if 0 < found.page <= len(pages) else None
    context = {"question": found, "form": form, "page": page, "module": module}
    return render(
        request, "elearning/question.html", context, status=400 if request.method == "POST" else 200
    )


# --------------------------------------------------------------------------- modules


def _editor(request: HttpRequest) -> None:
    if not queries.can_edit_modules(request.user):
        raise PermissionDenied


@login_required
def modules(request: HttpRequest) -> HttpResponse:
    _editor(request)
    rows = []
    for module, version in queries.modules():
        langs = content_rules.translations(version.content) if version else {}
        rows.append({"module": module, "version": version, "translations": langs})
    return render(request, "elearning/modules.html", {"rows": rows, "import_form": ImportForm()})


@login_required
@require_POST
def module_import(request: HttpRequest) -> HttpResponse:
    _editor(request)
    form = ImportForm(request.POST, request.FILES)
    errors: list[str] = []
    if form.is_valid():
        try:
            saved = services.import_modules(
                form.cleaned_data["file"].read(), actor=request_user(request)
            )
        except content_rules.ContentError as error:
            errors = error.messages
        else:
            messages.success(
                request,
                _("Imported: %(modules)s.") % {"modules": ", ".join(str(v) for v in saved)},
            )
            return redirect("elearning:modules")
    rows: list[dict[str, Any]] = [
        {"module": m, "version": v, "translations": {}} for m, v in queries.modules()
    ]
    context = {"rows": rows, "import_form": form, "import_errors": errors}
    return render(request, "elearning/modules.html", context, status=400)


@login_required
def module_edit(request: HttpRequest, code: str) -> HttpResponse:
    _editor(request)
    module = queries.module_by_code(code)
    if module is None:
        raise Http404
    version = queries.current_version(module)
    initial = services.export_module(version).decode() if version else ""
    form = ModuleForm(request.POST or None, initial={"content": initial})
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["content"]
        if content["code"] != module.code:
            form.add_error("content", _("The code of a module cannot change."))
        else:
            saved = services.save_version(
                content, actor=request_user(request), note=form.cleaned_data["note"]
            )
            messages.success(request, _("Saved as version %(number)s.") % {"number": saved.number})
            return redirect("elearning:module_edit", code=module.code)
    context = {
        "module": module,
        "version": version,
        "versions": list(module.versions.all()),
        "translations": content_rules.translations(version.content) if version else {},
        "form": form,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "elearning/module_edit.html", context, status=status)


@login_required
def module_export(request: HttpRequest, code: str) -> HttpResponse:
    _editor(request)
    module = queries.module_by_code(code)
    version = queries.current_version(module) if module else None
    if version is None:
        raise Http404
    response = HttpResponse(services.export_module(version), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{code}-v{version.number}.json"'
    return response


# --------------------------------------------------------------------------- the choice


@login_required
def schedules(request: HttpRequest) -> HttpResponse:
    """Which templates and MAP groups follow MAP themes as e-learning, and in how long."""
    if not queries.can_set_schedules(request.user):
        raise PermissionDenied
    return render(
        request, "elearning/schedules.html", {"rows": queries.settings_overview(request.user)}
    )


@login_required
def schedule_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    target = queries.setting_target(request.user, kind, pk)
    if target is None:
        raise Http404
    key = {"group_id": pk} if kind == "group" else {"template_id": pk}
    current = target.setting
    initial: dict[str, Any] = {"window_weeks": 9}
    if current is not None:
        initial = {
            "themes": current.themes,
            "window_weeks": current.window_weeks,
            "counts_as_practice_hours": current.counts_as_practice_hours,
            "cap_hours_per_module": current.cap_hours_per_module,
        }
    form = SettingForm(request.POST or None, initial=initial, themes=queries.themes_with_modules())
    if request.method == "POST" and request.POST.get("clear"):
        services.clear_setting(**key)
        messages.success(
            request, _("No e-learning for %(name)s any more.") % {"name": target.label}
        )
        return redirect("elearning:schedules")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_setting(
                **key,
                themes=data["themes"],
                window_weeks=data["window_weeks"],
                counts_as_practice_hours=data["counts_as_practice_hours"],
                cap_hours_per_module=data["cap_hours_per_module"] or Decimal(0),
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(
                request, _("The e-learning of %(name)s is saved.") % {"name": target.label}
            )
            return redirect("elearning:schedules")
    return render(
        request,
        "elearning/schedule_edit.html",
        {"target": target, "form": form},
        status=400 if form.errors else 200,
    )
