"""The preference rules the narrative rendering calls: which warnings warn, what to hide."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from narratives.models import ContentWarning, ViewerPreferences
from narratives.preferences.rules import (
    DEFAULTS,
    Preferences,
    domain_id,
    preferences_for,
    should_hide,
    warns_about,
)
from tests.factories import NarrativeFactory, NarrativeWarningFactory, UserFactory

VIOLENCE, MENTAL_HEALTH, ABUSE = 1, 2, 3


def cw(pk, domain=None):
    """A ContentWarning stand-in: a domain (no parent) or an item in `domain`."""
    return SimpleNamespace(pk=pk, domain_id=domain)


def on_narrative(warning):
    """A NarrativeContentWarning stand-in."""
    return SimpleNamespace(warning=warning, note="", timestamp="")


SELF_HARM = on_narrative(cw(10, domain=MENTAL_HEALTH))
ASSAULT = on_narrative(cw(11, domain=VIOLENCE))
ABUSE_DOMAIN = on_narrative(cw(ABUSE))
WARNINGS = [SELF_HARM, ASSAULT, ABUSE_DOMAIN]


def narrative(*warnings):
    return SimpleNamespace(warnings=SimpleNamespace(all=lambda: list(warnings)))


def prefs(mode, *domains):
    return Preferences(warning_mode=mode, domain_ids=frozenset(domains))


def warnings_requiring_notice(preferences, narrative_warnings):
    """The warnings a learner is warned about, in their order."""
    return [w for w in narrative_warnings if warns_about(preferences, domain_id(w))]


def test_defaults_warn_always_with_captions_on_and_no_data_saving():
    assert DEFAULTS == Preferences(
        warning_mode="always",
        domain_ids=frozenset(),
        preferred_modality="",
        captions_on=True,
        low_bandwidth=False,
    )


def test_always_warn_lists_every_warning_in_order():
    assert warnings_requiring_notice(DEFAULTS, WARNINGS) == WARNINGS
    assert warnings_requiring_notice(prefs("always", VIOLENCE), WARNINGS) == WARNINGS


def test_chosen_domains_keep_only_warnings_in_those_domains():
    chosen = prefs("chosen", MENTAL_HEALTH, ABUSE)
    assert warnings_requiring_notice(chosen, WARNINGS) == [SELF_HARM, ABUSE_DOMAIN]
    assert warnings_requiring_notice(prefs("chosen", VIOLENCE), [SELF_HARM]) == []


def test_plain_content_warnings_work_as_well_as_a_narratives_warnings():
    items = [cw(10, domain=MENTAL_HEALTH), cw(VIOLENCE)]
    assert warnings_requiring_notice(prefs("chosen", VIOLENCE), items) == [items[1]]


def test_hide_mode_still_warns_about_everything_on_narratives_it_lets_through():
    assert warnings_requiring_notice(prefs("hide", ABUSE), [SELF_HARM]) == [SELF_HARM]


def test_hide_mode_hides_narratives_with_a_chosen_domain_only():
    hide = prefs("hide", VIOLENCE)
    assert should_hide(hide, narrative(SELF_HARM, ASSAULT))
    assert not should_hide(hide, narrative(SELF_HARM, ABUSE_DOMAIN))
    assert not should_hide(hide, narrative())


def test_other_modes_never_hide():
    for mode in ("always", "chosen"):
        assert not should_hide(prefs(mode, VIOLENCE), narrative(ASSAULT))


def test_anonymous_learners_get_the_defaults():
    assert preferences_for(AnonymousUser()) is DEFAULTS
    assert preferences_for(None) is DEFAULTS


@pytest.mark.django_db
def test_learners_without_saved_preferences_get_the_defaults(django_assert_num_queries):
    user = UserFactory()
    with django_assert_num_queries(1):
        assert preferences_for(user) == DEFAULTS
        assert preferences_for(user) == DEFAULTS  # read once per user object


@pytest.mark.django_db
def test_saved_preferences_are_read_and_work_on_real_narratives():
    user = UserFactory()
    violence = ContentWarning.objects.get(slug="violence")
    row = ViewerPreferences.objects.create(
        user=user, warning_mode="hide", preferred_modality="audio", low_bandwidth=True
    )
    row.domains.add(violence)
    loaded = preferences_for(user)
    assert loaded == Preferences("hide", frozenset({violence.pk}), "audio", True, True)

    item = ContentWarning.objects.create(
        name="Assault", slug="assault", description="Describes an assault.", domain=violence
    )
    hidden = NarrativeWarningFactory(warning=item).narrative
    shown = NarrativeWarningFactory().narrative  # self-harm, in mental health
    assert should_hide(loaded, hidden)
    assert not should_hide(loaded, shown)
    assert not should_hide(loaded, NarrativeFactory())
