"""No template of ours needs what the Content-Security-Policy refuses: inline <script>, <style>,
style="" attributes or on...="" handlers (issue 14, finding 7). Behaviour lives in static/js,
looks in static/css, data in data-* attributes. The one exception: our copies of Wagtail's
templates whose inline <script> carries this response's nonce (nonce="{% csp_nonce %}")."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("core", "narratives", "courses", "assessments", "tracking")
REFUSED = {
    "inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)"
        r"""(?!\s+nonce="\{% csp_nonce %\}">)""",
        re.I,
    ),
    "<style> element": re.compile(r"<style\b", re.I),
    'style="" attribute': re.compile(r"""\sstyle\s*=\s*["'{]""", re.I),
    "event handler attribute": re.compile(r"""\son[a-z]+\s*=\s*["'{]""", re.I),
    "javascript: link": re.compile(r"""=\s*["']\s*javascript:""", re.I),
}


def our_templates():
    folders = [ROOT / "templates"] + [ROOT / app / "templates" for app in APPS]
    for folder in folders:
        if folder.is_dir():
            yield from sorted(folder.rglob("*.html"))
            yield from sorted(folder.rglob("*.svg"))


def test_templates_have_nothing_the_policy_refuses():
    found = []
    templates = list(our_templates())
    assert len(templates) > 50  # the walk found the templates
    for path in templates:
        text = path.read_text(encoding="utf-8")
        for what, pattern in REFUSED.items():
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {what}")
    assert found == []


def test_the_check_recognises_what_it_looks_for():
    samples = {
        "inline <script>": "<script>alert(1)</script>",
        "<style> element": "<style>p{}</style>",
        'style="" attribute': '<p style="color: red">',
        "event handler attribute": '<button onclick="go()">',
        "javascript: link": '<a href="javascript:go()">',
    }
    for what, sample in samples.items():
        assert REFUSED[what].search(sample), what
    assert not REFUSED["inline <script>"].search('<script src="/static/js/x.js" defer>')
    assert not REFUSED["inline <script>"].search('<script id="d" type="application/json">')
    assert not REFUSED["inline <script>"].search('<script nonce="{% csp_nonce %}">go()</script>')
    for sample in (
        '<script type="text/javascript">go()</script>',
        '<script nonce="abc">go()</script>',
        '<script nonce="{{ nonce }}">go()</script>',
    ):
        assert REFUSED["inline <script>"].search(sample), sample
