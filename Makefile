# Hadir: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# make serve listens here: only this machine (the TLS proxy in front) unless told otherwise.
BIND ?= 127.0.0.1
CHROMIUM_PATH ?= /usr/bin/chromium
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test serve bench faults lint messages install install-dev browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

## run: install, migrate, load the Kota Bengkulu demo data and serve http://127.0.0.1:$(PORT)
# The demo clock (README.md, "Demo clock"): "auto" moves a weekend or evening start to the next working morning;
# `make run HADIR_DEMO_DATE=` runs on the real clock. HADIR_DEMO_FROM gives every process the same start.
run: export HADIR_DEMO_DATE ?= auto
run: export HADIR_DEMO_FROM := $(shell date +%s)
# One cache for the web server and the task worker, emptied at each start (a reset database must not meet old
# entries), so that what the worker prepares (the city recap's finished days) is what the pages read.
run: export CACHE_URL ?= file://$(CURDIR)/.cache/hadir
run: install
	rm -rf .cache/hadir
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo --plant-cheaters 2
	DEBUG=1 $(BIN)/python manage.py create_api_client --demo
	@# The task worker (imports, deliveries, the coverage scan) and the minute scheduler run beside the web
	@# server and stop with it; the scheduler has the worker prepare the city recap at once.
	DEBUG=1 $(BIN)/python manage.py db_worker -v0 & worker=$$!; \
	DEBUG=1 $(BIN)/python manage.py run_scheduler --warm & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

## browser: Debian's Chromium for the browser tests (apt, never a browser download)
browser:
	@if [ -x "$(CHROMIUM_PATH)" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing Debian's chromium for the browser tests…"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null || true; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
		(sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null || true; \
	fi
	@if [ ! -x "$(CHROMIUM_PATH)" ]; then \
		if [ "$$CI" = "true" ]; then echo "ERROR: no browser at $(CHROMIUM_PATH); CI needs it." >&2; exit 1; fi; \
		echo "WARNING: no browser at $(CHROMIUM_PATH): browser tests will be skipped (apt-get install chromium)."; \
	fi

## test: install what the tests need, then run the whole suite (browser tests included)
test: install-dev browser
	DEBUG=1 $(BIN)/python -m pytest $(PYTEST_ARGS)

## serve: gunicorn with production settings (DEBUG off) on $(BIND):$(PORT), and a task worker; set SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL
serve: install
	$(BIN)/python manage.py collectstatic --no-input -v0
	$(BIN)/python manage.py migrate --no-input
	@# The task worker and the minute scheduler run beside gunicorn and stop with it, as in `make run`
	@# (README, "Background work").
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn config.wsgi --bind $(BIND):$(PORT) --workers $${WEB_CONCURRENCY:-3} --access-logfile -

## bench: the morning-rush benchmark on PostgreSQL (README.md, "Benchmark"); results in docs/benchmarks.md
bench: N ?= 5000
bench: CONNECTIONS ?= 50,200
bench: install
	N=$(N) CONNECTIONS=$(CONNECTIONS) $(BIN)/python -m bench.run

## faults: PostgreSQL restarted and gunicorn workers killed mid-rush, on a private cluster (README.md, "Uji gangguan")
faults: install
	$(BIN)/python bench/faults.py

## lint: ruff, mypy (django-stubs), migrations in step with the models, Django's checks
lint: install-dev
	$(BIN)/ruff check .
	DEBUG=1 $(BIN)/mypy units policy attendance config api
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=1 $(BIN)/python manage.py check

## messages: refresh locale/ (needs gettext) and compile the catalogues
messages: install
	DEBUG=1 $(BIN)/python manage.py makemessages -l en --no-obsolete -i '.venv/*' -i 'staticfiles/*'
	DEBUG=1 $(BIN)/python manage.py compilemessages -l en -i '.venv'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache
