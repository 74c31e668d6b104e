"""Production: every secret and host comes from the environment; refuses to start without them."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in the environment for production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]
# The public address goes into links and, later, into every xAPI actor and activity id: a
# silent default would send statements about the wrong site.
SITE_BASE_URL = required("SITE_BASE_URL").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [SITE_BASE_URL]

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The sign-in limits count per client IP address (portal/accounts/throttle.py). Behind the proxy,
# REMOTE_ADDR is the proxy's own, and every learner would share one allowance of failed
# sign-ins; allauth takes this many addresses from the right of X-Forwarded-For instead.
# 1: one proxy that appends the client's address (nginx's $proxy_add_x_forwarded_for).
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "1").strip()
if not _proxies.isdigit():
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be a whole number (0: no proxy).")
ALLAUTH_TRUSTED_PROXY_COUNT = int(_proxies)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_REFERRER_POLICY = "same-origin"
# Staff must use a second factor (portal/accounts/mfa.py); STORYBRIDGE_REQUIRE_STAFF_MFA=0 lifts it.
STORYBRIDGE_REQUIRE_STAFF_MFA = env_bool("STORYBRIDGE_REQUIRE_STAFF_MFA", True)
