"""School holidays. The pilot programmes were loaded here first; migration 0010 loads them
now, with the fields templates gained since (milestones, roles, cadence)."""

from typing import Any

from django.db import migrations


def holidays(apps: Any, schema_editor: Any) -> None:
    """School holidays 2026-2027, region midden (Rijksoverheid); editable per region."""
    model = apps.get_model("programmes", "SchoolHoliday")
    rows = [
        ("Herfstvakantie 2026", "2026-10-17", "2026-10-25"),
        ("Kerstvakantie 2026", "2026-12-19", "2027-01-03"),
        ("Voorjaarsvakantie 2027", "2027-02-20", "2027-02-28"),
        ("Meivakantie 2027", "2027-04-24", "2027-05-02"),
        ("Zomervakantie 2027", "2027-07-17", "2027-08-29"),
    ]
    for name, first, last in rows:
        model.objects.get_or_create(name=name, defaults={"first_day": first, "last_day": last})


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [
        migrations.RunPython(holidays, migrations.RunPython.noop),
    ]
