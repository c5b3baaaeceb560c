"""Volunteers' own accounts on the desk.

Contract
--------
:class:`Accounts(root)` keeps ``accounts.json`` (mode 0600) in the desk's data folder: for each
volunteer's name (称呼, as they type it at login, at most :data:`MAX_NAME` characters) the
password hashed as :func:`.passwords.hash_password` does, an ``epoch`` (random; replaced whenever
the password changes, so sessions started before end), when the account was made and, for a
coordinator (协调员), ``"coordinator": true``.

* :meth:`add` (refuses a name that exists: :class:`AccountExists`; ``coordinator``),
  :meth:`set_password` (a new epoch), :meth:`set_coordinator`, :meth:`remove`, :meth:`check`
  (constant-time; False for an unknown name), :meth:`names` (sorted), :meth:`epoch` (None for
  an unknown name), :meth:`is_coordinator`, :meth:`coordinators`.
* Passwords shorter than :data:`.passwords.MIN_PASSWORD` raise
  :class:`.passwords.PasswordTooShort`; a blank name raises ``ValueError``.
* **Read once per change**: the parsed file is kept with its (inode, size, mtime, ctime) and
  read again as soon as any of them changes (an account made by ``shebao serve
  --add-volunteer`` in another process, a ``chmod``, a hand edit), so a request does not
  parse the file unless it changed. Every change reads the file afresh from disk first.
* **A damaged file is named, never dropped**: a file that cannot be read (permissions), is not
  JSON (a hand edit, a truncation), is not an object of accounts, or whose account lacks a
  field or holds one of the wrong kind raises :class:`.datafiles.DamagedFile` naming the file,
  the account and the field. Nothing is written over a file that could not be read.

The rules of who may manage accounts live in :mod:`.volunteers` (the page) and
:mod:`.cli` (``shebao serve --add-volunteer``); this module only stores them.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import os
import secrets
from pathlib import Path

from .datafiles import damaged, read_json, type_zh
from .passwords import hash_password, password_matches, record_problem, write_private

MAX_NAME = 40
FILE = "accounts.json"


class AccountExists(ValueError):
    """A volunteer account with this name is already on the desk."""


def clean_name(name: str) -> str:
    """A name as the login form keeps it: inner spaces collapsed, at most :data:`MAX_NAME`."""
    return " ".join(str(name or "").split())[:MAX_NAME]


def check_accounts(path: Path, data: object) -> dict[str, dict]:
    """``data`` as read from ``path`` if it is what :class:`Accounts` writes, else
    :class:`.datafiles.DamagedFile` naming the account and the field."""
    if not isinstance(data, dict):
        raise damaged(path, f"内容应为对象 {{…}}（每个志愿者的称呼一项），现在是{type_zh(data)}",
                      f"not an object but {type(data).__name__}")
    for name, account in data.items():
        if not name.strip():
            raise damaged(path, "有一个账号的称呼是空的", "an account has a blank name")
        if not isinstance(account, dict):
            raise damaged(path, f"账号“{name}”应为对象 {{…}}，现在是{type_zh(account)}",
                          f"account {name!r} is not an object")
        if "password" not in account:
            raise damaged(path, f"账号“{name}”缺少字段 password", f"account {name!r}: no password")
        problem = record_problem(account["password"])
        if problem is not None:
            raise damaged(path, f"账号“{name}”的{problem[0]}", f"account {name!r}: {problem[1]}")
        epoch = account.get("epoch")
        if not isinstance(epoch, str) or not epoch:
            what = "缺少字段 epoch" if "epoch" not in account else "的 epoch 应为非空文字"
            raise damaged(path, f"账号“{name}”{what}", f"account {name!r}: bad or no epoch")
        if not isinstance(account.get("created", ""), str):
            raise damaged(path, f"账号“{name}”的 created 应为文字", f"account {name!r}: created")
        if not isinstance(account.get("coordinator", False), bool):
            raise damaged(path, f"账号“{name}”的 coordinator 应为 true 或 false",
                          f"account {name!r}: coordinator is not a boolean")
    return data


class Accounts:
    def __init__(self, root: Path) -> None:
        self.file = Path(root) / FILE
        self._cached: tuple[tuple[int, ...], dict[str, dict]] | None = None
        self.reads = 0  # times the file was parsed (the cache's tests count them)

    def _stamp(self) -> tuple[int, ...] | None:
        try:
            st = os.stat(self.file)
        except FileNotFoundError:
            return None
        except OSError:
            return (-1,)  # unreadable: read_json names the problem
        return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)

    def _load(self) -> dict[str, dict]:
        """The accounts (the cached parse while the file is unchanged; do not modify)."""
        stamp = self._stamp()
        if stamp is None:
            return {}
        cached = self._cached
        if cached is not None and cached[0] == stamp:
            return cached[1]
        accounts = check_accounts(self.file, read_json(self.file))
        self.reads += 1
        if stamp != (-1,):
            self._cached = (stamp, accounts)
        return accounts

    def _fresh(self) -> dict[str, dict]:
        """A copy to change: read from disk (a damaged file raises before anything is saved)."""
        self._cached = None
        return copy.deepcopy(self._load())

    def _save(self, accounts: dict[str, dict]) -> None:
        write_private(self.file, json.dumps(accounts, ensure_ascii=False, indent=1).encode())
        self._cached = None

    def names(self) -> list[str]:
        return sorted(self._load())

    def epoch(self, name: str) -> str | None:
        account = self._load().get(name)
        return account["epoch"] if account else None

    def created(self, name: str) -> str | None:
        account = self._load().get(name)
        return account.get("created") if account else None

    def is_coordinator(self, name: str) -> bool:
        account = self._load().get(name)
        return bool(account and account.get("coordinator"))

    def coordinators(self) -> list[str]:
        return sorted(n for n, a in self._load().items() if a.get("coordinator"))

    def add(self, name: str, password: str, coordinator: bool = False) -> None:
        name = clean_name(name)
        if not name:
            raise ValueError("name is blank")
        accounts = self._fresh()
        if name in accounts:
            raise AccountExists(name)
        accounts[name] = {"password": hash_password(password), "epoch": secrets.token_hex(8),
                          "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        if coordinator:
            accounts[name]["coordinator"] = True
        self._save(accounts)

    def set_password(self, name: str, password: str) -> None:
        accounts = self._fresh()
        if name not in accounts:
            raise KeyError(name)
        accounts[name].update(password=hash_password(password), epoch=secrets.token_hex(8))
        self._save(accounts)

    def set_coordinator(self, name: str, coordinator: bool) -> None:
        accounts = self._fresh()
        if name not in accounts:
            raise KeyError(name)
        if coordinator:
            accounts[name]["coordinator"] = True
        else:
            accounts[name].pop("coordinator", None)
        self._save(accounts)

    def remove(self, name: str) -> bool:
        accounts = self._fresh()
        if accounts.pop(name, None) is None:
            return False
        self._save(accounts)
        return True

    def check(self, name: str, password: str) -> bool:
        account = self._load().get(name)
        return bool(account) and password_matches(account["password"], password)
