"""Personal data at rest (issue 10, point 6): the OCR cache is encrypted with a per-machine
key, owner-only (folders 0700, files 0600), expires, and ``shebao cache clear`` empties it.
Before :mod:`shebao.ingest.ocr.cache` entries were clear-text JSON (names, ID numbers),
0644 in 0755 folders, kept for ever."""

from __future__ import annotations

import json
import os
import stat
import time

import pytest
from shebao.ingest.ocr import cache

from shebao.cli import main

SECRET = "王春燕 430521197804120027"


@pytest.fixture
def private(tmp_path, monkeypatch):
    monkeypatch.setenv("SHEBAO_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv("SHEBAO_OCR_CACHE_DAYS", raising=False)
    return tmp_path


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_entries_are_encrypted_and_owner_only(private):
    key = json.dumps({"sha256": "ab" * 32, "pages": None})
    cache.store(key, {"pages": [{"words": [[SECRET, 1, 2, 3, 4, 0.9]]}]})
    (entry,) = cache.cache_dir().iterdir()
    blob = entry.read_bytes()
    assert SECRET.encode() not in blob and b"430521" not in blob
    assert "ab" * 32 not in entry.name  # the name does not say which document either
    assert _mode(entry) == 0o600 and _mode(cache.cache_dir()) == 0o700
    assert _mode(cache.config_dir() / cache.KEY_FILE) == 0o600
    assert _mode(cache.config_dir()) == 0o700
    assert cache.load(key)["pages"][0]["words"][0][0] == SECRET


def test_another_key_cannot_read_and_expired_entries_go(private, monkeypatch):
    key = "k"
    cache.store(key, {"pages": []})
    (entry,) = cache.cache_dir().iterdir()
    old = time.time() - 31 * 86400
    os.utime(entry, (old, old))
    assert cache.load(key) is None and not entry.exists()  # 30 days by default
    cache.store(key, {"pages": []})
    (cache.config_dir() / cache.KEY_FILE).write_bytes(os.urandom(32))  # another machine
    assert cache.load(key) is None


def test_old_clear_text_entries_are_removed(private):
    folder = cache.cache_dir()
    folder.mkdir(parents=True)
    (folder / "0123.json").write_text(json.dumps({"pages": [SECRET]}), "utf-8")
    cache.store("k", {"pages": []})
    assert [p.suffix for p in folder.iterdir()] == [".bin"]


def test_cache_clear_command(private, capsys):
    for n in range(3):
        cache.store(f"k{n}", {"pages": []})
    assert main(["cache"]) == 0
    assert "3 条" in capsys.readouterr().out
    assert main(["cache", "clear"]) == 0
    assert "已删除 3 条" in capsys.readouterr().out
    assert list(cache.cache_dir().iterdir()) == []
