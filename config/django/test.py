"""Settings for the test suite: fast hashing, plain static storage."""
from config.django.base import *  # noqa: F401,F403
from config.django.base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# Tests serve static files straight from the apps (no collectstatic).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
