"""A language school's upload of attendance or CEFR results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from spil.accounts.queries import request_user
from spil.programmes import queries
from spil.programmes.forms import ImportForm
from spil.programmes.services import imports


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """A language school uploads attendance or CEFR results: all lines or none."""
    providers = queries.upload_providers(request.user)
    if not providers:
        if request.method == "POST":
            raise PermissionDenied
        return render(request, "programmes/upload.html", {"form": None, "report": None})
    form = ImportForm(request.POST or None, request.FILES or None, providers=providers)
    report = None
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        report = imports.import_file(
            form.cleaned_data["provider"],
            upload_file.name,
            upload_file.read(),
            actor=request_user(request),
        )
        if report.ok:
            messages.success(
                request,
                _(
                    "%(lines)d lines read: %(created)d new, %(updated)d changed, "
                    "%(unchanged)d already known."
                )
                % {
                    "lines": report.lines,
                    "created": report.created,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
            return redirect("programmes:upload")
    return render(request, "programmes/upload.html", {"form": form, "report": report})
