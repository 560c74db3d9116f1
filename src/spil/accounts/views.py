from __future__ import annotations

from base64 import b32encode
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from spil.accounts import queries, services
from spil.accounts.forms import (
    MUNICIPAL_CHOICE_LABELS,
    EnrolmentCodeForm,
    MunicipalChoicesForm,
    PhoneForm,
    TokenForm,
)
from spil.accounts.models import Membership, User
from spil.core.form_helpers import add_validation_errors
from spil.rules import engine


class SpilAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": gettext_lazy(
            "The combination of user name and password is not correct. "
            "After several failed attempts the account is locked for a while."
        ),
        "inactive": gettext_lazy("This account is not active."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SpilAuthenticationForm
    redirect_authenticated_user = True
    extra_context = {"oidc_enabled": settings.OIDC_ENABLED}


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, allowed_hosts={request.get_host()}):
        return candidate
    return reverse("web:home")


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return HttpResponseRedirect(f"{reverse('accounts:setup')}?next={_next_url(request)}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            # A new session key with the new privilege: a key seen before it is worthless.
            request.session.cycle_key()
            return HttpResponseRedirect(_next_url(request))
        form.add_error(
            "token",
            _("This code is not correct or has expired. Wait for a new code and try again.")
            if allowed
            else _("Too many wrong codes. Wait a moment before you try again."),
        )
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator: only with an enrolment code from the functioneel beheerder
    (never trust on first use), for a first authenticator or one that replaces a lost one."""
    user = queries.request_user(request)
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    invitation = services.accepted_invitation(request, user)
    if invitation is None:
        code_form = EnrolmentCodeForm(request.POST or None)
        if request.method == "POST" and code_form.is_valid():
            if services.accept_enrolment_code(request, user, code_form.cleaned_data["code"]):
                return HttpResponseRedirect(
                    f"{reverse('accounts:setup')}?next={_next_url(request)}"
                )
            code_form.add_error(
                "code",
                _(
                    "This enrolment code is not correct, has been used or has expired. Ask your "
                    "functioneel beheerder for a new one."
                ),
            )
        return render(
            request,
            "accounts/setup_code.html",
            {"form": code_form, "has_device": has_device, "next": _next_url(request)},
        )
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            services.complete_enrolment(request, invitation, device)
            otp_login(request, device)
            request.session.cycle_key()
            messages.success(request, _("Two-step verification is set up."))
            return HttpResponseRedirect(_next_url(request))
        form.add_error("token", _("This code is not correct. Check the time on your phone."))
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/setup.html",
        {"form": form, "qr_svg": svg, "secret": secret, "next": _next_url(request)},
    )


@login_required
@require_POST
def issue_enrolment_invitation(request: HttpRequest, user_id: int) -> HttpResponse:
    """The functioneel beheerder gives a user of their organisations a single-use code to
    enrol an authenticator; the code is shown on this one answer and never again."""
    beheerder = queries.request_user(request)
    if not queries.can_manage_configuration(beheerder):
        raise PermissionDenied
    user = queries.manageable_user_or_404(beheerder, user_id)
    if user == beheerder:
        # Another beheerder does it: one account never lets itself in with a new device.
        raise PermissionDenied
    invitation, code = services.issue_enrolment_invitation(beheerder, user)
    return render(
        request,
        "accounts/invitation_issued.html",
        {"invited": user, "code": code, "invitation": invitation},
    )


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = queries.request_user(request)
    form = PhoneForm(request.POST or None, initial={"phone": user.phone})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_phone(user, form.cleaned_data["phone"])
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("Your phone number is saved."))
            return HttpResponseRedirect(reverse("accounts:account"))
    memberships = user.active_memberships()
    has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return render(
        request,
        "accounts/account.html",
        {"memberships": memberships, "has_device": has_device, "form": form},
    )


@login_required
def organisations(request: HttpRequest) -> HttpResponse:
    if not queries.can_manage_configuration(request.user):
        raise PermissionDenied
    orgs = queries.organisations_for_user(request.user).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user").order_by("user__last_name"),
        ),
        "members",
    )
    return render(request, "accounts/organisations.html", {"organisations": orgs})


@login_required
def municipal_choices(request: HttpRequest) -> HttpResponse:
    """The choices the rules leave to a municipality, each with the rule's value and legal
    source beside the municipality's own value and the decision it rests on."""
    user = queries.request_user(request)
    municipalities = list(queries.settings_municipalities(user))
    if not municipalities:
        raise PermissionDenied
    wanted = request.POST.get("municipality") or request.GET.get("gemeente") or ""
    municipality = next((m for m in municipalities if str(m.pk) == wanted), municipalities[0])
    current = queries.municipal_settings(municipality)
    initial: dict[str, Any] = {}
    for key, setting in current.items():
        initial[key] = setting.value
        initial[f"{key}_decision"] = setting.decision
    initial["general_phone"] = municipality.phone
    form = MunicipalChoicesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            for key in engine.MUNICIPAL_CHOICES:
                services.set_municipal_choice(
                    user,
                    municipality,
                    key,
                    form.cleaned_data.get(key),
                    form.cleaned_data.get(f"{key}_decision") or "",
                )
            services.set_general_phone(
                user, municipality, form.cleaned_data.get("general_phone") or ""
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, _("The municipality's choices are saved."))
            url = reverse("accounts:municipal_choices")
            return HttpResponseRedirect(f"{url}?gemeente={municipality.pk}")
    today = timezone.localdate()
    rows = []
    for key in engine.MUNICIPAL_CHOICES:
        rule = engine.rule(key, today)
        rows.append(
            {
                "label": MUNICIPAL_CHOICE_LABELS.get(key, key),
                "rule": rule,
                "setting": current.get(key),
                "field": form[key],
                "decision": form[f"{key}_decision"],
            }
        )
    return render(
        request,
        "accounts/municipal_choices.html",
        {
            "municipality": municipality,
            "municipalities": municipalities,
            "rows": rows,
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


__all__ = [
    "LoginView",
    "LogoutView",
    "User",
    "account",
    "issue_enrolment_invitation",
    "municipal_choices",
    "organisations",
    "setup",
    "verify",
]
