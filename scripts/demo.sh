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
echo "== 2. 审计 audit: worker A (samples/demo/A_*) -> $OUT/audit/"
mkdir -p "$OUT/audit"
"$BIN/shebao" audit samples/demo/A_* --as-of 2025-10-15 --json --html "$OUT/audit/A_report.html" > "$OUT/audit/A_audit.json"
echo "Done. Outputs in $OUT/"
