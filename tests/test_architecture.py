"""The layout rule holds and cannot quietly stop holding.

`make test` runs `lint-imports` (the contracts in pyproject.toml) in its lint step. These tests
prove that step can fail: a copy of the code with one import pointing up is refused, the same
copy without it passes. A second rule import-linter does not cover: no module imports inside a
function (the way a cycle used to be hidden), except an AppConfig's `ready()`, which is where
an app connects its registries.
"""

import ast
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
PACKAGES = CONFIG["root_packages"]
CHECKED_FOR_LATE_IMPORTS = [*PACKAGES, "storybridge", "bench", "tests"]


def _copy_tree(target):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, target / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(ROOT / "pyproject.toml", target / "pyproject.toml")


def _lint(where):
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-logo", "--no-cache"],
        cwd=where,
        env={"PYTHONPATH": str(where), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def copied_tree(tmp_path_factory):
    target = tmp_path_factory.mktemp("layout")
    _copy_tree(target)
    return target


def test_the_code_as_it_is_keeps_every_contract(copied_tree):
    result = _lint(copied_tree)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: " in result.stdout and " broken" in result.stdout
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    "low_module, import_line, broken",
    [
        # An import hidden inside a function is still an import.
        ("core/sanitize.py", "def _late():\n    from courses import models\n", "core"),
        ("tracking/vocabulary.py", "from narratives import models\n", "tracking"),
        ("courses/body.py", "import assessments.models\n", "courses"),
        # Features record through tracking.recording, not the outbox.
        ("courses/body.py", "from tracking import outbox\n", "courses"),
    ],
)
def test_an_import_pointing_up_breaks_the_lint_step(copied_tree, low_module, import_line, broken):
    path = copied_tree / low_module
    original = path.read_text()
    path.write_text(original + "\n\n" + import_line)
    try:
        result = _lint(copied_tree)
    finally:
        path.write_text(original)
    assert result.returncode != 0
    assert f"{broken} is not allowed to import" in result.stdout
    assert "BROKEN" in result.stdout


def test_make_test_runs_the_contracts_in_its_lint_step():
    makefile = (ROOT / "Makefile").read_text()
    lint_recipe = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "lint-imports" in lint_recipe
    test_target = next(line for line in makefile.splitlines() if line.startswith("test:"))
    assert "lint" in test_target.split()


def _late_imports(path):
    """Imports some function encloses (an AppConfig's `ready()` excepted). Module-level and
    class-level imports, including those under `if` or `try`, are fine."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, in_function, allowed):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                is_ready = child.name == "ready" and path.name == "apps.py"
                visit(child, in_function=True, allowed=is_ready)
            elif isinstance(child, ast.Import | ast.ImportFrom):
                if in_function and not allowed:
                    found.append(f"{path.relative_to(ROOT)}:{child.lineno}")
            else:
                visit(child, in_function, allowed)

    visit(tree, in_function=False, allowed=False)
    return found


def test_no_module_imports_inside_a_function():
    late = []
    for name in CHECKED_FOR_LATE_IMPORTS:
        for path in sorted((ROOT / name).rglob("*.py")):
            if "migrations" not in path.parts:
                late += _late_imports(path)
    assert late == [], "imports inside functions (move them to the top of the module):\n" + (
        "\n".join(late)
    )


def test_the_late_import_check_sees_one(tmp_path, monkeypatch):
    """The check above can fail: an import in a function is found, one under a module-level
    `if` is not, and neither is one in an AppConfig's ready()."""
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    sample = tmp_path / "sample.py"
    sample.write_text("import os\n\nif os:\n    import sys\n\n\ndef f():\n    import json\n")
    apps = tmp_path / "apps.py"
    apps.write_text("class C:\n    def ready(self):\n        from . import signals\n")
    assert _late_imports(sample) == ["sample.py:8"]
    assert _late_imports(apps) == []
