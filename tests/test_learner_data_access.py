"""Every URL that shows or changes a learner's own data (reflections, the portfolio, progress, the
completion record, preferences, profile) is closed to every other role: other learners, their
cohort's educators outside the admin's shared view, educators of other cohorts, curators, a
superuser on the learner's own pages, and visitors who are not signed in (issue 3, Security)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Reflection
from assessments.reflections import rules as reflection_rules
from courses import enrolment as rules
from courses.models import ModuleProgress
from narratives.preferences.models import ViewerPreferences
from tests.factories import CohortFactory, UserFactory

SECRET = "I nearly left nursing after that shift and nobody knew."
UNSHARED = "This one I keep to myself: the night my dad was sectioned."
ORGANISATION = "Ward 7 night team, Northfield"
REFLECTION = {"type": "reflection", "value": {"prompt": "What stayed with you?", "required": True}}

ROLES = [
    "other_learner",
    "cohort_educator",
    "other_educator",
    "curator",
    "superuser",
    "anonymous",
]


@pytest.fixture
def world(db, course, make_module):
    module = make_module(
        title="Coming home",
        body=[{**REFLECTION, "id": "r1"}, {**REFLECTION, "id": "r2"}],
    )
    educator = UserFactory(username="educator_x", groups=["Educators"])
    other_educator = UserFactory(username="educator_y", groups=["Educators"])
    cohort = CohortFactory(course=course, name="Cohort X")
    cohort.educators.add(educator)
    other_cohort = CohortFactory(course=course, name="Cohort Y")
    other_cohort.educators.add(other_educator)

    owner = UserFactory(username="owner", organisation=ORGANISATION)
    enrolment = rules.enrol(owner, course, cohort=cohort)
    slot = reflection_rules.reflection_slot(module, "r1")
    shared, _ = reflection_rules.submit(enrolment, module, slot, SECRET)
    reflection_rules.set_shared(shared, True)
    private, _ = reflection_rules.submit(
        enrolment, module, reflection_rules.reflection_slot(module, "r2"), UNSHARED
    )
    ViewerPreferences.objects.create(user=owner, warning_mode="hide")
    enrolment.completed_at = timezone.now()
    enrolment.save()
    rules.mark_module_complete(enrolment, module)

    other = UserFactory(username="other_learner")
    rules.enrol(other, course, cohort=cohort)  # the same cohort: a classmate
    return {
        "module": module,
        "cohort": cohort,
        "owner": owner,
        "enrolment": enrolment,
        "shared": shared,
        "private": private,
        "users": {
            "other_learner": other,
            "cohort_educator": educator,
            "other_educator": other_educator,
            "curator": UserFactory(username="curator", groups=["Narrative curators"]),
            "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
            "anonymous": None,
        },
    }


def as_role(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    return client


def owner_urls(world):
    """The owner's pages that carry an id of theirs in the URL."""
    return [
        reverse("assessments:reflection", args=[world["shared"].uuid]),
        reverse("assessments:reflection", args=[world["private"].uuid]),
        reverse("courses:record", args=[world["enrolment"].uuid]),
    ]


def shows_owner_data(html):
    return any(text in html for text in (SECRET, UNSHARED, ORGANISATION))


@pytest.mark.parametrize("role", ROLES)
def test_no_other_role_reaches_a_learners_pages(client, world, role):
    as_role(client, world, role)
    for url in owner_urls(world):
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 404 or (
                response.status_code == 302 and "/accounts/login/" in response["Location"]
            ), url
        else:
            assert response.status_code in (403, 404), (url, response.status_code)
        assert not shows_owner_data(response.content.decode()), url


@pytest.mark.parametrize("role", ROLES)
def test_no_other_role_can_share_or_unshare_a_learners_reflection(client, world, role):
    as_role(client, world, role)
    for reflection, wanted in ((world["private"], "1"), (world["shared"], "")):
        url = reverse("assessments:share", args=[reflection.uuid])
        response = client.post(url, {"shared": wanted})
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        if response.status_code == 302:
            assert "/accounts/login/" in response["Location"]
    assert Reflection.objects.get(pk=world["private"].pk).shared_with_educators is False
    assert Reflection.objects.get(pk=world["shared"].pk).shared_with_educators is True


@pytest.mark.parametrize("role", ROLES)
def test_per_person_pages_show_each_person_only_their_own(client, world, role):
    """The journal, the portfolio, preferences, profile, the data download and course progress
    carry no id: each
    shows whoever is signed in their own data, never the owner's."""
    as_role(client, world, role)
    for name in ("assessments:journal", "assessments:portfolio", "preferences:edit"):
        response = client.get(reverse(name))
        assert response.status_code in (200, 302, 403, 404), name
        assert SECRET.encode() not in response.content and UNSHARED.encode() not in (
            response.content
        )
    profile = client.get(reverse("accounts:profile"))
    assert ORGANISATION not in profile.content.decode()
    data = client.get(reverse("accounts:data_export"))
    assert data.status_code in (200, 302), data.status_code
    assert not shows_owner_data(data.content.decode())
    course = client.get(world["module"].get_parent().url).content.decode()
    assert 'class="progress-state">Complete' not in course


@pytest.mark.parametrize("role", ROLES)
def test_a_learners_writing_cannot_be_changed_through_their_module(client, world, role):
    """Another person posting to the owner's reflection blocks writes only their own rows."""
    as_role(client, world, role)
    url = reverse("assessments:save", args=[world["module"].pk, "r1"])
    client.post(url, {"text": "Overwritten", "action": "submit"})
    client.post(url, {"text": "Overwritten", "action": "draft"})

    mine = Reflection.objects.get(pk=world["shared"].pk)
    assert mine.text == SECRET and mine.user == world["owner"]
    assert not Reflection.objects.filter(user=world["owner"], text="Overwritten").exists()


def test_educators_see_only_what_was_shared_with_their_cohort(client, world):
    shared_url = reverse("shared_reflections:detail", args=[world["shared"].uuid])
    private_url = reverse("shared_reflections:detail", args=[world["private"].uuid])

    client.force_login(world["users"]["cohort_educator"])
    index = client.get(reverse("shared_reflections:index")).content.decode()
    assert SECRET in index or "What stayed with you?" in index
    assert UNSHARED not in index
    assert SECRET in client.get(shared_url).content.decode()
    assert client.get(private_url).status_code == 404

    for role in ("other_educator", "curator"):
        client.force_login(world["users"][role])
        response = client.get(shared_url)
        assert response.status_code in (302, 403, 404), role
        assert SECRET not in response.content.decode()
        listing = client.get(reverse("shared_reflections:index"))
        assert SECRET not in listing.content.decode()

    client.force_login(world["users"]["other_learner"])
    response = client.get(shared_url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_educators_outside_the_cohort_do_not_reach_its_progress(client, world):
    url = reverse("cohorts:progress", args=[world["cohort"].pk])
    client.force_login(world["users"]["cohort_educator"])
    assert client.get(url).status_code == 200

    client.force_login(world["users"]["other_educator"])
    assert client.get(url).status_code == 404
    client.force_login(world["users"]["other_learner"])
    assert client.get(url).status_code == 302


def test_a_tampered_enrolment_id_is_not_found_and_changes_nothing(client, world):
    client.force_login(world["owner"])
    before = ModuleProgress.objects.count()

    for bad in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        response = client.get(f"/courses/record/{bad}/")
        assert response.status_code == 404

    assert ModuleProgress.objects.count() == before
