"""The database rule for consent (NarrativeQuerySet.with_consent) and Consent.status() agree on
every case, so listings, the dashboard and rendering never disagree about who may be shown."""

from datetime import timedelta

import pytest
from django.utils import timezone

from narratives.models import Consent, Narrative
from tests.factories import NarrativeFactory


@pytest.mark.django_db
def test_with_consent_matches_consent_status_for_every_case():
    today = timezone.localdate()
    day = timedelta(days=1)
    cases = {
        "missing": {"consent": False},
        "active, no expiry": {},
        "active, expires today": {"consent__expires": today},
        "starts today": {"consent__given": today},
        "starts tomorrow": {"consent__given": today + day},
        "expired yesterday": {"consent__given": today - 10 * day, "consent__expires": today - day},
        "withdrawn": {"consent__withdrawn": today},
        "withdrawn after expiry": {
            "consent__given": today - 10 * day,
            "consent__expires": today - 5 * day,
            "consent__withdrawn": today - day,
        },
    }
    made = {name: NarrativeFactory(title=name, **kwargs) for name, kwargs in cases.items()}

    for status in Consent.Status:
        expected = {
            name
            for name, narrative in made.items()
            if Narrative.objects.get(pk=narrative.pk).consent_status() == status
        }
        found = set(Narrative.objects.with_consent(status).values_list("title", flat=True))
        assert found == expected, status
    assert set(Narrative.objects.available().values_list("title", flat=True)) == {
        "active, no expiry",
        "active, expires today",
        "starts today",
    }
