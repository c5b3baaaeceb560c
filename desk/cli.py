"""``shebao serve``: start the drop-in desk (a local web app) on this computer.

``shebao serve [--store DIR] [--port N] [--import CASE]... [--lan]``: the desk's store
(database and originals; default ``~/shebao-desk``) and port (default 8765), served by uvicorn
on 127.0.0.1 only. ``--import CASE`` (repeatable) adds a case folder to the store as a new case
before the desk starts (``make desk`` starts it on the demo case this way).
``--lan`` (listen on the local network, so phones can reach the upload link) is refused
until the desk has a password, signed sessions and CSRF protection (issue 13, item 7): a
desk on the network with no access control would hand anyone on it the workers' documents.
"""

from __future__ import annotations

from pathlib import Path

import click

from shebao.errors import UsageError

DEFAULT_STORE = Path.home() / "shebao-desk"


@click.command("serve")
@click.option("--store", "store_dir", type=click.Path(path_type=Path, file_okay=False),
              default=None)
@click.option("--port", type=click.IntRange(1, 65535), default=8765)
@click.option("--import", "imports", multiple=True, metavar="CASE",
              type=click.Path(path_type=Path, file_okay=False))
@click.option("--lan", is_flag=True)
def serve(store_dir: Path | None, port: int, imports: tuple[Path, ...], lan: bool) -> None:
    """启动接待台（本机网页）。start the drop-in desk."""
    if lan:
        raise UsageError(
            "--lan 暂不可用：接待台还没有密码和访问控制，在局域网上开放会让同一网络的任何人看到"
            "劳动者的材料；目前只能在本机（127.0.0.1）使用",
            "--lan is refused: the desk has no password or access control yet; it runs on "
            "127.0.0.1 only", code="lan_refused")
    import uvicorn

    from .app import create_app, import_folders

    store_dir = store_dir or DEFAULT_STORE
    app = create_app(store_dir)
    for case_dir, case_id in zip(imports, import_folders(app, list(imports)), strict=True):
        click.echo(f"已导入 {case_dir} -> 案件 {case_id}")
    click.echo(f"接待台已启动：http://127.0.0.1:{port}/ （数据在 {store_dir}；Ctrl+C 停止）")
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
