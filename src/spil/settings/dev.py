"""Development and demo: one machine, embedded SQLite, background tasks run in-process."""

from spil.settings.base import *  # noqa: F403
from spil.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SPIL_DUO_SANDBOX = env_bool("SPIL_DUO_SANDBOX", True)

# The development tools: demo data and the `demo` command (never in production).
INSTALLED_APPS = [*INSTALLED_APPS, "spil_dev.demo"]  # noqa: F405
