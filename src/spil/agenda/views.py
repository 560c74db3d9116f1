"""Pages of the agenda: a trainer's own agenda link, a person's agenda link (made or
revoked from their programmes page) and the secret ``.ics`` feed itself."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.agenda import queries, services
from spil.agenda.forms import FeedForm
from spil.persons.queries import person_or_404
from spil.programmes import queries as programme_queries


@login_required
def my_agenda(request: HttpRequest) -> HttpResponse:
    """A trainer's own agenda link: make it, or revoke it."""
    if not programme_queries.is_trainer(request.user):
        raise PermissionDenied
    user = request_user(request)
    if request.method == "POST":
        form = FeedForm(request.POST)
        if form.is_valid() and form.cleaned_data["action"] == "revoke":
            services.revoke_user_feeds(user)
            messages.success(request, _("The agenda link no longer works."))
        else:
            services.remember_new_feed(request, services.feed_for(user=user))
            messages.success(request, _("The agenda link has been made."))
        return redirect("agenda:my_agenda")
    active = queries.active_feed(user=user)
    token = services.take_new_feed_token(request, active)
    return render(
        request,
        "agenda/my_agenda.html",
        {
            "active": active,
            "feed_url": request.build_absolute_uri(reverse("agenda:ical", args=[token]))
            if token
            else "",
            "sessions": queries.trainer_sessions(user, timezone.now()),
        },
    )


@login_required
@require_POST
def person_feed(request: HttpRequest, public_id: Any) -> HttpResponse:
    """Make the person's agenda URL, or revoke it (a new one can be made afterwards); back
    to the person's programmes page."""
    subject = person_or_404(request, public_id, Action.CHANGE)
    form = FeedForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    elif form.cleaned_data["action"] == "revoke":
        services.revoke_person_feeds(subject, actor=request_user(request))
        messages.success(request, _("The agenda link no longer works."))
    else:
        feed = services.make_person_feed(subject, actor=request_user(request))
        services.remember_new_feed(request, feed)
        messages.success(request, _("The agenda link has been made."))
    return redirect("programmes:person", public_id=subject.public_id)


def ical(request: HttpRequest, token: str) -> HttpResponse:
    """The secret agenda URL (no sign-in: agenda apps cannot); revoked URLs are gone."""
    feed = queries.feed_by_token(token)
    if feed is None:
        raise Http404
    body = queries.feed_ical(feed)
    services.log_feed_fetch(feed)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    return response
