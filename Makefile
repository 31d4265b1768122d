# The two commands: `make run` (the pipeline) and `make test` (the suite).
# Both set up everything they need on a fresh Debian machine first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two pytest workers (pytest-xdist), each with its own PostgreSQL and Redis; a whole file
# goes to one worker, so module fixtures (one `liftlens up` for tests/e2e/test_up.py) start
# once. Most of an e2e test is waiting on its child processes: two overlap those waits.
# Files go out in collection order (the long e2e files first, short unit files last), not
# re-sorted by test count, which would leave the one-test e2e files for the end.
# `make test PYTEST_ARGS=` runs the suite in one process.
PYTEST_ARGS ?= -n 2 --dist loadfile --no-loadscope-reorder

.PHONY: run test setup venv lint structure bench clean

run: setup
	$(BIN)/liftlens up --demo

# pytest exits 5 when it collected no test; make treats that as a failure too.
test: setup structure
	$(BIN)/pytest $(PYTEST_ARGS)

# Arrows one way (import-linter contracts in pyproject.toml), no unused or undeclared
# dependency (deptry), no dead code (vulture). Each exits non-zero on a violation.
structure: venv
	$(BIN)/lint-imports
	$(BIN)/deptry .
	$(BIN)/vulture

setup: venv
	@bash .ci/system-deps.sh

venv: $(BIN)/liftlens

$(BIN)/liftlens: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

bench: venv
	$(BIN)/python bench/parse_accuracy.py
	$(BIN)/python bench/match_quality.py

clean:
	rm -rf $(VENV) .liftlens .mypy_cache .ruff_cache .pytest_cache
