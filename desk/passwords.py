"""Passwords and private files of the desk: one way to hash, check and store them.

Contract
--------
* :func:`hash_password` -> the stored form: ``{"scheme": "scrypt", n, r, p, dklen, salt,
  hash}`` (scrypt n=2**15, r=8, p=1, 16-byte random salt); a password shorter than
  :data:`MIN_PASSWORD` raises :class:`PasswordTooShort` (its message is for people).
* :func:`password_matches(record, password)`: constant-time comparison.
* :func:`write_private(path, data)`: written with mode 0600, atomically (temporary file, rename).
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
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
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


def password_matches(record: dict, password: str) -> bool:
    """Whether ``password`` is the one ``record`` (:func:`hash_password`) was made from
    (constant-time comparison)."""
    params = {k: int(record[k]) for k in ("n", "r", "p", "dklen")}
    digest = _scrypt(password, bytes.fromhex(record["salt"]), **params)
    return hmac.compare_digest(digest, bytes.fromhex(record["hash"]))
