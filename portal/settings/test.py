"""Test settings: fast hashing, in-memory mail, SQLite unless DATABASE_URL says otherwise."""

import tempfile

from .base import *  # noqa: F403
from .base import DATABASES, env_str

DEBUG = False
SECRET_KEY = "django-insecure-test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="eno-test-media-")
PRIVATE_MEDIA_ROOT = tempfile.mkdtemp(prefix="eno-test-private-")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SEARCH_ENGINE = env_str("SEARCH_ENGINE", "database")
SEARCH_INDEX_PREFIX = "eno-test"
if not env_str("DATABASE_URL"):
    DATABASES["default"] = {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]

# Serve static files straight from the app folders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test starts with empty caches (tests/conftest.py); one process, so memory will do.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tp"},
}
