"""Benchmark of the drop-in desk (not a test): page times while photos are read by OCR.

A real uvicorn server on 127.0.0.1 with a fresh store; one case; phone photos of the demo
statement (``shebao samples photo``) uploaded through an upload link; meanwhile N volunteers
(threads) load the case page and its uploads fragment in a loop until every photo is read.
A fresh OCR cache (the int8 detector is built first, a few seconds). Prints page-time
p50/p95/max (the server and the volunteers share this process), uploads read, and the
time to read them all.

    .venv/bin/python bench/bench_desk.py [--volunteers 3] [--photos 3]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx2 as httpx
import uvicorn
from shebao.desk.app import create_app

DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=3)
    parser.add_argument("--photos", type=int, default=3)
    parser.add_argument("--port", type=int, default=8797)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SHEBAO_CACHE"] = f"{tmp}/cache"  # no OCR results from an earlier run
        photos = Path(tmp) / "photos"
        subprocess.run([sys.executable, "-m", "shebao", "samples", "photo",
                        str(DEMO / "A_L1_monthly_statement.pdf"), "-o", f"{photos}/"],
                       check=True, capture_output=True)
        images = sorted(photos.glob("*.jpg"))[: args.photos]
        app = create_app(Path(tmp) / "store")
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=args.port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{args.port}"
        client = httpx.Client(base_url=base, follow_redirects=True, timeout=60)
        token = re.compile(r'"X-CSRF-Token": "([^"]+)"')  # what the pages give htmx
        client.headers["X-CSRF-Token"] = token.search(client.get("/").text).group(1)
        case = client.post("/cases", data={"worker_name": "测试"}).url.path
        link = re.search(r"<code>http://[^/]+(/u/[^<]+)</code>",
                         client.post(f"{case}/link").text).group(1)
        phone = {"X-CSRF-Token": token.search(client.get(link).text).group(1)}
        start = time.perf_counter()
        for image in images:
            client.post(link, files=[("files", (image.name, image.read_bytes(), "image/jpeg"))],
                        headers=phone)
        times: list[float] = []
        done = threading.Event()

        def volunteer() -> None:
            with httpx.Client(base_url=base) as own:
                while not done.is_set():
                    for path in (case, f"{case}/uploads"):
                        t0 = time.perf_counter()
                        own.get(path).raise_for_status()
                        times.append(time.perf_counter() - t0)
                    time.sleep(0.2)

        threads = [threading.Thread(target=volunteer) for _ in range(args.volunteers)]
        for t in threads:
            t.start()
        app.state.desk.worker.wait()
        elapsed = time.perf_counter() - start
        done.set()
        for t in threads:
            t.join()
        read = client.get(f"{case}/uploads").text.count("已读取")
        idle = []
        for _ in range(20):
            t0 = time.perf_counter()
            client.get(case).raise_for_status()
            idle.append(time.perf_counter() - t0)
        server.should_exit = True
        times.sort()
        p95 = times[int(0.95 * (len(times) - 1))]
        print(f"photos uploaded {len(images)}, read {read}, all read in {elapsed:.1f} s")
        print(f"page loads {len(times)} by {args.volunteers} volunteers: "
              f"p50 {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
              f"max {times[-1] * 1000:.0f} ms")
        print(f"case page afterwards, nothing running: median "
              f"{statistics.median(idle) * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
