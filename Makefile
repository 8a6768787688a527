# technopole: two commands do all set-up on a fresh machine with python3 (3.11+) and make.
#   make demo   creates .venv, installs, runs the main job on the embedded default project
#   make test   the same set-up, then the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
OUT    ?= out

.PHONY: demo test bench lint format layers clean browser-deps screenshots

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "technopole needs Python 3.11+, found " + sys.version.split()[0]'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/technopole demo --out-dir $(OUT) --force

# Lint (ruff, with docstring and annotation rules), the house format (ruff format --check:
# `make format` applies it), type check (mypy on gis and maps, see [tool.mypy]), then the
# suite: each step must pass for the next to run.
test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

# Apply the house format (ruff format, settings in pyproject.toml).
format: $(STAMP)
	$(BIN)/ruff format .

bench: $(STAMP)
	$(BIN)/python bench/run.py

# Rebuild the schematic layers from layers/_generate.py (deterministic).
layers: $(STAMP)
	$(BIN)/python layers/_generate.py

# Debian's Chromium and a CJK font for the browser and static-map checks (needs root).
browser-deps:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache *.egg-info

# README screenshots of the offline maps (needs Debian's chromium: make browser-deps), the
# bilingual PDF report's first page and the A3 map (pdftoppm, Debian's poppler-utils)
screenshots: demo
	$(BIN)/python docs/screenshot.py $(OUT)/loop_map.html docs/img/loop_map.png $(OUT)/santin_map.html docs/img/santin_map.png
	cp $(OUT)/loop_map.png docs/img/loop_static.png
	$(BIN)/technopole validate --lang both --out $(OUT)/validation.pdf --force
	pdftoppm -png -r 70 -f 1 -l 1 -singlefile $(OUT)/validation.pdf docs/img/validation_pdf
	$(BIN)/technopole map --out $(OUT)/loop_a3.html --pdf $(OUT)/loop_a3.pdf --paper A3 --force
	pdftoppm -png -r 50 -singlefile $(OUT)/loop_a3.pdf docs/img/loop_a3
	$(BIN)/technopole map --style docs/styles/print.yaml --out $(OUT)/loop_print.html --pdf $(OUT)/loop_a4_print.pdf --paper A4 --orientation portrait --force
	pdftoppm -png -r 60 -singlefile $(OUT)/loop_a4_print.pdf docs/img/loop_a4_print
