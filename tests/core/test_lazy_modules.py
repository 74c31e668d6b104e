"""core/lazy_modules.py: a web worker starts without the heavy libraries only rare requests need
(scipy's statistics for the attitude report, fpdf for the PDF portfolio), and they still load
when those requests come."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from core.lazy_modules import lazy

ROOT = Path(__file__).resolve().parents[2]

WORKER_START = """
import sys
import django
django.setup()
import storybridge.urls
from wagtail import hooks
for register in hooks.get_hooks("register_admin_urls"):
    register()
print("scipy.stats._stats_py" in sys.modules, "fpdf" in sys.modules)
print(hasattr(sys.modules["scipy.stats"], "ttest_rel"), "scipy.stats._stats_py" in sys.modules)
"""


def test_a_worker_loads_every_url_without_scipys_statistics_or_fpdf():
    result = subprocess.run(
        [sys.executable, "-c", WORKER_START],
        capture_output=True,
        text=True,
        timeout=120,
        env={"DJANGO_SETTINGS_MODULE": "storybridge.settings.test", "PATH": "/usr/bin:/bin"},
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    started, first_use = result.stdout.split("\n")[:2]
    assert started == "False False"
    # The first read of an attribute runs the module.
    assert first_use == "True True"


def test_a_module_already_loaded_is_returned_as_it_is():
    assert lazy("json") is json


def test_an_unknown_module_is_refused_at_once():
    with pytest.raises(ModuleNotFoundError):
        lazy("storybridge_no_such_module")
