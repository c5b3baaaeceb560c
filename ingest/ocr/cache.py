"""The OCR cache, private at rest: encrypted, owner-only, expiring.

Why encryption and not "geometry only"
--------------------------------------
The cache exists so that a re-run (``--debug-image``, ``audit`` after ``extract``, a resumed
batch) does not OCR the same photo again; that needs the recognised words, and on a statement
almost every word is personal (names, ID numbers, employers, amounts). A cache of geometry and
non-personal text would have to OCR every page again, so it would be no cache at all. Instead
every entry is encrypted with AES-256-GCM under a random per-machine key kept in the config
folder (``$XDG_CONFIG_HOME/shebao/cache.key``, default ``~/.config/shebao``, mode 0600): a copy
of the cache folder (a backup, a synced home folder, a shared machine's /tmp) reveals nothing,
and removing the key makes every entry unreadable at once.

Contract
--------
* :func:`load` ``(key) -> dict | None`` and :func:`store` ``(key, data)``: an entry is named by
  an HMAC of the cache key (the file's SHA-256 and settings; so the name does not reveal which
  document it is either), holds ``nonce || AES-GCM(JSON)``, and lives in ``cache_dir()``
  (``$SHEBAO_CACHE/ocr``). Folders are created 0700, files 0600. An entry that cannot be
  decrypted (another key, damage) or is older than :func:`max_age_days` counts as missing and is
  removed; :func:`store` also removes expired entries.
* :func:`max_age_days`: ``$SHEBAO_OCR_CACHE_DAYS`` (``[ocr] cache_days``), default 30.
* :func:`clear` ``() -> int``: removes every OCR cache entry (``shebao cache clear``).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import time
from pathlib import Path

from shebao.files import cache_root

DAYS_ENV = "SHEBAO_OCR_CACHE_DAYS"
DEFAULT_DAYS = 30
KEY_FILE = "cache.key"
SUFFIX = ".bin"


def cache_dir() -> Path:
    return cache_root() / "ocr"


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "shebao"


def max_age_days() -> float:
    try:
        return float(os.environ.get(DAYS_ENV) or DEFAULT_DAYS)
    except ValueError:
        return DEFAULT_DAYS


def private_folder(folder: Path) -> Path:
    """``folder`` (and missing parents) created owner-only; an existing one tightened."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        os.chmod(folder, 0o700)
    return folder


def _key() -> bytes:
    path = private_folder(config_dir()) / KEY_FILE
    try:
        data = path.read_bytes()
        if len(data) == 32:
            return data
    except FileNotFoundError:
        pass
    key = os.urandom(32)
    tmp = path.with_name(f".{KEY_FILE}.{os.getpid()}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(key)
    try:
        os.link(tmp, path)  # never replaces a key another process wrote meanwhile
    except FileExistsError:
        key = path.read_bytes()
    finally:
        tmp.unlink(missing_ok=True)
    return key


def _entry(secret: bytes, key: str) -> Path:
    name = hmac.new(secret, key.encode(), hashlib.sha256).hexdigest()
    return cache_dir() / f"{name}{SUFFIX}"


def _expired(path: Path, now: float) -> bool:
    try:
        return now - path.stat().st_mtime > max_age_days() * 86400
    except OSError:
        return True


def load(key: str) -> dict | None:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    secret = _key()
    path = _entry(secret, key)
    if not path.is_file():
        return None
    if _expired(path, time.time()):
        path.unlink(missing_ok=True)
        return None
    try:
        blob = path.read_bytes()
        plain = AESGCM(secret).decrypt(blob[:12], blob[12:], key.encode())
        return json.loads(plain)
    except (OSError, ValueError, InvalidTag):
        path.unlink(missing_ok=True)  # another key, or damaged: recomputed
        return None


def store(key: str, data: dict) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    secret = _key()
    folder = private_folder(cache_dir())
    nonce = os.urandom(12)
    blob = nonce + AESGCM(secret).encrypt(nonce, json.dumps(data).encode(), key.encode())
    path = _entry(secret, key)
    tmp = folder / f".{path.name}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(blob)
    os.replace(tmp, path)
    prune()


def prune() -> int:
    """Remove expired entries, and clear-text entries older versions left; how many."""
    now, removed = time.time(), 0
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    for path in folder.iterdir():
        old_format = path.suffix in (".json", ".tmp")  # clear text from before encryption
        if path.is_file() and (old_format or _expired(path, now)):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def clear() -> int:
    """Remove every OCR cache entry; how many."""
    folder = cache_dir()
    if not folder.is_dir():
        return 0
    removed = 0
    for path in folder.iterdir():
        if path.is_file():
            path.unlink(missing_ok=True)
            removed += 1
    return removed
