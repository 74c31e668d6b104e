"""Fixtures for the tracking tests: a real Ralph LRS (tests/tracking/lrs_server.py), emptied
for each test that asks for `lrs`, a fault-injecting proxy in front of it, and statements to
deliver."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings as django_settings
from tincan import Activity, ActivityDefinition

from tracking import vocabulary as v
from tracking.activities import lang
from tracking.outbox import record_many
from tracking.statements import build, unlinkable_actor

from .lrs_server import ROOT, FaultProxy, RalphNotInstalled, RalphServer


@pytest.fixture(scope="session")
def ralph():
    """One Ralph for the whole session (it takes a couple of seconds to start)."""
    server = RalphServer()
    try:
        server.start()
    except RalphNotInstalled as error:
        pytest.fail(str(error))
    yield server
    server.stop()


@pytest.fixture
def lrs(ralph):
    """The session's Ralph, empty."""
    ralph.clear()
    yield ralph
    ralph.clear()


@pytest.fixture
def proxy(lrs):
    """A fault-injecting proxy in front of the empty Ralph, passing to start with."""
    fault_proxy = FaultProxy(lrs.port).start()
    yield fault_proxy
    fault_proxy.stop()


@pytest.fixture
def lrs_settings(settings, lrs):
    """Point XAPI_LRS_ENDPOINTS at Ralph directly. Returns a function to point it elsewhere
    (at the proxy, say) with other settings."""

    def configure(url=None, **extra):
        settings.XAPI_LRS_ENDPOINTS = [lrs.endpoint(url=url, **extra)]
        return settings.XAPI_LRS_ENDPOINTS

    configure()
    return configure


def course_activity():
    """A course-like activity of our own (tracking.activities' id scheme and type)."""
    return Activity(
        id=f"{django_settings.SITE_BASE_URL}/xapi/activities/course/{uuid.uuid4()}",
        definition=ActivityDefinition(type=v.COURSE, name=lang("Recovery basics")),
    )


def registered_statements(count):
    """`count` REGISTERED statements (xAPI: ADL `registered`) by unlinkable actors, each in
    its own registration, built with tracking.statements.build."""
    activity = course_activity()
    return [
        build(
            actor=unlinkable_actor(),
            verb=v.REGISTERED,
            activity=activity,
            registration=uuid.uuid4(),
        )
        for _ in range(count)
    ]


@pytest.fixture
def record():
    """Record `count` new statements in the outbox; returns their dicts."""

    def make(count):
        statements = registered_statements(count)
        record_many(statements)
        return statements

    return make


def manage(*args, env=None, **popen):
    """`manage.py` in a subprocess, on the test database (see `subprocess_env`)."""
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )


@pytest.fixture
def subprocess_env(transactional_db):
    """Environment for a manage.py subprocess that sees this test's database: PostgreSQL
    only (SQLite's test database lives in this process's memory), so it skips on SQLite.
    Give it the XAPI_LRS_ENDPOINTS JSON."""
    database = django_settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("a subprocess sees the test database on PostgreSQL only")

    def make(endpoints_json):
        url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(
            **{k: database.get(k) or "" for k in ("USER", "PASSWORD", "HOST", "PORT", "NAME")}
        )
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "storybridge.settings.test",
            "DATABASE_URL": url,
            "XAPI_LRS_ENDPOINTS": endpoints_json,
        }

    return make
