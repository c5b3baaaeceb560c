"""Benchmark of the drop-in desk (not a test): page times while an evidence bundle is built.

A real uvicorn server on 127.0.0.1 with a fresh store; demo case D imported and audited; then
one volunteer downloads the bundle ZIP (built in the desk's documents process) while N others
(threads) load the case page in a loop until it arrives. Prints the bundle's time and size and
the page-time p50/p95/max (the server and the volunteers share this process), and the same
case page with nothing running, for comparison.

    .venv/bin/python bench/bench_desk_downloads.py [--volunteers 3]
"""

from __future__ import annotations

import argparse
import io
import re
import statistics
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import httpx2 as httpx
import uvicorn
from shebao.desk.app import create_app

CASE_D = Path(__file__).resolve().parents[1] / "samples" / "demo" / "case-D"


def _ms(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] * 1000 if len(values) > 1 else 0.0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volunteers", type=int, default=3)
    parser.add_argument("--port", type=int, default=8798)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Path(tmp) / "store")
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=args.port,
                                               log_level="warning"))
        threading.Thread(target=server.run, daemon=True).start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{args.port}"
        client = httpx.Client(base_url=base, follow_redirects=True, timeout=300)
        token = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/").text).group(1)
        client.headers["X-CSRF-Token"] = token
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for path in sorted(CASE_D.iterdir()):
                archive.write(path, path.name)
        case = client.post("/cases/import", files={"archive": ("D.zip", buffer.getvalue(),
                                                               "application/zip")}).url.path
        app.state.desk.worker.wait()
        client.post(f"{case}/audit")
        app.state.desk.worker.wait()

        def load(times: list[float], done: threading.Event) -> None:
            with httpx.Client(base_url=base, timeout=60) as own:
                while not done.is_set():
                    t0 = time.perf_counter()
                    own.get(case).raise_for_status()
                    times.append(time.perf_counter() - t0)
                    time.sleep(0.2)

        idle: list[float] = []
        stop = threading.Event()
        quiet = threading.Thread(target=load, args=(idle, stop))
        quiet.start()
        time.sleep(5)
        stop.set()
        quiet.join()

        times: list[float] = []
        done = threading.Event()
        threads = [threading.Thread(target=load, args=(times, done))
                   for _ in range(args.volunteers)]
        for t in threads:
            t.start()
        start = time.perf_counter()
        r = client.get(f"{case}/bundle.zip")
        took = time.perf_counter() - start
        done.set()
        for t in threads:
            t.join()
        server.should_exit = True
        print(f"bundle ZIP: {r.status_code}, {len(r.content) / 1024:.0f} KiB in {took:.1f} s")
        print(f"case page while it was built, {len(times)} loads by {args.volunteers} "
              f"volunteers: p50 {_ms(times, 50):.0f} ms, p95 {_ms(times, 95):.0f} ms, "
              f"max {max(times) * 1000:.0f} ms")
        print(f"case page with nothing running: p50 {_ms(idle, 50):.0f} ms, "
              f"p95 {_ms(idle, 95):.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
