"""The trainer's e-learning pages: only a trainer of the newcomer's group sees the
finished e-learning and the questions; every page writes one processing record."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from spil.elearning.models import Completion, Module, Question
from spil.elearning.tests.support import elearning_world
from spil.testing import PersonalDataAccessMixin, World

pytestmark = pytest.mark.django_db


def _completion(world: World) -> Completion:
    _group, setting = elearning_world(world)
    assert world.person_a is not None
    completion, _created = Completion.objects.get_or_create(
        person=world.person_a, setting=setting, defaults={"finished_at": timezone.now()}
    )
    return completion


def _question(world: World) -> Question:
    elearning_world(world)
    assert world.person_a is not None
    return Question.objects.create(
        person=world.person_a,
        module=Module.objects.get(code="werk-vinden"),
        page=2,
        text="Wat is een motivatie?",
        asked_at=timezone.now(),
    )


class TestOverview(PersonalDataAccessMixin):
    allowed_roles = ("trainer",)
    expected_categories = ("identity", "trajectory")
    list_endpoint = True

    def url(self, world: World) -> str:
        _completion(world)
        return reverse("elearning:index")


class TestReviewPage(PersonalDataAccessMixin):
    allowed_roles = ("trainer",)
    expected_categories: tuple[str, ...] = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return reverse("elearning:review", args=[_completion(world).pk])


class TestReviewConfirm(TestReviewPage):
    expected_categories = ("trajectory",)
    method = "post"
    success_status = 302


class TestQuestionPage(PersonalDataAccessMixin):
    allowed_roles = ("trainer",)
    expected_categories: tuple[str, ...] = ("identity", "trajectory")

    def url(self, world: World) -> str:
        return reverse("elearning:question", args=[_question(world).pk])


class TestQuestionAnswer(TestQuestionPage):
    expected_categories = ("trajectory",)
    success_status = 302

    def request(self, client: Client, url: str) -> Any:
        return client.post(url, {"answer": "Een korte brief: waarom u dit werk wilt."})
