"""The caseload remembers the klantmanager's filters and keeps views: ready-made ones ("my
urgent", "intake not started", "PIP due in 2 weeks") and views of their own."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.dossier import services
from spil.dossier.models import CaseloadView
from spil.persons.tests import factories
from spil.testing import World, sign_in
from spil.trajectories.models import DeadlineKind, TrajectoryStatus

pytestmark = pytest.mark.django_db

URL = reverse("persons:caseload")


def names(response: Any) -> list[str]:
    return re.findall(r'href="/personen/[0-9a-f-]+/">([^,<]+),', response.content.decode())


@pytest.fixture
def client_a(world: World) -> Client:
    client = sign_in(Client(), world.user("klantmanager_a"))
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def people(world: World) -> dict[str, Any]:
    km = world.user("klantmanager_a")
    today = timezone.localdate()
    mine = factories.make_person(world.gemeente_a, "Mine")
    mine.regisseur = km
    mine.save()
    factories.make_trajectory(
        mine, next_deadline=today + timedelta(days=10), kind=DeadlineKind.LEERROUTE
    )
    factories.make_signal(mine, "SS126", "urgent")
    theirs = factories.make_person(world.gemeente_a, "Theirs")
    factories.make_trajectory(
        theirs, next_deadline=today + timedelta(days=40), kind=DeadlineKind.LEERROUTE
    )
    factories.make_signal(theirs, "SS126", "urgent")
    fresh = factories.make_person(world.gemeente_a, "Fresh")
    factories.make_trajectory(fresh, status=TrajectoryStatus.NEW, next_deadline=date(2027, 6, 1))
    return {"mine": mine, "theirs": theirs, "fresh": fresh}


def test_ready_made_views_narrow_the_caseload(client_a: Client, people: dict[str, Any]) -> None:
    page = client_a.get(URL).content.decode()
    for label in ("My urgent", "Intake not started", "PIP due in 2 weeks"):
        assert label in page
    assert names(client_a.get(URL, {"mine": "on", "signal": "urgent"})) == ["Mine"]
    assert names(client_a.get(URL, {"status": "new"})) == ["Fresh"]
    due_soon = client_a.get(URL, {"deadline_kind": "leerroute", "due_within": "14"})
    assert names(due_soon) == ["Mine"]
    assert 'aria-current="page">PIP due in 2 weeks' in due_soon.content.decode()


def test_a_returning_user_sees_the_last_filters(
    world: World, client_a: Client, people: dict[str, Any]
) -> None:
    client_a.get(URL, {"status": "new", "q": "Fresh"})
    remembered = CaseloadView.objects.get(user=world.user("klantmanager_a"), name="")
    assert remembered.params == {"status": "new"}  # never the search text
    # Another session of the same user (signed in again) opens on those filters.
    again = sign_in(Client(), world.user("klantmanager_a"))
    response = again.get(URL)
    assert response.status_code == 302 and response["Location"] == f"{URL}?status=new"
    assert names(again.get(response["Location"])) == ["Fresh"]
    # Clearing them (the sort order stays) is remembered too.
    again.get(URL, {"sort": "name"})
    assert again.get(URL)["Location"] == f"{URL}?sort=name"
    assert names(again.get(f"{URL}?sort=name")) == ["Fresh", "Mine", "Testpersoon", "Theirs"]
    # Someone else's caseload is not affected.
    other = sign_in(Client(), world.user("klantmanager_b"))
    assert other.get(URL).status_code == 200


def test_saving_and_deleting_an_own_view(
    world: World, client_a: Client, people: dict[str, Any]
) -> None:
    save = reverse("persons:caseload_view_save")
    response = client_a.post(f"{save}?signal=urgent&sort=name", {"name": "  Spoed  "})
    assert response.status_code == 302
    view = CaseloadView.objects.get(name="Spoed")
    assert view.params == {"signal": "urgent", "sort": "name"}
    page = client_a.get(response["Location"]).content.decode()
    assert "The view “Spoed” was saved." in page
    assert names(client_a.get(response["Location"])) == ["Mine", "Theirs"]
    # The same name again replaces the view.
    client_a.post(f"{save}?status=new", {"name": "Spoed"})
    view.refresh_from_db()
    assert view.params == {"status": "new"}
    # Nobody deletes another user's view; the owner does.
    delete = reverse("persons:caseload_view_delete", args=[view.pk])
    sign_in(Client(), world.user("klantmanager_b")).post(delete)
    assert CaseloadView.objects.filter(pk=view.pk).exists()
    assert client_a.get(delete).status_code == 405
    client_a.post(delete)
    assert not CaseloadView.objects.filter(pk=view.pk).exists()


def test_a_view_needs_a_name_and_the_list_stays_short(world: World) -> None:
    km = world.user("klantmanager_a")
    with pytest.raises(ValidationError) as empty:
        services.save_caseload_view(km, "   ", {"status": "new"})
    assert "name" in empty.value.message_dict
    for number in range(services.MAX_SAVED_VIEWS):
        services.save_caseload_view(km, f"View {number}", {"status": "new"})
    with pytest.raises(ValidationError):
        services.save_caseload_view(km, "One too many", {"status": "new"})
    services.save_caseload_view(km, "View 3", {"status": "running"})  # replacing is fine
    # The remembered filters are not a saved view and cannot be deleted as one.
    services.remember_caseload_filters(km, {"status": "new"}, None)
    remembered = CaseloadView.objects.get(user=km, name="")
    assert not services.delete_caseload_view(km, remembered.pk)


def test_the_filters_options_follow_the_language_of_each_visit(client_a: Client) -> None:
    """The options that are the same for every user are made once per language: one
    visit in English does not leave its labels in the next visit in Dutch."""
    english = client_a.get(URL).content.decode()
    assert '<option value="active">Any active status</option>' in english
    assert '<option value="urgent">Any urgent signal</option>' in english
    client_a.cookies["django_language"] = "nl"
    dutch = client_a.get(URL).content.decode()
    assert '<option value="active">Elke actieve status</option>' in dutch
    assert '<option value="urgent">Elk urgent signaal</option>' in dutch
    assert "Any active status" not in dutch
    client_a.cookies["django_language"] = "en"
    assert "Any active status" in client_a.get(URL).content.decode()
