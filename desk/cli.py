"""``shebao serve``: start the drop-in desk (a local web app) on this computer.

``shebao serve [--store DIR] [--port N] [--import CASE]... [--lan] [--set-password]``: the
desk's store (database, originals, password hash, session key, action log; default
``~/shebao-desk``) and port (default 8765), served by uvicorn. ``--import CASE`` (repeatable)
adds a case folder to the store as a new case before the desk starts (``make desk`` starts it
on the demo case this way).

* Without ``--lan`` the desk listens on 127.0.0.1 only. If a desk password is set it is asked
  here too; if none is set the desk is open to this computer's own browser, and its front page
  offers ``/setup`` to set one.
* ``--lan`` listens on every interface (0.0.0.0) so phones on the same network reach the
  upload links, and **requires** the desk password: on first start it is asked at the
  terminal (twice, hidden); without a terminal to ask on, the desk refuses to start. Upload
  links and their QR codes then name this computer's LAN address.
* ``--set-password`` asks for a new desk password at the terminal before starting (how a
  forgotten password is replaced: it needs access to the computer, not to the desk).
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import click

from shebao.errors import UsageError

DEFAULT_STORE = Path.home() / "shebao-desk"


def lan_address() -> str | None:
    """This computer's address on the local network (the interface a route out would use;
    a UDP "connect" sends nothing), or None when there is no network."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never reached
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _ask_password(access) -> None:
    from .access import MIN_PASSWORD, PasswordTooShort

    if not sys.stdin.isatty():
        raise UsageError(
            "需要接待台密码，但没有终端可以输入：请在终端运行 shebao serve --set-password",
            "a desk password is needed and there is no terminal to ask on: run "
            "shebao serve --set-password in a terminal", code="password_needed")
    while True:
        password = click.prompt(f"设置接待台密码（至少 {MIN_PASSWORD} 个字符）", hide_input=True,
                                confirmation_prompt="再输入一次", err=True)
        try:
            access.set_password(password)
            break
        except PasswordTooShort as exc:
            click.echo(str(exc), err=True)
    click.echo("密码已保存（加密摘要，在数据文件夹的 access.json）。", err=True)


@click.command("serve")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None)
@click.option("--port", type=click.IntRange(1, 65535), default=8765)
@click.option("--import", "imports", multiple=True, metavar="CASE",
              type=click.Path(path_type=Path, file_okay=False))
@click.option("--lan", is_flag=True)
@click.option("--set-password", "set_password", is_flag=True)
def serve(store_dir: Path | None, port: int, imports: tuple[Path, ...], lan: bool,
          set_password: bool) -> None:
    """启动接待台（本机网页）。start the drop-in desk."""
    from .access import Access

    store_dir = store_dir or DEFAULT_STORE
    access = Access(store_dir)
    if set_password or (lan and not access.has_password()):
        _ask_password(access)
    public_url = None
    if lan:
        address = lan_address()
        if address is None:
            raise UsageError("找不到本机的局域网地址：请先连上网络（Wi-Fi 或网线）",
                             "no local network address found", code="no_lan")
        public_url = f"http://{address}:{port}"
    import uvicorn

    from .app import LOOPBACK, create_app, import_folders

    app = create_app(store_dir, hosts=("*",) if lan else LOOPBACK, require_password=lan,
                     public_url=public_url)
    for case_dir, case_id in zip(imports, import_folders(app, list(imports)), strict=True):
        click.echo(f"已导入 {case_dir} -> 案件 {case_id}")
    where = public_url or f"http://127.0.0.1:{port}"
    click.echo(f"接待台已启动：{where}/ （数据在 {store_dir}；Ctrl+C 停止）")
    if lan:
        click.echo("局域网模式：同一网络的手机可以打开上传链接；接待台页面需要密码登录。")
    elif not access.has_password():
        click.echo("接待台没有密码，只有本机可以打开；在首页可以设置密码。")
    uvicorn.run(app, host="0.0.0.0" if lan else "127.0.0.1", port=port, log_level="warning")
