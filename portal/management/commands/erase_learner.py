"""Erase a person: their account and, through it, all their personal data.

Deleting the user row deletes everything that belongs to them (enrolments and with them
progress, narrative decisions, reflections, questionnaire responses and answers, knowledge-check
answers; preferences; e-mail addresses; their xAPI statements with any pending deliveries;
Wagtail's profile, comments and open edit forms). Rows that only point at them as an editor
(SET_NULL: who last changed a consent record, who locked a narrative, who uploaded an image)
keep their content and lose the link; links Django does not manage (DO_NOTHING, such as
Wagtail's log entries) are cleared here too, so no row keeps their id.

Beyond that, each app's personal-data provider (core/personal_data.py) erases what deleting
the account does not reach: their sessions are ended, their avatar file and unfinished uploads
deleted, the log of what editors did to the account anonymised, their id cleared from page
revisions, and statements stored about their pseudonym without the link deleted.
tests/portal/test_erase_learner.py checks that afterwards no row of any model the data export
walks refers to them.

Their pseudonym (core/pseudonyms.py) is an HMAC of the user id: once the row is gone nothing
here links it to a person. The command prints it so the operator can ask each LRS to delete
the statements of that account.
"""

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from core.personal_data import registry
from core.pseudonyms import pseudonym


def find_user(email):
    """The account with this e-mail address, or with this user name when what is given has no
    "@" (accounts made by an LMS launch have no address: `lti-…`)."""
    User = get_user_model()
    if "@" not in email:
        found = User.objects.filter(username=email.strip()).first()
        if found is None:
            raise CommandError(f"No account has the user name {email}. Nothing was erased.")
        return found
    users = list(User.objects.filter(email__iexact=email.strip()))
    if not users:
        addresses = EmailAddress.objects.filter(email__iexact=email.strip()).select_related("user")
        users = [address.user for address in addresses]
    if not users:
        raise CommandError(f"No account has the e-mail address {email}. Nothing was erased.")
    if len({user.pk for user in users}) > 1:
        raise CommandError(
            f"{len(users)} accounts have the e-mail address {email}; erase them in the admin, "
            "one by one. Nothing was erased."
        )
    return users[0]


def unmanaged_links(user):
    """(model, field name) of every nullable link to users that deleting one does not touch."""
    links = []
    for relation in user._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if getattr(relation, "on_delete", None) is models.DO_NOTHING and relation.field.null:
            links.append((relation.related_model, relation.field.name))
    return links


def erase(user):
    """Delete the user and everything of theirs, in one transaction; returns {what: rows}."""
    with transaction.atomic():
        erased = registry.erase(user)
        cleared = {}
        for model, field in unmanaged_links(user):
            count = model._default_manager.filter(**{field: user}).update(**{field: None})
            if count:
                cleared[f"{model._meta.label} ({field} cleared)"] = count
        _, deleted = user.delete()
    counts = {label: n for label, n in deleted.items() if n}
    for label, n in erased.items():
        counts[label] = counts.get(label, 0) + n
    counts.update(cleared)
    return counts


class Command(BaseCommand):
    help = "Erase a learner: their account and all their personal data."

    def add_arguments(self, parser):
        parser.add_argument(
            "email",
            help="The e-mail address of the account to erase (or its user name, for an account "
            "an LMS made, which has none).",
        )
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--force", action="store_true", help="Allow erasing a superuser's account."
        )

    def handle(self, *args, email, yes=False, force=False, **options):
        user = find_user(email)
        if user.is_superuser and not force:
            raise CommandError(
                f"{email} is a superuser. Take away their superuser status first, or add "
                "--force if you mean it. Nothing was erased."
            )
        name = pseudonym(user.pk)
        if not yes:
            answer = input(
                f"Erase {user.get_username()} <{user.email}> and all their data? This cannot "
                "be undone. Type yes to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Not confirmed. Nothing was erased.")
        notes = registry.erasure_notes(user)  # while the account, and its id, still exist
        counts = erase(user)
        self.stdout.write(f"Erased {email}. Rows deleted:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"Their xAPI pseudonym was: {name}")
        for note in notes:
            self.stdout.write(note)
