"""Celery application: DUO sync, reminders, nightly signals and reports run here.

Start a worker with `DJANGO_SETTINGS_MODULE=spil.settings.production celery -A spil worker`.
"""

from celery import Celery

app = Celery("spil")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
