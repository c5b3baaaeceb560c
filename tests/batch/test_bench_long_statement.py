"""Smoke test of ``bench/bench_long_statement.py`` (the memory and time figures of a long
statement in the batch's reader are printed by it, not asserted anywhere): on a small
generated statement it runs every stage, in the batch's child and in-process, with the words
let go (default) and kept (``--keep-words``), and the batch's reader answers. No figure is
checked."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_long_statement.py"
STAGES = ("read", "tables", "records", "checks", "json", "load", "audit", "reports")


@pytest.fixture(scope="module")
def statement(tmp_path_factory):
    from shebao.samples import generate

    return generate("L1", 2, tmp_path_factory.mktemp("bench"), months=120).path


@pytest.mark.parametrize("options", [["--mode", "child"],
                                     ["--mode", "inprocess", "--keep-words", "--synthetic", "2",
                                      "--pages", "5"]])
def test_the_bench_runs_every_stage(statement, options):
    run = subprocess.run([sys.executable, str(BENCH), "--pdf", str(statement), *options],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    for stage in STAGES:
        assert any(line.split()[1:2] == [stage] for line in lines if line.startswith("  ")), \
            (stage, run.stdout)
    if "child" in options:
        assert "batch answer: read" in run.stdout
    else:
        assert "keeps the pages' words" in run.stdout
    assert " contributions, " in run.stdout  # (the parent loaded the answer)
