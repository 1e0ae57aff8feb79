# ENO portal. `make run` serves the demo portal; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= portal.settings.dev

.PHONY: install run test lint format migrate demo messages bench bench-search bench-relevance bench-load e2e backup restore clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changed; the stamp makes a second `make` instant.
$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo
	$(PY) manage.py load_countries

run: demo
	$(PY) manage.py ensure_admin --url http://127.0.0.1:$(PORT)
	$(PY) manage.py ensure_demo_member --url http://127.0.0.1:$(PORT)
	@echo "Serving the ENO portal on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/beheer/)"
	@# Scheduled publishing and the saved searches' e-mail alerts (printed to the console) run
	@# beside the dev server and stop with it.
	$(PY) manage.py run_scheduler & trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=portal.settings.test $(PY) manage.py makemigrations --check --dry-run
	@# One worker per core (pytest-xdist); each worker builds its own test database.
	DJANGO_SETTINGS_MODULE=portal.settings.test $(VENV)/bin/pytest -n auto

# Browser tests against a live server in headless Chromium (installed from Debian if missing).
e2e: install
	$(PY) -m pip install --quiet -e '.[dev,e2e]'
	command -v chromium >/dev/null || (apt-get update -q && apt-get install -y -q chromium)
	$(VENV)/bin/pytest -m e2e tests/e2e

# Benchmarks, not tests: each writes its table into bench/README.md. Takes several minutes.
bench: install
	$(PY) bench/import/run.py --write

# Needs GNU gettext (apt-get install gettext); the compiled .mo files are committed.
messages: install
	$(PY) manage.py makemessages -l nl --no-wrap --ignore=.venv --ignore=var --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages -l nl --ignore=.venv

# Search benchmark (bench/search/run.py, about 15 minutes): builds 100,000 documents in a database
# of its own under var/bench/ and writes the table into bench/README.md. Not part of `make test`.
bench-search: install
	$(PY) bench/search/run.py

# Relevance benchmark (bench/relevance/run.py, about a minute per database): the judged queries of
# bench/relevance/queries.toml over the demo content and the sample rulings; writes nDCG@10,
# recall@10 and MRR per query class into bench/README.md, beside the baseline. PostgreSQL too
# with BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/eno_relevance. Not part of `make test`.
bench-relevance: install
	$(PY) bench/relevance/run.py --write

# Load test (bench/load/run.py, about 20 minutes): gunicorn with production settings over 10,000
# rulings in a temporary folder, driven by locust; writes its table into bench/README.md.
# Not part of `make test`. Options: make bench-load BENCH_LOAD_ARGS="--duration 5 --rounds 1".
bench-load: install
	$(PY) -m pip install --quiet -e '.[dev,bench]'
	$(PY) bench/load/run.py --write $(BENCH_LOAD_ARGS)

# One archive with the database and MEDIA_ROOT (README, "Backups"); OUTPUT=path picks the file or
# folder, the default is var/backups/. Restore: make restore ARCHIVE=path [FORCE=1].
backup: install
	$(PY) manage.py backup $(if $(OUTPUT),--output "$(OUTPUT)")

restore: install
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/eno-YYYYmmdd-HHMMSS.tar.gz [FORCE=1]" >&2; exit 2; }
	$(PY) manage.py restore "$(ARCHIVE)" $(if $(FORCE),--force)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
