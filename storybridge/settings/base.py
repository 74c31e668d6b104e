"""Settings shared by every environment. Secrets and hosts come from the environment only."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core import csp

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "core",
    "narratives",
    "courses",
    "assessments",
    "library",
    "reporting",
    "tracking",
    "portal",
    "integrations",
    "wagtail.contrib.forms",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtailmedia",
    "embed_video",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "lti_tool",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.private_responses.PrivateResponseMiddleware",
    # Django's, sending LTI launches' cookies SameSite=None over HTTPS (an LMS's frame).
    "integrations.lti.middleware.LtiSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "portal.accounts.mfa.RequireStaffMFAMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After the X-Frame-Options middleware, so that it may let an LMS frame a launched page.
    "integrations.lti.middleware.LtiLaunchMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "storybridge.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.shared_cache",
            ],
        },
    },
]

# Widgets are drawn from TEMPLATES too (templates/ first), so our copies of Wagtail's date and
# time picker widgets, which carry the CSP nonce, win over Wagtail's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

WSGI_APPLICATION = "storybridge.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Prepare a statement on a connection once it has run this many times. Django binds
    # parameters into the SQL text, and such statements are never prepared; this only affects
    # those sent with server-side binding: the outbox's insert of a player's events
    # (tracking/outbox.py), planned once per connection instead of for every batch. Set
    # DB_PREPARE_THRESHOLD=off behind a pooler that cannot keep prepared statements
    # (PgBouncer in transaction mode before 1.21, or without max_prepared_statements).
    _prepare = os.environ.get("DB_PREPARE_THRESHOLD", "5").strip().lower()
    if _prepare != "off" and not _prepare.isdigit():
        raise ImproperlyConfigured("DB_PREPARE_THRESHOLD must be a whole number or 'off'.")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _prepare == "off" else int(_prepare)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
    }
else:
    # One process's memory. Django's default of 300 entries holds about 70 signed-in learners'
    # sessions, preferences and tracking keys before it starts evicting them (and every request
    # then goes back to the database); 10,000 entries of at most a few kilobytes each is a few
    # tens of megabytes per worker at most. Use REDIS_URL for more than one app server.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "10000"))},
        }
    }
# Sessions are read from the cache and written through to the database: a page view costs no
# session query once the cache holds it, and nothing is lost if the cache is emptied or down.
# A new session is written once, at the end of its request (core/session_store.py).
SESSION_ENGINE = "core.session_store"

# The key behind every person's pseudonym in exports (core/pseudonyms.py). Set it once and keep
# it: with it unset, SECRET_KEY is used, and rotating SECRET_KEY would change every pseudonym.
STORYBRIDGE_PSEUDONYM_SECRET = os.environ.get("STORYBRIDGE_PSEUDONYM_SECRET", "")

# xAPI: the Learning Record Stores statements are forwarded to (tracking/endpoints.py), as a
# JSON list: [{"name": "trust", "url": "https://lrs.example.org/xAPI/", "username": "...",
# "password": "..."}]. Empty: statements are kept in the outbox and shown in the admin.
XAPI_LRS_ENDPOINTS = os.environ.get("XAPI_LRS_ENDPOINTS", "")

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Username and password: the Wagtail admin's own sign-in page for editors.
    "django.contrib.auth.backends.ModelBackend",
    # Email and password, with verification and rate limits: learners (portal/accounts/).
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# People sign in on two pages only: the learner sign-in (allauth) and the admin sign-in, whose
# form refuses accounts that cannot edit or have no verified address, and counts failures with
# the learner page (portal/accounts/). Wagtail sends visitors of private pages and documents to
# the learner page; its own plain sign-in page only redirects there (storybridge/urls.py).
WAGTAILADMIN_USER_LOGIN_FORM = "portal.accounts.forms.AdminLoginForm"
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
# No shared passwords on pages or document collections: a way in with no account, no limit on
# guesses and no record of who used it. Pages can still be limited to signed-in people or groups.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}

# django-allauth: learners sign up and sign in with an email address they have verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "portal.accounts.forms.SignupDetailsForm"
# allauth's forms with the site's labels (sentence case, UK spelling, no placeholders).
ACCOUNT_FORMS = {
    name: f"portal.accounts.entrance_forms.{form}"
    for name, form in {
        "login": "LoginForm",
        "signup": "SignupForm",
        "reset_password": "ResetPasswordForm",
        "reset_password_from_key": "ResetPasswordKeyForm",
        "change_password": "ChangePasswordForm",
        "set_password": "SetPasswordForm",
        "add_email": "AddEmailForm",
        "reauthenticate": "ReauthenticateForm",
    }.items()
}
ACCOUNT_ADAPTER = "portal.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Storybridge: "
# Failed sign-ins: 5 per account per 5 minutes, 10 per IP per minute, on the learner and the
# admin sign-in pages together (portal/accounts/throttle.py). Password-reset requests keep
# allauth's default (5 per address and 20 per IP a minute), on both pages together too; so do
# its other limits. Counted in the default cache: use Redis (REDIS_URL) when there is more than
# one app server.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}

# Sign-in with an organisation's own account (OpenID Connect), one per Organisation row in the
# admin (integrations/signin.py): allowed domains only; an existing account is linked through a
# verified address only; a new one is made at once with its role and organisation from the
# claims. The sign-in starts from a button (POST), never a link.
SOCIALACCOUNT_ADAPTER = "integrations.signin.OrganisationSignInAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# Multi-factor sign-in (portal/accounts/mfa.py): an authenticator app's codes and ten recovery
# codes, at /accounts/2fa/. With STORYBRIDGE_REQUIRE_STAFF_MFA on (the default in production),
# editors, curators and administrators must set it up before they use the admin.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Storybridge"
STORYBRIDGE_REQUIRE_STAFF_MFA = env_bool("STORYBRIDGE_REQUIRE_STAFF_MFA")

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", _("English"))]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Public uploads: only Wagtail's image renditions, served at MEDIA_URL from MEDIA_ROOT.
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Every other upload (recordings, posters, captions, documents, original images) lives under
# PROTECTED_MEDIA_ROOT, which no web server may serve by path: each file goes out through a view
# that checks who may have it (narratives/files.py; Wagtail's document view). PROTECTED_MEDIA_URL
# is the editors' address for those files (core/protected_files.py). In production, set
# PROTECTED_MEDIA_ACCEL_PREFIX (for example "/_protected/") and map it in nginx to an `internal`
# location aliasing PROTECTED_MEDIA_ROOT: after the check the app answers with X-Accel-Redirect
# and nginx sends the bytes (README, "Files and nginx").
PROTECTED_MEDIA_ROOT = Path(os.environ.get("PROTECTED_MEDIA_ROOT", BASE_DIR / "protected"))
PROTECTED_MEDIA_URL = "/protected-media/"
PROTECTED_MEDIA_ACCEL_PREFIX = os.environ.get("PROTECTED_MEDIA_ACCEL_PREFIX", "").strip()
STORAGES = {
    "default": {"BACKEND": "core.protected_files.ProtectedStorage"},
    "public_media": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "storybridge@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The public base URL: xAPI actor homePage, activity IRIs, links in e-mails.
SITE_BASE_URL = os.environ.get("SITE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

WAGTAIL_SITE_NAME = "Storybridge"
# No avatars from Gravatar: it would send a hash of each person's email address to another site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = SITE_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "vtt"]
# Documents only through Wagtail's view, which checks collection privacy on every request and
# sandboxes what it serves; never a path under a public folder.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Renditions are the only public uploads (their originals stay protected).
WAGTAILIMAGES_RENDITION_STORAGE = "public_media"
# Recordings: only types every learner's browser plays, checked by content as well as by name
# (narratives/forms.py MediaForm, which wagtailmedia uses for every upload and edit).
WAGTAILMEDIA = {
    "MEDIA_MODEL": "wagtailmedia.Media",
    "MEDIA_FORM_BASE": "narratives.forms.MediaForm",
    "AUDIO_EXTENSIONS": ["mp3", "m4a", "ogg", "oga", "opus", "wav", "webm"],
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "webm", "ogv"],
}
# The largest recording an editor may upload, in bytes (the front web server's upload limit,
# nginx `client_max_body_size`, must be at least this).
STORYBRIDGE_MAX_MEDIA_BYTES = int(os.environ.get("STORYBRIDGE_MAX_MEDIA_BYTES", 500 * 1024 * 1024))
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link"]},
    }
}

# Only these django-embed-video backends may be used for embedded narratives.
STORYBRIDGE_EMBED_PROVIDERS = ["youtube", "vimeo", "soundcloud"]

# Content-Security-Policy on every response (core/csp.py). CSP_REPORT_ONLY=1 sends it as
# Content-Security-Policy-Report-Only instead: violations show in the browser console, nothing
# is blocked. Use it for a rollout only.
CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_REPORT_ONLY = csp.settings_for(
    STORYBRIDGE_EMBED_PROVIDERS, report_only=env_bool("CSP_REPORT_ONLY")
)
# The admin dashboard would otherwise ask releases.wagtail.io for the latest version from every
# editor's browser.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Demo accounts with printed passwords are only ever created when this is on (dev settings).
STORYBRIDGE_DEMO_USERS = False
# Serves /bench/floor/ — the static-HTML floor view the benchmarks compare against.
STORYBRIDGE_BENCH_FLOOR = env_bool("STORYBRIDGE_BENCH_FLOOR")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
