# `make run` and `make test` work on a fresh clone with only Python 3.11+ and make:
# uv is taken from PATH, or installed into .tools/ on first use.
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(or $(shell command -v uv 2>/dev/null),.tools/bin/uv)
VENV := .venv/bin
# Python's own default: compile each module once and reuse it. With bytecode writing switched off
# in the environment, every process (each test worker, each server a test starts) compiled
# every module again: 7 s of a 21 s run of tests/goals.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: install run test lint format bench clean schemas

install: .venv/.synced

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --compile-bytecode
	touch $@

run: install
	$(VENV)/coachboard db upgrade
	$(VENV)/coachboard serve

# One pytest-xdist worker per core; tests spread one by one, but a module that starts servers
# once for all its tests (pytestmark = xdist_group) keeps them on one worker.
test: install lint
	$(VENV)/pytest -n auto --dist loadgroup --durations=15

# lint-imports: the layers (docs/architecture.md, contracts in pyproject.toml).
lint: install
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/lint-imports

format: install
	$(VENV)/ruff check --fix .
	$(VENV)/ruff format .

# The export documents' JSON Schemas in docs/schemas/, written again from transfer/schemas.py.
schemas: install
	$(VENV)/python -m coachboard.transfer.schema_files docs/schemas

# The benches at full size (minutes each). make test runs every one at its smoke size
# (tests/bench/test_smoke.py); dashboard.py needs PostgreSQL (COACHBOARD_TEST_POSTGRES_URL).
bench: install
	$(VENV)/python bench/migration.py
	$(VENV)/python bench/api.py
	$(VENV)/python bench/load.py
	$(VENV)/python bench/load.py --big-client
	$(VENV)/python bench/progress.py
	$(VENV)/python bench/dashboard.py
	$(VENV)/python bench/history.py
	$(VENV)/python bench/hostile.py

clean:
	rm -rf .venv .tools .pytest_cache
