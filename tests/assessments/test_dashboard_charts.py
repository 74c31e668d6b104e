"""The charts: an <svg role="img"> named by its <title> and <desc>, in a <figure> with a
<figcaption>, followed by a table with the same numbers; nothing drawn for a suppressed group."""

import re

from assessments import charts
from assessments.dashboard import Bin, Scale, ScoreSummary

SCALE = Scale("", "Total score", 1, 5)


def shown(n, mean, sd, low, high):
    return ScoreSummary(SCALE, n=n, mean=mean, sd=sd, ci95=(low, high))


def table_cells(html):
    table = html.split("<table", 1)[1]
    return [
        re.sub(r"\s+", " ", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", table, re.S)
    ]


def test_the_means_chart_is_named_described_and_repeated_as_a_table():
    chart = charts.means_chart(
        "means-test",
        SCALE,
        [
            ("Before", shown(12, 2.4567, 0.61, 2.0691, 2.8443)),
            ("After", shown(12, 3.8, 0.5, 3.4823, 4.1177)),
            ("Follow-up", ScoreSummary(SCALE, suppressed=True, reason="Fewer than 5 people.")),
        ],
    )

    html = chart.render()

    assert re.search(r"<figure[^>]*aria-labelledby=\"means-test-caption\"", html)
    assert '<svg role="img" aria-labelledby="means-test-title means-test-desc"' in html
    assert '<title id="means-test-title">Total score: mean score with 95% confidence' in html
    desc = re.search(r'<desc id="means-test-desc">(.*?)</desc>', html, re.S).group(1)
    assert "Before: mean 2.46 (95% CI 2.07 to 2.84), 12 people." in desc
    assert "Not shown: Follow-up." in desc
    assert '<figcaption id="means-test-caption"' in html
    cells = table_cells(html)
    assert cells[5:10] == ["Before", "12", "2.46", "0.61", "2.07 to 2.84"]
    assert cells[10:15] == ["After", "12", "3.80", "0.50", "3.48 to 4.12"]
    assert cells[15:17] == ["Follow-up", "Fewer than 5 people."]
    svg = html.split("</svg>", 1)[0]
    for number in ("2.46", "3.80"):
        assert f">{number}</text>" in svg  # the same numbers, drawn
    assert svg.count("<circle") == 2  # the suppressed follow-up is not drawn


def test_nothing_is_drawn_when_every_timepoint_is_suppressed():
    hidden = ScoreSummary(SCALE, suppressed=True, reason="Fewer than 5 people.")
    assert charts.means_chart("m", SCALE, [("Before", hidden), ("After", hidden)]) is None
    assert charts.change_histogram_chart("h", SCALE, []) is None


def test_the_histogram_draws_each_bin_and_lists_it_in_the_table():
    bins = [Bin(-0.75, -0.25, 5), Bin(-0.25, 0.25, 0), Bin(0.25, 0.75, 9), Bin(0.75, 1.75, 6)]

    html = charts.change_histogram_chart(
        "change-test", SCALE, bins, higher_is_better=False
    ).render()

    assert '<svg role="img" aria-labelledby="change-test-title change-test-desc"' in html
    desc = re.search(r'<desc id="change-test-desc">(.*?)</desc>', html, re.S).group(1)
    assert "lower scores are better" in desc
    assert "\u22120.75 to under \u22120.25: 5 people." in desc
    assert "0.75 to 1.75: 6 people." in desc
    cells = table_cells(html)
    assert cells[2:] == [
        "\u22120.75 to under \u22120.25", "5",
        "\u22120.25 to under 0.25", "0",
        "0.25 to under 0.75", "9",
        "0.75 to 1.75", "6",
    ]  # fmt: skip
    svg = html.split("</svg>", 1)[0]
    assert svg.count("<rect") == 1 + 4  # the background and one bar per bin
    assert "No change" in svg


def test_numbers_use_a_real_minus_and_never_minus_zero():
    assert charts.number(-1.234) == "\u22121.23"
    assert charts.number(-0.001) == "0.00"
    assert charts.number(2) == "2.00"
