"""Pages for employers, offers, matching, the placement lifecycle, check-ins and outcomes.

Offers and employers hold no newcomer data. Every page with a newcomer finds them through a
scoped query (`placements.queries`) and leaves exactly one processing record per request:
`record_view` for what a page shows, or the record the service writes for a change
(followed by a redirect).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from spil.accounts.access import Action, employer_organisation_ids, has_any_role
from spil.accounts.models import User
from spil.accounts.queries import request_user
from spil.accounts.roles import Role
from spil.audit.purposes import DataCategory
from spil.audit.services import record_view
from spil.persons.models import Person
from spil.persons.queries import person_or_404
from spil.placements import forms, matching, queries, services
from spil.placements.models import (
    CheckIn,
    CheckInKind,
    OfferStatus,
    Placement,
    PlacementOffer,
    PlacementStatus,
    Transport,
)
from spil.placements.profile import profile_for
from spil.placements.scoring import CEFR

MATCH_CATEGORIES = [
    DataCategory.IDENTITY,
    DataCategory.WORK,
    DataCategory.LANGUAGE,
    DataCategory.ADDRESS,
]


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _part_label(name: str) -> str:
    labels = {
        "occupation": _("Occupation"),
        "experience": _("Experience"),
        "language": _("Language"),
        "dayparts": _("Day-parts"),
        "hours": _("Hours"),
        "travel": _("Travel"),
    }
    return labels.get(name, name)


def _explained(explanation: Any) -> dict[str, Any]:
    return {
        "total": explanation.total,
        "feasible": explanation.feasible,
        "parts": [
            {
                "label": _part_label(p.name),
                "points": p.points,
                "max": round(p.weight * 1000),
                "detail": p.detail,
                "known": p.known,
            }
            for p in explanation.parts
        ],
        "violations": [
            {"rule": _part_label(v.rule), "detail": v.detail} for v in explanation.violations
        ],
    }


# --------------------------------------------------------------------------- offers, employers


@login_required
def offers(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_read_offers(user))
    items = list(queries.offers_for_user(user).order_by("status", "employer__name", "title"))
    return render(
        request,
        "placements/offers.html",
        {
            "offers": items,
            "can_add": queries.can_keep_offers(user) or bool(employer_organisation_ids(user)),
            "can_match": queries.can_match(user),
        },
    )


def _offer_form_view(request: HttpRequest, offer: PlacementOffer, *, title: str) -> HttpResponse:
    user = request_user(request)
    form = forms.OfferForm(request.POST or None, instance=offer, user=user)
    searching = "search" in request.POST
    if request.method == "POST" and not searching and form.is_valid():
        saved = form.save(commit=False)
        saved.dayparts = form.cleaned_data["dayparts"]
        try:
            services.save_offer(user, saved)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The offer is saved."))
            return redirect("placements:offer_detail", public_id=saved.public_id)
    if searching:
        form.errors.clear()
    return render(request, "placements/offer_form.html", {"form": form, "title": title})


@login_required
def offer_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_keep_offers(user) or bool(employer_organisation_ids(user)))
    return _offer_form_view(request, PlacementOffer(), title=_("New placement offer"))


@login_required
def offer_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    offer = get_object_or_404(queries.offers_for_user(user), public_id=public_id)
    own_proposal = (
        offer.employer_id in employer_organisation_ids(user)
        and offer.status == OfferStatus.PROPOSED
    )
    _require(queries.can_keep_offers(user) or own_proposal)
    return _offer_form_view(request, offer, title=_("Change placement offer"))


@login_required
def offer_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    offer = get_object_or_404(queries.offers_for_user(user), public_id=public_id)
    return render(
        request,
        "placements/offer_detail.html",
        {
            "offer": offer,
            "dayparts": [forms.DAYPART_LABELS[str(d)] for d in offer.dayparts],
            "in_use": queries.open_placement_count(offer),
            "can_keep": queries.can_keep_offers(user),
            "can_edit": queries.can_keep_offers(user)
            or (
                offer.employer_id in employer_organisation_ids(user)
                and offer.status == OfferStatus.PROPOSED
            ),
            "can_match": queries.can_match(user) and offer.status == OfferStatus.OPEN,
        },
    )


@login_required
@require_POST
def offer_status(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_keep_offers(user))
    offer = get_object_or_404(queries.offers_for_user(user), public_id=public_id)
    form = forms.OfferStatusForm(request.POST)
    if not form.is_valid():
        raise Http404  # only the page's own buttons post here
    services.set_offer_status(user, offer, form.cleaned_data["status"])
    messages.success(request, _("The offer's status is changed."))
    return redirect("placements:offer_detail", public_id=offer.public_id)


@login_required
def employers(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_read_offers(user))
    items = queries.employers_for_user(user).prefetch_related("employer_locations")
    return render(request, "placements/employers.html", {"employers": items})


@login_required
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_user(request)
    employer = get_object_or_404(queries.employers_for_user(user), pk=pk)
    can_edit = queries.can_keep_offers(user) or employer.pk in employer_organisation_ids(user)
    form = forms.LocationForm(request.POST or None)
    if request.method == "POST":
        _require(can_edit)
        if form.is_valid():
            services.add_location(employer, **form.cleaned_data)
            messages.success(request, _("The location is added."))
            return redirect("placements:employer_detail", pk=employer.pk)
    contacts = User.objects.filter(
        memberships__organisation=employer,
        memberships__role=Role.EMPLOYER_CONTACT,
        memberships__is_active=True,
        is_active=True,
    ).distinct()
    return render(
        request,
        "placements/employer_detail.html",
        {
            "employer": employer,
            "locations": employer.employer_locations.all(),
            "contacts": contacts,
            "offers": queries.offers_for_user(user).filter(employer=employer),
            "form": form if can_edit else None,
        },
    )


# --------------------------------------------------------------------------- matching


def _person_for_matching(request: HttpRequest, public_id: str) -> Person:
    return get_object_or_404(queries.persons_for_matching(request.user), public_id=public_id)


def _profile_rows(person: Person) -> dict[str, Any]:
    profile = profile_for(person)
    return {
        "profile": profile,
        "ambitions": [
            (label, matching.occupation(uri))
            for label, uri in (
                (_("Dream job"), profile.dream_job),
                (_("Plan B"), profile.plan_b),
                (_("Plan C"), profile.plan_c),
            )
        ],
        "speaking": CEFR(profile.speaking).name,
        "listening": CEFR(profile.listening).name,
        "free_dayparts": [forms.DAYPART_LABELS[str(int(d))] for d in sorted(profile.free_dayparts)],
        "transport": profile.transport,
        "transport_label": Transport(profile.transport).label,
        "level_sources": [
            (_("Speaking"), profile.speaking_source),
            (_("Listening"), profile.listening_source),
        ],
        "childcare_dayparts": None
        if profile.childcare_dayparts is None
        else [forms.DAYPART_LABELS[str(int(d))] for d in sorted(profile.childcare_dayparts)],
    }


@login_required
def person_matches(request: HttpRequest, public_id: str) -> HttpResponse:
    person = _person_for_matching(request, public_id)
    show_all = request.GET.get("all") == "1"
    ranked = matching.rank_offers(person, queries.matchable_offers(), include_infeasible=show_all)
    placements = queries.placements_for_user(request.user).filter(person=person)
    record_view(
        request,
        person_ids=[person.pk],
        categories=MATCH_CATEGORIES,
        action_name="Placement offers ranked for a person",
        purpose=queries.PURPOSE,
    )
    return render(
        request,
        "placements/person_matches.html",
        {
            "person": person,
            "rows": [{"offer": r.offer, "score": _explained(r.explanation)} for r in ranked],
            "show_all": show_all,
            "placements": placements,
            "can_change": queries.is_caseload_of(request.user, person, Action.CHANGE),
            **_profile_rows(person),
        },
    )


@login_required
def offer_candidates(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_match(user))
    offer = get_object_or_404(queries.matchable_offers(), public_id=public_id)
    show_all = request.GET.get("all") == "1"
    ranked = matching.rank_persons(
        offer, queries.persons_for_matching(user), include_infeasible=show_all
    )
    record_view(
        request,
        person_ids=[r.person.pk for r in ranked],
        categories=MATCH_CATEGORIES,
        action_name="Candidates ranked for a placement offer",
        purpose=queries.PURPOSE,
    )
    return render(
        request,
        "placements/offer_candidates.html",
        {
            "offer": offer,
            "rows": [{"person": r.person, "score": _explained(r.explanation)} for r in ranked],
            "show_all": show_all,
        },
    )


@login_required
def assignment(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    _require(queries.can_match(user))
    running = [PlacementStatus.INTRODUCTION, PlacementStatus.STARTED, PlacementStatus.EVALUATED]
    busy = Placement.objects.filter(status__in=running).values("person_id")
    persons = list(queries.persons_for_matching(user).exclude(pk__in=busy))
    proposal = matching.region_proposal(persons, list(queries.matchable_offers()))
    record_view(
        request,
        person_ids=[p.pk for p in persons],
        categories=MATCH_CATEGORIES,
        action_name="Region-wide placement proposal",
        purpose=queries.PURPOSE,
    )
    return render(request, "placements/assignment.html", {"proposal": proposal})


@login_required
@require_POST
def propose(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    person = person_or_404(request, public_id, Action.CHANGE)
    form = forms.ProposeForm(request.POST)
    if not form.is_valid():
        raise Http404  # only the matches page's own buttons post here
    offer = get_object_or_404(queries.matchable_offers(), public_id=form.cleaned_data["offer"])
    explanation = matching.rank_offers(person, [offer], 1, include_infeasible=True)
    try:
        placement = services.propose_placement(
            user, person, offer, explanation=explanation[0].explanation if explanation else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("placements:person_matches", public_id=person.public_id)
    messages.success(request, _("The placement is proposed."))
    return redirect("placements:placement_detail", public_id=placement.public_id)


# --------------------------------------------------------------------------- placements


LISTED_CATEGORIES = frozenset({DataCategory.IDENTITY.value, DataCategory.WORK.value})


def _shown_categories(categories: Iterable[str]) -> list[DataCategory]:
    return [DataCategory(c) for c in sorted(categories)]


@login_required
def placements(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    items = list(queries.placements_for_user(user)[:200])
    rows = []
    shown: set[str] = set()
    for placement in items:
        categories = queries.visible_categories(user, placement)
        shown |= categories & LISTED_CATEGORIES  # the list shows the name and the placement
        rows.append({"placement": placement, "show_name": "identity" in categories})
    record_view(
        request,
        person_ids=[p.person_id for p in items],
        categories=_shown_categories(shown),
        action_name="Placements",
        purpose=queries.PURPOSE,
    )
    return render(
        request,
        "placements/placements.html",
        {"rows": rows, "can_match": queries.can_match(user)},
    )


def _scoped_placement(request: HttpRequest, public_id: str, action: Action) -> Placement:
    return get_object_or_404(queries.placements_for_user(request.user, action), public_id=public_id)


ACTION_FORMS: dict[str, type[Any]] = {
    "introduction": forms.IntroductionForm,
    "start": forms.StartForm,
    "evaluate": forms.EvaluateForm,
    "end": forms.EndForm,
    "convert": forms.ConvertForm,
    "next_step": forms.NextStepForm,
}
ACTIONS_BY_STATUS: dict[str, tuple[str, ...]] = {
    PlacementStatus.PROPOSED: ("introduction", "end"),
    PlacementStatus.INTRODUCTION: ("start", "end"),
    PlacementStatus.STARTED: ("evaluate", "end", "convert"),
    PlacementStatus.EVALUATED: ("end", "convert"),
    PlacementStatus.ENDED: ("next_step",),
    PlacementStatus.CONVERTED: (),
}
ACTION_TITLES = {
    "introduction": _lazy("Plan the introduction"),
    "start": _lazy("Start the placement"),
    "evaluate": _lazy("Evaluate"),
    "end": _lazy("End the placement"),
    "convert": _lazy("Converted to paid work"),
    "next_step": _lazy("Plan the next step"),
}


def _render_placement(
    request: HttpRequest, placement: Placement, *, bound: dict[str, Any] | None = None
) -> HttpResponse:
    user = request_user(request)
    categories = queries.visible_categories(user, placement)
    if not categories:
        raise Http404
    is_staff = queries.is_staff_for(user, placement, Action.CHANGE)
    action_forms = []
    if is_staff:
        for name in ACTIONS_BY_STATUS[placement.status]:
            form = (bound or {}).get(name) or ACTION_FORMS[name](prefix=name)
            action_forms.append({"name": name, "title": ACTION_TITLES[name], "form": form})
    team_form = None
    if queries.is_caseload_of(user, placement.person, Action.CHANGE):
        team_form = (bound or {}).get("team") or forms.TeamForm(placement=placement)
    checkins = list(queries.checkins_for(user, placement, categories))
    record_view(
        request,
        person_ids=[placement.person_id],
        categories=_shown_categories(categories),
        action_name="Placement",
        purpose=queries.PURPOSE,
    )
    profile = _profile_rows(placement.person) if is_staff else None
    shared = _profile_rows(placement.person) if not is_staff and "language" in categories else None
    return render(
        request,
        "placements/placement_detail.html",
        {
            "placement": placement,
            "categories": categories,
            "is_staff": is_staff,
            "sees_outcomes": queries.is_caseload_of(user, placement.person, Action.VIEW),
            "profile": profile,
            "shared_speaking": shared["speaking"] if shared else "",
            "shared_listening": shared["listening"] if shared else "",
            "action_forms": action_forms,
            "team_form": team_form,
            "done_checkins": [c for c in checkins if c.done_at],
            "planned_checkins": [c for c in checkins if not c.done_at],
            "can_check_in": placement.status
            in (
                PlacementStatus.INTRODUCTION,
                PlacementStatus.STARTED,
                PlacementStatus.EVALUATED,
                PlacementStatus.CONVERTED,
            ),
            "explanation": placement.explanation,
        },
        status=400 if bound else 200,
    )


@login_required
def placement_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    return _render_placement(request, _scoped_placement(request, public_id, Action.VIEW))


@login_required
@require_POST
def placement_action(request: HttpRequest, public_id: str, action: str) -> HttpResponse:
    user = request_user(request)
    placement = _scoped_placement(request, public_id, Action.CHANGE)
    _require(queries.is_staff_for(user, placement, Action.CHANGE))
    if action not in ACTIONS_BY_STATUS[placement.status]:
        raise Http404
    form = ACTION_FORMS[action](request.POST, prefix=action)
    if form.is_valid():
        data = form.cleaned_data
        calls: dict[str, Callable[[], Placement]] = {
            "introduction": lambda: services.plan_introduction(user, placement, data["on"]),
            "start": lambda: services.start(user, placement, data["on"], data.get("planned_end")),
            "evaluate": lambda: services.evaluate(user, placement, data["on"], data["text"]),
            "end": lambda: services.end(
                user,
                placement,
                data["on"],
                data["reason"],
                next_step=data.get("next_step", ""),
                next_step_on=data.get("next_step_on"),
                outcome=data.get("outcome", ""),
            ),
            "convert": lambda: services.convert_to_paid_work(user, placement, data["on"]),
            "next_step": lambda: services.set_next_step(
                user, placement, data["next_step"], data.get("next_step_on")
            ),
        }
        try:
            calls[action]()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The placement is updated."))
            return redirect("placements:placement_detail", public_id=placement.public_id)
    return _render_placement(request, placement, bound={action: form})


@login_required
@require_POST
def placement_team(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    placement = _scoped_placement(request, public_id, Action.CHANGE)
    _require(queries.is_caseload_of(user, placement.person, Action.CHANGE))
    form = forms.TeamForm(request.POST, placement=placement)
    if not form.is_valid():
        return _render_placement(request, placement, bound={"team": form})
    services.assign_team(user, placement, **form.cleaned_data)
    messages.success(request, _("The team is saved."))
    return redirect("placements:placement_detail", public_id=placement.public_id)


@login_required
def check_in(request: HttpRequest, public_id: str) -> HttpResponse:
    """A short, phone-friendly check-in by the job coach or the employer."""
    user = request_user(request)
    placement = _scoped_placement(request, public_id, Action.CHANGE)
    categories = queries.visible_categories(user, placement, Action.CHANGE)
    if not categories:
        raise Http404
    scheduled: CheckIn | None = None
    key = str(request.GET.get("gepland") or request.POST.get("scheduled") or "")
    if key:
        scheduled = get_object_or_404(
            placement.checkins.filter(done_at__isnull=True), pk=int(key) if key.isdigit() else 0
        )
    form = forms.CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.check_in(
                user,
                placement,
                mood=form.cleaned_data["mood"],
                note=form.cleaned_data["note"],
                scheduled=scheduled,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you, the check-in is saved."))
        return redirect("placements:placement_detail", public_id=placement.public_id)
    record_view(
        request,
        person_ids=[placement.person_id],
        categories=_shown_categories(categories & LISTED_CATEGORIES),
        action_name="Placement check-in form",
        purpose=queries.PURPOSE,
    )
    return render(
        request,
        "placements/check_in.html",
        {
            "placement": placement,
            "form": form,
            "scheduled": scheduled,
            "show_name": "identity" in categories,
            "aftercare": scheduled is not None and scheduled.kind == CheckInKind.AFTERCARE,
        },
    )


# --------------------------------------------------------------------------- buddy, language coach

SUPPORT_ROLE_LABELS = {"buddy": _lazy("Buddy"), "language_coach": _lazy("Language coach")}


def _require_supporter(user: User) -> None:
    _require(has_any_role(user, *(role for _field, role in queries.SUPPORT_ASSIGNMENTS)))


def _record_support(request: HttpRequest, person_ids: list[int], action_name: str) -> None:
    """What a supporter sees is always the name and the placement, for the placement."""
    record_view(
        request,
        person_ids=person_ids,
        categories=list(queries.SUPPORT_CATEGORIES),
        action_name=action_name,
        purpose=queries.PURPOSE,
    )


@login_required
def support_placements(request: HttpRequest) -> HttpResponse:
    """The buddy's or language coach's own list: name and placement, nothing more."""
    user = request_user(request)
    _require_supporter(user)
    items = list(queries.support_placements_for_user(user).order_by("person__family_name"))
    _record_support(request, [p.person_id for p in items], "Placements I support")
    return render(
        request,
        "placements/support_placements.html",
        {
            "rows": [
                {"placement": p, "role": SUPPORT_ROLE_LABELS[queries.support_role(user, p)]}
                for p in items
            ],
        },
    )


@login_required
def support_placement(request: HttpRequest, public_id: str) -> HttpResponse:
    """One placement for its buddy or language coach: who, where, when, and their own
    check-ins (a short one can be added). No BSN, contact details, intake or dossier."""
    user = request_user(request)
    _require_supporter(user)
    placement = get_object_or_404(queries.support_placements_for_user(user), public_id=public_id)
    form = forms.CheckInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.check_in(
            user, placement, mood=form.cleaned_data["mood"], note=form.cleaned_data["note"]
        )
        messages.success(request, _("Thank you, the check-in is saved."))
        return redirect("placements:support_placement", public_id=placement.public_id)
    _record_support(request, [placement.person_id], "Placement I support")
    return render(
        request,
        "placements/support_placement.html",
        {
            "placement": placement,
            "offer": placement.offer,
            "role": SUPPORT_ROLE_LABELS[queries.support_role(user, placement)],
            "dayparts": [forms.DAYPART_LABELS[str(d)] for d in placement.offer.dayparts],
            "checkins": queries.own_checkins(placement, user),
            "form": form,
        },
        status=400 if form.is_bound else 200,
    )


# --------------------------------------------------------------------------- outcomes, consent


def _caseload_person(request: HttpRequest, public_id: str, action: Action) -> Person:
    return person_or_404(request, public_id, action)


@login_required
def outcomes(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    person = _caseload_person(request, public_id, action)
    own_placements = Placement.objects.filter(person=person).select_related("offer")
    form = forms.OutcomeForm(request.POST or None, person_placements=own_placements)
    if request.method == "POST" and form.is_valid():
        services.record_outcome(user, person, **form.cleaned_data)
        messages.success(request, _("The outcome is recorded."))
        return redirect("placements:outcomes", public_id=person.public_id)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.WORK, DataCategory.EDUCATION],
        action_name="Outcomes",
        purpose=queries.PURPOSE,
    )
    return render(
        request,
        "placements/outcomes.html",
        {
            "person": person,
            "outcomes": queries.outcomes_of(person),
            "form": form if queries.is_caseload_of(user, person, Action.CHANGE) else None,
        },
        status=400 if form.is_bound else 200,
    )


@login_required
def consents(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request_user(request)
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    person = _caseload_person(request, public_id, action)
    form = forms.ConsentForm(request.POST or None, user=user)
    if request.method == "POST":
        withdraw = request.POST.get("withdraw")
        if withdraw:
            consent = get_object_or_404(
                queries.consents_of(person), pk=int(withdraw) if withdraw.isdigit() else 0
            )
            services.withdraw_consent(user, consent)
            messages.success(request, _("The consent is withdrawn."))
            return redirect("placements:consents", public_id=person.public_id)
        if form.is_valid():
            services.give_consent(
                user, person, form.cleaned_data["organisation"], form.cleaned_data["categories"]
            )
            messages.success(request, _("The consent is recorded."))
            return redirect("placements:consents", public_id=person.public_id)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY],
        action_name="Consents to share with employers",
        purpose=queries.PURPOSE,
    )
    labels = forms.ConsentForm.base_fields["categories"].choices  # type: ignore[attr-defined]
    names = dict(labels)
    return render(
        request,
        "placements/consents.html",
        {
            "person": person,
            "consents": [
                {"consent": c, "categories": [names.get(x, x) for x in c.data_categories]}
                for c in queries.consents_of(person)
            ],
            "form": form,
            "can_change": queries.is_caseload_of(user, person, Action.CHANGE),
        },
        status=400 if form.is_bound else 200,
    )
