"""The newcomer's portal ("Mijn inburgering"): sign-in (DigiD or the klantmanager's
one-time link), and the pages about their own data, each leaving a processing record with
the newcomer as actor. Plus the klantmanager's page that makes the one-time link."""

from __future__ import annotations

import base64
import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.agenda import queries as agenda_queries
from spil.agenda import services as agenda_services
from spil.audit.purposes import DataCategory, ProcessingAction
from spil.audit.services import record_by_newcomer, record_view
from spil.core.newcomer_texts import NEWCOMER_LANGUAGES, RTL_LANGUAGES
from spil.elearning import content as elearning_content
from spil.elearning import queries as elearning_queries
from spil.elearning import services as elearning_services
from spil.persons import services as person_services
from spil.persons.models import BasisKind, Person
from spil.persons.queries import person_or_404
from spil.portal import digid, documents, queries, services
from spil.portal.forms import (
    AbsenceForm,
    ElearningAnswerForm,
    ElearningQuestionForm,
    LanguageForm,
    SignInLinkForm,
)
from spil.portal.session import (
    current_person,
    newcomer_required,
    own_language,
    portal_language,
    set_portal_language,
    sign_in_person,
    sign_out_person,
)
from spil.portal.texts import texts
from spil.programmes.services import attendance as attendance_service


def _context(request: HttpRequest, person: Person | None, page: str) -> dict[str, Any]:
    language = portal_language(request, person)
    own = own_language(person) if person is not None else language
    return {
        "t": texts(language),
        "lang": language,
        "dir": "rtl" if language in RTL_LANGUAGES else "ltr",
        "own_language": own,
        "own_language_name": NEWCOMER_LANGUAGES[own],
        "languages": NEWCOMER_LANGUAGES,
        "person": person,
        "page": page,
        "has_elearning": person is not None and elearning_queries.has_elearning(person),
    }


def _page(
    request: HttpRequest,
    person: Person,
    page: str,
    categories: list[DataCategory],
    extra: dict[str, Any] | None = None,
    *,
    status: int = 200,
) -> HttpResponse:
    record_by_newcomer(person.pk, categories=categories, action_name=f"Portal: {page}")
    context = _context(request, person, page)
    context.update(extra or {})
    return render(request, f"portal/{page}.html", context, status=status)


# --------------------------------------------------------------------------- sign-in


def sign_in(request: HttpRequest) -> HttpResponse:
    """Sign in with DigiD; how to get a one-time link without DigiD. The language links
    choose the page's language before anyone is known."""
    if current_person(request) is not None:
        return redirect("portal:home")
    chosen = request.GET.get("lang", "")
    if chosen in NEWCOMER_LANGUAGES:
        set_portal_language(request, chosen)
    context = _context(request, None, "sign_in")
    context["digid"] = digid.backend() is not None
    context["not_found"] = request.GET.get("error") == "not_found"
    context["unavailable"] = request.GET.get("error") == "unavailable"
    return render(request, "portal/sign_in.html", context)


@require_POST
def digid_start(request: HttpRequest) -> HttpResponse:
    backend = digid.backend()
    if backend is None:
        raise Http404
    return backend.start(request, request.build_absolute_uri(reverse("portal:digid_return")))


def digid_return(request: HttpRequest) -> HttpResponse:
    backend = digid.backend()
    if backend is None:
        raise Http404
    bsn = backend.finish(request)
    person = services.person_for_bsn(bsn) if bsn else None
    if person is None:
        return redirect(f"{reverse('portal:sign_in')}?error=not_found")
    sign_in_person(request, person)
    return redirect("portal:home")


def link_sign_in(request: HttpRequest, token: str) -> HttpResponse:
    """The one-time link: the page asks to confirm (so that a mail scanner opening the link
    does not use it up); the button signs in."""
    context = _context(request, None, "link")
    if request.method == "POST":
        person = services.redeem_sign_in_link(token)
        if person is not None:
            sign_in_person(request, person)
            return redirect("portal:home")
        context["invalid"] = True
        return render(request, "portal/link.html", context, status=410)
    return render(request, "portal/link.html", context)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    sign_out_person(request)
    return redirect("portal:sign_in")


@require_POST
def language(request: HttpRequest) -> HttpResponse:
    """The switch on every page: to Dutch, or back to the newcomer's own language."""
    form = LanguageForm(request.POST)
    if form.is_valid():
        set_portal_language(request, form.cleaned_data["language"])
    target = request.POST.get("next", "")
    if not target.startswith("/mijn/"):
        target = reverse("portal:home")
    return redirect(target)


# --------------------------------------------------------------------------- pages


@newcomer_required
def home(request: HttpRequest, person: Person) -> HttpResponse:
    return _page(
        request,
        person,
        "home",
        [DataCategory.IDENTITY, DataCategory.TRAJECTORY, DataCategory.CONTACT_MOMENTS],
        {"home": queries.home(person)},
    )


@newcomer_required
def plan(request: HttpRequest, person: Person) -> HttpResponse:
    language = portal_language(request, person)
    summaries = queries.plan(person, language)
    return _page(
        request,
        person,
        "plan",
        [DataCategory.IDENTITY, DataCategory.TRAJECTORY],
        {
            "summary": summaries[0] if summaries else None,
            "dutch": summaries[1] if summaries and language != "nl" else None,
        },
    )


@newcomer_required
def agenda(request: HttpRequest, person: Person) -> HttpResponse:
    language = portal_language(request, person)
    return _page(
        request,
        person,
        "agenda",
        [DataCategory.TRAJECTORY, DataCategory.WORK, DataCategory.CONTACT_MOMENTS],
        {
            "agenda": queries.agenda(person, language),
            # Shown once, right after it was made: the database keeps only its hash.
            "ical_token": agenda_services.take_new_feed_token(
                request, agenda_queries.active_feed(person=person)
            ),
            "sent": request.GET.get("sent") == "1",
        },
    )


@newcomer_required
@require_POST
def agenda_link(request: HttpRequest, person: Person) -> HttpResponse:
    agenda_services.remember_new_feed(request, agenda_services.make_own_feed(person))
    return redirect("portal:agenda")


@newcomer_required
def absence(request: HttpRequest, person: Person, session_id: int) -> HttpResponse:
    """Report that you cannot come to a session (afmelden), with a reason."""
    session = queries.own_session(person, session_id)
    if session is None:
        raise Http404
    form = AbsenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            attendance_service.report_absence(session, person, form.cleaned_data["reason"])
        except attendance_service.AbsenceNotAllowedError as error:
            raise Http404 from error
        return redirect(f"{reverse('portal:agenda')}?sent=1")
    return _page(
        request,
        person,
        "absence",
        [DataCategory.TRAJECTORY],
        {"session": session, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@newcomer_required
def progress(request: HttpRequest, person: Person) -> HttpResponse:
    return _page(
        request,
        person,
        "progress",
        [DataCategory.TRAJECTORY, DataCategory.LANGUAGE],
        {"progress": queries.progress(person)},
    )


@newcomer_required
def people(request: HttpRequest, person: Person) -> HttpResponse:
    helpers = [(role, queries.contact_of(user)) for role, user in queries.people(person)]
    return _page(
        request,
        person,
        "people",
        [DataCategory.TRAJECTORY],
        {"helpers": helpers},
    )


@newcomer_required
def data(request: HttpRequest, person: Person) -> HttpResponse:
    language = portal_language(request, person)
    return _page(
        request,
        person,
        "data",
        [
            DataCategory.IDENTITY,
            DataCategory.CONTACT,
            DataCategory.ADDRESS,
            DataCategory.LANGUAGE,
            DataCategory.TRAJECTORY,
        ],
        {
            "log": queries.processing_log(person, language),
            "sharing": queries.sharing(person, language),
            "sharing_done": request.GET.get("sharing", ""),
        },
    )


@newcomer_required
def consent(request: HttpRequest, person: Person, basis_id: int) -> HttpResponse:
    """The newcomer agrees to or refuses a request, or stops sharing (consent only)."""
    if request.method != "POST":
        return redirect("portal:data")
    basis = queries.own_basis(person, basis_id)
    if basis is None:
        raise Http404
    answer = request.POST.get("answer", "")
    if answer in ("agree", "refuse") and basis.given_at is None:
        person_services.answer_consent_request(basis, give=answer == "agree")
        done = "agreed" if answer == "agree" else "refused"
    elif answer == "stop" and basis.kind == BasisKind.CONSENT and basis.given_at is not None:
        person_services.withdraw_basis(basis, by_newcomer=True)
        done = "stopped"
    else:
        return HttpResponseBadRequest()
    return redirect(reverse("portal:data") + f"?sharing={done}#sharing")


# --------------------------------------------------------------------------- e-learning


@newcomer_required
def elearning(request: HttpRequest, person: Person) -> HttpResponse:
    """The newcomer's MAP e-learning: the modules, their state, the end date, and the
    questions they sent with the trainer's answers."""
    language = portal_language(request, person)
    plan = elearning_queries.plan_for(person)
    rows = []
    for state in plan.modules if plan else []:
        title = elearning_content.pick(state.version.content.get("title"), language)
        rows.append({"state": state, "title": title, "next": state.next_page()})
    questions = elearning_queries.own_questions(person) if plan else []
    return _page(
        request,
        person,
        "elearning",
        [DataCategory.TRAJECTORY],
        {"plan": plan, "rows": rows, "questions": questions, "finished": request.GET.get("done")},
    )


def _module_state(
    person: Person, code: str, number: int
) -> tuple[elearning_queries.Plan, elearning_queries.ModuleState]:
    plan = elearning_queries.plan_for(person)
    state = plan.module(code) if plan else None
    if plan is None or state is None or not 1 <= number <= len(state.pages):
        raise Http404
    return plan, state


def _page_view(state: elearning_queries.ModuleState, number: int, language: str) -> dict[str, Any]:
    """One page of a module in the reader's language (Dutch where it has no translation)."""
    raw = state.pages[number - 1]
    view: dict[str, Any] = {"kind": raw["kind"], "key": raw["key"], "number": number}
    used: set[str] = set()
    for field in ("title", "body", "prompt", "right", "wrong"):
        if field in raw:
            picked = elearning_content.pick(raw[field], language)
            view[field] = picked.text
            used.add(picked.language)
    view["options"] = [
        elearning_content.pick(option, language).text for option in raw.get("options", [])
    ]
    view["lang"] = "nl" if "nl" in used and language != "nl" else language
    view["image"] = raw.get("image")
    if view["image"]:
        view["image_alt"] = elearning_content.pick(view["image"].get("alt"), language).text
    view["audio"] = raw.get("audio", "")
    view["video"] = raw.get("video", "")
    return view


def _elearning_page_context(
    request: HttpRequest,
    person: Person,
    state: elearning_queries.ModuleState,
    number: int,
    **extra: Any,
) -> dict[str, Any]:
    language = portal_language(request, person)
    pages = len(state.pages)
    done = set(state.progress.pages_done) if state.progress else set()
    return {
        "state": state,
        "module_title": elearning_content.pick(state.version.content.get("title"), language).text,
        "p": _page_view(state, number, language),
        "number": number,
        "pages": pages,
        "percent": int(100 * len(done) / pages) if pages else 0,
        "page_done": state.pages[number - 1]["key"] in done,
        "next_number": number + 1 if number < pages else None,
        "answer": (state.progress.answers if state.progress else {}).get(
            state.pages[number - 1]["key"], {}
        ),
        **extra,
    }


@newcomer_required
def elearning_page(request: HttpRequest, person: Person, code: str, number: int) -> HttpResponse:
    """A page of a module: read a text, answer a check question (instant feedback, try
    again), write a reflection. Progress is saved per page."""
    plan, state = _module_state(person, code, number)
    if request.method != "POST":
        elearning_services.open_page(plan, state)
        context = _elearning_page_context(
            request, person, state, number, asked=request.GET.get("asked")
        )
        return _page(request, person, "elearning_page", [DataCategory.TRAJECTORY], context)
    form = ElearningAnswerForm(request.POST)
    value = form.cleaned_data["answer"] if form.is_valid() else ""
    result = elearning_services.answer_page(plan, state, number, value)
    kind = state.pages[number - 1]["kind"]
    if result.module_finished:
        return redirect(f"{reverse('portal:elearning')}?done={state.module.code}")
    if not result.error and kind != "choice":
        return redirect("portal:elearning_page", code=code, number=number + 1)
    context = _context(request, person, "elearning_page")
    context.update(
        _elearning_page_context(
            request, person, state, number, result=result, submitted=value, checked=True
        )
    )
    status = 400 if result.error else 200
    return render(request, "portal/elearning_page.html", context, status=status)


@newcomer_required
def elearning_ask(request: HttpRequest, person: Person, code: str, number: int) -> HttpResponse:
    """Ask the trainer a question from a page of a module."""
    _plan, state = _module_state(person, code, number)
    form = ElearningQuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        elearning_services.ask_trainer(person, state.module, number, form.cleaned_data["question"])
        return redirect(f"{reverse('portal:elearning_page', args=[code, number])}?asked=1")
    language = portal_language(request, person)
    return _page(
        request,
        person,
        "elearning_ask",
        [DataCategory.TRAJECTORY],
        {
            "state": state,
            "number": number,
            "form": form,
            "module_title": elearning_content.pick(
                state.version.content.get("title"), language
            ).text,
        },
        status=400 if request.method == "POST" else 200,
    )


_EXPORT_CATEGORIES = [
    DataCategory.IDENTITY,
    DataCategory.BSN,
    DataCategory.CONTACT,
    DataCategory.ADDRESS,
    DataCategory.HOUSEHOLD,
    DataCategory.LANGUAGE,
    DataCategory.TRAJECTORY,
    DataCategory.WORK,
]


@newcomer_required
def data_json(request: HttpRequest, person: Person) -> HttpResponse:
    held = queries.held_data(person)
    record_by_newcomer(
        person.pk,
        categories=_EXPORT_CATEGORIES,
        action_name="Portal: download (JSON)",
        action=ProcessingAction.EXPORT,
    )
    response = HttpResponse(documents.data_json(held), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="spil-mijn-gegevens.json"'
    return response


@newcomer_required
def data_pdf(request: HttpRequest, person: Person) -> HttpResponse:
    held = queries.held_data(person)
    record_by_newcomer(
        person.pk,
        categories=_EXPORT_CATEGORIES,
        action_name="Portal: download (PDF)",
        action=ProcessingAction.EXPORT,
    )
    context = _context(request, person, "data")
    context["log"] = queries.processing_log(person, context["lang"])
    response = HttpResponse(documents.data_pdf(held, context), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="spil-mijn-gegevens.pdf"'
    return response


# --------------------------------------------------------------------------- staff


def _qr_svg(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@login_required
def staff_link(request: HttpRequest, public_id: str) -> HttpResponse:
    """The klantmanager makes a one-time sign-in link for a newcomer without DigiD: shown
    with a QR code to scan in the office, and e-mailed on request."""
    person = person_or_404(request, public_id, Action.CHANGE)
    actor = request_user(request)
    context: dict[str, Any] = {"person": person, "form": SignInLinkForm()}
    if request.method == "POST":
        form = SignInLinkForm(request.POST)
        if form.is_valid():
            token = services.issue_sign_in_link(person, actor=actor)
            url = request.build_absolute_uri(reverse("portal:link", args=[token]))
            context["url"] = url
            context["qr"] = _qr_svg(url)
            context["minutes"] = int(services.link_lifetime().total_seconds() // 60)
            if form.cleaned_data["email"]:
                context["emailed"] = services.email_sign_in_link(person, url)
                context["email_asked"] = True
            return render(request, "portal/staff_link.html", context)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY, DataCategory.CONTACT],
        action_name="Portal sign-in link page",
    )
    return render(request, "portal/staff_link.html", context)
