"""The Content-Security-Policy header on every response (issue 14, finding 7)."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from wagtail.snippets.models import get_snippet_models

from core import csp
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def policy(response, header="Content-Security-Policy"):
    parsed = {}
    for part in response[header].split(";"):
        name, *sources = part.split()
        parsed[name] = sources
    return parsed


def test_learner_pages_get_the_strict_policy(client, course):
    for url in ("/", course.url, reverse("account_login")):
        got = policy(client.get(url))
        assert got["default-src"] == ["'self'"]
        assert got["script-src"] == ["'self'"]
        assert got["style-src"] == ["'self'"]
        assert got["img-src"] == ["'self'", "data:"]
        assert got["media-src"] == ["'self'"]
        assert got["object-src"] == ["'none'"]
        assert got["base-uri"] == ["'none'"]
        assert got["frame-ancestors"] == ["'none'"]
        assert got["form-action"] == ["'self'"]
        assert got["frame-src"] == [
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
            "https://w.soundcloud.com",
        ]


def test_frames_come_only_from_the_embed_providers_allowed_in_settings():
    assert csp.directives(["vimeo"])["frame-src"] == ["https://player.vimeo.com"]
    assert csp.directives([])["frame-src"] == ["'none'"]


def test_the_admin_alone_may_frame_its_previews_and_insert_styles(client):
    client.force_login(UserFactory(username="ed", groups=["Educators"], verified_email=True))
    got = policy(client.get(reverse("wagtailadmin_home")))
    assert got["script-src"] == ["'self'"]  # no inline script asked for a nonce here
    assert got["style-src-elem"] == ["'self'", "'unsafe-inline'"]
    assert got["style-src"] == ["'self'"]  # so style="" attributes are still refused
    assert got["frame-ancestors"] == ["'self'"]
    assert got["frame-src"][0] == "'self'"
    assert got["object-src"] == ["'none'"] and got["base-uri"] == ["'none'"]
    assert "'unsafe-inline'" not in client.get("/").get("Content-Security-Policy")


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>")


@pytest.mark.parametrize(
    "screen",
    [
        "course edit: an inline panel and snippet choosers",
        "site history report: date filters",
        "media add",
    ],
)
def test_wagtails_inline_scripts_run_only_by_this_responses_nonce(client, course, screen):
    client.force_login(UserFactory(username="lead", is_superuser=True, verified_email=True))
    url = {
        "course edit: an inline panel and snippet choosers": reverse(
            "wagtailadmin_pages:edit", args=[course.pk]
        ),
        "site history report: date filters": reverse("wagtailadmin_reports:site_history"),
        "media add": reverse("wagtailmedia:add", args=["audio"]),
    }[screen]
    response = client.get(url)
    sources = policy(response)["script-src"]
    assert "'unsafe-inline'" not in sources
    assert sources[0] == "'self'" and len(sources) == 2
    nonce = re.fullmatch(r"'nonce-(.+)'", sources[1]).group(1)
    scripts = INLINE_SCRIPT.findall(response.content.decode())
    assert scripts  # the screen does write inline scripts
    assert all(attributes.strip() == f'nonce="{nonce}"' for attributes in scripts), scripts
    # A second response gets a fresh nonce.
    assert f"'nonce-{nonce}'" not in client.get(url)["Content-Security-Policy"]


def test_the_nonce_tag_is_empty_outside_a_request_and_the_request_is_forgotten_after(client):
    render = Template("{% load storybridge_csp %}[{% csp_nonce %}]").render
    assert render(Context()) == "[]"
    client.get("/")
    assert csp.current_request.get() is None
    assert render(Context()) == "[]"


def test_report_only_sends_the_same_policy_under_the_report_only_header(client, settings):
    enforced = policy(client.get("/"))
    settings.CONTENT_SECURITY_POLICY, settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = (
        csp.settings_for(settings.STORYBRIDGE_EMBED_PROVIDERS, report_only=True)
    )
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert policy(response, "Content-Security-Policy-Report-Only") == enforced


def test_report_only_is_off_unless_the_environment_says_so():
    assert settings.CONTENT_SECURITY_POLICY_REPORT_ONLY is None
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["object-src"] == ["'none'"]


def test_csp_report_only_in_the_environment_switches_the_header():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.CONTENT_SECURITY_POLICY is None,"
        " s.CONTENT_SECURITY_POLICY_REPORT_ONLY['DIRECTIVES']['object-src'])"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "storybridge.settings.test"}
    env["CSP_REPORT_ONLY"] = "1"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=settings.BASE_DIR, capture_output=True, text=True
    )
    assert result.stdout.strip() == "True [\"'none'\"]", result.stderr


def test_chooser_modals_write_no_inline_script(client, course):
    """A modal's HTML is fetched by script and would carry its own response's nonce, not the
    page's, so an inline script in it could not run: there must be none."""
    client.force_login(UserFactory(username="lead", is_superuser=True, verified_email=True))
    urls = [reverse("wagtailadmin_choose_page"), reverse("wagtailmedia:chooser")]
    urls += [
        reverse(f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}:choose")
        for model in get_snippet_models()
    ]
    for url in urls:
        response = client.get(url, headers={"x-requested-with": "XMLHttpRequest"})
        assert response.status_code == 200, url
        html = response.json()["html"]
        assert not INLINE_SCRIPT.search(html), url
