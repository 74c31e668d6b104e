"""Storybridge as an LTI 1.3 tool, against a real platform on 127.0.0.1 (tests/integrations/
lti_platform.py: RS256 tokens, its JWKS and ours fetched over HTTP): registration, launch,
accounts and cohorts, deep linking, roster sync, grade passback with retries, and every bad
launch refused with a page, nothing made or changed."""

import datetime
import re
from urllib.parse import urlsplit

import httpx
import jwt
import pytest
from bs4 import BeautifulSoup
from cryptography.hazmat.primitives.asymmetric import rsa
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from lti_tool.models import LtiDeployment, LtiUser

from courses import enrolment as rules
from courses.enrolment_models import Enrolment
from integrations.lti import config, grades, registration
from integrations.models import LtiCohort, LtiGrade, RefusedSignIn
from tests.factories import UserFactory
from tests.integrations.lti_platform import Platform

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
User = get_user_model()


@pytest.fixture
def platform(live_server, settings):
    settings.SITE_BASE_URL = live_server.url
    running = Platform().start()
    registered = registration.save(
        name="Test LMS",
        deployment_ids=[running.deployment_id],
        client_id=running.client_id,
        **running.urls,
    )
    addresses = registration.tool_addresses(live_server.url, registered)
    running.tool = {
        "login": addresses["login"],
        "launch": addresses["launch"],
        "jwks": addresses["jwks"],
    }
    running.registration = registered
    yield running
    running.stop()


@pytest.fixture
def module(make_module):
    return make_module(
        title="Listening well",
        body=[
            {
                "type": "knowledge_check",
                "id": "k-1",
                "value": {
                    "question": "Which helps?",
                    "kind": "single",
                    "options": [
                        {"text": "Listening", "correct": True, "feedback": "<p>Yes.</p>"},
                        {"text": "Hurrying", "correct": False, "feedback": "<p>No.</p>"},
                    ],
                },
            }
        ],
    )


def to_platform(client, platform, user="student", kind="resource", secure=False, **custom):
    """The platform starts the login; Storybridge checks cookies, then sends the browser to the
    platform's authentication, which answers with the signed token: (id_token, state)."""
    start = httpx.get(platform.start_url(user, kind, **custom), follow_redirects=False)
    login = urlsplit(start.headers["location"])
    check = client.get(f"{login.path}?{login.query}", secure=secure)
    assert check.status_code == 200 and b"lti-cookie-check" in check.content
    onwards = client.get(f"{login.path}?{login.query}&lti1p3_new_window=1", secure=secure)
    assert onwards.status_code == 302
    answer = httpx.get(onwards["Location"])
    assert answer.status_code == 200, answer.text
    form = BeautifulSoup(answer.text, "html.parser")
    return form.select_one("[name=id_token]")["value"], form.select_one("[name=state]")["value"]


def launch(client, platform, user="student", kind="resource", **custom):
    id_token, state = to_platform(client, platform, user, kind, **custom)
    return client.post("/lti/launch/", {"id_token": id_token, "state": state})


def refusal(response):
    return BeautifulSoup(response.content, "html.parser").select_one("[role=alert]").get_text()


def test_the_command_registers_a_platform_and_prints_what_the_lms_needs(platform, capsys):
    call_command(
        "lti_register_platform",
        "--name=Moodle",
        "--issuer=https://moodle.example.ac.uk",
        "--client-id=abc123",
        "--auth-url=https://moodle.example.ac.uk/mod/lti/auth.php",
        "--token-url=https://moodle.example.ac.uk/mod/lti/token.php",
        "--keyset-url=https://moodle.example.ac.uk/mod/lti/certs.php",
        "--deployment-id=7",
    )
    out = capsys.readouterr().out
    assert "Registered Moodle" in out and "/lti/launch/" in out and "/lti/jwks/" in out
    assert LtiDeployment.objects.get(deployment_id="7").is_active
    with pytest.raises(CommandError, match="must start with https"):
        call_command(
            "lti_register_platform",
            "--name=Bad",
            "--issuer=http://moodle.example.ac.uk",
            "--client-id=x",
            "--auth-url=https://a.example",
            "--token-url=https://a.example",
            "--keyset-url=https://a.example",
            "--deployment-id=1",
        )


def test_jwks_is_served(client, platform):
    keys = client.get("/lti/jwks/").json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and "d" not in keys[0]


def test_a_learner_launch_makes_one_account_enrols_it_in_the_lms_cohort_and_opens_the_module(
    client, platform, module
):
    response = launch(client, platform, storybridge_page=str(module.pk), storybridge_send_score="1")
    assert response.status_code == 302 and response["Location"] == module.url
    lti_user = LtiUser.objects.get(sub="lms-user-student")
    account = lti_user.auth_user
    assert (account.first_name, account.last_name, account.email) == ("Sam", "Student", "")
    assert not account.has_usable_password()
    enrolment = Enrolment.objects.get(user=account)
    assert enrolment.cohort.lti_source.context.id_on_platform == "NURS-101"
    assert client.get(module.url).status_code == 200  # signed in
    grade = LtiGrade.objects.get()
    assert (grade.send_score, grade.lineitem_url.endswith("/lineitems/link-1")) == (True, True)
    # The same LMS user launching again is the same account.
    client.logout()
    launch(client, platform, storybridge_page=str(module.pk))
    assert User.objects.filter(username__startswith="lti-").count() == 1


def test_the_page_is_framed_by_the_platform_only(client, platform, module):
    launch(client, platform, storybridge_page=str(module.pk))
    response = client.get(module.url)
    assert "X-Frame-Options" not in response
    assert f"frame-ancestors {platform.base}" in response["Content-Security-Policy"]
    client.logout()
    other = client.get(module.url)
    assert other["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in other["Content-Security-Policy"]


def test_completion_and_the_score_go_back_and_a_failure_is_retried(client, platform, module):
    launch(client, platform, storybridge_page=str(module.pk), storybridge_send_score="1")
    account = LtiUser.objects.get(sub="lms-user-student").auth_user
    enrolment = Enrolment.objects.get(user=account)
    assert grades.send_due() == {"sent": 0, "waiting": 1, "failed": 0}
    assert platform.scores == []
    answer = client.post(f"/modules/{module.pk}/knowledge-checks/k-1/", {"option": "0"})
    assert answer.status_code == 302  # answered right, which completes the module
    assert enrolment.progress.get(module=module).completed_at is not None
    platform.fail_scores = 2
    assert grades.send_due() == {"sent": 0, "waiting": 0, "failed": 1}
    row = LtiGrade.objects.get()
    assert (row.attempts, row.sent_at, row.gave_up) == (1, None, False)
    assert "503" in row.last_error and row.next_try_at > timezone.now()
    # Not due yet: nothing is tried.
    assert grades.send_due() == {"sent": 0, "waiting": 0, "failed": 0}
    later = timezone.now() + datetime.timedelta(hours=1)
    assert grades.send_due(now=later)["failed"] == 1
    assert grades.send_due(now=later + datetime.timedelta(hours=1))["sent"] == 1
    (score,) = platform.scores
    assert score["userId"] == "lms-user-student"
    assert (score["activityProgress"], score["gradingProgress"]) == ("Completed", "FullyGraded")
    assert score["scoreGiven"] == 100 and score["scoreMaximum"] == 100
    assert set(score) - {"lineitem"} <= {
        "userId",
        "activityProgress",
        "gradingProgress",
        "timestamp",
        "scoreGiven",
        "scoreMaximum",
    }
    assert LtiGrade.objects.get().sent_at is not None


def test_without_the_score_only_completion_goes_back(client, platform, module):
    launch(client, platform, storybridge_page=str(module.pk))
    account = LtiUser.objects.get(sub="lms-user-student").auth_user
    rules.mark_module_complete(Enrolment.objects.get(user=account), module)
    call_command("lti_send_grades")
    (score,) = platform.scores
    assert "scoreGiven" not in score and score["activityProgress"] == "Completed"


def test_an_instructor_runs_the_cohort_and_its_roster_comes_from_the_lms(client, platform, module):
    response = launch(client, platform, user="teacher", storybridge_page=str(module.pk))
    assert response.status_code == 302
    teacher = LtiUser.objects.get(sub="lms-user-teacher").auth_user
    cohort = LtiCohort.objects.get().cohort
    assert list(cohort.educators.all()) == [teacher]
    assert teacher.has_perm("wagtailadmin.access_admin") and not teacher.groups.exists()
    assert not Enrolment.objects.filter(user=teacher).exists()
    # Names and roles: both learners are in the cohort, one of them has never launched.
    learners = set(
        Enrolment.objects.filter(cohort=cohort).values_list("user__first_name", flat=True)
    )
    assert learners == {"Sam", "Quinn"}
    assert client.get(f"/admin/cohorts/progress/{cohort.pk}/").status_code == 200
    call_command("lti_sync_rosters")
    assert Enrolment.objects.filter(cohort=cohort).count() == 2


def test_deep_linking_sends_the_chosen_module_back_signed(client, platform, module, course):
    id_token, state = to_platform(client, platform, user="teacher", kind="deeplink")
    picker = client.post("/lti/launch/", {"id_token": id_token, "state": state})
    assert picker.status_code == 200
    page = BeautifulSoup(picker.content, "html.parser")
    assert [i["value"] for i in page.select("[name=page]")] == [str(course.pk), str(module.pk)]
    nothing = client.post("/lti/deep-link/", {})
    assert nothing.status_code == 400 and "Choose a course or a module" in nothing.content.decode()
    chosen = client.post("/lti/deep-link/", {"page": str(module.pk), "send_score": "1"})
    form = BeautifulSoup(chosen.content, "html.parser").select_one("form#lti-deep-link-return")
    assert form["action"] == f"{platform.base}/deep_link_return"
    assert platform.base in chosen["Content-Security-Policy"].split("form-action")[1]
    returned = httpx.post(form["action"], data={"JWT": form.select_one("[name=JWT]")["value"]})
    assert returned.status_code == 200
    (claims,) = platform.deep_links
    (item,) = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["url"] == f"{platform.tool['launch']}"
    assert item["custom"] == {"storybridge_page": str(module.pk), "storybridge_send_score": "1"}
    assert item["lineItem"]["scoreMaximum"] == 100


def forged(platform, client, **changes):
    """A launch whose token the platform would never send: (response, before-and-after users)."""
    id_token, state = to_platform(client, platform)
    claims = jwt.decode(id_token, options={"verify_signature": False})
    claims.update(changes.pop("claims", {}))
    key = changes.pop("key", None)
    token = platform.sign(claims, key=key, kid=changes.pop("kid", None))
    users = User.objects.count()
    response = client.post("/lti/launch/", {"id_token": token, "state": state})
    return response, users


@pytest.mark.parametrize(
    "changes",
    [
        {"claims": {"exp": 1_000_000_000, "iat": 999_999_000}},
        {"claims": {"aud": "someone-else"}},
        {"key": rsa.generate_private_key(public_exponent=65537, key_size=2048)},
        {"claims": {"nonce": "not-the-one-sent"}},
        {"claims": {"iss": "https://evil.example"}},
    ],
    ids=["expired", "wrong-audience", "forged", "wrong-nonce", "wrong-issuer"],
)
def test_a_bad_token_is_refused_and_nothing_is_made(client, platform, module, changes):
    response, users = forged(platform, client, **changes)
    assert response.status_code == 400
    assert "could not check that this link came from your learning system" in refusal(response)
    assert User.objects.count() == users and not LtiUser.objects.exists()
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.LTI_TOKEN


def test_a_replayed_launch_and_a_tampered_state_are_refused(client, platform, module):
    id_token, state = to_platform(client, platform, storybridge_page=str(module.pk))
    assert client.post("/lti/launch/", {"id_token": id_token, "state": "other"}).status_code == 400
    assert client.post("/lti/launch/", {"id_token": id_token, "state": state}).status_code == 302
    client.logout()
    replayed = client.post("/lti/launch/", {"id_token": id_token, "state": state})
    assert replayed.status_code == 400
    assert "_auth_user_id" not in client.session


def test_an_unknown_deployment_and_a_launch_naming_nothing_are_refused(client, platform, module):
    LtiDeployment.objects.update(is_active=False)
    config.changed()  # an update() sends no signal (integrations/lti/config.py)
    response = launch(client, platform, storybridge_page=str(module.pk))
    assert response.status_code == 403 and "not set up to open Storybridge" in refusal(response)
    assert not User.objects.filter(username__startswith="lti-").exists()
    LtiDeployment.objects.update(is_active=True)
    config.changed()
    response = launch(client, platform, storybridge_page="999999")
    assert response.status_code == 404 and "does not say which" in refusal(response)
    reasons = list(RefusedSignIn.objects.order_by("at").values_list("reason", flat=True))
    assert reasons == [RefusedSignIn.Reason.LTI_DEPLOYMENT, RefusedSignIn.Reason.LTI_TARGET]


def test_an_unknown_registration_gets_a_page(client, platform):
    response = client.get("/lti/login/00000000-0000-4000-8000-000000000000/?iss=x")
    assert response.status_code == 404
    assert re.search("not set up to open Storybridge", refusal(response))


def test_erasing_the_account_takes_the_lms_record_of_the_person_too(client, platform, module):
    launch(client, platform, storybridge_page=str(module.pk))
    account = LtiUser.objects.get(sub="lms-user-student").auth_user
    call_command("erase_learner", account.email or account.username, "--yes")
    assert not LtiUser.objects.filter(sub="lms-user-student").exists()
    assert not User.objects.filter(pk=account.pk).exists()


def test_over_https_a_launch_keeps_its_cookies_in_the_lms_frame(client, platform, module):
    id_token, state = to_platform(client, platform, secure=True, storybridge_page=str(module.pk))
    response = client.post("/lti/launch/", {"id_token": id_token, "state": state}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert (session["samesite"], bool(session["secure"])) == ("None", True)
    # Anyone signing in on Storybridge itself keeps Lax cookies.
    UserFactory(username="kim", email="kim@example.org", verified_email=True)
    other = Client()
    plain = other.post(
        "/accounts/login/", {"login": "kim@example.org", "password": "password"}, secure=True
    )
    assert plain.status_code == 302 and plain.cookies["sessionid"]["samesite"] == "Lax"


def test_a_learner_cannot_open_the_content_picker(client, platform, module):
    response = launch(client, platform, user="student", kind="deeplink")
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_an_lms_instructor_is_not_asked_for_a_second_factor(client, platform, module, settings):
    settings.STORYBRIDGE_REQUIRE_STAFF_MFA = True
    launch(client, platform, user="teacher", storybridge_page=str(module.pk))
    cohort = LtiCohort.objects.get().cohort
    # Their only way in is the LMS's own sign-in; Storybridge's second factor is for staff who
    # sign in here.
    assert client.get(f"/admin/cohorts/progress/{cohort.pk}/").status_code == 200
