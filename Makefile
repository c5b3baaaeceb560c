# Quick start:  make demo   (set up, then run the whole chain on the bundled samples)
#               make test   (set up, then lint and run the test suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.setup-stamp

.PHONY: setup demo test lint bench samples clean paddle-check

$(STAMP): pyproject.toml setup.py scripts/setup-system.sh
	bash scripts/setup-system.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	bash scripts/demo.sh $(BIN)

test: setup lint
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check .

bench: setup
	$(BIN)/python bench/run_all.py

# optional, not part of `make test`: the paddleocr engine's real tests in a side venv
# (.venv-paddle, about 1 GB); see docs/ocr-engines.md "Manual check"
paddle-check: setup
	bash scripts/paddle-check.sh

samples: setup
	$(BIN)/shebao samples generate -o samples/demo --demo

clean:
	rm -rf out .pytest_cache .ruff_cache
