"""The programmes seen in the pilots (PRODUCT.md), shipped as editable templates.

Facts come from PRODUCT.md's table "Programmes seen in the pilots" and steps 5 and 6. Where
the source gives only a total (e.g. "4 days x 5 h" for several activities), the split over
components is an assumption, marked in the component's note; a functioneel beheerder can
change every number. Loading is idempotent and never overwrites an edited template: a
template whose code exists is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class C:
    kind: str
    hours: str
    day_parts: int = 0
    moment: str = ""
    note: str = ""


@dataclass(frozen=True)
class P:
    name: str
    weeks: int
    components: tuple[C, ...]


@dataclass(frozen=True)
class T:
    code: str
    name: str
    target_group: str
    source: str
    description: str
    phases: tuple[P, ...]


SPLIT = "split of the total is an assumption"

PILOT_TEMPLATES: tuple[T, ...] = (
    T(
        "taalsnelweg-naar-werk",
        "Taalsnelweg naar werk",
        "36-40 people with work perspective",
        "Vijfheerenlanden / Gorinchem / Molenlanden",
        "Phase 1: 18 weeks, 4 days x 5 h (language, sport, self-development, job-application "
        "training, finances). Phase 2: 18 weeks work or internship (preferably 5 days) with a "
        "job coach, plus 6 h/week language in the evening.",
        (
            P(
                "Phase 1: language and preparation",
                18,
                (
                    C("language", "8", 2, "", SPLIT),
                    C("sport", "3", 1, "", SPLIT),
                    C("self_reliance", "3", 1, "", "self-development; " + SPLIT),
                    C("workshop", "3", 1, "", "job-application training; " + SPLIT),
                    C("self_reliance", "3", 1, "", "finances; " + SPLIT),
                ),
            ),
            P(
                "Phase 2: work or internship",
                18,
                (
                    C("internship", "32", 10, "", "work or internship, preferably 5 days"),
                    C("coaching", "1", 0, "", "job coach"),
                    C("language", "6", 2, "evening", ""),
                ),
            ),
        ),
    ),
    T(
        "up-roermond-leudal",
        "UP",
        "Up to 40 young Eritreans aged 18-20 after ISK",
        "Roermond / Leudal",
        "36 h/week. Intake before 18. Casemanager, housing coach, peer expert and buddy; "
        "monthly chain meeting.",
        (
            P(
                "Phase 1 (3 months)",
                13,
                (
                    C("language", "16", 8, "", "4 days"),
                    C("internship", "8", 2, "", "work experience"),
                    C("sport", "8", 2),
                    C("coaching", "4", 1, "", "other activity"),
                ),
            ),
            P(
                "Phase 2 (5 months)",
                22,
                (
                    C("language", "12", 3),
                    C("internship", "20", 5, "", "internship or work"),
                    C("coaching", "4", 1, "", "casemanager, housing coach, buddy"),
                ),
            ),
            P(
                "Phase 3 (5 months)",
                22,
                (
                    C("exam", "4", 1),
                    C("vocational", "12", 3, "", "entree course"),
                    C("work", "20", 5),
                ),
            ),
        ),
    ),
    T(
        "startprogramma-inburgering-plus",
        "Startprogramma Inburgering+",
        "60 newcomers after a 2-day intake in the Welkomhuis",
        "Tilburg region",
        "8 weeks of workshops (society, work, volunteering, CV, network); in week 8 the "
        "newcomer presents the future plan to the klantregisseur. Then 17 weeks of "
        "volunteering 10-15 h/week with a buddy; 26 weeks in all.",
        (
            P(
                "Workshops",
                8,
                (
                    C("knm", "3", 1, "", "society"),
                    C("workshop", "9", 3, "", "work, volunteering, CV, network"),
                ),
            ),
            P(
                "Volunteering with a buddy",
                18,
                (
                    C("volunteering", "12", 3, "", "10-15 h/week"),
                    C("coaching", "1", 0, "", "buddy"),
                ),
            ),
        ),
    ),
    T(
        "dordrecht-drechtsteden",
        "Dordrecht / Drechtsteden",
        "50-54 people with psychological or debt problems",
        "Dordrecht / Drechtsteden",
        "Talent scan, language and network tests; then one of three groups (education, "
        "participation, stabilisation). 24 h/week programme plus 8-24 h/week work or "
        "internship; peer experts in the newcomer's own language; breakthrough budget.",
        (
            P(
                "Talent scan and tests",
                2,
                (C("workshop", "8", 2, "", "talent scan, language and network tests"),),
            ),
            P(
                "Programme",
                50,
                (
                    C("language", "12", 3, "", SPLIT),
                    C("workshop", "8", 2, "", SPLIT),
                    C("coaching", "4", 1, "", "peer expert in own language; " + SPLIT),
                    C("internship", "8", 2, "", "work or internship, 8-24 h/week"),
                ),
            ),
        ),
    ),
    T(
        "leerhuis-hoeksche-waard",
        "Leerhuis",
        "43 vulnerable newcomers, many illiterate",
        "Hoeksche Waard",
        "All on one location. First 3 months in the Netherlands: 1 day vocational training "
        "and 1 day internship with job language, 25 h/week; from 3-6 months: 3 days, 25 to "
        "32 h/week; 1.5 years in all. After a job starts, 6 months of aftercare.",
        (
            P(
                "First 3 months",
                13,
                (
                    C("vocational", "8", 2, "", "1 day"),
                    C("internship", "8", 2, "", "1 day, with job language"),
                    C("language", "9", 3, "", SPLIT),
                ),
            ),
            P(
                "From 3 months",
                65,
                (
                    C("vocational", "8", 2),
                    C("internship", "16", 4),
                    C("language", "8", 2, "", "job language"),
                ),
            ),
            P("Aftercare after a job starts", 26, (C("coaching", "2", 0, "", "aftercare"),)),
        ),
    ),
    T(
        "almere-map-b1",
        "Almere MAP (B1-route)",
        "Groups of 6-10; end-A2 speaking and listening required",
        "Almere",
        "21 physical sessions over 3 months, then an internship found in a one-to-one intake "
        "with account advisers. Report in the dossier, eindgesprek with the klantmanager; "
        "evaluation every 3 months.",
        (
            P("MAP group sessions", 13, (C("map", "3.5", 2, "", "21 sessions in 13 weeks"),)),
            P(
                "Internship",
                13,
                (C("internship", "16", 4, "", "hours are an assumption"),),
            ),
        ),
    ),
    T(
        "dalfsen-map-13-weken",
        "Dalfsen MAP (13 weeks)",
        "Newcomers on the B1-route",
        "Dalfsen",
        "13 weeks, a group session every other week with practice assignments in between; "
        "at least 40 practice hours and the eight themes.",
        (
            P(
                "MAP",
                13,
                (C("map", "3.5", 1, "", "a session every other week, practice in between"),),
            ),
        ),
    ),
    T(
        "pvt-standaard",
        "Participation statement (PVT), standard",
        "Every newcomer",
        "Wet inburgering 2021; municipal practice varies",
        "Sessions on Dutch core values, ending with signing the participation statement. "
        "12 hours by default (configurable: some municipalities use 15 hours in 5 day-parts).",
        (P("PVT sessions", 4, (C("pvt", "3", 1),)),),
    ),
)


def load_pilot_templates(template_model: Any, phase_model: Any, component_model: Any) -> int:
    """Create the templates that are missing (works with historical models in migrations)."""
    created = 0
    for t in PILOT_TEMPLATES:
        if template_model.objects.filter(code=t.code).exists():
            continue
        template = template_model.objects.create(
            code=t.code,
            name=t.name,
            target_group=t.target_group,
            source=t.source,
            description=t.description,
        )
        for order, p in enumerate(t.phases, start=1):
            phase = phase_model.objects.create(
                template=template, order=order, name=p.name, duration_weeks=p.weeks
            )
            for c in p.components:
                component_model.objects.create(
                    phase=phase,
                    kind=c.kind,
                    hours_per_week=c.hours,
                    day_parts=c.day_parts,
                    moment=c.moment,
                    note=c.note,
                )
        created += 1
    return created
