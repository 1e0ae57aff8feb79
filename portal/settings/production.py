"""Production: PostgreSQL, Elasticsearch, gunicorn behind a TLS-terminating proxy."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, env_bool, env_int, env_str

DEBUG = env_bool("DEBUG", False)
TWO_FACTOR_REQUIRED_FOR_EDITORS = env_bool("TWO_FACTOR_REQUIRED_FOR_EDITORS", True)


def _check_secret_key(key: str) -> None:
    if not key:
        raise ImproperlyConfigured("SECRET_KEY must be set in production.")
    if key.startswith("django-insecure") or "change-me" in key.lower() or len(key) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY is a default or too short (need 50+ random characters); "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    if len(set(key)) < 5:
        raise ImproperlyConfigured("SECRET_KEY has too few distinct characters.")


_check_secret_key(SECRET_KEY)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
CONN_HEALTH_CHECKS = True
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "https://localhost")
