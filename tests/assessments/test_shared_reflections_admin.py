"""Educators read, in the admin, only the reflections learners in their own cohorts shared; an
unshared reflection disappears from their view at once."""

import re

import pytest
from django.urls import reverse

from assessments.reflections import rules
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

from .conftest import OPTIONAL_ID, REFLECTION_ID

INDEX = "shared_reflections:index"
DETAIL_LINK = re.compile(r"/admin/shared_reflections/([0-9a-f-]{36})/")


def detail_url(reflection):
    return reverse("shared_reflections:detail", args=[reflection.uuid])


@pytest.fixture
def educator_b(db):
    return UserFactory(username="educator_b", groups=["Educators"])


@pytest.fixture
def cohort_b(course, educator_b):
    cohort = CohortFactory(course=course, name="Bravo intake")
    cohort.educators.add(educator_b)
    return cohort


def write(user, course, cohort, module, text, block_id=REFLECTION_ID, share=True):
    enrolment = EnrolmentFactory(user=user, course=course, cohort=cohort)
    reflection, _ = rules.submit(enrolment, module, rules.reflection_slot(module, block_id), text)
    if share:
        rules.set_shared(reflection, True)
    return reflection


@pytest.fixture
def reflections(course, module, cohort, cohort_b):
    """Alpha: one shared, one not. Bravo: one shared. No cohort: one shared."""
    return {
        "alpha_shared": write(
            UserFactory(username="ama", first_name="Ama", last_name="Mensah"),
            course,
            cohort,
            module,
            "Alpha shared: hope arrived slowly for me.",
        ),
        "alpha_private": write(
            UserFactory(username="ali"),
            course,
            cohort,
            module,
            "Alpha private: this is only for me to read.",
            share=False,
        ),
        "bravo_shared": write(
            UserFactory(username="bea"),
            course,
            cohort_b,
            module,
            "Bravo shared: the kettle story moved me.",
        ),
    }


def test_an_educator_lists_only_what_their_own_cohorts_shared(client, educator, reflections):
    client.force_login(educator)

    response = client.get(reverse(INDEX))

    assert response.status_code == 200
    html = response.content.decode()
    assert detail_url(reflections["alpha_shared"]) in html
    assert "Ama Mensah" in html
    assert "Alpha intake" in html
    assert detail_url(reflections["alpha_private"]) not in html
    assert detail_url(reflections["bravo_shared"]) not in html
    assert "Bravo intake" not in html


def test_an_educator_reads_a_shared_reflection_with_its_paragraphs_escaped(
    client, educator, course, module, cohort
):
    reflection = write(
        UserFactory(username="ama"),
        course,
        cohort,
        module,
        "<em>First</em> paragraph words here.\n\nSecond paragraph.",
    )
    client.force_login(educator)

    html = client.get(detail_url(reflection)).content.decode()

    assert "<p>&lt;em&gt;First&lt;/em&gt; paragraph words here.</p>" in html
    assert "<p>Second paragraph.</p>" in html
    assert "Coming home to the kettle" in html


@pytest.mark.parametrize("which", ["alpha_private", "bravo_shared"])
def test_anything_else_is_not_found(client, educator, reflections, which):
    client.force_login(educator)

    response = client.get(detail_url(reflections[which]))

    assert response.status_code == 404
    assert reflections[which].text not in response.content.decode()


def test_unsharing_removes_it_at_once(client, educator, reflections):
    client.force_login(educator)
    reflection = reflections["alpha_shared"]

    rules.set_shared(reflection, False)

    assert detail_url(reflection) not in client.get(reverse(INDEX)).content.decode()
    assert client.get(detail_url(reflection)).status_code == 404


def test_a_draft_never_reaches_an_educator(client, educator, course, module, cohort):
    enrolment = EnrolmentFactory(user=UserFactory(username="dee"), course=course, cohort=cohort)
    draft = rules.save_draft(
        enrolment, module, rules.reflection_slot(module, OPTIONAL_ID), "Draft thoughts"
    )
    client.force_login(educator)

    assert "Draft thoughts" not in client.get(reverse(INDEX)).content.decode()
    assert client.get(detail_url(draft)).status_code == 404


def test_the_cohort_filter_narrows_to_one_of_the_educators_cohorts(
    client, educator, course, module, cohort, reflections
):
    second = CohortFactory(course=course, name="Charlie intake")
    second.educators.add(educator)
    in_second = write(
        UserFactory(username="cat"),
        course,
        second,
        module,
        "Charlie words here, written with care.",
    )
    client.force_login(educator)

    both = client.get(reverse(INDEX)).content.decode()
    only_second = client.get(reverse(INDEX), {"cohort": second.pk}).content.decode()
    foreign = client.get(
        reverse(INDEX), {"cohort": reflections["bravo_shared"].enrolment.cohort_id}
    )

    assert detail_url(in_second) in both and detail_url(reflections["alpha_shared"]) in both
    assert detail_url(in_second) in only_second
    assert detail_url(reflections["alpha_shared"]) not in only_second
    # Another educator's cohort is not a choice: the listing stays within the educator's own.
    assert detail_url(reflections["bravo_shared"]) not in foreign.content.decode()


def test_the_listing_is_paginated(client, educator, course, module, cohort):
    for i in range(27):
        write(
            UserFactory(username=f"l{i}"),
            course,
            cohort,
            module,
            f"Reflection number {i} for the listing.",
        )
    client.force_login(educator)

    first = client.get(reverse(INDEX)).content.decode()
    second = client.get(reverse(INDEX), {"p": 2}).content.decode()

    on_first, on_second = set(DETAIL_LINK.findall(first)), set(DETAIL_LINK.findall(second))
    assert (len(on_first), len(on_second)) == (25, 2)
    assert len(on_first | on_second) == 27
    assert "Page 1 of 2" in first


def test_a_superuser_sees_every_shared_reflection_and_nothing_unshared(
    client, reflections, course, module
):
    no_cohort = EnrolmentFactory(user=UserFactory(username="solo"), course=course, cohort=None)
    solo, _ = rules.submit(
        no_cohort,
        module,
        rules.reflection_slot(module, REFLECTION_ID),
        "Solo words with no cohort.",
    )
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))

    html = client.get(reverse(INDEX)).content.decode()

    assert detail_url(reflections["alpha_shared"]) in html
    assert detail_url(reflections["bravo_shared"]) in html
    assert detail_url(reflections["alpha_private"]) not in html
    assert detail_url(solo) not in html


def test_the_menu_item_is_for_educators_and_superusers_only(client, educator, reflections):
    client.force_login(educator)
    assert "Shared reflections" in client.get(reverse("wagtailadmin_home")).content.decode()

    curator = UserFactory(username="curator", groups=["Narrative curators"])
    client.force_login(curator)
    assert "Shared reflections" not in client.get(reverse("wagtailadmin_home")).content.decode()
    assert client.get(reverse(INDEX)).status_code in (302, 403)
    assert client.get(detail_url(reflections["alpha_shared"])).status_code in (302, 403)


def test_a_learner_cannot_reach_the_educator_view(client, learner, enrolment, reflections):
    client.force_login(learner)

    for url in (reverse(INDEX), detail_url(reflections["alpha_shared"])):
        response = client.get(url)
        assert response.status_code in (302, 403)
        assert reflections["alpha_shared"].text not in response.content.decode()
