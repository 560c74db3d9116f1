"""Spil: the direction platform for civic integration under the Wet inburgering 2021."""

from spil.celery import app as celery_app

__all__ = ["celery_app"]
