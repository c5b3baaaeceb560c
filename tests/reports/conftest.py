"""Fixtures of the reports tests: the Dongguan case (real originals, the audit stage's own
``audit_case`` result, see casefactory.py), built once per session into a temp folder."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from shebao.cli import main

from .casefactory import BuiltCase, build_case


@pytest.fixture(scope="session")
def dongguan(tmp_path_factory: pytest.TempPathFactory) -> BuiltCase:
    return build_case(tmp_path_factory.mktemp("dongguan"))


@pytest.fixture(scope="session")
def bare(tmp_path_factory: pytest.TempPathFactory) -> BuiltCase:
    """The same originals without case.yaml: every fact must come out as a 【待补充】 marker."""
    return build_case(tmp_path_factory.mktemp("bare"), with_yaml=False)


def hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="session")
def built_bundle(dongguan: BuiltCase, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The bundle of the Dongguan case made through the CLI, with the originals' hashes
    before and after."""
    out = tmp_path_factory.mktemp("bundle")
    before = hashes(dongguan.case_dir)
    code = main(["bundle", str(dongguan.case_dir), "-o", str(out / "bundle.pdf"), "--zip",
                 "--audit", str(dongguan.audit_file)])
    return {"code": code, "dir": out, "pdf": out / "bundle.pdf", "before": before,
            "after": hashes(dongguan.case_dir)}
