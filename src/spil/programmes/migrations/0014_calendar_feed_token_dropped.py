"""The plain agenda tokens go (0009 hashed them); the hash and the expiry become required.
A migration of its own: on PostgreSQL a table whose rows were just updated cannot be
altered in the same transaction (pending trigger events of the foreign keys)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programmes", "0013_calendar_feed_token_hash")]

    operations = [
        migrations.RemoveField(model_name="calendarfeed", name="token"),
        migrations.AlterField(
            model_name="calendarfeed",
            name="token_hash",
            field=models.CharField(max_length=64, unique=True),
        ),
        migrations.AlterField(
            model_name="calendarfeed",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
