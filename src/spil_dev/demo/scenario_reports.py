"""Cohorts for the beleidsmedewerker's reports: 360 newcomers over the regio's three
gemeenten whose DUO notification fell in the last three years, each with a trajectory,
intake, PIP, programme with MAP and PVT (groups, attendance, hours, DUO's result), CEFR
results at intake and later, placements and outcomes (`report_cohorts`). Relative to the
day of loading and seeded, so every day gives the same kind of figures; idempotent."""

from __future__ import annotations

from datetime import date

from spil.accounts.models import Membership, Organisation
from spil.accounts.roles import OrganisationType, Role
from spil.persons.models import Person
from spil.testing import valid_bsns
from spil_dev.demo import report_cohorts
from spil_dev.demo.data import MUNICIPALITIES

PERSONS = 360
SEED = 13
#: BSNs of the cohorts: test range, apart from the demo's caseloads and the benches
BSN_START = 998_200_000
PROVIDER = "Taalschool De Brug"
EMPLOYER = "Logistiek Merwede"


def load(today: date) -> dict[str, int]:
    first = next(valid_bsns(start=BSN_START))
    if Person.objects.filter(bsn=first).exists():
        return {"report_cohort_persons": 0}
    municipalities = list(
        Organisation.objects.filter(
            name__in=[name for name, _code, _oin in MUNICIPALITIES],
            type=OrganisationType.GEMEENTE,
        ).order_by("name")
    )
    employer = Organisation.objects.filter(name=EMPLOYER).first()
    if not municipalities or employer is None:
        return {"report_cohort_persons": 0}
    regisseurs = {
        m.pk: membership.user
        for m in municipalities
        if (
            membership := Membership.objects.filter(organisation=m, role=Role.KLANTMANAGER)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        is not None
    }
    programme_templates = report_cohorts.templates()
    if not programme_templates:
        # The cohorts follow the pilots' programmes; a demo without them (the small crawl of
        # every role's pages) gets no cohorts rather than half of them.
        return {"report_cohort_persons": 0}
    offer = report_cohorts.ensure_offer(employer)
    context = report_cohorts.Context(
        municipalities=municipalities,
        regisseurs=regisseurs,
        provider=Organisation.objects.filter(name=PROVIDER).first(),
        offers={m.pk: offer for m in municipalities},
        templates=programme_templates,
    )
    written = report_cohorts.generate(
        context, persons=PERSONS, today=today, seed=SEED, bsn_start=BSN_START
    )
    return {"report_cohort_persons": written["person"]}
