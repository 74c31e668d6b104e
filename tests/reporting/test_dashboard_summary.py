"""The plain-language summary of attitude change: Cohen's (1988) words for each band, the
direction from the sign (and the questionnaire's better direction), the CI and the reliable
change counts as shown, a caution when the CI includes no change or n is small, and no summary
for a suppressed or empty group."""

from dataclasses import replace

import pytest

from assessments.questionnaires.models import Timepoint
from core.small_numbers import small, withheld
from reporting.attitude.analysis import paired_change
from reporting.attitude.report import course_statistics
from reporting.attitude.results import Scale, ScaleChange
from reporting.attitude.summary import cohen_band, signed, summarise
from tests.assessments.factories_questionnaires import make_instrument, set_questionnaires

from .factories_dashboard import learner, respond

SCALE = Scale("", "Total score", 1, 5)
BASE = paired_change([2, 3, 3, 4, 2, 3, 4, 3, 2, 3, 3], [3, 3, 4, 4, 2, 3, 4, 4, 2, 3, 4])
COUNTS = {"improved": 5, "deteriorated": 0, "unchanged": 6}


def change(mean_change, d_av, ci, n=40, reliable=COUNTS, **other):
    result = replace(BASE, n=n, mean_change=mean_change, d_av=d_av, ci95_change=ci, **other)
    return ScaleChange(SCALE, result=result, reliable=reliable)


@pytest.mark.parametrize(
    ("d", "band"),
    [
        (0.0, "negligible"),
        (0.19, "negligible"),
        (0.2, "small"),
        (-0.49, "small"),
        (0.5, "medium"),
        (-0.79, "medium"),
        (0.8, "large"),
        (-2.1, "large"),
    ],
)
def test_cohen_bands_follow_the_1988_conventions(d, band):
    assert cohen_band(d) == band


@pytest.mark.parametrize(
    ("mean_change", "d_av", "headline"),
    [
        (0.05, 0.1, "Attitudes hardly changed"),
        (0.17, 0.3, "Attitudes improved a little"),
        (0.4, 0.6, "Attitudes improved moderately"),
        (0.9, 1.2, "Attitudes improved a lot"),
        (-0.05, -0.1, "Attitudes hardly changed"),
        (-0.17, -0.3, "Attitudes got a little worse"),
        (-0.4, -0.6, "Attitudes got moderately worse"),
        (-0.9, -1.2, "Attitudes got a lot worse"),
    ],
)
def test_each_band_in_each_direction_has_its_words(mean_change, d_av, headline):
    ci = (
        (mean_change - 0.01, mean_change + 0.01)
        if mean_change > 0
        else (mean_change - 0.01, mean_change + 0.01)
    )
    summary = summarise(change(mean_change, d_av, ci))
    assert summary.headline == headline
    assert summary.text.startswith(f"{headline}: {signed(mean_change)} on a 1 to 5 scale")


def test_lower_is_better_turns_a_fall_into_an_improvement():
    summary = summarise(change(-0.4, -0.6, (-0.5, -0.3)), higher_is_better=False)
    assert summary.headline == "Attitudes improved moderately"
    rise = summarise(change(0.4, 0.6, (0.3, 0.5)), higher_is_better=False)
    assert rise.headline == "Attitudes got moderately worse"


def test_the_issue_example_reads_as_written():
    reliable = {"improved": 5, "deteriorated": 0, "unchanged": 6}
    summary = summarise(change(0.17, 0.3, (-0.08, 0.41), n=11, reliable=reliable))
    assert summary.text == (
        "Attitudes improved a little: +0.17 on a 1 to 5 scale (could be between \u22120.08 and "
        "+0.41). 5 of 11 improved by more than chance, none got worse. With 11 people this "
        "could still be chance."
    )


def test_a_ci_that_excludes_zero_with_few_people_is_a_first_sign():
    summary = summarise(change(0.3, 0.5, (0.1, 0.5), n=12))
    assert summary.sentences[-1] == (
        "With only 12 people, treat this as a first sign rather than proof."
    )
    assert "chance" not in summary.sentences[-1]


def test_a_ci_that_excludes_zero_with_many_people_is_unlikely_to_be_chance():
    summary = summarise(change(0.3, 0.5, (0.1, 0.5), n=60))
    assert summary.sentences[-1] == "With 60 people this is unlikely to be chance alone."


def test_a_ci_crossing_zero_says_it_could_be_chance_however_many_people():
    summary = summarise(change(0.05, 0.1, (-0.02, 0.12), n=300))
    assert summary.sentences[-1] == "With 300 people this could still be chance."


def test_small_reliable_counts_read_as_the_table_shows_them():
    reliable = {"improved": small(), "deteriorated": 0, "unchanged": withheld()}
    summary = summarise(change(0.3, 0.5, (0.1, 0.5), n=20, reliable=reliable))
    assert "fewer than 5 of 20 improved by more than chance, none got worse." in summary.text
    reliable = {"improved": withheld(), "deteriorated": small(), "unchanged": 12}
    summary = summarise(change(0.3, 0.5, (0.1, 0.5), n=20, reliable=reliable))
    assert (
        "How many improved by more than chance is withheld, fewer than 5 got worse." in summary.text
    )


def test_reliable_counts_withheld_in_a_cohort_view_say_so_once():
    reliable = dict.fromkeys(("improved", "deteriorated", "unchanged"), withheld())
    summary = summarise(change(0.3, 0.5, (0.1, 0.5), n=20, reliable=reliable))
    assert summary.sentences[1] == (
        "How many changed by more than chance is withheld here, as it could give away a small "
        "group."
    )


def test_without_a_reliability_it_says_no_one_can_be_said_to_have_changed_reliably():
    summary = summarise(change(0.3, 0.5, (0.1, 0.5), reliable=None))
    assert "no reliability figure" in summary.text


def test_a_suppressed_group_has_no_summary_and_says_why():
    row = ScaleChange(SCALE, suppressed=True, reason="Fewer than 5 people: not shown.")
    summary = summarise(row)
    assert summary.headline == "" and summary.sentences == ()
    assert summary.reason == "No summary. Fewer than 5 people: not shown."
    assert summarise(ScaleChange(SCALE)).reason.startswith("No summary yet")


def test_the_course_report_summarises_each_scale_from_its_shown_figures(course):
    instrument = make_instrument()
    instrument.reliability = "0.800"
    instrument.save()
    set_questionnaires(course, baseline=instrument, post=instrument)
    for index in range(8):
        enrolment = learner(course)
        low = 1 + index % 3
        respond(enrolment, instrument, Timepoint.PRE, [low, 6 - low, low, 6 - low])
        respond(enrolment, instrument, Timepoint.POST, [low + 2, 4 - low, low + 2, 4 - low])
    for _index in range(3):  # answered only before: their group is too small for a change
        respond(learner(course), instrument, Timepoint.PRE, [3, 3, 3, 3])

    report = course_statistics(course)

    total = report.change.summaries[0]
    assert total.headline == "Attitudes improved a lot"
    assert total.text.startswith("Attitudes improved a lot: +2.00 on a 1 to 5 scale")
    assert "8 of 8 improved by more than chance, none got worse." in total.text
    assert "With only 8 people" in total.text
