#!/usr/bin/env bash
# System packages shebao needs: CJK fonts (embedded in generated PDFs and reports) and
# poppler-utils (pdftoppm, to look at rendered PDFs); Pango and HarfBuzz-subset for WeasyPrint
# (reports: PDF drafts; harfbuzz-subset makes font subsetting ~30x faster than fontTools);
# strace for tests/test_offline.py (no network at run time, checked at the system-call level);
# chromium for the desk's browser tests (tests/desk/test_browser.py drives it through
# Playwright's Python API; Playwright's own browser download is never used).
# Idempotent; installs only what is missing.
set -euo pipefail
need=()
for pkg in fonts-wqy-microhei fonts-arphic-uming poppler-utils strace \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 chromium; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need+=("$pkg")
done
# Debian's own python3 needs python3-venv for `python3 -m venv` (pyenv/official builds have it).
${PYTHON:-python3} -c "import ensurepip" 2>/dev/null || need+=("python3-venv")
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
    echo "Please install: ${need[*]} (apt-get install ${need[*]})" >&2; exit 1
  fi
else SUDO=""; fi
echo "Installing system packages: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
