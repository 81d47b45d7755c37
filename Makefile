# Sigap: `make run` sets up and serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PORT ?= 8000

.PHONY: sweep run test setup setup-dev system-deps pdf-deps node-deps lint format messages screenshots bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(VENV)/bin/pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(VENV)/.runtime
setup-dev: $(VENV)/.dev

run: export SIGAP_SITE_NAME ?= Pemerintah Kota Pasuruan (demo)
run: setup pdf-deps
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py serve

# PDF documents (WeasyPrint: certificates, monthly reports) need Pango and a font from Debian.
pdf-deps:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -qi dejavu || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; }

# Tests need Debian's chromium (browser tests), gettext (catalogue checks) and poppler-utils
# (reading generated PDFs back).
system-deps: pdf-deps
	@command -v chromium >/dev/null && command -v msgfmt >/dev/null && command -v pdftotext >/dev/null || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext poppler-utils >/dev/null; }

# The accessibility browser tests inject axe-core, pinned in package-lock.json (Node 18+ and npm).
node-deps: node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	touch $@

lint: setup-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy sigap

format: setup-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Regenerate the translation catalogues after changing user-facing text.
messages: setup-dev
	cd sigap && ../$(PY) ../manage.py makemessages --locale id --no-obsolete --no-location --no-wrap --ignore "tests/*"
	cd sigap && ../$(PY) ../manage.py compilemessages --locale id

test: setup-dev system-deps node-deps lint
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) -m pytest -q

# Refresh the screenshots: the 360 px phone walk-through in docs/screenshots/mobile-*.png, and the gallery
# of every page of every role at 1366 and 360 px (docs/screenshots/sweep/<role>-<page>-<width>.png).
screenshots: setup-dev system-deps
	SIGAP_SCREENSHOTS=docs/screenshots $(PY) -m pytest -q sigap/portal/tests/test_browser_mobile.py
	mkdir -p docs/screenshots/sweep
	SIGAP_SCREENSHOTS=docs/screenshots/sweep $(PY) -m pytest -q sigap/web/tests/test_browser_sweep.py

# Every page of every role in the browser, desktop and phone, Indonesian and English (SQLite; also part
# of `make test`): the sweep alone.
sweep: setup-dev system-deps
	$(PY) -m pytest -q sigap/web/tests/test_browser_sweep.py

# Benchmarks on PostgreSQL (not part of the tests): API intake vs raw inserts, pages and the sweep at
# 10k/100k/1M complaints. BENCH_ARGS="--sizes 10k,100k" picks sizes; see bench/README.md.
bench: setup
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) var node_modules
