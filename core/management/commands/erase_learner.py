"""Erase a person: their account and, through it, all their personal data.

Deleting the user row deletes everything that belongs to them (enrolments and with them
progress, narrative decisions, reflections, questionnaire responses and answers, knowledge-check
answers; preferences; e-mail addresses; their xAPI statements with any pending deliveries).
Rows that only point at them as an editor (SET_NULL: who last changed a consent record, who
locked a narrative) keep their content and lose the link; links Django does not manage
(DO_NOTHING, such as Wagtail's log entries) are cleared here too, so no row keeps their id,
and their sessions are ended.

Their pseudonym (core/pseudonyms.py) is an HMAC of the user id: once the row is gone nothing
here links it to a person. The command prints it so the operator can ask each LRS to delete
the statements of that account.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction

from core.pseudonyms import pseudonym


def find_user(email):
    User = get_user_model()
    users = list(User.objects.filter(email__iexact=email.strip()))
    if not users:
        from allauth.account.models import EmailAddress

        users = [
            address.user
            for address in EmailAddress.objects.filter(email__iexact=email.strip()).select_related(
                "user"
            )
        ]
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


def end_sessions(user):
    """Sign them out everywhere: delete every session that names them. Returns the count."""
    from importlib import import_module

    from django.contrib.sessions.models import Session

    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            store(session.session_key).delete()
            ended += 1
    return ended


def erase(user):
    """Delete the user and everything of theirs; returns {model label: rows deleted}."""
    from tracking.models import Statement

    name = pseudonym(user.pk)
    with transaction.atomic():
        cleared = {}
        for model, field in unmanaged_links(user):
            count = model._default_manager.filter(**{field: user}).update(**{field: None})
            if count:
                cleared[f"{model._meta.label} ({field} cleared)"] = count
        # Statements about them stored without the link (there should be none).
        _, stray = Statement.objects.filter(actor=name).delete()
        sessions = end_sessions(user)
        _, deleted = user.delete()
    if sessions:
        cleared["sessions ended"] = sessions
    counts = {label: n for label, n in deleted.items() if n}
    for label, n in stray.items():
        counts[label] = counts.get(label, 0) + n
    counts.update(cleared)
    return counts


class Command(BaseCommand):
    help = "Erase a learner: their account and all their personal data."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The e-mail address of the account to erase.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")
        parser.add_argument(
            "--force", action="store_true", help="Allow erasing a superuser's account."
        )

    def handle(self, *args, email, yes=False, force=False, **options):
        from tracking import endpoints

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
        counts = erase(user)
        self.stdout.write(f"Erased {email}. Rows deleted:")
        for label, count in sorted(counts.items()):
            self.stdout.write(f"  {label}: {count}")
        self.stdout.write(f"Their xAPI pseudonym was: {name}")
        lrs = endpoints.names()
        if lrs:
            self.stdout.write(
                "Statements already sent are kept by your learning record stores "
                f"({', '.join(lrs)}). Ask each of them to delete the statements whose actor "
                f"is the account {{homePage: {settings.SITE_BASE_URL}, name: {name}}}. "
                "Nothing here links that pseudonym to a person any more."
            )
        else:
            self.stdout.write(
                "No learning record store is configured, so no statements were sent elsewhere."
            )
