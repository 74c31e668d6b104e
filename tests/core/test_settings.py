"""Production settings take every secret and host from the environment, refuse to start without
them, and pass Django's deployment checks (STYLE §5). Each case runs in a fresh interpreter,
because settings are read once per process."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

PRODUCTION = "storybridge.settings.production"
CONFIGURED = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "storybridge.example.org",
    "SITE_BASE_URL": "https://storybridge.example.org",
}
SETUP = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"


def run(args, **env):
    clean = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            *CONFIGURED,
            "DJANGO_SETTINGS_MODULE",
            "CSRF_TRUSTED_ORIGINS",
            "TRUSTED_PROXY_COUNT",
        }
        and not key.startswith("SECURE_")
    }
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**clean, "DJANGO_SETTINGS_MODULE": PRODUCTION, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run(["-c", SETUP], ALLOWED_HOSTS="storybridge.example.org")

    assert result.returncode != 0
    assert (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set in the "
        "environment for production." in result.stderr
    )


def test_production_refuses_a_blank_secret_key():
    result = run(["-c", SETUP], SECRET_KEY="   ", ALLOWED_HOSTS="storybridge.example.org")

    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    result = run(
        ["-c", SETUP], SECRET_KEY=CONFIGURED["SECRET_KEY"], ALLOWED_HOSTS="storybridge.example.org"
    )

    assert result.returncode != 0
    assert "ImproperlyConfigured: SITE_BASE_URL must be set" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run(["-c", SETUP], SECRET_KEY=CONFIGURED["SECRET_KEY"])

    assert result.returncode != 0
    assert "ImproperlyConfigured: ALLOWED_HOSTS must be set" in result.stderr


def test_production_starts_with_debug_off_when_configured():
    result = run(["-c", SETUP], **CONFIGURED)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_production_passes_the_deployment_checks_with_no_warnings():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **CONFIGURED)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_deployment_checks_catch_a_weakened_configuration():
    """The check above can fail: turning off the HTTPS redirect is reported."""
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECURE_SSL_REDIRECT="false",
        **CONFIGURED,
    )

    assert result.returncode != 0
    assert "security.W008" in result.stderr


PREPARE_THRESHOLD = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DATABASES['default']['OPTIONS'].get('prepare_threshold', 'unset'))"
)
POSTGRES = "postgres://storybridge@db.example.org:5432/storybridge"


def test_postgresql_prepares_repeated_server_bound_statements_after_five_runs_by_default():
    result = run(["-c", PREPARE_THRESHOLD], DATABASE_URL=POSTGRES, **CONFIGURED)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5"


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    result = run(
        ["-c", PREPARE_THRESHOLD], DATABASE_URL=POSTGRES, DB_PREPARE_THRESHOLD="off", **CONFIGURED
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"


def test_a_prepare_threshold_that_is_not_a_number_is_refused():
    result = run(
        ["-c", PREPARE_THRESHOLD], DATABASE_URL=POSTGRES, DB_PREPARE_THRESHOLD="soon", **CONFIGURED
    )

    assert result.returncode != 0
    assert "DB_PREPARE_THRESHOLD must be a whole number or 'off'." in result.stderr


def test_sqlite_has_no_prepare_threshold():
    result = run(["-c", PREPARE_THRESHOLD], DATABASE_URL="sqlite:///:memory:", **CONFIGURED)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "unset"


def test_production_takes_the_client_address_for_sign_in_limits_from_one_proxy_by_default():
    """Behind nginx every request comes from 127.0.0.1: without this, one person's wrong
    passwords would use up everyone's allowance of failed sign-ins (ACCOUNT_RATE_LIMITS)."""
    show = SETUP.replace("settings.DEBUG", "settings.ALLAUTH_TRUSTED_PROXY_COUNT")
    assert run(["-c", show], **CONFIGURED).stdout.strip() == "1"
    assert run(["-c", show], **CONFIGURED, TRUSTED_PROXY_COUNT="0").stdout.strip() == "0"
    refused = run(["-c", show], **CONFIGURED, TRUSTED_PROXY_COUNT="nginx")
    assert refused.returncode != 0
    assert "TRUSTED_PROXY_COUNT must be a whole number" in refused.stderr
