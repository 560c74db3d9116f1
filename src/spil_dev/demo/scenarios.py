"""Demo stories on top of the caseloads: intakes and PIPs, enrolments and groups,
employers, offers and placements, the portal's demo newcomers, and three years of cohorts
for the beleidsmedewerker's reports.

Each part lives in its own module with a ``load(today)`` function that is idempotent
(running ``make demo`` twice adds nothing) and works on whatever the earlier parts
left: the intake part gives persons intakes and PIPs, the programmes part enrols
persons from their PIP, the placements part matches ambitions from the intake to offers,
and the klantmanagers plan their next appointments.
"""

from __future__ import annotations

import importlib
from datetime import date

from django.utils import timezone

PARTS = (
    "spil_dev.demo.scenario_intake",
    "spil_dev.demo.scenario_access",
    "spil_dev.demo.scenario_programmes",
    "spil_dev.demo.scenario_placements",
    "spil_dev.demo.scenario_appointments",
    "spil_dev.demo.scenario_portal",
    "spil_dev.demo.scenario_consents",
    "spil_dev.demo.scenario_elearning",
    "spil_dev.demo.scenario_peercoaches",
    "spil_dev.demo.scenario_ketenoverleg",
    "spil_dev.demo.scenario_reports",
)


def load_scenarios(today: date | None = None) -> dict[str, int]:
    """Run every part in order; returns the counts each part reports."""
    today = today or timezone.localdate()
    counts: dict[str, int] = {}
    for dotted in PARTS:
        module = importlib.import_module(dotted)
        counts.update(module.load(today))
    return counts
