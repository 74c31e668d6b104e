# Storybridge: `make run` to try it, `make test` to prove it. Everything installs from here.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
AXE_VERSION := 4.11.0
SCORM_AGAIN_VERSION := 3.4.3
# Ralph, the real LRS the tracking tests deliver to, in its own virtual environment: its
# pinned FastAPI/pydantic stack must not meet ours. It imports `requests` without declaring it.
RALPH_VENV := .deps/ralph
RALPH_STAMP := $(RALPH_VENV)/.installed-ralph-5.1.0-requests-2.34.2
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
DEMO_LEARNERS ?= 40
DEV := DJANGO_SETTINGS_MODULE=storybridge.settings.dev

.PHONY: install install-test ralph fonts run demo test lint check test-sqlite test-postgres bench clean

install: $(VENV)/.installed fonts

# DejaVu for the PDF portfolio (assessments/reflections/pdf.py): Greek, Cyrillic, Arabic, Hebrew and more.
# Without it the PDF falls back to a Latin-1 font and marks what it could not print.
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || { \
	  echo "Installing Debian's fonts-dejavu-core for the PDF portfolio..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# Debian's Chromium for the browser tests (Playwright cannot download a browser here),
# axe-core's axe.min.js from npm for the accessibility checks, and scorm-again, the SCORM 1.2
# run-time an LMS would give the launcher package (tests/browser/test_scorm_package.py).
install-test: install ralph
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@test -f .deps/node_modules/axe-core/axe.min.js && \
	  test -f .deps/node_modules/scorm-again/dist/scorm12.min.js || \
	  npm install --silent --no-audit --no-fund --prefix .deps \
	    axe-core@$(AXE_VERSION) scorm-again@$(SCORM_AGAIN_VERSION)

ralph: $(RALPH_STAMP)

$(RALPH_STAMP):
	mkdir -p .deps
	test -x $(RALPH_VENV)/bin/python || $(PYTHON) -m venv $(RALPH_VENV)
	$(RALPH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(RALPH_VENV)/bin/python -m pip install --quiet "ralph-malph[lrs,cli]==5.1.0" "requests==2.34.2"
	touch $@

run: install
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py load_demo --learners $(DEMO_LEARNERS)
	@echo ""
	@echo "Storybridge is running at http://127.0.0.1:8000/  (authoring: http://127.0.0.1:8000/admin/)"
	@echo "Demo logins. Learners sign in at http://127.0.0.1:8000/accounts/login/ with the e-mail"
	@echo "address; editors at http://127.0.0.1:8000/admin/login/ with the user name."
	@echo "  learner@example.org  / learner  / storybridge-learner   (a learner)"
	@echo "  educator@example.org / educator / storybridge-educator  (Educators: author courses, cohorts)"
	@echo "  curator@example.org  / curator  / storybridge-curator   (Narrative curators: consent, review)"
	@echo "  admin@example.org    / admin    / storybridge-admin     (superuser)"
	@echo ""
	$(DEV) $(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

check: install
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

test-sqlite: install-test
	env -u DATABASE_URL $(BIN)/pytest

test-postgres: install-test
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

test: install-test lint check test-sqlite test-postgres

# wrk (Debian) is the load generator; bench/run.py falls back to a Python client without it.
bench: install ralph
	@command -v wrk >/dev/null 2>&1 || { apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .deps db.sqlite3 media protected static_collected
