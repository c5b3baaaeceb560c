#!/usr/bin/env bash
# The main job on the bundled samples: extract every sample document into out/demo/.
# Grows with the pipeline: extract -> audit -> drafts and evidence bundle.
set -euo pipefail
BIN=${1:-.venv/bin}
cd "$(dirname "$0")/.."
OUT=out/demo
rm -rf "$OUT" && mkdir -p "$OUT/extract"
shopt -s nullglob
docs=(samples/demo/*.pdf samples/demo/*.xlsx samples/demo/*.csv)
if [ ${#docs[@]} -eq 0 ]; then echo "no sample documents in samples/demo" >&2; exit 1; fi
echo "== 1. 提取 extract: ${#docs[@]} documents -> $OUT/extract/"
"$BIN/shebao" extract "${docs[@]}" --json -o "$OUT/extract/"
echo "Done. Outputs in $OUT/"
