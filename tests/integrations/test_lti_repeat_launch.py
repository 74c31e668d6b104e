"""A learner coming back from the LMS: what a repeated launch reads and writes (integrations/lti/
sync.py), and the registered platforms each process remembers (integrations/lti/config.py),
which must still refuse a platform or deployment the moment an administrator switches it off."""

from urllib.parse import urlsplit

import httpx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lti_tool.models import LtiContext, LtiDeployment, LtiMembership, LtiResourceLink, LtiUser

from integrations.lti import registration
from integrations.models import RefusedSignIn
from tests.integrations.test_lti import forged, launch, module, platform, refusal  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LTI_ROWS = (LtiUser, LtiContext, LtiMembership, LtiResourceLink, LtiDeployment)


def modified():
    return {
        model.__name__: list(model.objects.values_list("datetime_modified")) for model in LTI_ROWS
    }


def test_a_learner_coming_back_rewrites_nothing(client, platform, module):  # noqa: F811
    assert launch(client, platform, storybridge_page=str(module.pk)).status_code == 302
    before = modified()
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        response = launch(client, platform, storybridge_page=str(module.pk))
    # (Read before the next request: Django empties the query log when a request starts.)
    sql = [query["sql"] for query in queries]
    written = [q for q in sql if q.startswith(("UPDATE", "INSERT", "DELETE"))]
    assert response.status_code == 302 and response["Location"] == module.url
    assert client.get(module.url).status_code == 200
    assert modified() == before
    assert not [q for q in written if '"lti_tool_' in q], written
    # The account's last sign-in and the new session; nothing else.
    assert len(written) == 2, written


def test_what_changed_in_the_lms_is_written(client, platform, module):  # noqa: F811
    launch(client, platform, storybridge_page=str(module.pk))
    client.logout()
    response, _users = forged(
        platform,
        client,
        claims={
            "given_name": "Samira",
            "https://purl.imsglobal.org/spec/lti/claim/custom": {
                "storybridge_page": str(module.pk)
            },
            "https://purl.imsglobal.org/spec/lti/claim/context": {
                "id": "NURS-101",
                "title": "Nursing 101 (spring)",
                "type": [],
            },
        },
    )
    assert response.status_code == 302
    assert LtiUser.objects.get().given_name == "Samira"
    assert LtiContext.objects.get().title == "Nursing 101 (spring)"
    assert LtiUser.objects.count() == 1 and LtiMembership.objects.count() == 1


def test_a_platform_switched_off_is_refused_at_its_next_launch(client, platform, module):  # noqa: F811
    assert launch(client, platform, storybridge_page=str(module.pk)).status_code == 302
    client.logout()
    found = platform.registration
    found.is_active = False
    found.save()  # as Settings → LTI platforms does
    start = httpx.get(platform.start_url(storybridge_page=str(module.pk)), follow_redirects=False)
    address = urlsplit(start.headers["location"])
    login = client.get(f"{address.path}?{address.query}&lti1p3_new_window=1")
    assert login.status_code == 404 and "not set up to open Storybridge" in refusal(login)
    assert "_auth_user_id" not in client.session


def test_a_deployment_taken_off_is_refused_at_its_next_launch(client, platform, module):  # noqa: F811
    assert launch(client, platform, storybridge_page=str(module.pk)).status_code == 302
    client.logout()
    registration.save(  # the deployment list no longer names it (a bulk update inside)
        name="Test LMS",
        deployment_ids=["another-deployment"],
        client_id=platform.client_id,
        instance=platform.registration,
        **platform.urls,
    )
    response = launch(client, platform, storybridge_page=str(module.pk))
    assert response.status_code == 403 and "not set up to open Storybridge" in refusal(response)
    assert RefusedSignIn.objects.get().reason == RefusedSignIn.Reason.LTI_DEPLOYMENT
    assert "_auth_user_id" not in client.session


def test_a_page_number_too_big_for_the_database_is_refused_with_a_page(
    client,
    platform,  # noqa: F811
    module,  # noqa: F811
):
    response = launch(client, platform, storybridge_page="9" * 30)
    assert response.status_code == 404 and "does not say which" in refusal(response)


def test_an_unpublished_module_is_refused_at_the_next_launch(client, platform, module):  # noqa: F811
    assert launch(client, platform, storybridge_page=str(module.pk)).status_code == 302
    client.logout()
    module.unpublish()
    response = launch(client, platform, storybridge_page=str(module.pk))
    assert response.status_code == 404 and "does not say which" in refusal(response)
