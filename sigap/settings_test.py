"""Settings for the test suite: the real settings with test-friendly storage."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("HUEY_IMMEDIATE", "1")

from sigap.settings import *  # noqa: F403
from sigap.settings import STORAGES

# Uploaded files go to a throw-away folder, never to the demo's var/media.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="sigap-test-media-"))
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Each test starts with an empty cache (see conftest.py), so rate limits never leak between tests.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Hashing passwords slowly protects real accounts; tests create hundreds.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The cache above is per process: count in the database unless a run asks otherwise.
SIGAP_RATE_COUNTERS = os.environ.get("SIGAP_RATE_COUNTERS") or "database"
