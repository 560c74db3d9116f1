"""Development and demo: one machine, embedded SQLite, background tasks run in-process."""

from spil.settings.base import *  # noqa: F403
from spil.settings.env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SPIL_DUO_SANDBOX = env_bool("SPIL_DUO_SANDBOX", True)
# The demo registers its trajectories as zaken in the ZGW sandbox it starts.
SPIL_ZGW_ENABLED = env_bool("SPIL_ZGW_ENABLED", True)
# The sandbox's page of a zaak, where a demo user can also set its status "in the zaaksysteem".
SPIL_ZGW_ZAAK_UI_URL = env_str(
    "SPIL_ZGW_ZAAK_UI_URL", "http://127.0.0.1:8767/zaaksysteem/zaken/{uuid}"
)
# The demo serves plain HTTP on localhost; a partner's test client may call it so.
SPIL_PARTNER_API_HTTPS_ONLY = env_bool("SPIL_PARTNER_API_HTTPS_ONLY", False)

# The development tools: demo data, the `demo` command, the DUO sandbox and its tools
# (never in production), and the DigiD mock the portal signs in with.
# They come first: the sandbox's `duo` command extends Spil's.
INSTALLED_APPS = [
    "spil_dev.demo",
    "spil_dev.duo_sandbox",
    "spil_dev.digid_mock",
    *INSTALLED_APPS,  # noqa: F405
]
