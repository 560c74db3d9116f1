"""``spil demo`` against the DUO sandbox: register the demo gemeenten and persons at the
sandbox, then fire the initial DUO events at Spil so the caseloads fill through the real
exchange. Rerunning changes nothing: persons the sandbox knows are not seeded again and
every event has a fixed berichtId (Spil answers a repeat with 201 and does nothing)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings

from spil.accounts.models import Organisation
from spil.accounts.roles import OrganisationType
from spil.persons.models import Person
from spil_dev.duo_sandbox import SandboxStore, sandbox_tools

#: What DUO tells each demo person's gemeente, by position in the demo list (days after the
#: start of the obligation).
SCENARIOS: tuple[tuple[tuple[str, int], ...], ...] = (
    (("SS139", 0),),
    (("SS139", 0), ("SS102", 60)),
    (("SS101", 0), ("SS137", 20), ("SS131", 35)),
    (("SS139", 0), ("SS102", 55), ("SS104", 200)),
    (("SS120", 0), ("SS126", 71)),
    (("SS139", 0), ("SS102", 65), ("SS199", 150)),
    (("SS139", 0), ("SS127", 40)),
    (("SS139", 0), ("SS102", 50), ("SS106", 300)),
)


def register_taalscholen(store: SandboxStore) -> None:
    """The demo's taalscholen (BoW keurmerk) and ROC (TST erkenning, for the
    onderwijsroute) as cursusinstellingen, so the inburgeringsaanbod Spil sends with an
    accepted PIP finds its instelling by name (and DUO's SS127 is answered). Rerunning
    overwrites the same entries."""
    schools = Organisation.objects.filter(
        type__in=[OrganisationType.TAALSCHOOL, OrganisationType.ROC]
    ).order_by("pk")
    for number, school in enumerate(schools, start=1):
        roc = school.type == OrganisationType.ROC
        store.add_instelling(
            {
                "instellingsnummer": f"{2_000_000_000 + number}",
                "naam": school.name,
                "postcode": "4201AA",
                "huisnummer": number,
                "plaatsnaam": "Gorinchem",
                "indicatieBowKeurmerk": not roc,
                "indicatieTstKeurmerk": roc,
            }
        )


def seed_and_fire(
    store: SandboxStore,
    bsns: list[str],
    *,
    notificatie_url: str,
    deliver_url: str | None = None,
    today: date | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    today = today or date.today()
    gemeenten = Organisation.objects.filter(type=OrganisationType.GEMEENTE).exclude(oin="")
    for g in gemeenten:
        sandbox_tools.ensure_gemeente(store, g.oin, g.cbs_code or "0000", g.name, notificatie_url)
    register_taalscholen(store)
    persons = {p.bsn: p for p in Person.objects.filter(bsn__in=bsns).select_related("municipality")}
    counts = {"persons_seeded": 0, "events": 0, "accepted": 0}
    for index, bsn in enumerate(bsns):
        person = persons.get(bsn)
        if person is None or not person.municipality.oin:
            continue
        oin = person.municipality.oin
        start = today - timedelta(days=30 + (index * 37) % 480)
        scenario = [
            (e, d)
            for e, d in SCENARIOS[index % len(SCENARIOS)]
            if start + timedelta(days=d) < today
        ]
        new = not store.has_person(bsn)
        if new:
            sandbox_tools.ensure_person(
                store,
                bsn,
                oin,
                plicht_begindatum=start,
                doelgroep="asiel" if index % 3 else "gezin",
            )
            counts["persons_seeded"] += 1
        for event, offset in scenario:
            on = start + timedelta(days=offset)
            if event == "SS127" and not sandbox_tools.aanbod_missing(store, bsn):
                continue  # DUO signals a missing aanbod only while none is registered
            if new:
                sandbox_tools.apply_event(store, bsn, event, oin, on)
            fired = sandbox_tools.fire_event(
                bsn=bsn,
                gebeurtenis_id=event,
                gemeente_oin=oin,
                duo_oin=settings.SPIL_DUO_OIN,
                url=deliver_url,
                registratie=datetime.combine(on, time(9, 0), tzinfo=UTC),
                bericht_id=sandbox_tools.deterministic_bericht_id(bsn, event, on.isoformat()),
            )
            counts["events"] += 1
            counts["accepted"] += fired.status_code == 201
        if progress and index % 10 == 9:
            progress(f"  {index + 1} of {len(bsns)} demo persons notified")
    return counts
