from datetime import timedelta

import pytest

from narratives.models import Narrative
from tests.factories import NarrativeFactory


@pytest.mark.parametrize(
    ("duration", "shown"),
    [
        (None, ""),
        (timedelta(seconds=45), "45 sec"),
        (timedelta(minutes=3), "3 min"),
        (timedelta(minutes=4, seconds=30), "4 min"),
        (timedelta(minutes=4, seconds=31), "5 min"),
        (timedelta(hours=1), "1 h"),
        (timedelta(hours=1, minutes=5), "1 h 5 min"),
    ],
)
def test_duration_reads_as_words_a_learner_scans(duration, shown):
    assert Narrative(duration=duration).duration_display == shown


def test_module_page_shows_duration_in_words(client, make_module):
    narrative = NarrativeFactory(duration=timedelta(minutes=3))
    module = make_module(body=[{"type": "narrative", "value": {"narrative": narrative.pk}}])
    html = client.get(module.url).content.decode()
    assert "Text · 3 min" in html
    assert "0:03:00" not in html
