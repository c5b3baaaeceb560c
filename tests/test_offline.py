"""No network at run time, checked at the system-call level.

Every command a person runs -- extract (text layer and OCR), audit, draft, bundle and batch --
is run under ``strace -f`` (all threads and child processes, native code included); any
``connect``/``sendto``/``sendmsg`` to an address outside loopback fails the test, and so does
any file written in the home folder outside shebao's own cache and config folders. A DNS
lookup shows up as a connection to the resolver, so the test catches a lookup whether or not
the telemetry host resolves. (ONNX Runtime's telemetry did both before
:mod:`shebao.offline`.)
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "samples" / "demo"
STRACE = shutil.which("strace")
# an address outside loopback in strace's rendering of a socket address
INET = re.compile(r'sa_family=AF_INET6?, .*?(?:inet_addr\("([^"]+)"\)'
                  r'|inet_pton\(AF_INET6, "([^"]+)")')
NETWORK_CALLS = "connect,sendto,sendmsg,sendmmsg"

pytestmark = pytest.mark.skipif(
    STRACE is None and not os.environ.get("CI"),
    reason="strace not installed (scripts/setup-system.sh installs it)")


def _outside_loopback(log: str) -> list[str]:
    bad = []
    for line in log.splitlines():
        if not any(call in line for call in NETWORK_CALLS.split(",")):
            continue
        match = INET.search(line)
        if match is None:
            continue
        address = next(g for g in match.groups() if g)
        if not (address.startswith("127.") or address in ("::1", "::ffff:127.0.0.1")):
            bad.append(line.strip())
    return bad


def test_strace_sees_native_lookups(tmp_path):
    """The check itself: a lookup made from native code (getaddrinfo in libc) is caught."""
    assert STRACE is not None, "strace is required (scripts/setup-system.sh)"
    log = tmp_path / "net.log"
    code = ("import socket\ntry:\n socket.getaddrinfo('mobile.events.data.microsoft.com', 443)\n"
            "except OSError:\n pass\n")
    subprocess.run([STRACE, "-f", "-qq", "-e", f"trace={NETWORK_CALLS}", "-o", str(log),
                    sys.executable, "-c", code], check=True, timeout=60)
    text = log.read_text()
    if "AF_INET" not in text:  # pragma: no cover - a machine without any resolver configured
        pytest.skip("no resolver configured here: a lookup never reaches the network")
    assert _outside_loopback(text)


def test_every_command_stays_offline(tmp_path):
    assert STRACE is not None, "strace is required (scripts/setup-system.sh)"
    shebao = str(Path(sys.executable).with_name("shebao"))
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    shutil.copytree(DEMO / "case-D", work / "case")
    shutil.copy(DEMO / "A_L3_pension_ranges.pdf", work / "statement.pdf")
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("SHEBAO_")},
           "HOME": str(home), "SHEBAO_CACHE": str(home / ".cache" / "shebao"),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_CACHE_HOME": str(home / ".cache")}
    for key in ("ORT_DISABLE_TELEMETRY", "DO_NOT_TRACK", "MPLCONFIGDIR"):
        env.pop(key, None)  # the protection must come from shebao itself
    script = f"""set -e
cd {work}
{shebao} samples photo statement.pdf -o photos/ --style scan
{shebao} extract statement.pdf -o text.json
{shebao} extract photos/statement-p1.png -o photo.json
{shebao} audit statement.pdf --json > audit.json
{shebao} draft case --kind complaint -o complaint.md
{shebao} bundle case -o bundle.pdf --zip
mkdir docs && cp statement.pdf photos/statement-p1.png docs/
{shebao} batch docs -o batch/ --jobs 2
"""
    log = tmp_path / "net.log"
    run = subprocess.run([STRACE, "-f", "-qq", "-e", f"trace={NETWORK_CALLS}", "-o", str(log),
                          "bash", "-c", script], env=env, capture_output=True, text=True,
                         timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    assert (work / "photo.json").is_file() and (work / "batch").is_dir()
    assert _outside_loopback(log.read_text()) == []
    own = (home / ".cache" / "shebao", home / ".config" / "shebao")
    strays = [p for p in home.rglob("*") if p.is_file()
              and not any(p.is_relative_to(o) for o in own)]
    assert strays == []
