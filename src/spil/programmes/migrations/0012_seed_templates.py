"""The 13 seed programmes as templates (``pilot_templates``).

A fresh database gets them all. An existing installation keeps every template a
functioneel beheerder edited; the first eight templates that are still exactly as shipped
are rebuilt from the corrected definitions (Almere's 21 sessions, Dalfsen every other week,
Tilburg 8 + 1 + 17 weeks with showtime, ...), and the five new ones are added.
"""

from decimal import Decimal
from typing import Any

from django.db import migrations

from spil.programmes.pilot_templates import PILOT_TEMPLATES, build_template, template_fields

#: The eight templates as migration 0002 shipped them: (phase name, weeks, components as
#: (kind, hours, day-parts, moment, note)).
AS_SHIPPED = {
    "almere-map-b1": [
        ("MAP group sessions", 13, [("map", "3.5", 2, "", "21 sessions in 13 weeks")]),
        ("Internship", 13, [("internship", "16.0", 4, "", "hours are an assumption")]),
    ],
    "dalfsen-map-13-weken": [
        ("MAP", 13, [("map", "3.5", 1, "", "a session every other week, practice in between")])
    ],
    "dordrecht-drechtsteden": [
        (
            "Talent scan and tests",
            2,
            [("workshop", "8.0", 2, "", "talent scan, language and network tests")],
        ),
        (
            "Programme",
            50,
            [
                ("language", "12.0", 3, "", "split of the total is an assumption"),
                ("workshop", "8.0", 2, "", "split of the total is an assumption"),
                (
                    "coaching",
                    "4.0",
                    1,
                    "",
                    "peer expert in own language; split of the total is an assumption",
                ),
                ("internship", "8.0", 2, "", "work or internship, 8-24 h/week"),
            ],
        ),
    ],
    "leerhuis-hoeksche-waard": [
        (
            "First 3 months",
            13,
            [
                ("vocational", "8.0", 2, "", "1 day"),
                ("internship", "8.0", 2, "", "1 day, with job language"),
                ("language", "9.0", 3, "", "split of the total is an assumption"),
            ],
        ),
        (
            "From 3 months",
            65,
            [
                ("vocational", "8.0", 2, "", ""),
                ("internship", "16.0", 4, "", ""),
                ("language", "8.0", 2, "", "job language"),
            ],
        ),
        ("Aftercare after a job starts", 26, [("coaching", "2.0", 0, "", "aftercare")]),
    ],
    "pvt-standaard": [("PVT sessions", 4, [("pvt", "3.0", 1, "", "")])],
    "startprogramma-inburgering-plus": [
        (
            "Workshops",
            8,
            [
                ("knm", "3.0", 1, "", "society"),
                ("workshop", "9.0", 3, "", "work, volunteering, CV, network"),
            ],
        ),
        (
            "Volunteering with a buddy",
            18,
            [("volunteering", "12.0", 3, "", "10-15 h/week"), ("coaching", "1.0", 0, "", "buddy")],
        ),
    ],
    "taalsnelweg-naar-werk": [
        (
            "Phase 1: language and preparation",
            18,
            [
                ("language", "8.0", 2, "", "split of the total is an assumption"),
                ("sport", "3.0", 1, "", "split of the total is an assumption"),
                (
                    "self_reliance",
                    "3.0",
                    1,
                    "",
                    "self-development; split of the total is an assumption",
                ),
                (
                    "workshop",
                    "3.0",
                    1,
                    "",
                    "job-application training; split of the total is an assumption",
                ),
                ("self_reliance", "3.0", 1, "", "finances; split of the total is an assumption"),
            ],
        ),
        (
            "Phase 2: work or internship",
            18,
            [
                ("internship", "32.0", 10, "", "work or internship, preferably 5 days"),
                ("coaching", "1.0", 0, "", "job coach"),
                ("language", "6.0", 2, "evening", ""),
            ],
        ),
    ],
    "up-roermond-leudal": [
        (
            "Phase 1 (3 months)",
            13,
            [
                ("language", "16.0", 8, "", "4 days"),
                ("internship", "8.0", 2, "", "work experience"),
                ("sport", "8.0", 2, "", ""),
                ("coaching", "4.0", 1, "", "other activity"),
            ],
        ),
        (
            "Phase 2 (5 months)",
            22,
            [
                ("language", "12.0", 3, "", ""),
                ("internship", "20.0", 5, "", "internship or work"),
                ("coaching", "4.0", 1, "", "casemanager, housing coach, buddy"),
            ],
        ),
        (
            "Phase 3 (5 months)",
            22,
            [
                ("exam", "4.0", 1, "", ""),
                ("vocational", "12.0", 3, "", "entree course"),
                ("work", "20.0", 5, "", ""),
            ],
        ),
    ],
}


def _shape(template: Any) -> list[Any]:
    return [
        (
            phase.name,
            phase.duration_weeks,
            [
                (
                    c.kind,
                    str(Decimal(c.hours_per_week).quantize(Decimal("0.1"))),
                    c.day_parts,
                    c.moment,
                    c.note,
                )
                for c in phase.components.order_by("pk")
            ],
        )
        for phase in template.phases.order_by("order")
    ]


def load(apps: Any, schema_editor: Any) -> None:
    def get_model(name: str) -> Any:
        return apps.get_model("programmes", name)

    template_model = get_model("ProgrammeTemplate")
    for spec in PILOT_TEMPLATES:
        template = template_model.objects.filter(code=spec.code).first()
        if template is None:
            template = template_model.objects.create(code=spec.code, **template_fields(spec))
            build_template(template, spec, get_model)
            continue
        shipped = AS_SHIPPED.get(spec.code)
        if shipped is None or _shape(template) != shipped:
            continue  # edited by a functioneel beheerder: kept as it is
        # Week plans are dated copies: people already enrolled keep theirs.
        template.phases.all().delete()
        for field, value in template_fields(spec).items():
            setattr(template, field, value)
        template.save()
        build_template(template, spec, get_model)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0011_template_milestones_roles_cadence")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
