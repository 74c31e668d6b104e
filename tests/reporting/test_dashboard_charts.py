"""The charts: an <svg role="img"> named by its <title> and <desc>, in a <figure> with a
<figcaption>, followed by a table with the same numbers; nothing drawn for a suppressed group."""

import re

from reporting.attitude import charts
from reporting.attitude.histogram import Bin
from reporting.attitude.results import Scale, ScoreSummary

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
    bins = [
        Bin(-1.0, -0.5, 5),
        Bin(-0.5, 0.0, 0),
        Bin(0.0, 0.0, 6, True, True),
        Bin(0.0, 0.5, 9, False, True),
        Bin(0.5, 1.5, 6, False, True),
    ]

    html = charts.change_histogram_chart(
        "change-test", SCALE, bins, higher_is_better=False
    ).render()

    assert '<svg role="img" aria-labelledby="change-test-title change-test-desc"' in html
    desc = re.search(r'<desc id="change-test-desc">(.*?)</desc>', html, re.S).group(1)
    assert "lower scores are better" in desc
    assert "\u22121.00 to under \u22120.50: 5 people." in desc
    assert "more than 0.50 to 1.50: 6 people." in desc
    cells = table_cells(html)
    assert cells[2:] == [
        "\u22121.00 to under \u22120.50", "5",
        "\u22120.50 to under 0.00", "0",
        "No change (0)", "6",
        "more than 0.00 to 0.50", "9",
        "more than 0.50 to 1.50", "6",
    ]  # fmt: skip
    svg = html.split("</svg>", 1)[0]
    assert svg.count("<rect") == 1 + 5  # the background and one bar per bin
    assert "No change" in svg


def test_falls_are_drawn_left_of_the_no_change_line_and_rises_right_of_it():
    bins = [
        Bin(-1.0, -0.5, 5),
        Bin(-0.5, 0.0, 7),
        Bin(0.0, 0.0, 6, True, True),
        Bin(0.0, 0.5, 9, False, True),
    ]
    chart = charts.change_histogram_chart("c", SCALE, bins)
    bars, zero = chart.context["bars"], chart.context["zero_x"]
    falls, no_change, rises = bars[:2], bars[2], bars[3]
    assert all(bar["x"] + bar["width"] < no_change["x"] for bar in falls)
    assert no_change["x"] < zero < no_change["x"] + no_change["width"]
    assert rises["x"] > no_change["x"] + no_change["width"]
    svg = chart.render().split("</svg>", 1)[0]
    drawn = re.findall(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert [(float(x), float(w)) for x, w in drawn[1:]] == [
        (bar["x"], bar["width"]) for bar in bars
    ]
    assert f'<line x1="{zero}" x2="{zero}"' in svg


def test_with_no_change_inside_a_side_the_line_is_the_edge_between_the_sides():
    bins = [Bin(-0.5, 0.0, 7, True, True), Bin(0.0, 0.5, 9, False, True)]
    chart = charts.change_histogram_chart("c", SCALE, bins)
    fall, rise = chart.context["bars"]
    zero = chart.context["zero_x"]
    assert fall["x"] + fall["width"] < zero < rise["x"]
    assert [row["label"] for row in chart.context["rows"]] == [
        "\u22120.50 to 0.00",
        "more than 0.00 to 0.50",
    ]


def test_numbers_use_a_real_minus_and_never_minus_zero():
    assert charts.number(-1.234) == "\u22121.23"
    assert charts.number(-0.001) == "0.00"
    assert charts.number(2) == "2.00"
