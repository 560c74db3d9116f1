"""Production: PostgreSQL (DATABASE_URL), Redis/Celery, HTTPS behind a proxy."""

from spil.settings.base import *  # noqa: F403
from spil.settings.env import env_bool, env_int, env_str

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set in production")
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:  # noqa: F405
    raise RuntimeError("SECRET_KEY is the development key or shorter than 50 characters")
# The processing log's pseudonyms need their own key: never empty, never the SECRET_KEY
# (rotating sessions must not break the link between log entries, and the other way round).
SPIL_PSEUDONYM_KEY = env_str("SPIL_PSEUDONYM_KEY", "")
if len(SPIL_PSEUDONYM_KEY) < 32 or SPIL_PSEUDONYM_KEY in (SECRET_KEY, DEVELOPMENT_SECRET_KEY):  # noqa: F405
    raise RuntimeError(
        "SPIL_PSEUDONYM_KEY must be set in production: at least 32 characters, not SECRET_KEY"
    )
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CELERY_TASK_ALWAYS_EAGER = False

# The development tools (the demo, the DUO and BRP sandboxes: `spil_dev`, docs/architecture.md)
# never run in production, and the production wheel does not contain them.
_DEVELOPMENT_APPS = [app for app in INSTALLED_APPS if app.split(".")[0] == "spil_dev"]  # noqa: F405
if _DEVELOPMENT_APPS:
    raise RuntimeError(
        f"Development tools in INSTALLED_APPS: {', '.join(_DEVELOPMENT_APPS)}; "
        "they never run in production"
    )
if SPIL_DUO_SANDBOX:  # noqa: F405
    raise RuntimeError("SPIL_DUO_SANDBOX must be false in production: it is a demo tool")
# The DUO exchange: the gateway's certificate header, DUO's own OIN and DUO's address
# (spil.duo.checks; `spil check --deploy` reports the same).
from spil.duo.checks import deployment_problems  # noqa: E402

_DUO_PROBLEMS = deployment_problems(
    gateway_header=SPIL_DUO_GATEWAY_OIN_HEADER,  # noqa: F405
    duo_oin=SPIL_DUO_OIN,  # noqa: F405
    base_url=SPIL_DUO_BASE_URL,  # noqa: F405
)
if _DUO_PROBLEMS:
    raise RuntimeError("; ".join(_DUO_PROBLEMS))

# The zaaksysteem (docs/zgw.md): when switched on, never the sandbox or its secrets.
if SPIL_ZGW_ENABLED:  # noqa: F405
    _ZGW_URLS = {
        "SPIL_ZGW_ZAKEN_URL": SPIL_ZGW_ZAKEN_URL,  # noqa: F405
        "SPIL_ZGW_CATALOGI_URL": SPIL_ZGW_CATALOGI_URL,  # noqa: F405
        "SPIL_ZGW_DOCUMENTEN_URL": SPIL_ZGW_DOCUMENTEN_URL,  # noqa: F405
        "SPIL_ZGW_NOTIFICATIES_URL": SPIL_ZGW_NOTIFICATIES_URL,  # noqa: F405
        "SPIL_ZGW_ZAAKTYPE_URL": SPIL_ZGW_ZAAKTYPE_URL,  # noqa: F405
        "SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL": SPIL_ZGW_INFORMATIEOBJECTTYPE_PIP_URL,  # noqa: F405
        "SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL": SPIL_ZGW_INFORMATIEOBJECTTYPE_DOCUMENT_URL,  # noqa: F405
        "SPIL_ZGW_CALLBACK_URL": SPIL_ZGW_CALLBACK_URL,  # noqa: F405
    }
    _NOT_HTTPS = [name for name, url in _ZGW_URLS.items() if not url.startswith("https://")]
    if _NOT_HTTPS:
        raise RuntimeError(
            "SPIL_ZGW_ENABLED needs the zaaksysteem's https:// addresses (not the sandbox): "
            + ", ".join(_NOT_HTTPS)
        )
    if len(SPIL_ZGW_SECRET) < 32 or "sandbox" in SPIL_ZGW_SECRET:  # noqa: F405
        raise RuntimeError("SPIL_ZGW_SECRET must be the zaaksysteem's secret (32+ characters)")
    if SPIL_ZGW_CLIENT_ID == "spil-sandbox":  # noqa: F405
        raise RuntimeError("SPIL_ZGW_CLIENT_ID is the sandbox's client id")
    if len(SPIL_ZGW_NOTIFICATION_TOKEN) < 32 or "sandbox" in SPIL_ZGW_NOTIFICATION_TOKEN:  # noqa: F405
        raise RuntimeError("SPIL_ZGW_NOTIFICATION_TOKEN must be a random token of 32+ characters")

# Partner systems (docs/partner-api.md): OAuth over HTTPS only, short-lived tokens, and rate
# limits counted in a cache that every web process shares (Redis; SPIL_CACHE_URL).
if not SPIL_PARTNER_API_HTTPS_ONLY:  # noqa: F405
    raise RuntimeError("SPIL_PARTNER_API_HTTPS_ONLY must be true in production")
if not 60 <= int(str(OAUTH2_PROVIDER["ACCESS_TOKEN_EXPIRE_SECONDS"])) <= 3600:  # noqa: F405
    raise RuntimeError("SPIL_PARTNER_TOKEN_SECONDS must lie between 60 and 3600 in production")
# DigiD over an OIDC broker (spil.portal.digid_oidc): when enabled, complete and over HTTPS.
if SPIL_DIGID_OIDC_ENABLED:  # noqa: F405
    _DIGID_OIDC = {
        "SPIL_DIGID_OIDC_CLIENT_ID": SPIL_DIGID_OIDC_CLIENT_ID,  # noqa: F405
        "SPIL_DIGID_OIDC_CLIENT_SECRET": SPIL_DIGID_OIDC_CLIENT_SECRET,  # noqa: F405
        "SPIL_DIGID_OIDC_BSN_CLAIM": SPIL_DIGID_OIDC_BSN_CLAIM,  # noqa: F405
    }
    _DIGID_OIDC_PROVIDER = {
        "SPIL_DIGID_OIDC_ISSUER": SPIL_DIGID_OIDC_ISSUER,  # noqa: F405
        "SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT": SPIL_DIGID_OIDC_AUTHORIZATION_ENDPOINT,  # noqa: F405
        "SPIL_DIGID_OIDC_TOKEN_ENDPOINT": SPIL_DIGID_OIDC_TOKEN_ENDPOINT,  # noqa: F405
        "SPIL_DIGID_OIDC_JWKS_ENDPOINT": SPIL_DIGID_OIDC_JWKS_ENDPOINT,  # noqa: F405
    }
    if not SPIL_DIGID_OIDC_DISCOVERY_URL:  # noqa: F405
        _DIGID_OIDC |= _DIGID_OIDC_PROVIDER
    _MISSING = [name for name, value in _DIGID_OIDC.items() if not value]
    if _MISSING:
        raise RuntimeError(
            "SPIL_DIGID_OIDC_ENABLED needs "
            + ", ".join(_MISSING)
            + " (or SPIL_DIGID_OIDC_DISCOVERY_URL instead of the provider's four values)"
        )
    _URLS = [SPIL_DIGID_OIDC_DISCOVERY_URL, *_DIGID_OIDC_PROVIDER.values()]  # noqa: F405
    if any(url and not url.startswith("https://") for url in _URLS):
        raise RuntimeError("The DigiD OIDC provider's addresses must use https:// in production")

SPIL_CACHE_URL = env_str("SPIL_CACHE_URL", "redis://127.0.0.1:6379/2")
if not SPIL_CACHE_URL.startswith(("redis://", "rediss://")):
    raise RuntimeError("SPIL_CACHE_URL must name a Redis cache in production (rate limits)")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": SPIL_CACHE_URL,
    }
}
