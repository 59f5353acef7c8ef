"""Settings for the test suite: fast hashing, plain static storage."""
from config.django.base import *  # noqa: F401,F403
from config.django.base import STORAGES

import os
import tempfile
from pathlib import Path

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# Tests serve static files straight from the apps (no collectstatic).
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Uploaded spreadsheets of the web import: a throwaway folder per test process.
THIDUA_UPLOAD_DIR = Path(tempfile.gettempdir()) / f"thidua-test-uploads-{os.getpid()}"
# Background tasks run at once, in the test process.
HUEY = {"huey_class": "huey.SqliteHuey", "name": "thidua-test", "immediate": True}
