"""Passwords and private files of the desk: one way to hash, check and store them.

Contract
--------
* :func:`hash_password` -> the stored form: ``{"scheme": "scrypt", n, r, p, dklen, salt,
  hash}`` (scrypt n=2**15, r=8, p=1, 16-byte random salt); a password shorter than
  :data:`MIN_PASSWORD` raises :class:`PasswordTooShort` (its message is for people).
* :func:`password_matches(record, password)`: constant-time comparison.
* :func:`write_private(path, data)`: written with mode 0600, atomically (temporary file, rename).
* :func:`record_problem(record)` -> None for a stored form :func:`password_matches` can use,
  else what is wrong with it as ``(Chinese, English)`` (a hand-edited file is named, not a
  traceback: :mod:`.datafiles`).
Used by :mod:`.access` (the desk password) and :mod:`.accounts` (volunteers' own passwords).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

MIN_PASSWORD = 8
SCRYPT = {"n": 2**15, "r": 8, "p": 1, "dklen": 32}


def write_private(path: Path, data: bytes) -> None:
    """Write ``path`` with mode 0600 (atomically: a temporary file then a rename)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o600)
    tmp.replace(path)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen,
                          maxmem=128 * r * n * 2)


class PasswordTooShort(ValueError):
    """The password given is shorter than :data:`MIN_PASSWORD`."""


def hash_password(password: str) -> dict:
    """The stored form of a password: scrypt (:data:`SCRYPT`) over a 16-byte random salt."""
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(f"密码至少 {MIN_PASSWORD} 个字符")
    salt = secrets.token_bytes(16)
    return {"scheme": "scrypt", **SCRYPT, "salt": salt.hex(),
            "hash": _scrypt(password, salt, **SCRYPT).hex()}


def record_problem(record: object) -> tuple[str, str] | None:
    """What keeps ``record`` from being a stored password (:func:`hash_password`), or None."""
    if not isinstance(record, dict):
        return "密码摘要应为对象 {…}", "the password hash is not an object"
    if record.get("scheme") != "scrypt":
        return "密码摘要的 scheme 不是 scrypt", "scheme is not scrypt"
    for key in ("n", "r", "p", "dklen"):
        value = record.get(key)
        if key not in record:
            return f"密码摘要缺少字段 {key}", f"field {key} missing"
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            return f"密码摘要的 {key} 应为正整数", f"{key} is not a positive integer"
    if record["n"] & (record["n"] - 1) or record["n"] < 2 or record["n"] > 2**20:
        return "密码摘要的 n 不是合理的 2 的幂", "n is not a sensible power of 2"
    if record["r"] * record["p"] > 64 or record["dklen"] > 1024:
        return "密码摘要的参数过大", "parameters too large"
    for key in ("salt", "hash"):
        value = record.get(key)
        if key not in record:
            return f"密码摘要缺少字段 {key}", f"field {key} missing"
        try:
            ok = isinstance(value, str) and len(bytes.fromhex(value)) > 0
        except ValueError:
            ok = False
        if not ok:
            return f"密码摘要的 {key} 不是十六进制文字", f"{key} is not hex"
    return None


def password_matches(record: dict, password: str) -> bool:
    """Whether ``password`` is the one ``record`` (:func:`hash_password`) was made from
    (constant-time comparison)."""
    params = {k: int(record[k]) for k in ("n", "r", "p", "dklen")}
    digest = _scrypt(password, bytes.fromhex(record["salt"]), **params)
    return hmac.compare_digest(digest, bytes.fromhex(record["hash"]))
