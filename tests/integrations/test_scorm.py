"""SCORM 1.2 launcher packages: the zip, the admin and `scorm_export`; the signed launch that
ties an LMS learner to one Storybridge account and enrolment; the status its SCO asks for, with
completion and (where chosen) the knowledge-check score only. Bad input changes nothing."""

import io
import zipfile
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.knowledge import checks as knowledge_checks
from courses import enrolment as rules
from courses.models import Enrolment
from integrations import scorm
from integrations.models import (
    RefusedSignIn,
    RefusedSignInQuerySet,
    ScormLaunch,
    ScormLearner,
    ScormPackage,
)
from tests.core.personal_data import CHECK
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
LAUNCH = reverse("scorm_launch")
STATUS = reverse("scorm_status")
IMSCP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
ATTEMPT = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def module(make_module):
    return make_module(
        title="Listening well",
        body=[
            {**CHECK, "id": "k-1"},
            {**CHECK, "id": "k-2"},
        ],
    )


@pytest.fixture
def package(module):
    return scorm.make_package(module, send_score=True)


@pytest.fixture
def learner(db):
    return UserFactory(username="jo", email="jo@example.org", verified_email=True)


def launch(client, package, learner_id="lms-77", attempt=ATTEMPT, token=None, confirm=True):
    """Open the launch address as the SCO does; at a first launch, confirm the account (POST)."""
    fields = {
        "package": token or scorm.token_for(package),
        "learner": learner_id,
        "attempt": attempt,
    }
    response = client.get(LAUNCH, fields)
    if confirm and response.status_code == 200 and b"Is this you?" in response.content:
        response = client.post(LAUNCH, fields)
    return response


def status(client, package, attempt=ATTEMPT, token=None):
    response = client.get(
        STATUS, {"package": token or scorm.token_for(package), "attempt": attempt}
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "no-store" in response["Cache-Control"]
    return response.status_code, response.json()


def test_the_package_is_a_scorm_1_2_zip_with_one_sco(package, module):
    archive = zipfile.ZipFile(io.BytesIO(scorm.build_package(package)))
    assert sorted(archive.namelist()) == [
        "imsmanifest.xml",
        "index.html",
        "launcher.css",
        "launcher.js",
    ]
    manifest = ElementTree.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.find(f"{IMSCP}metadata/{IMSCP}schemaversion").text == "1.2"
    assert manifest.find(f"{IMSCP}metadata/{IMSCP}schema").text == "ADL SCORM"
    resource = manifest.find(f"{IMSCP}resources/{IMSCP}resource")
    assert resource.get(f"{ADLCP}scormtype") == "sco" and resource.get("href") == "index.html"
    files = {f.get("href") for f in resource.findall(f"{IMSCP}file")}
    assert files == {"index.html", "launcher.js", "launcher.css"}
    item = manifest.find(f"{IMSCP}organizations/{IMSCP}organization/{IMSCP}item")
    assert item.get("identifierref") == resource.get("identifier")
    assert item.find(f"{IMSCP}title").text == "Listening well"
    page = BeautifulSoup(archive.read("index.html"), "html.parser")
    sco = page.select_one("#storybridge-sco")
    assert sco["data-launch"] == "http://testserver/scorm/launch/"
    assert scorm.package_for(sco["data-token"]) == package
    # Nothing of the content, nobody's data, and no inline script or style for a strict LMS.
    assert not page.select("script:not([src]), style")


def test_an_editor_makes_a_package_from_the_page_and_downloads_it(client, module, educator):
    client.force_login(educator)
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[module.pk])).content.decode()
    assert reverse("scorm_package_new", args=[module.pk]) in edit
    form = client.get(reverse("scorm_package_new", args=[module.pk]))
    assert form.status_code == 200 and "Listening well" in form.content.decode()
    response = client.post(
        reverse("scorm_package_new", args=[module.pk]), {"title": "Listening (ESR)"}
    )
    assert response["Content-Type"] == "application/zip"
    assert 'filename="storybridge-listening-esr-scorm12.zip"' in response["Content-Disposition"]
    made = ScormPackage.objects.get()
    assert (made.title, made.send_score, made.created_by) == ("Listening (ESR)", False, educator)
    again = client.get(reverse("scorm_package_download", args=[made.pk]))
    assert zipfile.ZipFile(io.BytesIO(again.content)).namelist()
    listing = client.get("/admin/scorm_packages/")
    assert listing.status_code == 200 and "Listening (ESR)" in listing.content.decode()
    assert client.get("/admin/scorm_packages/new/").status_code == 404  # made from a page only
    withdraw = f"/admin/scorm_packages/delete/{made.pk}/"
    assert client.post(withdraw).status_code == 302
    assert not ScormPackage.objects.exists()


def test_a_package_form_with_bad_input_makes_nothing(client, module, educator):
    client.force_login(educator)
    response = client.post(reverse("scorm_package_new", args=[module.pk]), {"title": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    assert not ScormPackage.objects.exists()


def test_learners_and_other_pages_get_no_package(client, module, learner, course_index):
    client.force_login(learner)
    assert client.get(reverse("scorm_package_new", args=[module.pk])).status_code in (302, 403)
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get(reverse("scorm_package_new", args=[course_index.pk])).status_code == 404
    assert not ScormPackage.objects.exists()


def test_scorm_export_writes_the_zip(module, course, tmp_path):
    target = tmp_path / "module.zip"
    call_command("scorm_export", str(module.pk), "--send-score", "-o", str(target))
    assert "imsmanifest.xml" in zipfile.ZipFile(target).namelist()
    assert ScormPackage.objects.get().send_score
    call_command("scorm_export", course.url, "-o", str(tmp_path / "course.zip"))
    assert ScormPackage.objects.filter(page=course).exists()
    with pytest.raises(CommandError, match="not a course or a module"):
        call_command("scorm_export", str(course.get_parent().pk))
    with pytest.raises(CommandError, match="No page"):
        call_command("scorm_export", "999999")
    with pytest.raises(CommandError, match="Could not write"):
        call_command("scorm_export", str(module.pk), "-o", str(tmp_path / "no" / "x.zip"))
    assert ScormPackage.objects.count() == 2


def test_the_first_launch_asks_the_learner_to_sign_in_then_links_and_enrols(
    client, package, module, learner
):
    response = launch(client, package)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=/scorm/launch/")
    assert not ScormLearner.objects.exists()
    client.force_login(learner)
    asked = launch(client, package, confirm=False)
    assert asked.status_code == 200
    page = BeautifulSoup(asked.content, "html.parser")
    assert "signed in to Storybridge as" in page.get_text() and "jo@example.org" in page.get_text()
    assert not ScormLearner.objects.exists()  # nothing linked before they confirm
    response = launch(client, package)
    assert response.status_code == 302 and response["Location"] == module.url
    link = ScormLearner.objects.get()
    assert (link.lms_learner_id, link.user) == ("lms-77", learner)
    enrolment = Enrolment.objects.get(user=learner)
    assert ScormLaunch.objects.get().enrolment == enrolment
    # A later launch from the same LMS learner opens it again, without asking.
    assert launch(client, package, attempt="f" * 32, confirm=False)["Location"] == module.url
    assert ScormLaunch.objects.count() == 2


def test_status_reports_completion_and_the_score_only(client, package, module, learner):
    assert status(client, package) == (200, {"status": "not started"})
    client.force_login(learner)
    launch(client, package)
    client.logout()  # the SCO asks without cookies
    assert status(client, package) == (200, {"status": "incomplete"})
    enrolment = Enrolment.objects.get(user=learner)
    check = knowledge_checks.knowledge_check(module, "k-1")
    knowledge_checks.record_answer(enrolment, module, check, [0])  # right
    knowledge_checks.record_answer(
        enrolment, module, knowledge_checks.knowledge_check(module, "k-2"), [1]
    )  # wrong
    rules.mark_module_complete(enrolment, module)
    assert status(client, package) == (200, {"status": "completed", "score": 50})
    package.send_score = False
    package.save()
    assert status(client, package) == (200, {"status": "completed"})


def test_a_learner_linked_to_another_account_is_refused_and_nothing_changes(
    client, package, learner
):
    client.force_login(learner)
    launch(client, package)
    other = UserFactory(username="sam", email="sam@example.org")
    client.force_login(other)
    response = launch(client, package, attempt="e" * 32)
    assert response.status_code == 403
    assert "linked to another" in response.content.decode()
    assert not Enrolment.objects.filter(user=other).exists()
    assert list(ScormLearner.objects.values_list("user", flat=True)) == [learner.pk]
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.SCORM_LEARNER
    # The first attempt's number, replayed by someone else with their own LMS id: refused.
    response = launch(client, package, learner_id="lms-88")
    assert response.status_code == 400
    assert ScormLaunch.objects.get().learner.user == learner


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("token", "not-a-token"),
        ("learner_id", ""),
        ("learner_id", "x" * 256),
        ("attempt", "short"),
        ("attempt", "g" * 32),
    ],
)
def test_a_tampered_launch_is_refused_with_a_page(client, package, learner, field, value):
    client.force_login(learner)
    response = launch(client, package, **{field: value})
    assert response.status_code == 400
    assert (
        "does not work"
        in BeautifulSoup(response.content, "html.parser").select_one("[role=alert]").get_text()
    )
    assert not ScormLearner.objects.exists() and not Enrolment.objects.exists()
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.SCORM_PACKAGE


def test_a_token_for_another_package_or_a_withdrawn_one_is_refused(client, package, learner):
    forged = signing.dumps({"p": str(package.uuid)}, salt="another.salt", compress=True)
    client.force_login(learner)
    assert launch(client, package, token=forged).status_code == 400
    token = scorm.token_for(package)
    package.delete()
    assert launch(client, package, token=token).status_code == 400
    assert status(client, package, token=token) == (400, {"error": "withdrawn"})
    assert not Enrolment.objects.exists()


def test_status_refuses_bad_input(client, package):
    assert status(client, package, attempt="x")[0] == 400
    assert status(client, package, token="x")[0] == 400


def test_not_me_signs_out_and_comes_back_to_the_launch(client, package, learner):
    client.force_login(learner)
    page = BeautifulSoup(launch(client, package, confirm=False).content, "html.parser")
    sign_out = page.select("form")[-1]
    assert sign_out["action"] == reverse("account_logout")
    back = sign_out.select_one("[name=next]")["value"]
    response = client.post(sign_out["action"], {"next": back})
    assert response["Location"] == back and back.startswith(LAUNCH)
    assert client.get(back)["Location"].startswith(reverse("account_login"))
    assert not ScormLearner.objects.exists()


def test_a_flood_of_refusals_keeps_only_so_many_rows(client, package, settings):
    limit = RefusedSignInQuerySet.PER_MINUTE
    for _number in range(2 * limit + 5):  # each still gets its page
        assert launch(client, package, token="made-up").status_code == 400
    # At most a minute's worth kept (two, if the loop ran over the turn of a minute).
    assert limit <= RefusedSignIn.objects.count() <= 2 * limit
