"""Who may use the desk: the desk password, sessions, CSRF tokens and the action log.

Contract
--------
:class:`Access(root, require_password=False)` keeps three files in the desk's data folder, each
written with mode 0600:

* ``access.json``: the desk password as an scrypt hash (``hashlib.scrypt``, n=2**15, r=8, p=1,
  16-byte random salt; the parameters are stored with the hash). :meth:`Access.set_password`
  (at least :data:`MIN_PASSWORD` characters) and :meth:`Access.check_password` (constant-time
  comparison). Each volunteer gives a short name (称呼) when logging in, which is what the
  action log records as *who*.
* ``accounts.json`` (:mod:`.accounts`): volunteers' own accounts, each a name with its own
  scrypt-hashed password. A name that has an account logs in only with its own password
  (:meth:`Access.check_login`), so the log's *who* is proved for it (``"account": true`` in
  its entries); other names log in with the desk password. A session started by an account
  carries the account's ``epoch`` and ends as soon as the account is removed or its password
  changed (:meth:`Access.session_valid`): one volunteer's sessions can be ended alone. A desk
  may run on accounts only, with no desk password.
* ``session.key``: 32 random bytes made at first start, the key that signs the session
  cookie (Starlette's ``SessionMiddleware``, itsdangerous). Sessions last :data:`SESSION_HOURS`.
* ``actions.jsonl``: the action log, one JSON object a line: ``time`` (UTC), ``who`` (the
  volunteer's name, ``phone`` for an upload link, ``-`` on an open desk), ``action``, ``case``
  (the case id: never a worker's name, ID number or file name) and ``status`` (HTTP code).

:func:`guarded_routes(routes, access, ...)` wraps every route but the login pages and static
files:

* **login**: when a password is set (or ``require_password``: a desk on the network that has
  none yet refuses everything), a request without a logged-in session is sent to ``/login``
  (GET) or refused with 403 (other methods). Without a password (an open desk on 127.0.0.1)
  no login is asked; ``/setup`` (from this computer only) sets one.
* **CSRF**: every request that changes something (not GET/HEAD/OPTIONS) must carry the
  session's token, as the ``X-CSRF-Token`` header (htmx sends it: ``hx-headers`` on
  ``<body>``) or a ``csrf`` form field; otherwise 403 and nothing is done. The phone page
  has no session: its token is an HMAC of its upload link under the session key.
* **log**: each request that changes something, and each download, is appended to the log.

**Damaged files** (:mod:`.datafiles`): ``session.key`` is checked when :class:`Access` is made
(32 bytes, readable), :meth:`Access.verify` reads the password file, the accounts and checks
the log can be read and appended to (``shebao serve`` and :func:`.app.create_app` call it, so
a damaged file stops the start with one line naming it). While the desk runs, the password
file is read at each login and the accounts whenever they changed: a damaged one raises
:class:`.datafiles.DamagedFile` for the requests that need it (the app answers 503 naming
it); a session on the desk password goes on (its log entries carry the session's own
``account`` mark, so logging needs no accounts file). A log line cut short (a stop mid-write)
is named on the log page, kept, and the next entry starts on a line of its own.
:meth:`Access.coordinator`: the session is a coordinator's (:mod:`.volunteers`).

Templates see ``csrf_token()`` (the token for this request) and ``who()`` (the volunteer
logged in, or ``""``). Wrong passwords are throttled: :data:`MAX_FAILURES` in
:data:`FAILURE_WINDOW` seconds from one address -> 429 until the window passes.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .accounts import Accounts
from .datafiles import damaged, read_bytes, read_json
from .passwords import (
    MIN_PASSWORD,
    PasswordTooShort,
    hash_password,
    password_matches,
    record_problem,
)
from .passwords import write_private as _write_private

__all__ = ["MIN_PASSWORD", "Access", "PasswordTooShort", "csrf_token", "guarded_routes", "who"]

SESSION_HOURS = 12
MAX_FAILURES = 5
FAILURE_WINDOW = 600  # seconds
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
LOOPBACK_CLIENTS = ("127.0.0.1", "::1", "localhost")
KEY_BYTES = 32
KEY_ADVICE = ("这个文件只是会话密钥：删除它后重新启动接待台会生成新的（所有人需要重新登录），"
              "不要手工修改")
PASSWORD_ADVICE = ("请从备份恢复这个文件，或在运行接待台的电脑终端上用 shebao serve "
                   "--set-password 重新设置接待台密码")
LOG_ADVICE = "这是操作日志：请检查文件权限（0600，属于运行接待台的用户），或从备份恢复"

_csrf: contextvars.ContextVar[str] = contextvars.ContextVar("desk_csrf", default="")
_who: contextvars.ContextVar[str] = contextvars.ContextVar("desk_who", default="")


def csrf_token() -> str:
    """The CSRF token of the request being answered (for templates)."""
    return _csrf.get()


def who() -> str:
    """The volunteer logged in for the request being answered, or ``""``."""
    return _who.get()


class Access:
    def __init__(self, root: Path, require_password: bool = False) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self.require_password = require_password
        self.password_file = self.root / "access.json"
        self.log_file = self.root / "actions.jsonl"
        key_file = self.root / "session.key"
        if not key_file.exists():
            _write_private(key_file, secrets.token_bytes(32))
        self.key = read_bytes(key_file, KEY_ADVICE)
        if len(self.key) != KEY_BYTES:
            raise damaged(key_file, f"应为 {KEY_BYTES} 个字节，现在是 {len(self.key)} 个",
                          f"{len(self.key)} bytes instead of {KEY_BYTES}", KEY_ADVICE)
        self.failures: dict[str, list[float]] = {}
        self.accounts = Accounts(self.root)

    def verify(self) -> None:
        """Read every file the desk keeps here (the password, the accounts, the log) and
        raise :class:`.datafiles.DamagedFile` for the first that cannot be used: at start,
        so a damaged file stops ``shebao serve`` with one line naming it."""
        if self.has_password():
            self._password_record()
        self.accounts.names()
        if self.log_file.exists() and not os.access(self.log_file, os.R_OK | os.W_OK):
            raise damaged(self.log_file, "没有读写权限，操作无法记录", "not readable and writable",
                          LOG_ADVICE)

    # -- the password ------------------------------------------------------------------------
    def has_password(self) -> bool:
        return self.password_file.exists()

    def set_password(self, password: str) -> None:
        _write_private(self.password_file, json.dumps(hash_password(password)).encode())

    def _password_record(self) -> dict:
        record = read_json(self.password_file, PASSWORD_ADVICE)
        problem = record_problem(record)
        if problem is not None:
            raise damaged(self.password_file, problem[0], problem[1], PASSWORD_ADVICE)
        return record

    def check_password(self, password: str) -> bool:
        if not self.has_password():
            return False
        return password_matches(self._password_record(), password)

    def has_credentials(self) -> bool:
        """A desk password or at least one volunteer's own account: someone can log in."""
        return self.has_password() or bool(self.accounts.names())

    def check_login(self, name: str, password: str) -> str | None:
        """How ``name`` logs in with ``password``: ``"account"`` (the volunteer's own account),
        ``"desk"`` (the shared desk password, for a name that has no account), or None. A
        name that has an account never logs in with the desk password."""
        if name in self.accounts.names():
            return "account" if self.accounts.check(name, password) else None
        return "desk" if self.check_password(password) else None

    def session_valid(self, session: dict) -> bool:
        """A session started by an account ends when the account is removed or its password
        changed (its ``epoch`` no longer matches)."""
        epoch = session.get("account")
        return epoch is None or epoch == self.accounts.epoch(session.get("who", ""))

    def coordinator(self, session: dict) -> bool:
        """The session is a coordinator's (协调员): started with the account's own password,
        still valid, and the account is a coordinator now (checked on every request: a
        coordinator made a plain volunteer loses the power at once)."""
        name = session.get("who", "")
        return (session.get("account") is not None and self.session_valid(session)
                and self.accounts.is_coordinator(name))

    @property
    def login_needed(self) -> bool:
        return self.require_password or self.has_credentials()

    # -- wrong passwords ---------------------------------------------------------------------
    def throttled(self, client: str) -> bool:
        cutoff = time.monotonic() - FAILURE_WINDOW
        recent = [t for t in self.failures.get(client, []) if t > cutoff]
        self.failures[client] = recent
        return len(recent) >= MAX_FAILURES

    def failed(self, client: str) -> None:
        self.failures.setdefault(client, []).append(time.monotonic())

    # -- tokens ------------------------------------------------------------------------------
    def link_csrf(self, link_token: str) -> str:
        """The phone page's CSRF token: bound to its upload link, valid as long as the link."""
        return hmac.new(self.key, b"phone:" + link_token.encode(), hashlib.sha256).hexdigest()

    # -- the action log ----------------------------------------------------------------------
    def log(self, who: str, action: str, case: int | None = None,
            status: int | None = None, account: bool | None = None) -> None:
        """``account``: *who* was proved by the volunteer's own password (the session says
        so); None: looked up in the accounts (the login and volunteers pages)."""
        entry = {"time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                 "who": who, "action": action, "case": case, "status": status}
        if account is None:
            account = who in self.accounts.names()
        if account:
            entry["account"] = True  # *who* proved by the volunteer's own password
        self.append(entry)

    def append(self, entry: dict) -> None:
        """One entry at the end of the log (:class:`.datafiles.DamagedFile` if it cannot be
        written)."""
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        try:
            fd = os.open(self.log_file, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
            with os.fdopen(fd, "r+b") as fh:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    line = b"\n" + line  # a line cut short stays on its own, this one too
                fh.write(line)
        except OSError as exc:
            raise damaged(self.log_file, f"无法写入（{exc.strerror or type(exc).__name__}），"
                          "操作无法记录", f"cannot be written: {exc}", LOG_ADVICE) from exc

    def recent(self, count: int = 200) -> tuple[list[dict], list[int]]:
        """The last ``count`` entries, newest first, and the numbers of the lines among them
        that are not a log entry (a line cut short when the computer stopped mid-write, a
        hand edit): named on the log page, never a traceback, never dropped unsaid."""
        if not self.log_file.exists():
            return [], []
        lines = read_bytes(self.log_file, LOG_ADVICE).decode("utf-8", "replace").splitlines()
        first = max(0, len(lines) - count)
        entries, bad = [], []
        for number, line in enumerate(lines[first:], first + 1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                entry = None
            if isinstance(entry, dict) and isinstance(entry.get("action"), str):
                entries.append(entry)
            else:
                bad.append(number)
        return entries[::-1], bad


def client_host(request: Request) -> str:
    return request.client.host if request.client else ""


def from_this_computer(request: Request) -> bool:
    return client_host(request) in LOOPBACK_CLIENTS


# What each guarded request is called in the log: (method, route path) -> action.
ACTIONS: dict[tuple[str, str], str | None] = {
    ("POST", "/cases"): "case.create",
    ("POST", "/cases/import"): "case.import",
    ("POST", "/cases/{case_id}/link"): "link.create",
    ("POST", "/cases/{case_id}/files"): "upload.desk",
    ("POST", "/cases/{case_id}/audit"): "audit.queue",
    ("POST", "/cases/{case_id}/delete"): "case.delete",
    ("POST", "/u/{token}"): "upload.phone",
    ("GET", "/cases/{case_id}/originals/{upload_id}"): "original.view",
    ("GET", "/cases/{case_id}/report.pdf"): "download.report",
    ("GET", "/cases/{case_id}/export.zip"): "download.export",
    ("GET", "/cases/{case_id}/drafts/{kind}.{fmt}"): "download.draft",
    ("GET", "/cases/{case_id}/bundle.pdf"): "download.bundle",
    ("GET", "/cases/{case_id}/bundle.zip"): "download.bundle_zip",
    ("POST", "/cases/{case_id}/estimate"): "estimate.what_if",
    ("POST", "/cases/{case_id}/review/{upload_id}/correct"): "correction",
    ("POST", "/cases/{case_id}/links/{link_id}/split"): "link.split",
    ("POST", "/volunteers"): None,  # the view logs which account changed
}


def action_name(method: str, path: str) -> str | None:
    """The log's name for a request, or None for one not logged (page views)."""
    if (method, path) in ACTIONS:
        return ACTIONS[(method, path)]
    return None if method in SAFE_METHODS else "post:" + path


def guard(endpoint: Callable, path: str, access: Access, refuse: Callable[[int, str], Response],
          case_of_link: Callable[[str], int | None], too_big: Callable[[Request], bool],
          public: bool = False) -> Callable:
    """``endpoint`` behind the login (unless ``public``: the login pages), the CSRF check and
    the action log (module contract)."""
    phone = path.startswith("/u/")

    async def wrapped(request: Request) -> Response:
        if phone:
            token = access.link_csrf(request.path_params.get("token", ""))
            who_, proved = "phone", False
        else:
            session = request.session
            if "csrf" not in session:
                session["csrf"] = secrets.token_urlsafe(24)
            token = session["csrf"]
            if session.get("who") and not access.session_valid(session):
                session.clear()  # the volunteer's account was removed or its password changed
                session["csrf"] = token = secrets.token_urlsafe(24)
            who_ = session.get("who", "")
            proved = "account" in session
            if access.login_needed and not who_ and not public:
                if access.require_password and not access.has_credentials():
                    return refuse(503, "接待台还没有设置密码：请在运行接待台的电脑终端上用 "
                                       "shebao serve --set-password 设置。")
                if request.method in SAFE_METHODS:
                    return RedirectResponse(f"/login?next={quote(request.url.path)}", 303)
                return refuse(403, "请先登录接待台。")
        _csrf.set(token)
        _who.set("" if phone else who_)
        if request.method not in SAFE_METHODS:
            sent = request.headers.get("x-csrf-token")
            if sent is None:
                if too_big(request):
                    return refuse(413, "一次上传太多。")
                form = await request.form(max_files=20 if phone else 50)
                sent = str(form.get("csrf") or "")
            if not hmac.compare_digest(sent.encode(), token.encode()):
                access.log(who_ or "-", "refused.csrf", None, 403, proved)
                return refuse(403, "表单已失效（缺少或不符的安全令牌）：请刷新页面后重试。")
        response = await endpoint(request)
        action = None if public else action_name(request.method, path)  # (they log themselves)
        if action is not None:
            case = request.path_params.get("case_id")
            case_id = int(case) if isinstance(case, str) and case.isdigit() else None
            if phone:
                case_id = case_of_link(request.path_params.get("token", ""))
            location = response.headers.get("location", "")
            if case_id is None and location.startswith("/cases/"):  # a case just made
                tail = location.removeprefix("/cases/")
                case_id = int(tail) if tail.isdigit() else None
            access.log(who_ or "-", action, case_id, response.status_code, proved)
        return response

    return wrapped


def guarded_routes(routes: list, access: Access, refuse: Callable[[int, str], Response],
                   case_of_link: Callable[[str], int | None],
                   too_big: Callable[[Request], bool], public: tuple[str, ...] = ()) -> list:
    """Each :class:`Route` of ``routes`` wrapped by :func:`guard` (those whose path is in
    ``public`` without the login); mounts (static files) as they are."""
    out = []
    for route in routes:
        if isinstance(route, Route):
            out.append(Route(route.path, guard(route.endpoint, route.path, access, refuse,
                                               case_of_link, too_big, route.path in public),
                             methods=sorted(route.methods or ["GET"]), name=route.name))
        else:
            out.append(route)
    return out
