# Partnership Planner — `make run` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench forms package package-test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/planner $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check planner tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy planner

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests

bench: $(STAMP)
	for b in bench/[a-z]*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.$$(basename $$b .py) || exit 1; done

forms: $(STAMP)
	$(BIN)/python packaging/build_forms.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
