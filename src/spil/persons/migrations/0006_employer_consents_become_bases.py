"""The employers' consents (spil.placements) become access bases of kind consent."""

from django.db import migrations


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Consent = apps.get_model("placements", "Consent")
    AccessBasis = apps.get_model("persons", "AccessBasis")
    AccessBasis.objects.bulk_create(
        AccessBasis(
            person_id=consent.person_id,
            organisation_id=consent.organisation_id,
            kind="consent",
            purpose=consent.purpose,
            data_categories=consent.data_categories,
            valid_from=consent.given_at.date(),
            given_how="in_person",
            given_at=consent.given_at,
            withdrawn_at=consent.withdrawn_at,
            recorded_by_id=consent.recorded_by_id,
        )
        for consent in Consent.objects.all().iterator()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("persons", "0005_access_basis"),
        ("placements", "0002_outcome_paid_work_details"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
