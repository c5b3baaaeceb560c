"""``shebao serve``: start the drop-in desk (a local web app) on this computer.

``shebao serve [--store DIR] [--port N] [--import CASE]... [--lan] [--set-password]
[--https/--no-https] [--cert FILE --key FILE]``: the
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
* ``--add-volunteer NAME [--coordinator]`` makes a volunteer's own account (:mod:`.accounts`;
  a coordinator's with ``--coordinator``: see :mod:`.volunteers`), its password asked at the
  terminal; a desk whose volunteers all have accounts needs no desk password,
  even with ``--lan``. Accounts are also made, given new passwords and removed on the desk's
  ``/volunteers`` page, from this computer or by a coordinator from any device.
* HTTPS (:mod:`.tls`): on by default with ``--lan`` (``--no-https`` turns it off, with a
  warning at start), off on 127.0.0.1 unless ``--https``. The desk's own self-signed
  certificate (kept in the data folder, made for this computer's names and LAN address) is
  used unless ``--cert``/``--key`` give one; its SHA-256 fingerprint is printed so a volunteer
  can check what a phone shows before accepting it.
* A damaged data file (``accounts.json``, ``access.json``, ``session.key``, ``actions.jsonl``,
  ``desk.sqlite``: :mod:`.datafiles`) stops the start with one line naming it and the
  problem (exit 2), before anything is written; ``--set-password`` over a damaged
  ``access.json`` renames it aside (``access.json.damaged-<time>``) and sets a new one.
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


def certificate_names(address: str | None) -> list[str]:
    """The names the desk's certificate must hold: the LAN address (first, when there is
    one), this computer's host name and the loopback names the volunteer's own browser uses."""
    names = [address] if address else []
    names += [socket.gethostname(), "localhost", "127.0.0.1"]
    return list(dict.fromkeys(n for n in names if n))


def _prompt_password(what: str, save) -> None:
    """Ask a new password twice at the terminal (hidden) until ``save`` takes it."""
    from .passwords import MIN_PASSWORD, PasswordTooShort

    while True:
        password = click.prompt(f"{what}（至少 {MIN_PASSWORD} 个字符）", hide_input=True,
                                confirmation_prompt="再输入一次", err=True)
        try:
            save(password)
            return
        except PasswordTooShort as exc:
            click.echo(str(exc), err=True)


def _ask_password(access) -> None:
    if not sys.stdin.isatty():
        raise UsageError(
            "需要接待台密码，但没有终端可以输入：请在终端运行 shebao serve --set-password",
            "a desk password is needed and there is no terminal to ask on: run "
            "shebao serve --set-password in a terminal", code="password_needed")
    _prompt_password("设置接待台密码", access.set_password)
    click.echo("密码已保存（加密摘要，在数据文件夹的 access.json）。", err=True)


def _ask_volunteer(access, name: str, coordinator: bool = False) -> None:
    """A volunteer's own account (:mod:`.accounts`), its password asked at the terminal."""
    from .accounts import AccountExists, clean_name

    name = clean_name(name)
    if not name:
        raise UsageError("--add-volunteer 要给出志愿者的称呼", "--add-volunteer needs a name",
                         code="usage")
    if name in access.accounts.names():
        raise UsageError(f"已经有叫“{name}”的志愿者账号了（更换密码请在接待台的“志愿者”页面）",
                         f"an account named {name!r} exists", code="account_exists")
    if not sys.stdin.isatty():
        raise UsageError("要给志愿者设置密码，但没有终端可以输入：请在终端运行这条命令",
                         "a password is needed and there is no terminal to ask on",
                         code="password_needed")
    try:
        _prompt_password(f"设置“{name}”的密码",
                         lambda pw: access.accounts.add(name, pw, coordinator))
    except AccountExists as exc:  # made meanwhile by the desk's page
        raise UsageError(f"已经有叫“{name}”的志愿者账号了", f"an account named {name!r} exists",
                         code="account_exists") from exc
    role = "协调员" if coordinator else "志愿者"
    click.echo(f"{role}账号“{name}”已建立（密码只以加密摘要保存在数据文件夹的 accounts.json）。",
               err=True)


def _verify(access, set_password: bool) -> None:
    """Every data file readable, or a one-line refusal naming the damaged one
    (:class:`.datafiles.DamagedFile`). With ``--set-password`` a damaged ``access.json`` (the
    password being replaced) is renamed aside, kept, not read and not overwritten."""
    from .datafiles import DamagedFile

    try:
        access.verify()
    except DamagedFile as exc:
        if not (set_password and exc.file == str(access.password_file)):
            raise
        aside = access.password_file.with_name(
            f"{access.password_file.name}.damaged-{int(access.password_file.stat().st_mtime)}")
        access.password_file.rename(aside)
        click.echo(f"{exc.zh.split('。')[0]}。已改名为 {aside.name} 保留，现在设置新密码。",
                   err=True)
        access.verify()


@click.command("serve")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None)
@click.option("--port", type=click.IntRange(1, 65535), default=8765)
@click.option("--import", "imports", multiple=True, metavar="CASE",
              type=click.Path(path_type=Path, file_okay=False))
@click.option("--lan", is_flag=True)
@click.option("--set-password", "set_password", is_flag=True)
@click.option("--add-volunteer", "add_volunteer", metavar="NAME", default=None)
@click.option("--coordinator", is_flag=True)
@click.option("--https/--no-https", "https", default=None)
@click.option("--cert", "cert_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None)
@click.option("--key", "key_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None)
def serve(store_dir: Path | None, port: int, imports: tuple[Path, ...], lan: bool,
          set_password: bool, add_volunteer: str | None, coordinator: bool, https: bool | None,
          cert_file: Path | None, key_file: Path | None) -> None:
    """启动接待台（本机网页）。start the drop-in desk."""
    from .access import Access

    store_dir = store_dir or DEFAULT_STORE
    access = Access(store_dir)  # a damaged session.key stops here, named
    _verify(access, set_password)
    if coordinator and add_volunteer is None:
        raise UsageError("--coordinator 要和 --add-volunteer 一起用",
                         "--coordinator goes with --add-volunteer", code="usage")
    if add_volunteer is not None:
        _ask_volunteer(access, add_volunteer, coordinator)
    if set_password or (lan and not access.has_credentials()):
        _ask_password(access)
    if (cert_file is None) != (key_file is None):
        raise UsageError("--cert 和 --key 要一起给出", "--cert and --key go together",
                         code="usage")
    if https is None:
        https = lan or cert_file is not None
    if cert_file is not None and not https:
        raise UsageError("给了 --cert 又用了 --no-https", "--cert given with --no-https",
                         code="usage")
    public_url = None
    address = None
    if lan:
        address = lan_address()
        if address is None:
            raise UsageError("找不到本机的局域网地址：请先连上网络（Wi-Fi 或网线）",
                             "no local network address found", code="no_lan")
    scheme = "https" if https else "http"
    if address:
        public_url = f"{scheme}://{address}:{port}"
    certificate = None
    if https:
        from .tls import desk_certificate, given_certificate

        certificate = (given_certificate(cert_file, key_file) if cert_file is not None
                       else desk_certificate(store_dir, certificate_names(address)))
    import uvicorn

    from .app import LOOPBACK, create_app, import_folders

    app = create_app(store_dir, hosts=("*",) if lan else LOOPBACK, require_password=lan,
                     public_url=public_url, https=https)
    for case_dir, case_id in zip(imports, import_folders(app, list(imports)), strict=True):
        click.echo(f"已导入 {case_dir} -> 案件 {case_id}")
    where = public_url or f"{scheme}://127.0.0.1:{port}"
    click.echo(f"接待台已启动：{where}/ （数据在 {store_dir}；Ctrl+C 停止）")
    if lan:
        click.echo("局域网模式：同一网络的手机可以打开上传链接；接待台页面需要密码登录。")
        if not https:
            click.echo("注意：没有用 HTTPS，密码和上传的材料在 Wi-Fi 上不加密传送；"
                       "只在信得过的网络上这样用。", err=True)
    elif not access.has_credentials():
        click.echo("接待台没有密码，只有本机可以打开；在首页可以设置密码。")
    tls_options = {}
    if certificate is not None:
        click.echo(f"HTTPS 证书指纹（SHA-256）：{certificate.fingerprint}")
        if cert_file is None:
            click.echo("这是接待台自己签发的证书：手机或浏览器第一次打开时会提示“连接不是私密连接”，"
                       "请在提示里查看证书指纹，与上面一致再选择继续访问。")
        tls_options = {"ssl_certfile": str(certificate.cert), "ssl_keyfile": str(certificate.key)}
    uvicorn.run(app, host="0.0.0.0" if lan else "127.0.0.1", port=port, log_level="warning",
                **tls_options)
