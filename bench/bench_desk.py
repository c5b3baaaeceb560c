"""Benchmark of the drop-in desk (not a test): page times while phone photos are read by OCR.

``shebao serve`` runs as its own process (with its reading worker, a further process) on a
fresh store and OCR cache, as in use; this script is only the clients. Three volunteers, one
case each, browse their case page, the uploads fragment as htmx polls it, the index and (once
a page is read) the review beside the image, a request every 0.3 s each; meanwhile ten
phones upload one photo each, all at once, through their case's upload link (photos of demo
statements made by ``shebao samples photo``: fictitious people). Runs until every photo is read (or
``--max-seconds``), then checks that nothing was lost: every upload stored, byte for byte (the
original downloaded back and compared by SHA-256), and read or failed with a reason.

Prints p50/p95/max of the volunteers' page times (while OCR ran), of the uploads, the time to
read them all, and what was lost. The machine's load average is printed too: figures from a
machine shared with other work are slower than the desk alone.

    .venv/bin/python bench/bench_desk.py [--volunteers 3] [--uploads 10] [--photos DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx

DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo"
SOURCES = ("A_L1_monthly_statement.pdf", "B_L4_paid_detail.pdf", "A_L3_pension_ranges.pdf",
           "A_generic_statement.pdf", "C_L5_henan_record.pdf")


def photos(folder: Path, wanted: int) -> list[Path]:
    """At least ``wanted`` distinct phone photos in ``folder`` (made once, then reused)."""
    folder.mkdir(parents=True, exist_ok=True)
    for source in SOURCES:
        if len(list(folder.glob("*.jpg"))) >= wanted:
            break
        if not list(folder.glob(f"{Path(source).stem}-*.jpg")):
            subprocess.run([sys.executable, "-m", "shebao", "samples", "photo",
                            str(DEMO / source), "-o", f"{folder}/"], check=True,
                           capture_output=True)
    found = sorted(folder.glob("*.jpg"))
    if len(found) < wanted:
        raise SystemExit(f"only {len(found)} photos could be made for {wanted} uploads")
    return found[:wanted]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "SHEBAO_CACHE": str(tmp / "cache")}  # no readings from earlier runs
    server = subprocess.Popen([sys.executable, "-m", "shebao", "serve", "--store",
                               str(tmp / "store"), "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(base + "/", timeout=2).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the desk did not start")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: none"
    return (f"{name}: n={len(values)} p50 {statistics.median(values) * 1000:.0f} ms, "
            f"p95 {pct(values, 0.95):.0f} ms, max {max(values) * 1000:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=3)
    parser.add_argument("--uploads", type=int, default=10)
    parser.add_argument("--photos", type=Path, default=None,
                        help="folder of photos to reuse (made there when missing)")
    parser.add_argument("--max-seconds", type=float, default=1800)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        images = photos(args.photos or tmp / "photos", args.uploads)
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        server, base = start_server(tmp)
        try:
            return run(base, images, args)
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(15)
            except subprocess.TimeoutExpired:
                server.kill()
            shutil.rmtree(tmp / "store", ignore_errors=True)


def run(base: str, images: list[Path], args) -> int:
    setup = httpx.Client(base_url=base, follow_redirects=True, timeout=60)
    token = re.compile(r'"X-CSRF-Token": "([^"]+)"')  # what the pages give htmx
    setup.headers["X-CSRF-Token"] = token.search(setup.get("/").text).group(1)
    cases, links = [], []
    for n in range(args.volunteers):
        case = setup.post("/cases", data={"worker_name": f"测试{n + 1}"}).url.path
        link = re.search(r"<code>http://[^/]+(/u/[^<]+)</code>",
                         setup.post(f"{case}/link").text).group(1)
        cases.append(case)
        links.append(link)
    page_times: dict[str, list[float]] = {"case": [], "uploads": [], "index": [], "review": []}
    upload_times: list[float] = []
    failures: list[str] = []
    done = threading.Event()
    lock = threading.Lock()

    def volunteer(case: str) -> None:
        """What a volunteer's browser asks for: the case page, the uploads fragment as htmx
        polls it (with the version it has: 204 while nothing changed), the index, and the
        review of the first upload read."""
        version, reviews = "", []
        with httpx.Client(base_url=base, timeout=60) as own:
            while not done.is_set():
                paths = [("case", case), ("uploads", f"{case}/uploads?v={version}"),
                         ("index", "/")]
                if reviews:
                    paths.append(("review", reviews[0]))
                for kind, path in paths:
                    t0 = time.perf_counter()
                    r = own.get(path)
                    elapsed = time.perf_counter() - t0
                    if kind == "case":
                        found = re.search(r'id="version" data-v="(\w+)"', r.text)
                        version = found.group(1) if found else ""
                        reviews = re.findall(r'href="(/cases/\d+/review/\d+)"', r.text)
                    with lock:
                        if r.status_code >= 400:
                            failures.append(f"GET {path}: {r.status_code}")
                        page_times[kind].append(elapsed)
                    time.sleep(0.3)

    def phone(n: int, image: Path, start: threading.Barrier) -> None:
        data = image.read_bytes()
        with httpx.Client(base_url=base, timeout=120) as own:
            link = links[n % len(links)]
            csrf = {"X-CSRF-Token": token.search(own.get(link).text).group(1)}  # phone page's
            start.wait()
            t0 = time.perf_counter()
            r = own.post(link, files=[("files", (image.name, data, "image/jpeg"))],
                         headers=csrf)
            with lock:
                upload_times.append(time.perf_counter() - t0)
                if r.status_code != 200 or "已收到" not in r.text:
                    failures.append(f"upload {image.name}: {r.status_code}")

    volunteers = [threading.Thread(target=volunteer, args=(c,)) for c in cases]
    for t in volunteers:
        t.start()
    barrier = threading.Barrier(len(images))
    phones = [threading.Thread(target=phone, args=(n, image, barrier))
              for n, image in enumerate(images)]
    started = time.perf_counter()
    for t in phones:
        t.start()
    for t in phones:
        t.join()
    load_peak = 0.0
    while time.perf_counter() - started < args.max_seconds:
        load_peak = max(load_peak, os.getloadavg()[0])
        pending = sum(setup.get(f"{c}/uploads").text.count(s) for c in cases
                      for s in ("排队中", "正在读取"))
        if not pending:
            break
        time.sleep(2)
    all_read = time.perf_counter() - started
    done.set()
    for t in volunteers:
        t.join()
    lost = check_nothing_lost(setup, cases, images)
    reading = sum(len(v) for v in page_times.values())
    print(f"{len(images)} uploads at once to {len(cases)} cases; {len(cases)} volunteers "
          f"browsing; OCR in the background (one worker process)")
    print(f"load average peak while reading: {load_peak:.1f} (other work on this machine "
          "included)")
    print(summary("all volunteer pages while OCR ran", [x for v in page_times.values()
                                                         for x in v]))
    for kind, values in page_times.items():
        print("  " + summary(kind, values))
    print(summary("uploads (10 phones at once)", upload_times))
    print(f"every photo read or failed after {all_read:.0f} s; {reading} page loads")
    print(f"errors: {len(failures)}; lost or altered: {len(lost)}")
    for line in failures[:10] + lost:
        print("  " + line)
    return 1 if failures or lost else 0


def check_nothing_lost(client: httpx.Client, cases: list[str], images: list[Path]
                       ) -> list[str]:
    """Each photo sent is stored once, byte for byte, and read (or failed with a reason)."""
    sent = {hashlib.sha256(p.read_bytes()).hexdigest(): p.name for p in images}
    stored: dict[str, str] = {}
    problems = []
    for case in cases:
        fragment = client.get(f"{case}/uploads").text
        for path in re.findall(r'href="(/cases/\d+/originals/\d+)"', fragment):
            stored[hashlib.sha256(client.get(path).content).hexdigest()] = path
        problems += [f"{case}: still waiting" for _ in re.findall("排队中|正在读取", fragment)]
    problems += [f"{name}: not stored as sent" for digest, name in sent.items()
                 if digest not in stored]
    return problems


if __name__ == "__main__":
    sys.exit(main())
