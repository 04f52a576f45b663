# Partnership Planner — `make run` and `make test` create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench forms screenshots package package-test clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

# On Linux, first the X libraries Qt needs: a missing one is named with the command that
# installs it, instead of Qt's "could not load the Qt platform plugin xcb".
run: $(STAMP)
	@$(BIN)/python packaging/check_display.py
	$(BIN)/planner $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check planner tests bench
	$(BIN)/lint-imports
	$(BIN)/mypy planner

# .ci/with-pg.sh starts a throw-away PostgreSQL server for the team-database tests (if any).
test: lint
	bash .ci/with-pg.sh env QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests

bench: $(STAMP)
	for b in bench/[a-z]*.py; do QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench.$$(basename $$b .py) || exit 1; done

forms: $(STAMP)
	$(BIN)/python packaging/build_forms.py

# The README's pictures, from the sample portfolio (views, meeting mode, capacity board).
SHOTS := dashboard organisation screening capacity conflicts agreements timeline meeting people
screenshots: $(STAMP)
	rm -f /tmp/planner-shots.sqlite*
	$(BIN)/planner demo --db /tmp/planner-shots.sqlite
	for v in $(SHOTS); do QT_QPA_PLATFORM=offscreen $(BIN)/planner screenshot \
	  --db /tmp/planner-shots.sqlite --view $$v --out docs/screenshots/$$v.png --size 1280x800 || exit 1; done
	# A small laptop (1024×768) and the dark theme, as the README shows them.
	for v in $(SHOTS); do QT_QPA_PLATFORM=offscreen $(BIN)/planner screenshot \
	  --db /tmp/planner-shots.sqlite --view $$v --out docs/screenshots/$$v-1024x768.png \
	  --size 1024x768 || exit 1; done
	for v in $(SHOTS); do QT_QPA_PLATFORM=offscreen $(BIN)/planner screenshot \
	  --db /tmp/planner-shots.sqlite --view $$v --out docs/screenshots/$$v-dark.png \
	  --size 1280x800 --theme dark || exit 1; done
	rm -f /tmp/planner-shots.sqlite*

# The desktop bundle: PyInstaller comes from the 'package' extra, not the main dependencies.
PACKAGE_STAMP := $(VENV)/.package-installed

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

# One folder, dist/partnership-planner, with install.sh on Linux (README, "Install").
package: $(PACKAGE_STAMP)
	$(BIN)/python packaging/build_bundle.py

# Smoke test of the built bundle (run `make package` first); `make test` skips it. With a
# PostgreSQL test server (.ci/with-pg.sh) the bundle also makes and checks a team database.
package-test: $(STAMP)
	bash .ci/with-pg.sh env PLANNER_BUNDLE=dist/partnership-planner QT_QPA_PLATFORM=offscreen \
	  $(BIN)/python -m pytest -q tests/packaging/test_bundle.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
