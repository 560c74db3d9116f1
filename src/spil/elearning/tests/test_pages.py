"""The newcomer's module pages (feedback, retry, saved progress, asking the trainer) and
the trainer's pages: answering, the module editor with versions, import and export."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from spil.elearning.models import Module, ModuleVersion, Progress, Question
from spil.elearning.tests.support import elearning_world
from spil.portal.tests.support import newcomer_client
from spil.testing import World, sign_in

pytestmark = pytest.mark.django_db


def test_newcomer_answers_with_feedback_retries_and_asks_the_trainer(
    world: World, mailoutbox: list[Any]
) -> None:
    elearning_world(world)
    person = world.person_a
    assert person is not None
    person.email = "amal@example.org"
    person.save()
    client = newcomer_client(person)
    home = client.get(reverse("portal:elearning")).content.decode()
    assert "25-01-2027" in home  # the window's end
    assert 'href="/mijn/e-learning/werk-vinden/1/"' in home

    page = client.get(reverse("portal:elearning_page", args=["werk-vinden", 1]))
    assert 'lang="ar"' in page.content.decode()
    assert "الوظائف الشاغرة" in page.content.decode()  # the Arabic translation
    response = client.post(reverse("portal:elearning_page", args=["werk-vinden", 1]))
    assert response["Location"] == reverse("portal:elearning_page", args=["werk-vinden", 2])

    module = Module.objects.get(code="werk-vinden")
    choice = next(
        n
        for n, p in enumerate(module.versions.get().content["pages"], start=1)
        if p["kind"] == "choice"
    )
    url = reverse("portal:elearning_page", args=["werk-vinden", choice])
    wrong = client.post(url, {"answer": "2"})
    assert wrong.status_code == 200
    assert 'role="alert"' in wrong.content.decode()
    empty = client.post(url, {})
    assert empty.status_code == 400
    right = client.post(url, {"answer": "0"})
    assert "✓" in right.content.decode()
    progress = Progress.objects.get(person=person, module=module)
    assert len(progress.pages_done) == 2

    ask = reverse("portal:elearning_ask", args=["werk-vinden", choice])
    assert client.post(ask, {"question": ""}).status_code == 400
    sent = client.post(ask, {"question": "Moet mijn motivatie in het Nederlands?"})
    assert sent["Location"].endswith("?asked=1")
    question = Question.objects.get(person=person)

    trainer = sign_in(Client(), world.user("trainer"))
    overview = trainer.get(reverse("elearning:index")).content.decode()
    assert "Moet mijn motivatie" in overview
    trainer.post(
        reverse("elearning:question", args=[question.pk]), {"answer": "Ja, in het Nederlands."}
    )
    assert [m.to for m in mailoutbox][-1] == ["amal@example.org"]
    assert "Ja, in het Nederlands." in client.get(reverse("portal:elearning")).content.decode()


def test_a_newcomer_without_e_learning_sees_no_modules(world: World) -> None:
    elearning_world(world)
    assert world.person_b is not None
    client = newcomer_client(world.person_b)
    assert client.get(reverse("portal:elearning_page", args=["werk-vinden", 1])).status_code == 404
    assert 'href="/mijn/e-learning/"' not in client.get(reverse("portal:home")).content.decode()


def test_trainer_edits_imports_and_exports_modules(world: World) -> None:
    elearning_world(world)
    trainer = sign_in(Client(), world.user("trainer"))
    listing = trainer.get(reverse("elearning:modules")).content.decode()
    assert "werk-vinden" in listing
    exported = trainer.get(reverse("elearning:module_export", args=["werk-vinden"]))
    content = json.loads(exported.content)
    content["title"]["nl"] = "Werk vinden in Nederland"
    edit = reverse("elearning:module_edit", args=["werk-vinden"])
    saved = trainer.post(edit, {"content": json.dumps(content), "note": "titel"})
    assert saved.status_code == 302
    assert ModuleVersion.objects.filter(module__code="werk-vinden").count() == 2
    bad = trainer.post(edit, {"content": '{"code": "werk-vinden"}'})
    assert bad.status_code == 400
    content["code"] = "solliciteren"
    upload = SimpleUploadedFile("m.json", json.dumps(content).encode(), "application/json")
    imported = trainer.post(reverse("elearning:module_import"), {"file": upload})
    assert imported.status_code == 302
    assert Module.objects.filter(code="solliciteren").exists()
    for key in ("klantmanager_a", "jobcoach", "employer_contact"):
        other = sign_in(Client(), world.user(key))
        assert other.get(reverse("elearning:modules")).status_code == 403, key
