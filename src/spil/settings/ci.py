"""The test suite: SQLite by default, PostgreSQL when DATABASE_URL says so."""

from spil.settings.base import *  # noqa: F403

DEBUG = False
CELERY_TASK_ALWAYS_EAGER = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_FAILURE_LIMIT = 5
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The development tools the tests use: demo data, the DUO sandbox and its tools (never in
# production), and the DigiD mock the portal signs in with.
# They come first: the sandbox's `duo` command extends Spil's.
INSTALLED_APPS = [
    "spil_dev.demo",
    "spil_dev.duo_sandbox",
    "spil_dev.digid_mock",
    *INSTALLED_APPS,  # noqa: F405
]
