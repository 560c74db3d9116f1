"""Agenda feed tokens are stored only as their SHA-256 hash and expire: existing tokens are
hashed in place (their URLs keep working) and get a year from now."""

import hashlib
from datetime import timedelta

from django.db import migrations, models
from django.utils import timezone


def hash_existing_tokens(apps, schema_editor):  # type: ignore[no-untyped-def]
    feed_model = apps.get_model("programmes", "CalendarFeed")
    expires = timezone.now() + timedelta(days=365)
    for feed in feed_model.objects.all().only("pk", "token"):
        feed.token_hash = hashlib.sha256(feed.token.encode()).hexdigest()
        feed.expires_at = expires
        feed.save(update_fields=["token_hash", "expires_at"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0012_seed_templates")]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(max_length=64, null=True),
        ),
        migrations.AddField(
            model_name="calendarfeed",
            name="expires_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
    ]
