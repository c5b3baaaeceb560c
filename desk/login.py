"""The desk's login pages and action log page (see :mod:`.access` for the rules they serve).

Contract
--------
``login_routes(desk, access) -> list[Route]``:

=====================  ===================================================================
``GET|POST /login``    the volunteer's name (称呼, recorded in the action log) and the desk
                       password, or the volunteer's own password when the name has an
                       account (:mod:`.accounts`; then only that one); a wrong password is
                       401 (and logged), too many from one address 429; success starts a
                       signed session with a new CSRF token and goes to ``next`` (a path on
                       this desk only)
``POST /logout``       ends the session
``GET|POST /setup``    the first password, from this computer only (a request from
                       another address is 403), and only while none is set (409 after)
``GET /log``           the action log, newest first (login required when a password is set)
=====================  ===================================================================

``/login``, ``/logout`` and ``/setup`` are public (:data:`PUBLIC`): no login asked, the CSRF
check still made (the token comes with the page's session).
"""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .access import Access, PasswordTooShort, client_host, from_this_computer
from .accounts import clean_name

PUBLIC = ("/login", "/logout", "/setup")


def _next(target: str) -> str:
    """Only a path on this desk (never ``//host`` or a full URL)."""
    return target if target.startswith("/") and not target.startswith("//") else "/"


def _start_session(request: Request, name: str, epoch: str | None = None) -> None:
    """A new session for ``name``; ``epoch`` when an account proved the name (the session
    ends when the account's epoch changes: :meth:`.access.Access.session_valid`)."""
    request.session.clear()
    request.session.update({"who": name, "csrf": secrets.token_urlsafe(24)})
    if epoch is not None:
        request.session["account"] = epoch


def _name(form) -> str:
    return clean_name(form.get("who"))


def login_routes(desk, access: Access) -> list[Route]:
    async def login(request: Request) -> Response:
        target = _next(request.query_params.get("next", "/"))
        if request.method == "GET":
            return desk.page("login.html", target=target)
        form = await request.form()
        client = client_host(request)
        if access.throttled(client):
            return desk.page("login.html", 429, target=target,
                             error="密码错误次数太多，请 10 分钟后再试。")
        name = _name(form)
        password = str(form.get("password") or "")
        how = await run_in_threadpool(access.check_login, name, password)  # ~0.3 s of scrypt
        if how is None:
            access.failed(client)
            access.log(name or "-", "login.failed", None, 401)
            error = ("密码不对（这个称呼有个人账号，要用自己的密码）。"
                     if name in access.accounts.names() else "密码不对。")
            return desk.page("login.html", 401, target=target, error=error)
        if not name:
            return desk.page("login.html", 400, target=target, error="请填写你的称呼。")
        _start_session(request, name, access.accounts.epoch(name) if how == "account" else None)
        access.log(name, "login", None, 303)
        return RedirectResponse(_next(str(form.get("next") or target)), 303)

    async def logout(request: Request) -> Response:
        access.log(request.session.get("who") or "-", "logout", None, 303)
        request.session.clear()
        return RedirectResponse("/login" if access.login_needed else "/", 303)

    async def setup(request: Request) -> Response:
        if not from_this_computer(request):
            return desk.refuse(403, "只能在运行接待台的电脑上设置密码。")
        if access.has_credentials():  # a desk password, or volunteers' own accounts
            return desk.refuse(409, "接待台已经有密码了。要修改，请在终端运行 "
                                    "shebao serve --set-password。")
        if request.method == "GET":
            return desk.page("setup.html")
        form = await request.form()
        password = str(form.get("password") or "")
        if password != str(form.get("again") or ""):
            return desk.page("setup.html", 400, error="两次输入的密码不一样。")
        name = _name(form)
        if not name:
            return desk.page("setup.html", 400, error="请填写你的称呼。")
        try:
            await run_in_threadpool(access.set_password, password)
        except PasswordTooShort as exc:
            return desk.page("setup.html", 400, error=str(exc))
        _start_session(request, name)
        access.log(name, "password.set", None, 303)
        return RedirectResponse("/", 303)

    async def action_log(request: Request) -> Response:
        entries, damaged_lines = access.recent()
        return desk.page("log.html", entries=entries, damaged_lines=damaged_lines)

    return [
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/setup", setup, methods=["GET", "POST"]),
        Route("/log", action_log),
    ]
