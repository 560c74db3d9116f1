import gc
import os
from importlib import import_module
from wsgiref.types import WSGIApplication

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spil.settings.production")
django_application = get_wsgi_application()

# DUO's notifications take a direct route past the browser middleware (spil/duo_inbound/wsgi.py).
from spil.duo_inbound.wsgi import with_notificatie_fast_path  # noqa: E402

application: WSGIApplication = with_notificatie_fast_path(django_application)


def freeze_startup_objects() -> None:
    """Load the URLconf (every view module) now and move what start-up made out of the
    garbage collector's sight: the objects that live as long as the process. Otherwise each
    full collection walks all of them again (~200,000; 100 to 150 ms with the interpreter
    lock held), and the requests that the worker's threads are serving wait for it: a
    pause that shows in the 95th percentile (docs/benchmarks.md)."""
    import_module(settings.ROOT_URLCONF)
    gc.collect()
    gc.freeze()


freeze_startup_objects()
