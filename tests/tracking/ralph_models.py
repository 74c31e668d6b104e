"""Ralph, the real LRS of the tracking tests, installed by `make ralph` in .deps/ralph."""

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RALPH_VENV = ROOT / ".deps" / "ralph"
RALPH_PYTHON = RALPH_VENV / "bin" / "python"
RALPH_BIN = RALPH_VENV / "bin" / "ralph"


def require_ralph():
    if not RALPH_PYTHON.exists():
        pytest.fail("Ralph is not installed: run `make ralph` (make test does).")


def validate(statements):
    """Each statement checked against Ralph's strict pydantic models (ralph_validate.py):
    a list of {"models": [...], "error": None or message}, in order."""
    require_ralph()
    completed = subprocess.run(
        [str(RALPH_PYTHON), str(Path(__file__).with_name("ralph_validate.py"))],
        input=json.dumps(list(statements)),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(completed.stdout)


def assert_valid(statements):
    """Fail with every statement Ralph's models reject and why."""
    statements = list(statements)
    problems = [
        f"{s['verb']['id']} {s['object']['id']}:\n{r['error']}"
        for s, r in zip(statements, validate(statements), strict=True)
        if r["error"]
    ]
    assert not problems, "\n\n".join(problems)
