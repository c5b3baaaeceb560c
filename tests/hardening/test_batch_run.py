"""Batches that finish or resume (issue 10, points 4 and 5).

Each document is read in a child process with memory and time limits, so one file that is
too large or never ends becomes one "skipped" line and the batch finishes; the run manifest
is written last, so a killed run leaves nothing that looks final; ``--resume`` gives the
results of an uninterrupted run; the children die with their parent; Ctrl-C prints one line.
Before :mod:`shebao.batch.run` a FIFO among the inputs hung the batch forever, a
killed batch left its workers running and a complete-looking folder, and Ctrl-C printed a
worker traceback.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from shebao.cli import main

SHEBAO = str(Path(sys.executable).with_name("shebao"))


@pytest.fixture(scope="module")
def factory(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("factory")
    assert main(["samples", "factory", "-o", str(folder), "--workers", "3", "--seed", "4"]) == 0
    return folder / "documents"


def _outputs(folder: Path) -> dict[str, object]:
    """The JSON results of a run, and the manifest with the checksums of the XLSX and DOCX
    left out (both carry the time they were saved)."""
    out: dict[str, object] = {p.relative_to(folder).as_posix(): p.read_bytes()
                              for p in sorted(folder.rglob("*.json"))}
    manifest = json.loads(out.pop("batch-manifest.json"))
    for item in manifest["outputs"]:
        if item["file"].endswith((".xlsx", ".docx")):
            item.pop("sha256")
    out["batch-manifest.json"] = manifest
    return out


def _marked(mark: str) -> list[int]:
    """Processes (still alive, not zombies) whose environment carries ``mark``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if mark.encode() in (proc / "environ").read_bytes():
                state = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z":
                    found.append(int(proc.name))
        except OSError:
            continue
    return found


def _env(mark: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "SHEBAO_TEST_MARK": mark, **extra}


def test_a_pipe_among_the_inputs_is_one_line_and_the_batch_finishes(factory, tmp_path):
    """A FIFO named like a sheet blocked the batch for ever (the reader waited on it)."""
    fifo = tmp_path / "stuck.csv"
    os.mkfifo(fifo)
    out = tmp_path / "out"
    run = subprocess.run([SHEBAO, "batch", str(factory), str(fifo), "-o", f"{out}/", "--jobs",
                          "2", "--as-of", "2025-10-15"], capture_output=True, text=True,
                         env=_env(uuid.uuid4().hex), timeout=600)
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    lines = [x for x in run.stderr.splitlines() if x.startswith("未能读取")]
    assert len(lines) == 1 and "stuck.csv" in lines[0] and "不是普通文件" in lines[0]
    manifest = json.loads((out / "batch-manifest.json").read_text("utf-8"))
    states = {Path(i["file"]).name: i for i in manifest["inputs"]}
    assert states["stuck.csv"]["state"] == "failed"
    assert sum(i["state"] == "read" for i in manifest["inputs"]) == len(manifest["inputs"]) - 1


def test_time_limit_skips_the_document_with_a_reason(factory, tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([SHEBAO, "batch", str(factory), "-o", f"{out}/", "--jobs", "2",
                          "--as-of", "2025-10-15"], capture_output=True, text=True,
                         env=_env(uuid.uuid4().hex, SHEBAO_BATCH_SECONDS="0.05",
                                  SHEBAO_BATCH_SECONDS_PER_PAGE="0"), timeout=600)
    assert "Traceback" not in run.stderr
    lines = [x for x in run.stderr.splitlines() if x.startswith("未能读取")]
    # (past 0.05 s of CPU, or of 3 x 0.05 s of wall time on a busy machine)
    assert lines and all((("超过 0.05 秒（CPU 时间" in x and "每页 0 秒" in x)
                          or "时间上限 0.05 秒的 3 倍" in x) and "shebao extract" in x
                         for x in lines), run.stderr
    manifest = json.loads((out / "batch-manifest.json").read_text("utf-8"))
    reasons = {i.get("reason") for i in manifest["inputs"] if i["state"] == "failed"}
    assert reasons == {"too_slow"}


def test_memory_limit_skips_the_document_with_a_reason(factory, tmp_path):
    out = tmp_path / "out"
    run = subprocess.run([SHEBAO, "batch", str(factory), "-o", f"{out}/", "--jobs", "1",
                          "--as-of", "2025-10-15"], capture_output=True, text=True,
                         env=_env(uuid.uuid4().hex, SHEBAO_BATCH_MEMORY_MB="1"), timeout=600)
    assert "Traceback" not in run.stderr
    lines = [x for x in run.stderr.splitlines() if x.startswith("未能读取")]
    assert lines and all("内存上限（1 MB）" in x for x in lines), run.stderr


def test_a_large_caller_leaves_its_documents_their_whole_limits(factory, tmp_path, monkeypatch):
    """A test run or a desk that has grown past the limits still reads documents: the child
    is charged only what it adds to the memory it shares with the caller, and its address-space
    backstop sits above the caller's (CI read every batch document as "too large" once the
    test process had grown)."""
    import mmap

    from shebao.batch.run import Limits, read_isolated

    NORESERVE = getattr(mmap, "MAP_NORESERVE", 0x4000)  # Linux's value; named in Python 3.13
    limits = Limits(memory_mb=300)
    held = bytearray(400 << 20)  # resident in the caller: more than the child's whole limit
    for i in range(0, len(held), 4096):
        held[i] = 1
    reserved = mmap.mmap(-1, (limits.address_mb + 1024) << 20,  # more than the backstop
                         flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | NORESERVE)
    documents = sorted(p for p in factory.iterdir() if p.suffix == ".pdf")[:2]
    targets = [tmp_path / f"{i}.json" for i in range(len(documents))]
    try:
        read_isolated([[d] for d in documents], targets, ocr=False, jobs=2, limits=limits)
    finally:
        reserved.close()
        del held
    for target in targets:
        assert "extract" in json.loads(target.read_text("utf-8")), target.read_text("utf-8")


def test_killed_runs_resume_to_the_same_results_and_leave_no_workers(factory, tmp_path):
    whole = tmp_path / "whole"
    args = ["batch", str(factory), "--jobs", "2", "--as-of", "2025-10-15"]
    assert subprocess.run([SHEBAO, *args, "-o", f"{whole}/"], capture_output=True,
                          timeout=600).returncode == 0
    expected = _outputs(whole)
    assert "batch-manifest.json" in expected
    out = tmp_path / "out"
    rng = random.Random(7)
    mark = uuid.uuid4().hex
    for attempt in range(3):
        extra = ["--resume"] if attempt else []
        proc = subprocess.Popen([SHEBAO, *args, "-o", f"{out}/", *extra], env=_env(mark),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.0, 12.0))
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 10
        while _marked(mark) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _marked(mark) == []  # the workers died with their parent
        manifest = out / "batch-manifest.json"
        if manifest.exists():  # killed after it finished: then it is complete
            assert json.loads(manifest.read_text("utf-8"))["complete"] is True
        else:
            assert not (out / "factory_summary.json").exists() or (out / ".shebao-run").is_dir()
    final = subprocess.run([SHEBAO, *args, "-o", f"{out}/", "--resume"], capture_output=True,
                           text=True, timeout=600)
    assert final.returncode == 0, final.stderr
    assert _outputs(out) == expected
    assert not (out / ".shebao-run").exists()


def test_an_unfinished_run_needs_resume_or_force(factory, tmp_path, capsys):
    out = tmp_path / "out"
    (out / ".shebao-run").mkdir(parents=True)
    (out / ".shebao-run" / "state.json").write_text("{}", "utf-8")
    assert main(["batch", str(factory), "-o", f"{out}/"]) == 2
    assert "--resume" in capsys.readouterr().err


def test_ctrl_c_prints_one_line(factory, tmp_path):
    mark = uuid.uuid4().hex
    proc = subprocess.Popen([SHEBAO, "batch", str(factory), "-o", f"{tmp_path / 'out'}/",
                             "--jobs", "2", "--as-of", "2025-10-15"], env=_env(mark),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_marked(mark)) < 2 and time.monotonic() < deadline:  # parent and a worker
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the whole process group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    lines = [x for x in err.splitlines() if x.strip() and not x.startswith("读取")]
    assert len(lines) == 1 and "--resume" in lines[0], err
    assert _marked(mark) == []


def test_a_run_killed_while_writing_its_outputs_resumes(factory, tmp_path):
    """Killed after some outputs were written but before the manifest: the run folder says
    the output folder is this unfinished run's, so ``--resume`` replaces what it had begun
    to write (it was refused as "a file of this name exists")."""
    from shebao.batch.run import MANIFEST, RUN_DIR, SCHEMA_STATE

    out = tmp_path / "out"
    args = ["batch", str(factory), "--jobs", "1", "--as-of", "2025-10-15", "-o", f"{out}/"]
    assert subprocess.run([SHEBAO, *args], capture_output=True, timeout=600).returncode == 0
    expected = _outputs(out)
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    (out / MANIFEST).unlink()  # the state of a run killed while writing its outputs
    (out / RUN_DIR / "documents").mkdir(parents=True)
    (out / RUN_DIR / "state.json").write_text(json.dumps(
        {"schema": SCHEMA_STATE, "options": manifest["options"], "inputs": manifest["inputs"]}))
    assert (out / "factory_summary.json").is_file()
    final = subprocess.run([SHEBAO, *args, "--resume"], capture_output=True, text=True,
                           timeout=600)
    assert final.returncode == 0, final.stderr
    assert _outputs(out) == expected
