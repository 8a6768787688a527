# technopole: two commands do all set-up on a fresh machine with python3 (3.11+) and make.
#   make demo   creates .venv, installs the demo lock (requirements/demo.txt: the core
#               dependencies only), then technopole itself, and runs the main job on the embedded
#               default project
#   make test   installs the test lock (requirements/test.txt: core + the test extra, which
#               includes the scale extra) into the same .venv, then lint and the whole suite
#
# The lock: pyproject.toml keeps open ranges; requirements/*.txt pin every package, transitive
# ones included, with `==` and hashes, for Python 3.11+ on every platform (uv's --universal).
# demo.txt is constrained by test.txt, so a package has the same version in both and
# `make demo` then `make test` only adds packages to .venv. Each set has its own stamp in .venv,
# remade when its lock file or pyproject.toml changes.
#   make lock             after a change of dependencies in pyproject.toml: rewrites both lock
#                         files, keeping every pin that still fits (uv reads the old files)
#   make lock UPGRADE=1   the same, moving every package to its newest release
#   make test-latest      not part of `make test` or CI: a separate .venv-latest with the newest
#                         releases (no lock), lists the packages that differ from the lock, runs
#                         lint and the suite there and says which step broke (SKIP_PYTEST=1 to
#                         stop after lint). Run it before `make lock UPGRADE=1`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= out

DEMO_LOCK  := requirements/demo.txt
TEST_LOCK  := requirements/test.txt
DEMO_STAMP := $(VENV)/.demo-stamp
TEST_STAMP := $(VENV)/.test-stamp
# pip of the venvs, and uv (in its own venv, .venv-lock) that writes the lock files
PIP_VERSION := 26.3
UV_VERSION  := 0.13.9
LOCK_VENV   := .venv-lock
LATEST      := .venv-latest

.PHONY: demo test bench lint format layers clean browser-deps screenshots lock test-latest examples

PY_CHECK := $(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "technopole needs Python 3.11+, found " + sys.version.split()[0]'

$(BIN)/python:
	@$(PY_CHECK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet pip==$(PIP_VERSION)

# The lock files are complete and hashed: pip installs in hash-checking mode, and technopole
# itself goes in with --no-deps so that nothing outside the lock is installed.
$(DEMO_STAMP): $(DEMO_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(DEMO_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

$(TEST_STAMP): $(TEST_LOCK) pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r $(TEST_LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

demo: $(DEMO_STAMP)
	@mkdir -p $(OUT)
	$(BIN)/technopole demo --out-dir $(OUT) --force

# Lint (ruff, with docstring and annotation rules), the house format (ruff format --check:
# `make format` applies it), type check (mypy on gis and maps, see [tool.mypy]), then the
# suite: each step must pass for the next to run.
test: lint
	$(BIN)/python -m pytest

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Apply the house format (ruff format, settings in pyproject.toml).
format: $(TEST_STAMP)
	$(BIN)/ruff format .

# The benchmarks use Dask and Playwright: the test set.
bench: $(TEST_STAMP)
	$(BIN)/python bench/run.py

# Rebuild the schematic layers from layers/_generate.py (deterministic).
layers: $(DEMO_STAMP)
	$(BIN)/python layers/_generate.py

# Rewrite the lock files from pyproject.toml (see the top of this file).
$(LOCK_VENV)/.uv-$(UV_VERSION):
	@$(PY_CHECK)
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	@touch $@

COMPILE = $(LOCK_VENV)/bin/uv pip compile pyproject.toml --quiet --universal \
	--python-version 3.11 --generate-hashes --custom-compile-command 'make lock' \
	$(if $(UPGRADE),--upgrade)

lock: $(LOCK_VENV)/.uv-$(UV_VERSION)
	@mkdir -p requirements
	$(COMPILE) --extra test -o $(TEST_LOCK)
	$(COMPILE) -c $(TEST_LOCK) -o $(DEMO_LOCK)

# The newest releases allowed by pyproject.toml, in their own venv; may fail, that is its use.
test-latest:
	@$(PY_CHECK)
	@test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	@$(LATEST)/bin/python requirements/diff_latest.py $(TEST_LOCK)
	@broke=""; \
	$(LATEST)/bin/ruff check . || broke="$$broke, ruff check"; \
	$(LATEST)/bin/ruff format --check . || broke="$$broke, ruff format --check"; \
	$(LATEST)/bin/mypy || broke="$$broke, mypy"; \
	if [ -n "$(SKIP_PYTEST)" ]; then echo "test-latest: pytest skipped (SKIP_PYTEST)"; \
	else $(LATEST)/bin/python -m pytest || broke="$$broke, pytest"; fi; \
	if [ -n "$$broke" ]; then \
	  echo "test-latest: with the newest releases these broke: $${broke#, }"; exit 1; \
	else echo "test-latest: all green with the newest releases (make lock UPGRADE=1 to move the lock)"; fi

# Debian's Chromium and a CJK font for the browser and static-map checks (needs root).
browser-deps:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk poppler-utils

# The example committee papers in docs/examples/ (PDF, HTML, XLSX; first pages as PNG with
# pdftoppm, Debian's poppler-utils: make browser-deps)
examples: demo
	TECHNOPOLE=$(BIN)/technopole docs/examples/make.sh

clean:
	rm -rf $(VENV) $(LATEST) $(LOCK_VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache *.egg-info

# README screenshots of the offline maps (needs Debian's chromium: make browser-deps, and
# Playwright from the test set) and the A3 map (the PDF papers: make examples)
# (pdftoppm, Debian's poppler-utils)
screenshots: demo $(TEST_STAMP)
	$(BIN)/python docs/screenshot.py $(OUT)/loop_map.html docs/img/loop_map.png $(OUT)/santin_map.html docs/img/santin_map.png
	cp $(OUT)/loop_map.png docs/img/loop_static.png
	$(BIN)/python docs/screenshot_massing.py $(OUT)/massing.html docs/img/massing.png river
	$(BIN)/technopole massing baseline-540k table-3-1 --out $(OUT)/massing_compare.html --force
	$(BIN)/python docs/screenshot_massing.py $(OUT)/massing_compare.html docs/img/massing_compare.png south
	$(BIN)/technopole map --add docs/examples/my_plots.geojson --out docs/img/my_plots_static.png --dpi 110 --force
	$(BIN)/technopole map --raster $(OUT)/envelope_storeys.tif --no-validation --out $(OUT)/loop_envelope.html --force
	$(BIN)/python docs/screenshot.py $(OUT)/loop_envelope.html docs/img/loop_envelope_raster.png
	$(BIN)/technopole map --out $(OUT)/loop_a3.html --pdf $(OUT)/loop_a3.pdf --paper A3 --force
	pdftoppm -png -r 50 -singlefile $(OUT)/loop_a3.pdf docs/img/loop_a3
	$(BIN)/technopole map --style docs/styles/print.yaml --out $(OUT)/loop_print.html --pdf $(OUT)/loop_a4_print.pdf --paper A4 --orientation portrait --force
	pdftoppm -png -r 60 -singlefile $(OUT)/loop_a4_print.pdf docs/img/loop_a4_print
