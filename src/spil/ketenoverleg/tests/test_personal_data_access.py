"""Access and processing-log checks for every page of the ketenoverleg
(spil.testing.PersonalDataAccessMixin).

The world's gemeente Aadorp holds a ketenoverleg: klantmanager_a chairs it, klantmanager_b
takes part in their own name and the taalschool (partner_staff, trainer) as organisation;
neither may see person_a. Participants without access get the meeting without the case
(`list_endpoint`: never the name); everybody else gets 403 or 404.
"""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from spil.dossier import services as dossier
from spil.ketenoverleg import services
from spil.ketenoverleg.tests.support import action_for, next_meeting, prepared, series_of
from spil.testing import PersonalDataAccessMixin, World

pytestmark = pytest.mark.django_db

CHAIN = ("trajectory",)


class _PdfAsText:
    """The mixin reads a body as text: a PDF is read through its text."""

    def request(self, client: Client, url: str) -> Any:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"] == "application/pdf":
            pages = PdfReader(io.BytesIO(response.content)).pages
            response.content = "\n".join(p.extract_text() for p in pages).encode()
        return response


class TestIndex(PersonalDataAccessMixin):
    """The meetings list with the user's own open actions (names of their people)."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True

    def url(self, world: World) -> str:
        _meeting, case = prepared(world)
        action_for(world, case)
        return reverse("ketenoverleg:index")


class TestMeeting(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True

    def url(self, world: World) -> str:
        meeting, case = prepared(world)
        services.add_note(world.user("klantmanager_a"), case, "Besproken")
        return reverse("ketenoverleg:meeting", args=[meeting.public_id])


class TestPrepare(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN

    def url(self, world: World) -> str:
        meeting, _case = prepared(world)
        return reverse("ketenoverleg:prepare", args=[meeting.public_id])


class TestPrepareTakesTheProposal(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        dossier.raise_signal(world.person_a, "absence_streak")
        self.person_pk = world.person_a.pk
        meeting = next_meeting(series_of(world, users=("klantmanager_b",)))
        return reverse("ketenoverleg:prepare", args=[meeting.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"persons": [self.person_pk]})


class TestAddCase(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        assert world.person_a is not None
        self.person = str(world.person_a.public_id)
        meeting = next_meeting(series_of(world, users=("klantmanager_b",)))
        return reverse("ketenoverleg:add_case", args=[meeting.public_id])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"person": self.person})


class TestRemoveCase(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        meeting, case = prepared(world)
        return reverse("ketenoverleg:remove_case", args=[meeting.public_id, case.pk])


class TestAddNote(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        meeting, case = prepared(world)
        self.prefix = f"case-{case.pk}-note"
        return reverse("ketenoverleg:add_note", args=[meeting.public_id, case.pk])

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {f"{self.prefix}-text": "Loopt goed"})


class TestAddAction(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        meeting, case = prepared(world)
        self.prefix = f"case-{case.pk}-action"
        self.owner = world.user("klantmanager_a").pk
        return reverse("ketenoverleg:add_action", args=[meeting.public_id, case.pk])

    def request(self, client: Client, url: str) -> Any:
        due = timezone.localdate() + timedelta(days=7)
        return client.post(
            url,
            {
                f"{self.prefix}-description": "Gesprek plannen",
                f"{self.prefix}-owner": str(self.owner),
                f"{self.prefix}-due": due.isoformat(),
            },
        )


class TestClose(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        meeting, _case = prepared(world)
        return reverse("ketenoverleg:close", args=[meeting.public_id])


class TestActionDone(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    method = "post"
    success_status = 302

    def url(self, world: World) -> str:
        _meeting, case = prepared(world)
        return reverse("ketenoverleg:action_done", args=[action_for(world, case).pk])


class TestAgendaPdf(_PdfAsText, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True

    def url(self, world: World) -> str:
        meeting, _case = prepared(world)
        return reverse("ketenoverleg:agenda_pdf", args=[meeting.public_id])


class TestMinutesPdf(_PdfAsText, PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True

    def url(self, world: World) -> str:
        meeting, case = prepared(world)
        services.add_note(world.user("klantmanager_a"), case, "Besproken")
        services.close_meeting(world.user("klantmanager_a"), meeting)
        return reverse("ketenoverleg:minutes_pdf", args=[meeting.public_id])


class TestMeetingsApi(PersonalDataAccessMixin):
    """A participant's meetings: only the cases they may see, the others counted."""

    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True

    def url(self, world: World) -> str:
        prepared(world)
        return reverse("chain-meeting-list")


class TestActionsApi(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True

    def url(self, world: World) -> str:
        _meeting, case = prepared(world)
        action_for(world, case)
        return reverse("chain-action-list")


class TestMeetingApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN
    list_endpoint = True  # participants without access get the meeting without the case

    def url(self, world: World) -> str:
        meeting, _case = prepared(world)
        return reverse("chain-meeting-detail", args=[meeting.public_id])


class TestActionApiDetail(PersonalDataAccessMixin):
    allowed_roles = ("klantmanager_a",)
    expected_categories = CHAIN

    def url(self, world: World) -> str:
        _meeting, case = prepared(world)
        return reverse("chain-action-detail", args=[action_for(world, case).pk])
