# Quick start:  make demo   (set up, then run the whole chain on the bundled samples)
#               make test   (set up, then lint and run the test suite)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.setup-stamp

.PHONY: setup demo desk test lint bench samples clean paddle-check

# The editable install maps ingest/, audit/, reports/, samples/ into the one package `shebao`
# (setup.py); setuptools then warns that folders named like a package may shadow it, which
# cannot happen here (nothing imports them by their folder names), so that warning is filtered.
$(STAMP): pyproject.toml setup.py scripts/setup-system.sh
	@bash scripts/setup-system.sh
	@test -x $(BIN)/python || { echo "Creating $(VENV) ..."; $(PYTHON) -m venv $(VENV); }
	@start=$$(date +%s); \
	echo "Installing shebao-audit and its Python packages into $(VENV): pdfplumber, RapidOCR +"; \
	echo "ONNX Runtime (OCR models included), WeasyPrint, pandas, openpyxl, rich, pytest, ruff."; \
	echo "About 1-5 minutes the first time (downloads ~300 MB), a few seconds after ..."; \
	$(BIN)/python -m pip install -q --upgrade pip && \
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/python -m pip install -q -e '.[dev]' && \
	echo "Installed in $$(( $$(date +%s) - start )) s."
	@touch $(STAMP)

setup: $(STAMP)

demo: setup
	bash scripts/demo.sh $(BIN)

# the drop-in desk on the demo case D, at http://127.0.0.1:8765/ (Ctrl+C stops it)
desk: setup
	$(BIN)/shebao serve --store out/desk --import samples/demo/case-D

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
