"""Local development: the embedded default (SQLite under var/, database search, console mail)."""

import os

from .base import *  # noqa: F403
from .base import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
# A fixed key is fine here: dev settings never serve real users (production refuses such a key).
SECRET_KEY = env_str("SECRET_KEY") or "django-insecure-dev-only-key-do-not-use-in-production"
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
os.environ.setdefault("WAGTAIL_ENV", "dev")

# Serve static files straight from the app folders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
