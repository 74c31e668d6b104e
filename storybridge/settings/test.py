"""Test settings: SQLite by default, PostgreSQL when DATABASE_URL is set."""

import os
import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = tempfile.mkdtemp(prefix="storybridge-test-media-")
PROTECTED_MEDIA_ROOT = tempfile.mkdtemp(prefix="storybridge-test-protected-")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORYBRIDGE_DEMO_USERS = False
SITE_BASE_URL = "http://testserver"
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
LOGGING["root"]["level"] = os.environ.get("LOG_LEVEL", "ERROR")  # noqa: F405
