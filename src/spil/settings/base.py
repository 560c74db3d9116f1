"""Settings shared by every environment. Every value can be set from the environment;
the defaults are listed (and explained) in `.env.example` and the README."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from spil.settings.env import env_bool, env_int, env_list, env_str

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
SHARED_DIR = Path(env_str("SPIL_SHARED_DIR", str(BASE_DIR.parent / "shared")))
VAR_DIR = Path(env_str("SPIL_VAR_DIR", str(BASE_DIR / "var")))

#: The development key: fine for the demo and the tests, refused by production settings.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"  # noqa: S105
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Keep the X-Request-ID of a trusted reverse proxy (else every request gets Spil's own id).
SPIL_TRUST_REQUEST_ID = env_bool("SPIL_TRUST_REQUEST_ID", False)

SPIL_VERSION = "0.1.0"
SPIL_SYSTEM_NAME = f"Spil {SPIL_VERSION}"
# Key for the pseudonymous person references in the processing log; separate from SECRET_KEY
# so that rotating sessions does not break the link between log entries.
# Development falls back to SECRET_KEY (also for an empty value); production demands its own.
SPIL_PSEUDONYM_KEY = env_str("SPIL_PSEUDONYM_KEY", "") or SECRET_KEY

# Production-safe apps only: the development tools (`spil_dev`) are added by the dev and ci
# settings, and production refuses to start with them.
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_htmx",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "mozilla_django_oidc",
    "oauth2_provider",
    "spil.accounts",
    "spil.audit",
    "spil.core",
    "spil.persons",
    "spil.trajectories",
    "spil.dossier",
    "spil.duo",
    "spil.duo_inbound",
    "spil.zaken",
    "spil.intake",
    "spil.plans",
    "spil.placements",
    "spil.programmes",
    "spil.agenda",
    "spil.elearning",
    "spil.peercoaches",
    "spil.ketenoverleg",
    "spil.partner_api",
    "spil.reports",
    "spil.portal",
    "spil.partners",
    "spil.web",
]

MIDDLEWARE = [
    # /health/live and /health/ready, before the host check and the HTTPS redirect.
    "spil.core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "spil.core.middleware.RequestIdMiddleware",
    "spil.core.middleware.NoStoreMiddleware",
    "csp.middleware.CSPMiddleware",
    "spil.core.middleware.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "spil.core.middleware.DutchByDefaultLocaleMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "spil.core.middleware.CleanFormInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "spil.accounts.session_lifetime.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "spil.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Parameters with a NUL character, refused once the URL is resolved.
    "spil.core.middleware.RefuseNullCharactersMiddleware",
]

ROOT_URLCONF = "spil.urls"
# Django's template form renderer, with selects written in Python (spil.core.form_renderer).
FORM_RENDERER = "spil.core.form_renderer.FormRenderer"
WSGI_APPLICATION = "spil.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "spil.web.context_processors.shell",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)

DATABASES: dict[str, Any] = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'spil.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("spil.accounts.oidc.SpilOIDCBackend")
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_CREATE_USER = False  # memberships (organisation + role) are managed in Spil
# The identity provider is trusted to have done multi-factor authentication.
# The provider's MFA replaces Spil's TOTP step only when trusted here AND proven in the ID
# token (`amr` with a second factor, or an `acr` listed in OIDC_MFA_ACR_VALUES).
OIDC_TRUSTS_MFA = env_bool("OIDC_TRUSTS_MFA", False)
OIDC_MFA_ACR_VALUES = env_list("OIDC_MFA_ACR_VALUES", [])
# The provider's issuer (`iss`); an ID token from any other issuer signs nobody in.
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")

# DigiD for the newcomer's portal through an OIDC broker (spil.portal.digid_oidc): off
# unless enabled; then the client, and the provider's discovery URL or its four values.
SPIL_DIGID_OIDC_ENABLED = env_bool("SPIL_DIGID_OIDC_ENABLED", False)
SPIL_DIGID_OIDC_CLIENT_ID = env_str("SPIL_DIGID_OIDC_CLIENT_ID", "")
SPIL_DIGID_OIDC_CLIENT_SECRET = env_str("SPIL_DIGID_OIDC_CLIENT_SECRET", "")
SPIL_DIGID_OIDC_DISCOVERY_URL = env_str("SPIL_DIGID_OIDC_DISCOVERY_URL", "")
SPIL_DIGID_OIDC_ISSUER = env_str("SPIL_DIGID_OIDC_ISSUER", "")
SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT = env_str("SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT", "")
SPIL_DIGID_OIDC_TOKEN_ENDPOINT = env_str("SPIL_DIGID_OIDC_TOKEN_ENDPOINT", "")
SPIL_DIGID_OIDC_JWKS_ENDPOINT = env_str("SPIL_DIGID_OIDC_JWKS_ENDPOINT", "")
SPIL_DIGID_OIDC_BSN_CLAIM = env_str("SPIL_DIGID_OIDC_BSN_CLAIM", "bsn")
SPIL_DIGID_OIDC_SCOPES = env_list("SPIL_DIGID_OIDC_SCOPES", ["openid", "bsn"])
SPIL_DIGID_OIDC_SIGN_ALGORITHMS = env_list("SPIL_DIGID_OIDC_SIGN_ALGORITHMS", ["RS256"])


# Content-Security-Policy (django-csp; docs/security.md): only Spil's own scripts, styles,
# images and fonts; no inline script or style anywhere (htmx is told not to inject its
# indicator style: core/base.html), no framing, no plugins. Forms post to Spil itself, and
# the portal's DigiD button to the broker's sign-in page (a redirect after a form post
# counts as form-action); SPIL_CSP_FORM_ACTION adds further origins.
def _origin(url: str) -> str:
    scheme, _sep, rest = url.partition("://")
    return f"{scheme}://{rest.split('/', 1)[0]}" if rest else ""


SPIL_CSP_FORM_ACTION = env_list("SPIL_CSP_FORM_ACTION", [])
_FORM_ACTION_ORIGINS = [
    origin
    for origin in (
        _origin(SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT or SPIL_DIGID_OIDC_DISCOVERY_URL),
        _origin(OIDC_OP_AUTHORIZATION_ENDPOINT),
        *SPIL_CSP_FORM_ACTION,
    )
    if origin
]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'", *dict.fromkeys(_FORM_ACTION_ORIGINS)],
    }
}
# Browser features Spil never uses are off for every page (spil.core.middleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(self), usb=(), serial=(), xr-spatial-tracking=()"
)

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle sessions expire: a quiet half hour ends a session. Requests renew it, saving the
# session at most once per SPIL_SESSION_RENEW_SECONDS (spil.accounts.session_lifetime).
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SPIL_SESSION_RENEW_SECONDS = env_int("SPIL_SESSION_RENEW_SECONDS", 60)
# ... and every session ends this many seconds after sign-in, however busy
# (spil.accounts.session_lifetime).
SPIL_SESSION_ABSOLUTE_SECONDS = env_int("SPIL_SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "Spil")
# Hours an enrolment code from the functioneel beheerder stays valid (docs/security.md).
SPIL_ENROLMENT_INVITATION_HOURS = env_int("SPIL_ENROLMENT_INVITATION_HOURS", 72)

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("ar", _("Arabic")),
    ("uk", _("Ukrainian")),
    ("tr", _("Turkish")),
    ("ti", _("Tigrinya")),
    ("fa", _("Persian (Dari/Farsi)")),
    ("so", _("Somali")),
]
# Staff pages are complete in these; the newcomer's portal adds the others.
STAFF_LANGUAGES = ["nl", "en", "ar"]
LOCALE_PATHS = [SRC_DIR / "spil" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# The npm assets copied by tools/build_assets.py (the container image sets its own path).
STATICFILES_DIRS = [Path(env_str("SPIL_ASSETS_DIR", str(BASE_DIR / "build" / "static")))]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "spil.core.api.schema.SpilAutoSchema",
    # DRF's session authentication, with its CSRF refusal in the caller's language.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "spil.core.api.authentication.SessionAuthentication",
    ],
    # Django's 404 as DRF's "Not found." (spil.core.api.errors).
    "EXCEPTION_HANDLER": "spil.core.api.errors.exception_handler",
    "DEFAULT_PERMISSION_CLASSES": ["spil.accounts.api.permissions.IsVerifiedMember"],
    "DEFAULT_PAGINATION_CLASS": "spil.core.api.pagination.StrictPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Form posts are cleaned by spil.core.middleware.CleanFormInputMiddleware already.
    "DEFAULT_PARSER_CLASSES": [
        "spil.core.api.parsers.CleanJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Spil API",
    "DESCRIPTION": "REST API of Spil for partners and scripts. Every read or change of a "
    "person's data is scoped to the signed-in user and leaves a processing record.",
    "VERSION": SPIL_VERSION,
    "SERVE_INCLUDE_SCHEMA": False,
    # /api/v1/schema/ only for signed-in staff past the second factor; the committed
    # openapi.yaml (`make openapi`) is generated offline and documents the API publicly.
    "SERVE_PUBLIC": False,
    "SERVE_PERMISSIONS": ["spil.accounts.api.permissions.IsVerifiedMember"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Partner systems sign in with OAuth 2 client credentials (docs/partner-api.md); the
    # scopes come from the scopes backend (spil.partner_api.scopes).
    "OAUTH2_FLOWS": ["clientCredentials"],
    "OAUTH2_TOKEN_URL": "/api/v1/oauth/token/",
    # The refusals of every operation and the body of a 400 (spil.core.api.schema).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "spil.core.api.schema.add_error_components",
    ],
    # Contact moments and appointments share one kind of contact.
    "ENUM_NAME_OVERRIDES": {
        "ContactKindEnum": "spil.dossier.models.ContactKind",
        "OutcomeKindEnum": "spil.placements.models.OutcomeKind",
        "FocusEnum": "spil.intake.models.Focus",
        "LeerrouteEnum": "spil.trajectories.models.Leerroute",
        "IntakeCefrLevelEnum": "spil.intake.api.serializers.INTAKE_CEFR_LEVELS",
        "AttendanceStatusEnum": "spil.programmes.models.AttendanceStatus",
        "ChangeOutcomeEnum": "spil.partner_api.api.serializers.CHANGE_OUTCOMES",
    },
}

# Partner systems (docs/partner-api.md): OAuth 2 client credentials per organisation
# (django-oauth-toolkit). Only the client-credentials grant; tokens are short-lived and the
# client secret is stored hashed, shown once at registration.
OAUTH2_PROVIDER = {
    "SCOPES_BACKEND_CLASS": "spil.partner_api.scopes.PartnerScopes",
    "OAUTH2_VALIDATOR_CLASS": "spil.partner_api.validators.PartnerValidator",
    "ACCESS_TOKEN_EXPIRE_SECONDS": env_int("SPIL_PARTNER_TOKEN_SECONDS", 600),
    "REFRESH_TOKEN_EXPIRE_SECONDS": 0,
    "PKCE_REQUIRED": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # The OAuth 2.0 Security BCP (RFC 9700) throughout: tokens stored hashed, never in a
    # query string, no implicit or password grant.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_SCHEME": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# Client secrets and tokens travel only over HTTPS: the token endpoint and the partner API
# refuse plain HTTP (off only in the demo on one machine; production refuses to start so).
SPIL_PARTNER_API_HTTPS_ONLY = env_bool("SPIL_PARTNER_API_HTTPS_ONLY", True)
# Requests per client (DRF rate syntax: N/second, N/minute, N/hour, N/day), counted in the
# cache below; a client over it gets 429 with Retry-After.
SPIL_PARTNER_API_RATE = env_str("SPIL_PARTNER_API_RATE", "600/minute")
# Token requests per address (the token endpoint): a client needs one per token lifetime.
SPIL_PARTNER_TOKEN_RATE = env_str("SPIL_PARTNER_TOKEN_RATE", "30/minute")
# The cache the rate limits count in. Empty: memory of each process (development, tests);
# production needs one shared by every web process (Redis, e.g. redis://127.0.0.1:6379/2).
SPIL_CACHE_URL = env_str("SPIL_CACHE_URL", "")
CACHES: dict[str, Any] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": SPIL_CACHE_URL}
        if SPIL_CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", "redis://127.0.0.1:6379/1")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# Task outcomes live in the database (notification status, PIP status); storing them in the
# result backend too would make every publish subscribe to a result channel.
CELERY_TASK_IGNORE_RESULT = env_bool("CELERY_TASK_IGNORE_RESULT", True)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    # Nightly: processing records past their retention period (SPIL_PROCESSING_LOG_RETENTION).
    "audit-purge-expired": {
        "task": "spil.audit.purge_expired",
        "schedule": crontab(hour=3, minute=30),
    },
    # DUO notifications stored while the broker was down, and retries that are due.
    "duo-requeue-pending": {"task": "spil.duo.requeue_pending", "schedule": 60.0},
    # PIPs DUO has not accepted yet, sent again.
    "plans-resend-pending": {"task": "spil.plans.resend_pending", "schedule": 600.0},
    # ZGW calls waiting in the outbox (the zaaksysteem was down, or a retry is due).
    "zaken-drain-outbox": {"task": "spil.zaken.drain_outbox", "schedule": 60.0},
    # Nightly: intake and deadline signals, placement momentum, tomorrow's reminders.
    "plans-refresh-signals": {
        "task": "spil.plans.refresh_signals",
        "schedule": crontab(hour=2, minute=0),
    },
    "placements-check-momentum": {
        "task": "spil.placements.check_momentum",
        "schedule": crontab(hour=2, minute=30),
    },
    "programmes-send-hours": {
        "task": "spil.programmes.send_hours",
        "schedule": crontab(hour=3, minute=15),
    },
    "programmes-send-reminders": {
        "task": "spil.programmes.send_reminders",
        "schedule": crontab(hour=17, minute=0),
    },
    "elearning-check-schedules": {
        "task": "spil.elearning.check_schedules",
        "schedule": crontab(hour=2, minute=45),
    },
    "dossier-send-appointment-reminders": {
        "task": "spil.dossier.send_appointment_reminders",
        "schedule": crontab(hour=17, minute=5),
    },
    # Expired partner access tokens removed.
    "partner-api-clear-tokens": {
        "task": "spil.partner_api.clear_expired_tokens",
        "schedule": crontab(hour=3, minute=15),
    },
    # Monthly: the reports readers subscribed to, as PDF by e-mail, on the first at 07:00.
    "reports-send-monthly": {
        "task": "spil.reports.send_monthly",
        "schedule": crontab(day_of_month=1, hour=7, minute=0),
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "spil@localhost")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_bsn": {"()": "spil.core.logging.RedactBsnFilter"},
        "request_id": {"()": "spil.core.logging.RequestIdFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_bsn", "request_id"],
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

# DUO exchange (docs/duo-deployment.md). DUO's base URL including the /v1 base path; the
# default is the sandbox that `make demo` starts.
SPIL_DUO_BASE_URL = env_str("SPIL_DUO_BASE_URL", "http://127.0.0.1:8765/v1")
# DUO's OIN: the `bron` of its notifications and the `doel` of Spil's requests to DUO. The
# default is the sandbox's OIN, not DUO's production OIN.
SPIL_DUO_OIN = env_str("SPIL_DUO_OIN", "00000099000000000001")
# Header through which the Digikoppeling TLS gateway passes the OIN from the sender's
# verified PKIoverheid certificate (e.g. X-Client-Cert-OIN). Empty: trust `bron` (dev only).
SPIL_DUO_GATEWAY_OIN_HEADER = env_str("SPIL_DUO_GATEWAY_OIN_HEADER", "")
SPIL_DUO_TIMEOUT = float(env_str("SPIL_DUO_TIMEOUT", "10"))
# Extra attempts of one call to DUO on a network error or 5xx (exponential back-off).
SPIL_DUO_RETRIES = env_int("SPIL_DUO_RETRIES", 2)
# Demo tools: a page and a command that fire DUO events at Spil through the sandbox.
SPIL_DUO_SANDBOX = env_bool("SPIL_DUO_SANDBOX", False)
# BRP (Haal Centraal BRP bevragen) for the name, address and household of new persons.
SPIL_BRP_BASE_URL = env_str("SPIL_BRP_BASE_URL", "http://127.0.0.1:8766/haalcentraal/api/brp")
SPIL_BRP_API_KEY = env_str("SPIL_BRP_API_KEY", "")

# ZGW (Common Ground, docs/zgw.md): each trajectory as a zaak in the municipality's
# zaaksysteem. Off unless switched on; the defaults are the sandbox `spil demo` starts, and
# production refuses them.
SPIL_ZGW_ENABLED = env_bool("SPIL_ZGW_ENABLED", False)
_ZGW_SANDBOX = "http://127.0.0.1:8767"
SPIL_ZGW_ZAKEN_URL = env_str("SPIL_ZGW_ZAKEN_URL", f"{_ZGW_SANDBOX}/zaken/api/v1")
SPIL_ZGW_CATALOGI_URL = env_str("SPIL_ZGW_CATALOGI_URL", f"{_ZGW_SANDBOX}/catalogi/api/v1")
SPIL_ZGW_DOCUMENTEN_URL = env_str("SPIL_ZGW_DOCUMENTEN_URL", f"{_ZGW_SANDBOX}/documenten/api/v1")
SPIL_ZGW_NOTIFICATIES_URL = env_str(
    "SPIL_ZGW_NOTIFICATIES_URL", f"{_ZGW_SANDBOX}/notificaties/api/v1"
)
# Spil's application in the zaaksysteem (ZGW JWT: client id and HS256 secret).
SPIL_ZGW_CLIENT_ID = env_str("SPIL_ZGW_CLIENT_ID", "spil-sandbox")
SPIL_ZGW_SECRET = env_str("SPIL_ZGW_SECRET", "zgw-sandbox-secret-not-for-production")
# The inburgering zaaktype and the informatieobjecttypen of the PIP decision and of other
# dossier documents (Catalogi API URLs).
SPIL_ZGW_ZAAKTYPE_URL = env_str(
    "SPIL_ZGW_ZAAKTYPE_URL",
    f"{_ZGW_SANDBOX}/catalogi/api/v1/zaaktypen/5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d02",
)
SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL = env_str(
    "SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL",
    f"{_ZGW_SANDBOX}/catalogi/api/v1/informatieobjecttypen/5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d03",
)
SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL = env_str(
    "SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL",
    f"{_ZGW_SANDBOX}/catalogi/api/v1/informatieobjecttypen/5f0ec4a1-6b7e-4e3c-9a44-0b1b2a3c4d04",
)
# The municipality's RSIN: bronorganisatie and verantwoordelijke organisatie of the zaken.
SPIL_ZGW_RSIN = env_str("SPIL_ZGW_RSIN", "002220647")
# Where the Notificaties API delivers events (Spil's webhook), and the bearer token it sends.
SPIL_ZGW_CALLBACK_URL = env_str(
    "SPIL_ZGW_CALLBACK_URL", "http://127.0.0.1:8000/api/zgw/notificaties"
)
SPIL_ZGW_NOTIFICATION_TOKEN = env_str(
    "SPIL_ZGW_NOTIFICATION_TOKEN", "zgw-sandbox-notification-token"
)
# The zaak in the zaaksysteem's own user interface, e.g. https://zaken.example.nl/zaak/{identificatie}
# ({uuid} works too). Empty: the dossier links to the zaak in the Zaken API.
SPIL_ZGW_ZAAK_UI_URL = env_str("SPIL_ZGW_ZAAK_UI_URL", "")
SPIL_ZGW_TIMEOUT = float(env_str("SPIL_ZGW_TIMEOUT", "10"))

# Minutes a klantmanager's one-time sign-in link for the newcomer's portal keeps working.
SPIL_PORTAL_LINK_MINUTES = env_int("SPIL_PORTAL_LINK_MINUTES", 60)
# Days a secret agenda (iCal) link works before a new one must be made (spil.agenda).
SPIL_AGENDA_FEED_DAYS = env_int("SPIL_AGENDA_FEED_DAYS", 365)

# Retention of the processing log, as an ISO 8601 duration (Verwerkingenlogging bewaartermijn).
SPIL_PROCESSING_LOG_RETENTION = env_str("SPIL_PROCESSING_LOG_RETENTION", "P10Y")
# Clock times of the morning, afternoon and evening day-parts, for placement hours in the
# agenda feeds (offers name day-parts, not hours).
SPIL_DAYPART_TIMES = env_str("SPIL_DAYPART_TIMES", "09:00-12:30,13:00-17:00,18:30-21:30")
