"""`spil demo` with the DUO sandbox: DUO's SS127 ("nog geen inburgeringsaanbod
ontvangen") no longer hangs over the asielstatushouders whose aanbod Spil sent with their
accepted PIP once the demo stories are loaded."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.utils import timezone

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.dossier.models import Signal, TimelineEntry
from spil.plans.services import refresh_all_signals
from spil.plans.tests.support import sandbox
from spil_dev.demo.data import demo_bsns, load_demo_data
from spil_dev.demo.scenarios import load_scenarios
from spil_dev.duo_sandbox import demo_seed

pytestmark = pytest.mark.django_db

PERSONS_PER_MUNICIPALITY = 8
CaptureOnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def test_no_ss127_once_the_aanbod_was_sent(
    monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: CaptureOnCommit
) -> None:
    today = timezone.localdate()
    load_demo_data(persons_per_municipality=PERSONS_PER_MUNICIPALITY)
    gemeenten = list(Organisation.objects.filter(type=OrganisationType.GEMEENTE))
    duo = sandbox(monkeypatch, *gemeenten)
    bsns = demo_bsns(PERSONS_PER_MUNICIPALITY * len(gemeenten))
    with django_capture_on_commit_callbacks(execute=True):
        counts = demo_seed.seed_and_fire(
            duo.store, bsns, notificatie_url="http://spil.test/api/duo/v1/notificaties", today=today
        )
    assert counts["accepted"] == counts["events"] > 0
    raised = set(Signal.objects.filter(code="SS127").values_list("person__bsn", flat=True))
    assert raised, "the demo shows DUO's SS127 for an asielstatushouder without an aanbod"

    with django_capture_on_commit_callbacks(execute=True):
        load_scenarios(today)
        refresh_all_signals()

    with_aanbod = {bsn for bsn in bsns if duo.store.person(bsn).aanbiedingen}
    assert with_aanbod, "the demo's accepted PIPs of asielstatushouders carry an aanbod"
    still_open = set(
        Signal.objects.filter(code="SS127", resolved_at__isnull=True).values_list(
            "person__bsn", flat=True
        )
    )
    assert not still_open & with_aanbod  # those without a PIP yet keep it: DUO is right
    assert raised & with_aanbod, "an SS127 of the demo was answered by the aanbod"
    for bsn in raised & with_aanbod:
        assert TimelineEntry.objects.filter(
            person__bsn=bsn, code="aanbod_registered_by_duo"
        ).exists()
