"""Kill bench: ``shebao batch`` killed at random moments, resumed, compared with a run that was
never interrupted (issue 10, point 5 and its quality bar).

    .venv/bin/python bench/bench_kill.py [--kills 10] [--workers 6] [--seed 11] [--jobs 2]
                                         [--ocr] [--signal KILL|TERM|INT]

Builds a fictitious factory (``shebao samples factory``), runs ``shebao batch`` on it once
uninterrupted (its time T), then starts it again in another folder and kills it ``--kills``
times, each at a random moment within the time a whole run takes (the shortest seen), resuming
each time with ``--resume``; a run that ends before its kill is not counted and the folder
is started again; after the last kill one more ``--resume`` finishes it. After
every kill it checks that no process of the batch is left (the workers die with their
parent) and that no ``batch-manifest.json`` exists unless the run had finished; at the end
it compares every JSON output and the manifest (XLSX/DOCX checksums aside: they carry their
save time) with the uninterrupted run. Prints one line per kill and the figures; exit code 1
on any difference or stray process.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hardening.test_batch_run import _marked, _outputs  # noqa: E402

SHEBAO = str(Path(sys.executable).with_name("shebao"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--workers", type=int, default=6)
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--ocr", action="store_true", help="read photos by OCR (slow)")
    ap.add_argument("--signal", default="KILL", choices=["KILL", "TERM", "INT"])
    args = ap.parse_args()
    sig = signal.Signals[f"SIG{args.signal}"]
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="shebao-kill-") as tmp:
        folder = Path(tmp)
        subprocess.run([SHEBAO, "samples", "factory", "-o", str(folder / "f"), "--workers",
                        str(args.workers), "--seed", str(args.seed)], check=True,
                       capture_output=True)
        documents = folder / "f" / "documents"
        batch = [SHEBAO, "batch", str(documents), "--jobs", str(args.jobs), "--as-of",
                 "2025-10-15", "--ocr" if args.ocr else "--no-ocr"]
        started = time.monotonic()
        whole = subprocess.run([*batch, "-o", f"{folder / 'whole'}/"], capture_output=True,
                               text=True)
        t_whole = time.monotonic() - started
        if whole.returncode not in (0, 1):
            print(f"uninterrupted run failed ({whole.returncode}): {whole.stderr[-300:]}")
            return 1
        expected = _outputs(folder / "whole")
        inputs = len(json.loads((folder / "whole" / "batch-manifest.json")
                                .read_text("utf-8"))["inputs"])
        print(f"factory of {args.workers} workers, {inputs} documents; uninterrupted run "
              f"{t_whole:.1f} s (exit {whole.returncode}); killing with SIG{args.signal}")
        out = folder / "out"
        mark = uuid.uuid4().hex
        stray_total, finished_early, total, kills, attempts = 0, 0, 0.0, 0, 0
        estimate = t_whole  # how long a whole run takes: the shortest seen
        resume = False
        while kills < args.kills and attempts < 3 * args.kills:
            attempts += 1
            answered = len(list((out / ".shebao-run" / "documents").glob("*.json")))
            moment = rng.uniform(0.02, 0.95) * estimate
            began = time.monotonic()
            proc = subprocess.Popen([*batch, "-o", f"{out}/", *(["--resume"] if resume else [])],
                                    env={**os.environ, "SHEBAO_TEST_MARK": mark},
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                    start_new_session=True)
            try:
                proc.wait(moment)
                finished = True
            except subprocess.TimeoutExpired:
                finished = False
                if sig == signal.SIGINT:  # as a terminal sends it: to the process group
                    os.killpg(proc.pid, sig)
                else:
                    proc.send_signal(sig)
                proc.wait()
            took = time.monotonic() - began
            total += took
            deadline = time.monotonic() + 10
            while _marked(mark) and time.monotonic() < deadline:
                time.sleep(0.1)
            stray = _marked(mark)
            stray_total += len(stray)
            for pid in stray:  # leave nothing behind, but count it
                os.kill(pid, signal.SIGKILL)
            manifest = out / "batch-manifest.json"
            complete = manifest.exists()
            if finished:  # not a kill: the run ended first; start again from nothing
                finished_early += 1
                estimate = min(estimate, took)
                print(f"  (run ended after {took:.1f} s, before the kill at {moment:.1f} s: "
                      f"exit {proc.returncode}; started again)")
                shutil.rmtree(out)
                resume = False
                continue
            kills += 1
            resume = True
            now = len(list((out / ".shebao-run" / "documents").glob("*.json")))
            print(f"  kill {kills:2}: at {moment:5.1f} s, documents answered {answered} -> "
                  f"{now}/{inputs}, manifest {'PRESENT' if complete else 'absent'}, "
                  f"stray processes {len(stray)}", flush=True)
            stray_total += complete  # a killed run must leave no manifest
        began = time.monotonic()
        final = subprocess.run([*batch, "-o", f"{out}/", "--resume"], capture_output=True,
                               text=True)
        total += time.monotonic() - began
        same = _outputs(out) == expected if (out / "batch-manifest.json").exists() else False
        leftover = (out / ".shebao-run").exists()
        print(f"final --resume: exit {final.returncode}; outputs identical to the "
              f"uninterrupted run: {'yes' if same else 'NO'}; run folder left: "
              f"{'yes' if leftover else 'no'}")
        print(f"{kills} kills ({finished_early} more runs ended before their kill), stray "
              f"processes or manifests {stray_total}; time over all attempts {total:.1f} s vs "
              f"{t_whole:.1f} s uninterrupted")
        return 0 if same and not stray_total and not leftover else 1


if __name__ == "__main__":
    sys.exit(main())
