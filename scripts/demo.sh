#!/usr/bin/env bash
# The main job on the bundled samples (samples/demo/, all fictitious):
#   1. extract every sample document into canonical JSON,
#   2. audit worker A (Dongguan) and the case-D worker (Shanghai factory),
#   3. for case D: list what is missing, draft every document, build the evidence bundle,
#      and verify the bundle against the originals;
#   4. batch-audit a generated factory's workforce;
#   5. the drop-in case: phone photos of worker A's statement, read by OCR as one document
#      (with debug images) and audited from the photos.
set -euo pipefail
BIN=${1:-.venv/bin}
cd "$(dirname "$0")/.."
OUT=out/demo
AS_OF=2025-10-15   # fixed, so the demo's late fees and time limits are reproducible
rm -rf "$OUT" && mkdir -p "$OUT/photos" "$OUT/extract" "$OUT/audit" "$OUT/case-D/drafts" "$OUT/case-D/drafts-pdf"
shopt -s nullglob
docs=(samples/demo/*.pdf samples/demo/*.xlsx samples/demo/*.csv samples/demo/case-D/*.pdf)
if [ ${#docs[@]} -eq 0 ]; then echo "no sample documents in samples/demo" >&2; exit 1; fi

echo "== 1. 提取 extract: ${#docs[@]} documents -> $OUT/extract/"
"$BIN/shebao" extract "${docs[@]}" --json -o "$OUT/extract/"

echo "== 2. 审计 audit: worker A -> $OUT/audit/"
"$BIN/shebao" audit samples/demo/A_* --as-of "$AS_OF" --json \
  --html "$OUT/audit/A_report.html" > "$OUT/audit/A_audit.json"
echo "== 2. 审计 audit: case D"
"$BIN/shebao" audit samples/demo/case-D/*.pdf --as-of "$AS_OF"
"$BIN/shebao" audit samples/demo/case-D/*.pdf --as-of "$AS_OF" --json \
  --html "$OUT/audit/D_report.html" > "$OUT/audit/D_audit.json"

echo "== 3. 文书与证据材料包 drafts and evidence bundle: case D -> $OUT/case-D/"
"$BIN/shebao" case check samples/demo/case-D --audit "$OUT/audit/D_audit.json"
"$BIN/shebao" draft samples/demo/case-D --kind all --audit "$OUT/audit/D_audit.json" \
  -o "$OUT/case-D/drafts"
"$BIN/shebao" draft samples/demo/case-D --kind all --format pdf \
  --audit "$OUT/audit/D_audit.json" -o "$OUT/case-D/drafts-pdf"
"$BIN/shebao" bundle samples/demo/case-D --audit "$OUT/audit/D_audit.json" \
  -o "$OUT/case-D/证据材料.pdf" --zip
"$BIN/shebao" verify "$OUT/case-D/证据材料.pdf" samples/demo/case-D

echo "== 4. 工厂批量审计 factory batch: 8 workers -> $OUT/factory/"
"$BIN/shebao" samples factory -o "$OUT/factory-docs" --workers 8
"$BIN/shebao" batch "$OUT/factory-docs/documents" --roster "$OUT/factory-docs/roster.xlsx" \
  --as-of "$AS_OF" -o "$OUT/factory"

echo "== 5. 手机照片 OCR photos: worker A's statement -> $OUT/photos/"
"$BIN/shebao" samples photo samples/demo/A_L1_monthly_statement.pdf -o "$OUT/photos/"
"$BIN/shebao" extract "$OUT"/photos/*.jpg --as-one-document \
  -o "$OUT/photos/A_L1_from_photos.json" --debug-image "$OUT/photos/debug/"
"$BIN/shebao" audit "$OUT"/photos/*.jpg --as-one-document --as-of "$AS_OF"

echo "Done. Outputs in $OUT/"
echo "接待台网页 drop-in desk on case D: make desk  (http://127.0.0.1:8765/)"
