"""One wording for a bad ``--as-of`` in every command (it was written three ways)."""

from __future__ import annotations

from pathlib import Path

import pytest

from shebao.cli import main

DEMO = Path(__file__).resolve().parents[1] / "samples" / "demo"


@pytest.mark.parametrize("args", [
    ["audit", str(DEMO / "case-D")],
    ["batch", str(DEMO / "case-D"), "-o", "{tmp}/out/"],
    ["draft", str(DEMO / "case-D"), "-o", "{tmp}/drafts/"],
])
def test_a_bad_as_of_is_refused_in_the_same_words(args, tmp_path, capsys):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args] + ["--as-of", "2025-13-01"]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "--as-of 日期“2025-13-01”无效，应为 YYYY-MM-DD" in err
    assert not (tmp_path / "out").exists() and not (tmp_path / "drafts").exists()
