"""The admin sign-in page (/admin/login/) is no second front door: it refuses learners and
unverified addresses, and shares the learner sign-in's limits on failed attempts
(ACCOUNT_RATE_LIMITS["login_failed"]: 5 per account per 5 minutes, 10 per IP per minute),
counted in the shared cache for both pages together."""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory

from .accounts_helpers import BLOCKED, admin_sign_in, learner_sign_in, signed_in_user_ids

pytestmark = pytest.mark.django_db
MISMATCH = "Your username and password didn&#x27;t match. Please try again."  # as HTML
NO_ADMIN_ACCESS = "This page is for editors and curators, and your account cannot edit."
NOT_VERIFIED = "You need to verify your email address before you can sign in here."


@pytest.fixture
def editor(db):
    return UserFactory(
        username="ed", email="ed@example.org", groups=["Educators"], verified_email=True
    )


def assert_not_signed_in(client):
    assert "_auth_user_id" not in client.session
    assert signed_in_user_ids() == []


def page_of(response):
    assert response.status_code == 200
    return response.content.decode()


def test_a_verified_editor_signs_in_by_username_or_by_email_address(client, editor):
    response = admin_sign_in(client, "ed", "password")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert signed_in_user_ids() == [str(editor.pk)]

    client.post(reverse("wagtailadmin_logout"))
    assert admin_sign_in(client, "ed@example.org", "password").status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_five_wrong_passwords_block_the_right_one(client, editor):
    for _attempt in range(5):
        page = page_of(admin_sign_in(client, "ed", "not-my-password"))
        assert MISMATCH in page and BLOCKED not in page

    page = page_of(admin_sign_in(client, "ed", "password"))
    assert BLOCKED in page
    assert_not_signed_in(client)


def test_the_right_password_signs_in_before_the_limit_and_does_not_use_it_up(client, editor):
    for _attempt in range(4):
        admin_sign_in(client, "ed", "not-my-password")
    assert admin_sign_in(client, "ed", "password").status_code == 302
    client.post(reverse("wagtailadmin_logout"))
    # The success was not counted: one more failure is still allowed before the block.
    assert MISMATCH in page_of(admin_sign_in(client, "ed", "not-my-password"))
    assert BLOCKED in page_of(admin_sign_in(client, "ed", "password"))


def test_failures_on_the_learner_page_count_on_the_admin_page(client, editor):
    for _attempt in range(5):
        learner_sign_in(client, "ed@example.org", "not-my-password")
    assert BLOCKED in page_of(admin_sign_in(client, "ed", "password"))
    assert_not_signed_in(client)


def test_failures_on_the_admin_page_count_on_the_learner_page(client, editor):
    for attempt in range(5):
        # By username and by address: both count against the same account.
        admin_sign_in(client, "ed" if attempt % 2 else "ED@example.org", "not-my-password")
    assert BLOCKED in page_of(learner_sign_in(client, "ed@example.org", "password"))
    assert_not_signed_in(client)


def test_a_secondary_address_counts_against_the_same_account(client, editor):
    EmailAddress.objects.create(user=editor, email="ed.home@example.org", verified=True)
    for _attempt in range(3):
        learner_sign_in(client, "ed.home@example.org", "not-my-password")
    for _attempt in range(2):
        admin_sign_in(client, "ed", "not-my-password")
    assert BLOCKED in page_of(learner_sign_in(client, "ed@example.org", "password"))
    assert BLOCKED in page_of(admin_sign_in(client, "ed.home@example.org", "password"))


def test_failures_from_one_ip_address_count_on_both_pages(client, editor):
    """10 failures a minute from one IP address, whichever accounts they try."""
    for n in range(5):
        learner_sign_in(client, f"nobody{n}@example.org", "guess")
    for n in range(5):
        assert MISMATCH in page_of(admin_sign_in(client, f"nobody{n + 5}", "guess"))

    assert BLOCKED in page_of(admin_sign_in(client, "ed", "password"))
    assert BLOCKED in page_of(learner_sign_in(client, "ed@example.org", "password"))
    assert_not_signed_in(client)
    # Another address is not blocked by them.
    assert admin_sign_in(client, "ed", "password", REMOTE_ADDR="192.0.2.7").status_code == 302


def test_the_per_account_limit_does_not_depend_on_the_host_header(client, editor):
    """allauth keyed the count on the request's host too: "testserver:1", "testserver:2", ...
    would each have had a fresh allowance of five guesses."""
    for port in range(1, 6):
        learner_sign_in(client, "ed@example.org", "guess", HTTP_HOST=f"testserver:{port}")
    assert BLOCKED in page_of(learner_sign_in(client, "ed@example.org", "password"))
    assert BLOCKED in page_of(admin_sign_in(client, "ed", "password"))


def test_a_learner_is_refused_with_a_link_to_the_learner_sign_in(client):
    learner = UserFactory(username="sam", email="sam@example.org", verified_email=True)
    page = page_of(admin_sign_in(client, "sam", "password"))

    assert NO_ADMIN_ACCESS in page
    assert f'<a href="{reverse("account_login")}">learner sign-in page</a>' in page
    assert_not_signed_in(client)
    # The learner page still lets them in.
    assert learner_sign_in(client, "sam@example.org", "password").status_code == 302
    assert signed_in_user_ids() == [str(learner.pk)]


def test_a_learner_with_a_wrong_password_only_learns_that_it_did_not_match(client):
    UserFactory(username="sam", email="sam@example.org", verified_email=True)
    page = page_of(admin_sign_in(client, "sam", "not-my-password"))
    assert MISMATCH in page and NO_ADMIN_ACCESS not in page


def test_an_unverified_editor_is_refused_and_sent_a_link_to_verify(client):
    editor = UserFactory(username="newed", email="newed@example.org", groups=["Educators"])
    page = page_of(admin_sign_in(client, "newed", "password", HTTP_HOST="evil.example"))

    assert NOT_VERIFIED in page
    assert "We have sent a link to your email address. Follow it, then sign in again." in page
    assert_not_signed_in(client)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["newed@example.org"]
    body = mail.outbox[0].body
    assert "http://testserver/accounts/confirm-email/" in body and "evil.example" not in body

    # Following the link verifies the address; then the admin page signs them in.
    link = body.split("http://testserver", 1)[1].split()[0]
    assert client.post(link).status_code == 302
    assert EmailAddress.objects.get(user=editor).verified
    assert admin_sign_in(client, "newed", "password").status_code == 302
    assert signed_in_user_ids() == [str(editor.pk)]


def test_an_address_changed_in_wagtails_account_settings_needs_verifying_again(client, editor):
    """Wagtail's own account settings change User.email without allauth's verification."""
    editor.email = "ed.new@example.org"
    editor.save(update_fields=["email"])
    assert NOT_VERIFIED in page_of(admin_sign_in(client, "ed", "password"))
    assert_not_signed_in(client)
    assert [message.to for message in mail.outbox] == [["ed.new@example.org"]]
    assert EmailAddress.objects.get(email="ed.new@example.org", user=editor).verified is False


def test_asking_again_within_three_minutes_sends_no_second_link(client):
    """allauth's cooldown on verification emails ("confirm_email"), shared with the learner
    sign-in: the first link still works."""
    UserFactory(username="newed", email="newed@example.org", groups=["Educators"])
    for _attempt in range(2):
        assert NOT_VERIFIED in page_of(admin_sign_in(client, "newed", "password"))
    learner_sign_in(client, "newed@example.org", "password")
    assert len(mail.outbox) == 1


def test_an_unverified_address_is_not_revealed_to_a_wrong_password(client):
    UserFactory(username="newed", email="newed@example.org", groups=["Educators"])
    unverified = page_of(admin_sign_in(client, "newed", "not-my-password"))
    unknown = page_of(admin_sign_in(client, "nobody", "not-my-password"))

    assert MISMATCH in unverified and MISMATCH in unknown
    assert NOT_VERIFIED not in unverified and "verify" not in unverified.lower()
    assert mail.outbox == []


def test_a_superuser_without_a_verified_address_is_refused_too(client):
    UserFactory(username="root", email="root@example.org", is_superuser=True, is_staff=True)
    assert NOT_VERIFIED in page_of(admin_sign_in(client, "root", "password"))
    assert_not_signed_in(client)


def test_an_account_without_any_email_address_is_told_whom_to_ask(client):
    UserFactory(username="noaddress", email="", groups=["Educators"])
    page = page_of(admin_sign_in(client, "noaddress", "password"))
    assert "Your account has no email address to verify. Ask an administrator to add one." in page
    assert_not_signed_in(client)
    assert mail.outbox == []


def test_an_inactive_editor_is_refused_as_if_the_password_were_wrong(client, editor):
    editor.is_active = False
    editor.save(update_fields=["is_active"])
    for login in ("ed", "ed@example.org"):
        assert MISMATCH in page_of(admin_sign_in(client, login, "password"))
    assert_not_signed_in(client)


def test_a_refused_attempt_keeps_the_learner_already_signed_in_on_this_browser(client):
    """Refusing another account changes nothing about the session that is already there."""
    learner = UserFactory(username="sam", email="sam@example.org", verified_email=True)
    UserFactory(username="other", email="other@example.org", verified_email=True)
    learner_sign_in(client, "sam@example.org", "password")
    assert NO_ADMIN_ACCESS in page_of(admin_sign_in(client, "other", "password"))
    assert signed_in_user_ids() == [str(learner.pk)]
