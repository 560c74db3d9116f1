from __future__ import annotations

from django.test import Client
from django.urls import reverse

from spil.accounts.access import Action, caseload_municipality_ids
from spil.persons.models import Person
from spil.testing import ALL_ROLE_KEYS, World, sign_in


def test_klantmanager_sees_only_own_municipality(world: World) -> None:
    km_a = world.user("klantmanager_a")
    visible = set(Person.objects.for_user(km_a, Action.VIEW))
    assert visible == {world.person_a}


def test_regio_that_shares_caseloads_opens_member_municipalities(world: World) -> None:
    km_a = world.user("klantmanager_a")
    world.regio.shares_caseloads = True
    world.regio.save()
    assert set(Person.objects.for_user(km_a, Action.VIEW)) == {world.person_a, world.person_b}
    world.regio.is_active = False
    world.regio.save()
    assert set(Person.objects.for_user(km_a, Action.VIEW)) == {world.person_a}


def test_partners_and_policy_roles_see_no_persons(world: World) -> None:
    for key in ALL_ROLE_KEYS:
        if key.startswith("klantmanager"):
            continue
        assert not Person.objects.for_user(world.user(key), Action.VIEW).exists(), key


def test_inactive_membership_or_user_loses_access(world: World) -> None:
    km_a = world.user("klantmanager_a")
    km_a.memberships.update(is_active=False)
    assert caseload_municipality_ids(km_a, Action.VIEW) == set()
    km_a.memberships.update(is_active=True)
    km_a.is_active = False
    km_a.save()
    assert caseload_municipality_ids(km_a, Action.VIEW) == set()


def test_organisations_page_only_for_functioneel_beheerder(world: World) -> None:
    url = reverse("accounts:organisations")
    for key in ALL_ROLE_KEYS:
        response = sign_in(Client(), world.user(key)).get(url)
        expected = 200 if key == "functioneel_beheerder" else 403
        assert response.status_code == expected, key
    content = sign_in(Client(), world.user("functioneel_beheerder")).get(url).content.decode()
    assert "Gemeente Aadorp" in content and "klantmanager_a" in content
