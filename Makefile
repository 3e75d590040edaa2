# docmill developer commands. `make run` and `make test` work on a fresh machine that has
# Python 3.11+: they create .venv, install the locked dependencies, then do their job.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
OUT ?= out

.PHONY: setup system-deps run test test-fast lint format bench samples lock clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "docmill needs Python 3.11+"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $(STAMP)

setup: $(STAMP)

system-deps:
	bash scripts/install-system-deps.sh

## The main job: convert sample_docs/ into $(OUT)/ and validate it.
run: setup
	$(BIN)/docmill convert sample_docs -o $(OUT)
	$(BIN)/docmill validate $(OUT)

## The whole test suite (what CI runs).
test: setup system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

test-fast: setup
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not slow and not flow"

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Benchmarks: docmill side by side with its peers (see benchmarks/README.md).
bench: setup
	$(BIN)/python benchmarks/spine_speed.py

samples: setup
	$(BIN)/python scripts/make_sample_docs.py

## Re-pin every dependency from the current virtual environment.
lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^docmill' > requirements.lock

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .hypothesis
