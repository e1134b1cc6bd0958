# 履职通 — the two commands of the README: `make run` (demo) and `make test` (everything).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench soak mutate venv clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet ".[dev]"
	touch $(STAMP)

venv: $(STAMP)

# The demo: SQLite, no Redis (Celery runs tasks in-process), console email.
run: $(STAMP)
	scripts/system-deps.sh pdf
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo "履职通演示：http://127.0.0.1:8000/  （登录账号见上表）"
	$(PY) manage.py runserver 127.0.0.1:8000

# Everything CI checks, against PostgreSQL and Redis, browser tests included.
test: $(STAMP)
	scripts/system-deps.sh test
	scripts/services.sh
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -q -n 2 --dist loadfile

# Page benchmarks on the region data set (see bench/README.md); needs PostgreSQL.
bench: $(STAMP)
	scripts/services.sh
	$(PY) bench/run.py --readme

# Soak: 50 sessions reading and writing in every module for 10 minutes (bench/soak.py).
soak: $(STAMP)
	scripts/services.sh
	$(PY) bench/soak.py

# Mutation testing of the rule modules (slow and CPU-heavy, not in CI; docs/mutants.md):
# mutmut on the workflow tables, quota metrics, evidence, statistics and role permissions
# against their guarding test files only, then the mutations issue 8 names, by hand.
mutate: $(STAMP)
	scripts/services.sh
	$(VENV)/bin/mutmut run --max-children 1
	$(VENV)/bin/mutmut results
	$(PY) scripts/mutations_by_hand.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .test-media mutants
