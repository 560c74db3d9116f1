"""The mock's one page: "sign in with DigiD" by typing a (synthetic) BSN."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from spil.persons.validators import validate_bsn
from spil_dev.digid_mock.backend import SESSION_KEY


class MockLoginForm(forms.Form):
    bsn = forms.CharField(max_length=9, min_length=9, validators=[validate_bsn])


def login(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("portal:digid_return")
    form = MockLoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["bsn"]
        return HttpResponseRedirect(target)
    return render(request, "digid_mock/login.html", {"form": form, "next": target})
