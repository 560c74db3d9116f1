"""The PIP documents: the Dutch decision, and the summary in eight languages with its own
gettext catalogues; Arabic is extracted from the PDF in logical order."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader

from spil.plans import documents, services
from spil.plans.models import ComponentKind, PipVersion
from spil.plans.tests.support import new_trajectory
from spil.testing import World
from spil.trajectories.models import Niveau

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def version(world: World) -> PipVersion:
    person = world.person_a
    assert person is not None
    new_trajectory(person)
    user = world.user("klantmanager_a")
    draft = services.draft_for(person, actor=user)
    draft.niveau = Niveau.B1
    draft.childcare_arranged = True
    draft.goal_language = "B1 halen binnen drie jaar"
    draft.save()
    services.add_component(
        draft,
        {
            "kind": ComponentKind.LANGUAGE,
            "provider": "Taalschool De Brug",
            "hours_per_week": Decimal(12),
            "start": date(2026, 3, 9),
            "end": date(2027, 3, 8),
        },
        actor=user,
    )
    return services.vaststellen(
        draft, dagtekening=date(2026, 3, 2), confirm_late_switch=False, actor=user
    )


def test_the_decision_is_in_dutch(version: PipVersion) -> None:
    text = " ".join(_text(documents.pip_pdf(version)).split())
    assert "Plan Inburgering en Participatie" in text
    assert "artikel 15 van de Wet inburgering 2021" in text
    assert "bezwaar" in text
    assert "Taalschool De Brug" in text
    assert "03-03-2026" in text  # the term starts the day after the dagtekening


def test_arabic_summary_reads_in_logical_order(version: PipVersion) -> None:
    pdf = documents.summary_pdf(version, "ar")
    text = _text(pdf)
    # Whole phrases, in the order they are written (not reversed, not as isolated forms).
    assert "خطتك للاندماج والمشاركة" in text
    assert "تم ترتيب رعاية الأطفال" in text
    assert text.index("خطتك") < text.index("مسارك التعليمي")


def test_farsi_and_tigrinya_summaries_render(version: PipVersion) -> None:
    assert "برنامه شما برای ادغام و مشارکت" in _text(documents.summary_pdf(version, "fa"))
    assert _text(documents.summary_pdf(version, "ti")).strip()


def test_free_text_is_not_translated(version: PipVersion) -> None:
    text = _text(documents.summary_pdf(version, "tr"))
    assert "B1 halen binnen drie jaar" in text
    assert "Hedefleriniz" in text


def test_preferred_language_from_iso_639_3(world: World) -> None:
    person = world.person_a
    assert person is not None
    person.preferred_language = "ara"
    assert documents.summary_language(person) == "ar"
    person.preferred_language = "tir"
    assert documents.summary_language(person) == "ti"
    person.preferred_language = "xyz"
    assert documents.summary_language(person) == "nl"
