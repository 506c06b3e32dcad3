# The two commands a newcomer needs: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PG_TEST_URL ?= postgres://postgres@127.0.0.1:5432/archive
HOST ?= 127.0.0.1
ARTICLES ?= 100000
PORT ?= 8000

.PHONY: run test test-sqlite test-postgres install lint audit migrate demo check-compose clean bench eval messages backup restore faults load compose-test

$(VENV)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	DJANGO_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check archive bench config tests docker
	$(VENV)/bin/lint-imports --no-cache

# Known vulnerabilities in requirements.txt and requirements-dev.txt (pip-audit, .ci/audit.py): a
# vulnerability fails unless .pip-audit-ignore accepts it with a reason; a service out of reach is
# reported as NOT AUDITED, and fails only with AUDIT_REQUIRED=1.
audit: install
	$(PY) .ci/audit.py

test: install lint audit test-sqlite test-postgres

test-sqlite: install
	$(VENV)/bin/pytest -n 2 --create-db

# The same suite on PostgreSQL; in CI a missing server is a failure, never a skip.
test-postgres: install
	DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -n 2 --create-db

# The fault tests alone: the importer killed mid-run, the site's PostgreSQL cut and restored.
faults: install
	$(VENV)/bin/pytest -m faults --create-db
	DATABASE_URL=$(PG_TEST_URL) $(VENV)/bin/pytest -m faults --create-db

# Search speed (and Datasette side by side) over ARTICLES synthetic articles; DATABASE_URL picks the database.
bench: install
	$(PIP) install --quiet -r requirements-bench.txt
	mkdir -p var
	$(PY) manage.py bench_search --articles $(ARTICLES) --keep --json var/bench-$(ARTICLES).json

# Load: 50 researchers for 5 minutes (locust, load/locustfile.py) against gunicorn on 127.0.0.1
# over the PostgreSQL benchmark archive of ARTICLES articles (built once by bench_search, about
# 20 minutes at 100,000; reused after). Not part of `make test`; var/load/ holds the report.
PG_BENCH_URL ?= postgres://postgres@127.0.0.1:5432/archive
load: install
	$(PIP) install --quiet -r requirements-bench.txt
	mkdir -p var
	DATABASE_URL=$(PG_BENCH_URL) $(PY) manage.py bench_search --articles $(ARTICLES) --repeat 1 --no-datasette --keep
	DATABASE_URL=$(PG_BENCH_URL)_bench_$(ARTICLES) ./load/run.sh

# The English interface: collect the strings again, then compile (the .mo is committed; needs gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=tests --ignore=static
	$(PY) manage.py compilemessages --ignore=.venv

# Search quality: the judged query set from the xwlb corpus.
eval: install
	mkdir -p var
	$(PY) manage.py eval_search

# Backups of the database DATABASE_URL names (SQLite without it) in var/backups/, and restores.
# A restore replaces a database holding articles or accounts only with FORCE=1.
backup: install
	$(PY) manage.py backup_archive

restore: install
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=var/backups/archive-<time>.dump|.sqlite3 [FORCE=1]" >&2; \
		ls -1t var/backups/ 2>/dev/null | head -5 >&2; exit 2; }
	$(PY) manage.py restore_archive "$(BACKUP)" $(if $(filter 1,$(FORCE)),--force)

# The compose file against the compose schema (Debian's docker-compose), without running it.
check-compose:
	docker-compose config -q

clean:
	rm -rf $(VENV) var

# The deployment, proven: docker-compose.yml under podman-compose, an operator's day from the
# image's build to `down -v` (docker/compose-test/check.py). Installs podman and makes the images it
# cannot pull when missing (docker/compose-test/setup.sh; root for apt). About 3 minutes once set up.
compose-test:
	docker/compose-test/setup.sh
	cd docker/compose-test && python3 check.py
