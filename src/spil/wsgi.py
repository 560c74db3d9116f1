import os
from wsgiref.types import WSGIApplication

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spil.settings.production")
django_application = get_wsgi_application()

# DUO's notifications take a direct route past the browser middleware (spil/duo_inbound/wsgi.py).
from spil.duo_inbound.wsgi import with_notificatie_fast_path  # noqa: E402

application: WSGIApplication = with_notificatie_fast_path(django_application)
