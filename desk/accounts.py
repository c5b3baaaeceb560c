"""Volunteers' own accounts on the desk.

Contract
--------
:class:`Accounts(root)` keeps ``accounts.json`` (mode 0600) in the desk's data folder: for each
volunteer's name (称呼, as they type it at login, at most :data:`MAX_NAME` characters) the
password hashed as :func:`.passwords.hash_password` does, an ``epoch`` (random; replaced whenever
the password changes, so sessions started before end) and when the account was made.

* :meth:`add` (refuses a name that exists: :class:`AccountExists`), :meth:`set_password`
  (a new epoch), :meth:`remove`, :meth:`check` (constant-time; False for an unknown name),
  :meth:`names` (sorted), :meth:`epoch` (None for an unknown name).
* Passwords shorter than :data:`.passwords.MIN_PASSWORD` raise
  :class:`.passwords.PasswordTooShort`; a blank name raises ``ValueError``.

The rules of who may manage accounts live in :mod:`.volunteers` (the page) and
:mod:`.cli` (``shebao serve --add-volunteer``); this module only stores them.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from pathlib import Path

from .passwords import hash_password, password_matches, write_private

MAX_NAME = 40


class AccountExists(ValueError):
    """A volunteer account with this name is already on the desk."""


def clean_name(name: str) -> str:
    """A name as the login form keeps it: inner spaces collapsed, at most :data:`MAX_NAME`."""
    return " ".join(str(name or "").split())[:MAX_NAME]


class Accounts:
    def __init__(self, root: Path) -> None:
        self.file = Path(root) / "accounts.json"

    def _load(self) -> dict[str, dict]:
        if not self.file.exists():
            return {}
        return json.loads(self.file.read_text(encoding="utf-8"))

    def _save(self, accounts: dict[str, dict]) -> None:
        write_private(self.file, json.dumps(accounts, ensure_ascii=False, indent=1).encode())

    def names(self) -> list[str]:
        return sorted(self._load())

    def epoch(self, name: str) -> str | None:
        account = self._load().get(name)
        return account["epoch"] if account else None

    def created(self, name: str) -> str | None:
        account = self._load().get(name)
        return account.get("created") if account else None

    def add(self, name: str, password: str) -> None:
        name = clean_name(name)
        if not name:
            raise ValueError("name is blank")
        accounts = self._load()
        if name in accounts:
            raise AccountExists(name)
        accounts[name] = {"password": hash_password(password), "epoch": secrets.token_hex(8),
                          "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
        self._save(accounts)

    def set_password(self, name: str, password: str) -> None:
        accounts = self._load()
        if name not in accounts:
            raise KeyError(name)
        accounts[name].update(password=hash_password(password), epoch=secrets.token_hex(8))
        self._save(accounts)

    def remove(self, name: str) -> bool:
        accounts = self._load()
        if accounts.pop(name, None) is None:
            return False
        self._save(accounts)
        return True

    def check(self, name: str, password: str) -> bool:
        account = self._load().get(name)
        return bool(account) and password_matches(account["password"], password)
