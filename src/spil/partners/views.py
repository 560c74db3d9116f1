"""Who may see what and why: the klantmanager's access page per person, the processing
agreements, and the partner's own pages (their participants, each within its basis)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from spil.accounts.access import Action
from spil.accounts.queries import request_user
from spil.audit.purposes import CATEGORY_LABELS, PURPOSES, DataCategory, Purpose
from spil.audit.services import record_view
from spil.core.form_helpers import add_validation_errors
from spil.partners import queries
from spil.partners.forms import AgreementForm, ConsentForm, ContractForm
from spil.persons import queries as persons
from spil.persons import services as person_services
from spil.persons.models import AccessBasis, BasisKind, Person
from spil.persons.queries import person_or_404


def category_labels(categories: list[str] | frozenset[str]) -> list[str]:
    return [str(CATEGORY_LABELS[DataCategory(c)]) for c in sorted(categories)]


def purpose_name(code: str) -> str:
    return str(PURPOSES[Purpose(code)].name)


def basis_status(basis: AccessBasis, active_ids: set[int]) -> str:
    if basis.pk in active_ids:
        return "active"
    if basis.withdrawn_at is not None:
        return "withdrawn" if basis.kind == BasisKind.CONSENT else "ended"
    if basis.given_at is None:
        return "asked"
    return "not_in_force"


def describe_bases(person: Person) -> list[dict[str, Any]]:
    bases = list(persons.bases_of(person))
    active = {b.pk for b in persons.active_bases_on().filter(person=person)}
    return [
        {
            "basis": basis,
            "status": basis_status(basis, active),
            "purpose": purpose_name(basis.purpose),
            "categories": category_labels(
                persons.effective_categories([basis])
                if basis.pk in active
                else basis.data_categories
            ),
        }
        for basis in bases
    ]


@login_required
def person_access(request: HttpRequest, public_id: str) -> HttpResponse:
    changing = request.method == "POST"
    person = person_or_404(request, public_id, Action.CHANGE if changing else Action.VIEW)
    actor = request_user(request)
    consent_form = ConsentForm(request.POST if request.POST.get("do") == "consent" else None)
    contract_form = ContractForm(
        request.POST if request.POST.get("do") == "contract" else None, person=person
    )
    if changing:
        done = _change_access(request, person, consent_form, contract_form)
        if done:
            return redirect("partners:person_access", public_id=person.public_id)
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory.IDENTITY],
        action_name="Who may see what and why",
    )
    can_change = persons.persons_for_user(actor, Action.CHANGE).filter(pk=person.pk).exists()
    return render(
        request,
        "partners/person_access.html",
        {
            "person": person,
            "rows": describe_bases(person),
            "consent_form": consent_form,
            "contract_form": contract_form,
            "can_change": can_change,
        },
        status=400 if consent_form.errors or contract_form.errors else 200,
    )


def _change_access(
    request: HttpRequest, person: Person, consent_form: ConsentForm, contract_form: ContractForm
) -> bool:
    actor = request_user(request)
    action = request.POST.get("do")
    try:
        if action == "end":
            basis_id = request.POST.get("basis", "")
            basis = get_object_or_404(
                persons.bases_of(person), pk=int(basis_id) if basis_id.isdigit() else 0
            )
            person_services.withdraw_basis(basis, actor=actor)
            messages.success(
                request, _("Access of %(org)s has ended.") % {"org": basis.organisation}
            )
            return True
        if action == "consent" and consent_form.is_valid():
            data = consent_form.cleaned_data
            if data["given_how"] == "ask":
                person_services.request_consent(
                    person,
                    data["organisation"],
                    purpose=data["purpose"],
                    categories=data["categories"],
                    actor=actor,
                    valid_until=data["valid_until"],
                )
                messages.success(request, _("The newcomer is asked in Mijn inburgering."))
            else:
                person_services.record_consent(
                    person,
                    data["organisation"],
                    purpose=data["purpose"],
                    categories=data["categories"],
                    given_how=data["given_how"],
                    actor=actor,
                    valid_until=data["valid_until"],
                )
                messages.success(request, _("The consent is recorded."))
            return True
        if action == "contract" and contract_form.is_valid():
            data = contract_form.cleaned_data
            person_services.grant_contracted_access(
                person, data["agreement"], actor=actor, valid_until=data["valid_until"]
            )
            messages.success(request, _("The contracted organisation has access."))
            return True
    except ValidationError as exc:
        form = consent_form if action == "consent" else contract_form
        add_validation_errors(form, exc, rename={"data_categories": "categories"})
    return False


# --------------------------------------------------------------------------- agreements


@login_required
def agreements(request: HttpRequest) -> HttpResponse:
    return _agreement_page(request, None)


@login_required
def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(queries.agreements_for_user(request.user), pk=pk)
    return _agreement_page(request, agreement)


def _agreement_page(request: HttpRequest, agreement: Any) -> HttpResponse:
    if not queries.can_manage_agreements(request.user):
        raise PermissionDenied
    municipalities = queries.agreement_municipalities(request.user)
    initial = {}
    if agreement is not None:
        initial = {
            "municipality": agreement.municipality,
            "processor": agreement.processor,
            "reference": agreement.reference,
            "purpose": agreement.purpose,
            "categories": agreement.data_categories,
            "starts_on": agreement.starts_on,
            "ends_on": agreement.ends_on,
        }
    form = AgreementForm(request.POST or None, initial=initial, municipalities=municipalities)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_services.save_agreement(
                municipality=data["municipality"],
                processor=data["processor"],
                reference=data["reference"],
                purpose=data["purpose"],
                categories=data["categories"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                agreement=agreement,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc, rename={"data_categories": "categories"})
        else:
            messages.success(request, _("The processing agreement is saved."))
            return redirect("partners:agreements")
    today = timezone.localdate()
    rows = [
        {
            "agreement": a,
            "purpose": purpose_name(a.purpose),
            "categories": category_labels(a.data_categories),
            "in_force": queries.agreement_in_force(a, today),
        }
        for a in queries.agreements_for_user(request.user)
    ]
    return render(
        request,
        "partners/agreements.html",
        {"rows": rows, "form": form, "editing": agreement},
        status=400 if form.errors else 200,
    )


# --------------------------------------------------------------------------- partner pages


@login_required
def participants(request: HttpRequest) -> HttpResponse:
    if not queries.is_partner(request.user):
        raise PermissionDenied
    found = queries.participants_with_bases(request.user)
    rows = [
        {
            "person": person,
            "purposes": sorted({purpose_name(b.purpose) for b in bases}),
            "until": min((b.valid_until for b in bases if b.valid_until is not None), default=None),
        }
        for person, bases in found
    ]
    by_purpose: dict[str, list[int]] = {}
    for person, bases in found:
        by_purpose.setdefault(bases[0].purpose if bases else Purpose.REGIE, []).append(person.pk)
    for purpose, person_ids in sorted(by_purpose.items()):
        record_view(
            request,
            person_ids=person_ids,
            categories=[DataCategory.IDENTITY],
            action_name="Partner: own participants (by access basis)",
            purpose=Purpose(purpose),
        )
    return render(request, "partners/participants.html", {"rows": rows})


@login_required
def participant(request: HttpRequest, public_id: str) -> HttpResponse:
    person, bases = persons.partner_person_or_404(request, public_id)
    view = queries.partner_view(person, bases)
    shown = sorted(
        {DataCategory.IDENTITY.value} | (view.categories & {c.value for c in _SHOWN_ON_PAGE}),
    )
    basis = bases[0]
    record_view(
        request,
        person_ids=[person.pk],
        categories=[DataCategory(c) for c in shown],
        action_name=f"Partner: person page (basis: {basis.kind}, {basis.purpose})",
        purpose=Purpose(basis.purpose),
    )
    return render(
        request,
        "partners/participant.html",
        {
            "person": person,
            "view": view,
            "open": view.categories,
            "bases": [
                {
                    "basis": b,
                    "purpose": purpose_name(b.purpose),
                    "categories": category_labels(persons.effective_categories([b])),
                }
                for b in bases
            ],
        },
    )


#: The categories the partner's person page can show (each only when the basis opens it).
_SHOWN_ON_PAGE = (
    DataCategory.BSN,
    DataCategory.CONTACT,
    DataCategory.ADDRESS,
    DataCategory.TRAJECTORY,
    DataCategory.LANGUAGE,
)
