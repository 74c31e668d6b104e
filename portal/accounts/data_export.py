"""Everything Storybridge holds about one person, as a JSON-ready dict: one part for each
personal-data provider registered by the apps (core/personal_data.py), such as their account,
e-mail addresses, preferences, enrolments (progress and narrative viewing state, decisions,
questionnaire responses, knowledge-check answers), reflections, the xAPI statements about them
and, for editors, their editorial activity.

`export_for(user)` reads only rows that belong to `user`; the view (portal/accounts/views.py)
only ever passes the signed-in person."""

from django.utils import timezone

from core.personal_data import registry


def export_for(user):
    """The whole export of one person."""
    return {
        "exported": timezone.now().isoformat(),
        "about": (
            "Everything Storybridge holds about you. Learning records (xAPI statements) name "
            "you only by your pseudonym; copies sent to your organisation's learning record "
            "store are kept there under the same pseudonym."
        ),
        **registry.export(user),
    }
