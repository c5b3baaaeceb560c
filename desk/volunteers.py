"""The volunteers page: each volunteer's own account on the desk (:mod:`.accounts`), and who
may manage them.

Contract
--------
``volunteer_routes(desk, access) -> list[Route]``:

=======================  =================================================================
``GET /volunteers``      the accounts (name, role, when made); the forms to add one, set a
                         new password, remove one or change a role are shown to whoever
                         may use them (below), listing only the accounts they may change
``POST /volunteers``     ``do`` = ``add`` (``name``, ``password``, ``again``, ``coordinator``
                         checkbox), ``password`` (``name``, ``password``, ``again``: a new
                         password, which ends that volunteer's sessions), ``remove``
                         (``name``: the account and its sessions end; the name may then log
                         in with the desk password again, if the desk has one), ``promote``
                         / ``demote`` (``name``: made a coordinator / a plain volunteer).
                         Behind the login and the CSRF check like every change; each change
                         is logged as ``volunteer.<do>:<name>`` under who made it, each
                         refusal of the rules below as ``refused.volunteer.<do>:<name>``
                         (403)
=======================  =================================================================

Who may manage accounts (:func:`refusal`, checked on every request against the accounts
file as it is now, never against what the session cookie says):

* **the desk computer** (a browser on the computer the desk runs on): everything, as before
  roles existed: any account, either role, its own included.
* **a coordinator** (协调员: an account with ``"coordinator": true``, logged in with its own
  password, from any device): makes plain volunteers' accounts, sets their passwords and
  removes them. Every coordinator's account -- its own included -- is changed at the desk
  computer only: a coordinator cannot make or remove a coordinator, promote or demote
  anyone, set another coordinator's password, or remove or change its own account while
  logged in with it. So a coordinator's stolen phone cannot lock the others out, promote an
  accomplice or remove the last coordinator; and no coordinator ends its own session by
  mistake.
* **anyone else** (a plain volunteer's account, a desk-password session, away from the desk
  computer): sees the list; every change is refused (403 page in Chinese, logged).

Refusals of the form itself re-show the page with the reason (400): a blank name, an existing
one, passwords that differ or are too short, an unknown name.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from .access import Access, from_this_computer, who
from .accounts import AccountExists, clean_name
from .passwords import PasswordTooShort

ACTIONS = ("add", "password", "remove", "promote", "demote")
DESK, COORDINATOR = "desk", "coordinator"
NO_POWER = "只有协调员（用自己的账号登录），或在运行接待台的电脑上，才能管理志愿者账号。"
DESK_ONLY_ROLE = "只有在运行接待台的电脑上才能设定或取消协调员。"
DESK_ONLY_COORDINATOR = "协调员的账号只能在运行接待台的电脑上修改或删除。"
NOT_SELF = "不能修改或删除自己正在使用的账号：请在运行接待台的电脑上操作。"


def power(request: Request, access: Access) -> str | None:
    """``"desk"`` (the desk computer), ``"coordinator"`` or None: who may manage accounts."""
    if from_this_computer(request):
        return DESK
    return COORDINATOR if access.coordinator(request.session) else None


def refusal(power_: str | None, action: str, name: str, me: str, *, target_coordinator: bool,
            make_coordinator: bool = False) -> str | None:
    """Why ``action`` on account ``name`` is not allowed for ``me`` with ``power_`` (module
    contract), or None when it is."""
    if power_ == DESK:
        return None
    if power_ != COORDINATOR:
        return NO_POWER
    if action in ("promote", "demote") or (action == "add" and make_coordinator):
        return DESK_ONLY_ROLE
    if action != "add" and name == me:
        return NOT_SELF
    if action != "add" and target_coordinator:
        return DESK_ONLY_COORDINATOR
    return None


def volunteer_routes(desk, access: Access) -> list[Route]:
    def page(request: Request, status: int = 200, error: str | None = None) -> Response:
        power_, me = power(request, access), who()
        accounts = []
        for name in access.accounts.names():
            coordinator = access.accounts.is_coordinator(name)
            accounts.append({
                "name": name, "coordinator": coordinator,
                "created": (access.accounts.created(name) or "")[:16].replace("T", " "),
                "changeable": power_ is not None and refusal(
                    power_, "remove", name, me, target_coordinator=coordinator) is None})
        return desk.page("volunteers.html", status, accounts=accounts, error=error,
                         manage=power_ is not None, at_desk=power_ == DESK,
                         done=request.query_params.get("done"))

    async def volunteers(request: Request) -> Response:
        if request.method == "GET":
            return page(request)
        form = await request.form()
        action = str(form.get("do") or "")
        name = clean_name(form.get("name"))
        password = str(form.get("password") or "")
        make_coordinator = action == "add" and bool(form.get("coordinator"))
        if action not in ACTIONS:
            return page(request, 400, "不认识的操作。")
        me = who()
        why = refusal(power(request, access), action, name, me, make_coordinator=make_coordinator,
                      target_coordinator=access.accounts.is_coordinator(name))
        if why is not None:
            access.log(me or "-", f"refused.volunteer.{action}:{name}", None, 403,
                       "account" in request.session)
            return desk.refuse(403, why)
        if not name:
            return page(request, 400, "请填写志愿者的称呼。")
        try:
            if action in ("add", "password"):
                if password != str(form.get("again") or ""):
                    return page(request, 400, "两次输入的密码不一样。")
                if action == "add":
                    await run_in_threadpool(access.accounts.add, name, password,
                                            make_coordinator)
                else:
                    await run_in_threadpool(access.accounts.set_password, name, password)
            elif action == "remove":
                if not access.accounts.remove(name):
                    raise KeyError(name)
            else:
                access.accounts.set_coordinator(name, action == "promote")
        except AccountExists:
            return page(request, 400, f"已经有叫“{name}”的账号了。")
        except KeyError:
            return page(request, 400, f"没有叫“{name}”的账号。")
        except PasswordTooShort as exc:
            return page(request, 400, str(exc))
        logged = "add_coordinator" if make_coordinator else action
        access.log(me or "-", f"volunteer.{logged}:{name}", None, 303,
                   "account" in request.session)
        return RedirectResponse(f"/volunteers?done={action}", 303)

    return [Route("/volunteers", volunteers, methods=["GET", "POST"])]
