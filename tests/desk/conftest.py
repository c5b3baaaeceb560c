"""Fixtures for browser tests of the desk: a real ``shebao serve`` and Debian's Chromium.

Contract
--------
* ``desk_server`` (function scope): ``shebao serve --store TMP --port FREE`` started as its own
  process (its reading worker is a further process, as in use), waited for until the index page
  answers; yields a :class:`DeskServer` (``base`` URL, ``store`` folder, ``log`` file). Stopped
  (SIGINT, then killed after 10 s) at the end of the test.
* ``chromium`` (session scope): Playwright's Python API driving the system's Chromium at
  ``CHROMIUM`` (``/usr/bin/chromium``, Debian package ``chromium``, installed by
  ``scripts/setup-system.sh``; no browser is ever downloaded: ``playwright install`` is never
  run). A missing browser FAILS the test with a message naming the package, never a skip.
* ``desk_page`` / ``phone_page``: a fresh browser context at desk size (1280x900) or phone size
  (390x844, touch, mobile user agent) with one page open; closed after the test.
* ``shots``: the folder screenshots go to: ``$SHEBAO_TEST_ARTEFACTS`` when set (kept for people
  to look at), else a pytest temporary folder; its path is printed.

Browser tests are marked ``browser`` (``pytest -m "not browser"`` leaves them out).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
import pytest

CHROMIUM = Path(os.environ.get("SHEBAO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]
DESK_SIZE = {"width": 1280, "height": 900}
PHONE_SIZE = {"width": 390, "height": 844}
PHONE_AGENT = ("Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
               "Chrome/120.0 Mobile Safari/537.36")


@dataclass
class DeskServer:
    base: str
    store: Path
    log: Path
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(store: Path, log: Path, *extra: str, timeout: float = 120,
                 ready: str = "/") -> DeskServer:
    """``shebao serve`` in its own process, waited for until ``ready`` (a path) answers 200
    (``/login`` for a desk that asks for one)."""
    port = _free_port()
    env = {**os.environ, "SHEBAO_CACHE": str(store.parent / "cache"), "PYTHONUNBUFFERED": "1"}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "shebao", "serve", "--store", str(store), "--port",
             str(port), *extra], stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"shebao serve stopped at start:\n{log.read_text()}")
        try:
            if httpx.get(f"{base}{ready}", timeout=2).status_code == 200:
                return DeskServer(base, store, log, process)
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"shebao serve did not answer in {timeout} s:\n{log.read_text()}")
        time.sleep(0.2)


def stop_server(server: DeskServer) -> None:
    server.process.send_signal(signal.SIGINT)
    try:
        server.process.wait(10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture
def desk_server(tmp_path: Path) -> Iterator[DeskServer]:
    server = start_server(tmp_path / "store", tmp_path / "serve.log")
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.fail(f"browser tests need Chromium at {CHROMIUM} (Debian package `chromium`; "
                    "`bash scripts/setup-system.sh` installs it, or set SHEBAO_CHROMIUM)",
                    pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("browser tests need the Python package `playwright` "
                    "(pip install -e '.[dev]'); its browser download is never used",
                    pytrace=False)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def desk_page(chromium):
    context = chromium.new_context(viewport=DESK_SIZE, locale="zh-CN")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def phone_page(chromium):
    context = chromium.new_context(viewport=PHONE_SIZE, user_agent=PHONE_AGENT, is_mobile=True,
                                   has_touch=True, device_scale_factor=2, locale="zh-CN")
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    wanted = os.environ.get("SHEBAO_TEST_ARTEFACTS")
    folder = Path(wanted) if wanted else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots: {folder}")
    return folder


def shot(page, folder: Path, name: str) -> Path:
    """A full-page screenshot ``folder/name.png``."""
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


__all__ = ["CHROMIUM", "DeskServer", "shot", "start_server", "stop_server"]
