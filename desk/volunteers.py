"""The volunteers page: each volunteer's own account on the desk (:mod:`.accounts`).

Contract
--------
``volunteer_routes(desk, access) -> list[Route]``:

=======================  =================================================================
``GET /volunteers``      the accounts (name, when made); the forms to add one, set a new
                         password or remove one are shown on this computer only
``POST /volunteers``     ``do`` = ``add`` (``name``, ``password``, ``again``), ``password``
                         (``name``, ``password``, ``again``: a new password, which ends that
                         volunteer's sessions) or ``remove`` (``name``: the account and its
                         sessions end; the name may then log in with the desk password
                         again, if the desk has one). Only from the computer the desk runs
                         on (403 from elsewhere: a phone or another laptop on the Wi-Fi
                         cannot make or remove accounts), behind the login and the CSRF
                         check like every change; each change is logged as
                         ``volunteer.add|password|remove:<name>`` under who made it
=======================  =================================================================

Refusals re-show the page with the reason (400): a blank name, an existing one, passwords
that differ or are too short, an unknown name.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .access import Access, from_this_computer, who
from .accounts import AccountExists, clean_name
from .passwords import PasswordTooShort


def volunteer_routes(desk, access: Access) -> list[Route]:
    def page(request: Request, status: int = 200, error: str | None = None) -> Response:
        accounts = [{"name": n, "created": (access.accounts.created(n) or "")[:16]
                     .replace("T", " ")} for n in access.accounts.names()]
        return desk.page("volunteers.html", status, accounts=accounts, error=error,
                         manage=from_this_computer(request),
                         done=request.query_params.get("done"))

    async def volunteers(request: Request) -> Response:
        if request.method == "GET":
            return page(request)
        if not from_this_computer(request):
            return desk.refuse(403, "只能在运行接待台的电脑上管理志愿者账号。")
        form = await request.form()
        action = str(form.get("do") or "")
        name = clean_name(form.get("name"))
        password = str(form.get("password") or "")
        if not name:
            return page(request, 400, "请填写志愿者的称呼。")
        try:
            if action in ("add", "password"):
                if password != str(form.get("again") or ""):
                    return page(request, 400, "两次输入的密码不一样。")
                if action == "add":
                    await run_in_threadpool(access.accounts.add, name, password)
                else:
                    await run_in_threadpool(access.accounts.set_password, name, password)
            elif action == "remove":
                if not access.accounts.remove(name):
                    raise KeyError(name)
            else:
                return page(request, 400, "不认识的操作。")
        except AccountExists:
            return page(request, 400, f"已经有叫“{name}”的账号了。")
        except KeyError:
            return page(request, 400, f"没有叫“{name}”的账号。")
        except PasswordTooShort as exc:
            return page(request, 400, str(exc))
        access.log(who() or "-", f"volunteer.{action}:{name}", None, 303)
        return RedirectResponse(f"/volunteers?done={action}", 303)

    return [Route("/volunteers", volunteers, methods=["GET", "POST"])]
