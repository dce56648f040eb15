# NAPtrack: `make run` starts the platform with the demo data; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
NPM_STATIC := build/npm-static/.copied
PYTEST_ARGS ?= -n 2

.PHONY: run test setup system-packages lint format messages clean

setup: $(VENV)/.installed $(NPM_STATIC) system-packages

# PDFs are printed by Debian's Chromium; pdftotext (poppler-utils) checks their Thai text in the tests.
system-packages:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing chromium and poppler-utils from Debian"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null; \
	else echo "Note: PDF documents need Chromium (Debian package chromium); install it with your package manager." >&2; fi

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "NAPtrack needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

$(NPM_STATIC): package.json package-lock.json scripts/copy-npm-static.mjs
	npm ci --no-audit --no-fund --loglevel=error
	node scripts/copy-npm-static.mjs
	touch $@

run: setup
	mkdir -p var
	$(BIN)/naptrack migrate --noinput
	$(BIN)/naptrack collectstatic --noinput --verbosity 0
	$(BIN)/naptrack load_demo
	@echo "NAPtrack is starting at http://127.0.0.1:$(PORT)/th/  (English: /en/, Vietnamese: /vi/)"
	exec $(BIN)/gunicorn naptrack.wsgi --config python:naptrack.gunicorn_config --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile - --timeout 120

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

format: setup
	$(BIN)/ruff check --fix src tests
	$(BIN)/ruff format src tests

# Extract interface strings and compile the catalogues (needs GNU gettext; the .mo files are committed).
messages: setup
	cd src/naptrack && ../../$(BIN)/naptrack makemessages -l th -l vi --no-obsolete --ignore 'tests/*'
	cd src/naptrack && ../../$(BIN)/naptrack compilemessages

clean:
	rm -rf $(VENV) build node_modules var .pytest_cache
