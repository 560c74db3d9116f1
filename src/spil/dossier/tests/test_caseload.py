"""The caseload page: filters, sorting, search, paging, and a query count that does not grow
with the page size."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.audit.models import ProcessingRecord
from spil.dossier.views import caseload_list
from spil.persons.tests import factories
from spil.testing import World, logged_person_ids, sign_in
from spil.trajectories.models import DeadlineKind, Leerroute, TrajectoryStatus

URL = reverse("persons:caseload")


def names(response: Any) -> list[str]:
    """Family names in the order the table shows them."""
    return re.findall(r'href="/personen/[0-9a-f-]+/">([^,<]+),', response.content.decode())


@pytest.fixture
def client_a(world: World) -> Client:
    return sign_in(Client(), world.user("klantmanager_a"))


@pytest.fixture
def caseload(world: World) -> dict[str, Any]:
    """Four people in gemeente A with different trajectories and signals."""
    a = world.gemeente_a
    soon = factories.make_person(a, "Soon")
    factories.make_trajectory(soon, next_deadline=date(2026, 12, 1), kind=DeadlineKind.LEERROUTE)
    factories.make_signal(soon, "SS126", "urgent")
    later = factories.make_person(a, "Later")
    factories.make_trajectory(
        later,
        status=TrajectoryStatus.INTAKE,
        leerroute=Leerroute.Z,
        niveau="",
        next_deadline=date(2027, 6, 1),
        estimate=False,
    )
    ended = factories.make_person(a, "Ended")
    factories.make_trajectory(ended, status=TrajectoryStatus.COMPLETED)
    return {"soon": soon, "later": later, "ended": ended}


def test_sort_by_next_deadline_puts_people_without_one_last(
    client_a: Client, caseload: dict[str, Any]
) -> None:
    assert names(client_a.get(URL)) == ["Soon", "Later", "Ended", "Testpersoon"]
    assert names(client_a.get(URL, {"sort": "name"})) == ["Ended", "Later", "Soon", "Testpersoon"]


def test_row_shows_status_route_deadline_estimate_signals(
    client_a: Client, caseload: dict[str, Any]
) -> None:
    page = client_a.get(URL, {"q": "Soon"}).content.decode()
    assert "Running" in page
    assert "B1-route · B1" in page
    assert 'datetime="2026-12-01"' in page
    assert "Set the learning route (10 weeks)" in page
    assert "estimate" in page
    assert "SS126" in page and "spil-badge--urgent" in page
    later = client_a.get(URL, {"q": "Later"}).content.decode()
    assert "Z-route" in later and "spil-badge--estimate" not in later
    ended = client_a.get(URL, {"q": "Ended"}).content.decode()
    assert "Completed" in ended and "(ended)" in ended


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "running"}, ["Soon"]),
        ({"status": "intake"}, ["Later"]),
        ({"status": "active"}, ["Soon", "Later"]),
        ({"status": "completed"}, ["Ended"]),
        ({"status": "none"}, ["Testpersoon"]),
        ({"leerroute": "z"}, ["Later"]),
        ({"signal": "SS126"}, ["Soon"]),
        ({"signal": "any"}, ["Soon"]),
        ({"signal": "SS127"}, []),
        ({"status": "active", "leerroute": "b1"}, ["Soon"]),
    ],
)
def test_filters(
    client_a: Client, caseload: dict[str, Any], params: dict[str, str], expected: list[str]
) -> None:
    response = client_a.get(URL, params)
    assert response.status_code == 200
    assert names(response) == expected


def test_search_by_bsn_exact_and_by_name(client_a: Client, caseload: dict[str, Any]) -> None:
    bsn = caseload["later"].bsn
    spaced = f"{bsn[:4]} {bsn[4:6]} {bsn[6:]}"
    assert names(client_a.post(URL, {"q": spaced})) == ["Later"]
    assert names(client_a.post(URL, {"q": bsn[:8]})) == []  # no partial BSN matching
    assert names(client_a.post(URL, {"q": "test later"}, follow=True)) == ["Later"]


def test_a_bsn_search_never_enters_an_address(client_a: Client, caseload: dict[str, Any]) -> None:
    bsn = caseload["later"].bsn
    form = client_a.get(URL).content.decode()
    assert re.search(r'<form class="spil-caseload-filters" method="post"', form)
    answered = client_a.post(URL, {"q": bsn, "status": ""})
    assert answered.status_code == 200 and names(answered) == ["Later"]
    assert bsn not in answered.content.decode().split("<main", 1)[0]  # not in links or title
    # A search by name and the filters keep a bookmarkable address, without the BSN.
    by_name = client_a.post(URL, {"q": "test later", "status": "running"})
    assert by_name.status_code == 302
    assert "q=test+later" in by_name["Location"] and "status=running" in by_name["Location"]
    # An address that carries a BSN (an old bookmark) is not searched.
    refused = client_a.get(URL, {"q": bsn})
    assert names(refused) == [] and 'aria-invalid="true"' in refused.content.decode()


def test_a_number_that_is_no_bsn_is_refused_with_the_reason(
    client_a: Client, caseload: dict[str, Any]
) -> None:
    page = client_a.post(URL, {"q": "123456789"})  # nine digits, fails the 11-check
    body = page.content.decode()
    assert page.status_code == 200
    assert "not a valid BSN" in body or "geen geldig BSN" in body
    assert 'aria-invalid="true"' in body and names(page) == []
    api = client_a.post(
        "/api/v1/persons/search/", {"q": "1234 56 789"}, content_type="application/json"
    )
    assert api.status_code == 400
    assert "11-check" in str(api.json()["q"]) or "elfproef" in str(api.json()["q"])


def test_municipality_filter_offers_only_the_users_scope(
    world: World, client_a: Client, caseload: dict[str, Any]
) -> None:
    elsewhere = Organisation.objects.create(name="Gemeente Elders", type=OrganisationType.GEMEENTE)
    factories.make_person(elsewhere, "Elders")
    # Without a shared caseload there is one municipality: no filter shown.
    assert 'name="municipality"' not in client_a.get(URL).content.decode()
    world.regio.shares_caseloads = True
    world.regio.save()
    page = client_a.get(URL).content.decode()
    assert 'name="municipality"' in page
    assert "Gemeente Bedorp" in page and "Gemeente Elders" not in page
    assert "Anderpersoon" in names(client_a.get(URL))
    only_b = client_a.get(URL, {"municipality": world.gemeente_b.pk})
    assert names(only_b) == ["Anderpersoon"]
    # A municipality outside the scope is not a valid choice: the filter is ignored, and
    # nobody of that municipality shows.
    outside = client_a.get(URL, {"municipality": elsewhere.pk})
    assert "Elders" not in names(outside)


def test_pagination_25_per_page(world: World, client_a: Client) -> None:
    for i in range(30):
        factories.make_person(world.gemeente_a, f"Persoon{i:02d}")
    first = client_a.get(URL, {"sort": "name"})
    assert len(names(first)) == 25
    assert "Page 1 of 2" in first.content.decode() or "Pagina 1 van 2" in first.content.decode()
    second = client_a.get(URL, {"sort": "name", "page": "2"})
    assert len(names(second)) == 6
    assert "sort=name" in first.content.decode()  # the page links keep the filters


def test_a_very_long_list_says_more_than_and_still_pages(
    world: World, client_a: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from spil.dossier import queries

    monkeypatch.setattr(queries, "COUNT_LIMIT", 27)
    for i in range(30):
        factories.make_person(world.gemeente_a, f"Persoon{i:02d}")
    first = client_a.get(URL, {"sort": "name"}).content.decode()
    assert "More than 27 persons" in first or "Meer dan 27 personen" in first
    assert "Page 1 of" not in first and "Pagina 1 van" not in first
    second = client_a.get(URL, {"sort": "name", "page": "2"})
    assert len(names(second)) == 6  # a later page counts further: no one is out of reach
    narrowed = client_a.get(URL, {"sort": "name", "q": "Persoon0"}).content.decode()  # 00-09
    assert "10 persons" in narrowed or "10 personen" in narrowed


def test_one_processing_record_with_the_persons_on_the_page(
    world: World, client_a: Client, caseload: dict[str, Any]
) -> None:
    before = ProcessingRecord.objects.count()
    client_a.get(URL, {"status": "active"})
    assert ProcessingRecord.objects.count() == before + 1
    record = ProcessingRecord.objects.latest("pk")
    assert logged_person_ids(record) == {
        caseload["soon"].pk,
        caseload["later"].pk,
    }


def _fill(world: World, count: int) -> None:
    for i in range(count):
        person = factories.make_person(
            world.gemeente_a, f"Vol{i:03d}", regisseur=world.user("klantmanager_a")
        )
        if i % 3:
            factories.make_trajectory(
                person, next_deadline=date(2027, 1, 1) + timedelta(days=i), estimate=bool(i % 2)
            )
        else:
            factories.make_trajectory(person, status=TrajectoryStatus.COMPLETED)
        if i % 2:
            factories.make_signal(person, "SS126")
            factories.make_signal(person, "deadline_near")


def test_query_count_does_not_grow_with_page_size(
    world: World,
    client_a: Client,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    _fill(world, 40)
    client_a.get(URL, {"signal": "any", "status": "active"})  # remembers these filters
    counts = {}
    for size in (5, 40):
        monkeypatch.setattr(caseload_list, "PAGE_SIZE", size)
        with CaptureQueriesContext(connection) as queries:
            response = client_a.get(URL, {"signal": "any", "status": "active"})
        assert response.status_code == 200
        counts[size] = len(queries)
    assert counts[5] == counts[40], counts
    # Unfiltered, ended trajectories show too (one query more), whatever the page size.
    monkeypatch.setattr(caseload_list, "PAGE_SIZE", 5)
    with CaptureQueriesContext(connection) as small:
        client_a.get(URL, {"sort": "name"})
    monkeypatch.setattr(caseload_list, "PAGE_SIZE", 40)
    with django_assert_max_num_queries(len(small)):
        client_a.get(URL, {"sort": "name"})


def test_pages_run_from_people_with_a_deadline_into_those_without(
    world: World, client_a: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    for i in range(7):
        person = factories.make_person(world.gemeente_a, f"Dated{i}")
        factories.make_trajectory(person, next_deadline=date(2027, 1, 7 - i))
    for i in range(6):
        person = factories.make_person(world.gemeente_a, f"Undated{i}")
        if i % 2:
            factories.make_trajectory(person, next_deadline=None)
    monkeypatch.setattr(caseload_list, "PAGE_SIZE", 3)
    seen: list[str] = []
    for number in range(1, 6):
        seen += names(client_a.get(URL, {"page": str(number)}))
    expected = [f"Dated{i}" for i in range(6, -1, -1)]
    expected += sorted(["Testpersoon", *(f"Undated{i}" for i in range(6))])
    assert seen == expected


@pytest.mark.parametrize("sort", ["deadline", "name"])
def test_the_list_reads_no_bsn_and_no_password_hash(
    world: World, client_a: Client, caseload: dict[str, Any], sort: str
) -> None:
    """A row shows a name, a date of birth, a municipality and a klantmanager: the BSN and
    the klantmanager's account are not read for it."""
    with CaptureQueriesContext(connection) as queries:
        page = client_a.get(URL, {"sort": sort})
    assert page.status_code == 200
    assert names(page)
    lists = [q["sql"] for q in queries if 'FROM "persons_person"' in q["sql"]]
    assert lists
    for sql in lists:
        assert '"persons_person"."bsn"' not in sql
        assert '"password"' not in sql
