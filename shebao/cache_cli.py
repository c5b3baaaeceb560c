"""``shebao cache``: what shebao keeps between runs, and removing it.

``shebao cache clear [--all]`` removes every OCR cache entry (recognised text of photos,
encrypted: :mod:`shebao.ingest.ocr.cache`); ``--all`` also removes the int8 text detector built
from the installed model (``models/``, no personal data; rebuilt on the next OCR run).
``shebao cache`` alone says where things are kept and how many entries there are.
"""

from __future__ import annotations

import shutil

import click


@click.group("cache", invoke_without_command=True)
@click.pass_context
def cache(ctx: click.Context) -> None:
    """Where cached data is kept (help text: shebao/help.yaml)."""
    if ctx.invoked_subcommand is not None:
        return
    from shebao.files import cache_root
    from shebao.ingest.ocr.cache import cache_dir, config_dir, max_age_days

    entries = len(list(cache_dir().glob("*.bin"))) if cache_dir().is_dir() else 0
    click.echo(f"OCR 识别结果缓存：{cache_dir()}（{entries} 条，加密保存，"
               f"{max_age_days():g} 天后删除）")
    click.echo(f"加密密钥：{config_dir() / 'cache.key'}（仅本机本用户可读）")
    click.echo(f"int8 文字检测模型：{cache_root() / 'models'}（不含个人信息）")
    click.echo("清除：shebao cache clear（--all 连同模型）")


@cache.command("clear")
@click.option("--all", "everything", is_flag=True)
def clear(everything: bool) -> None:
    """Remove the OCR cache (help text: shebao/help.yaml)."""
    from shebao.files import cache_root
    from shebao.ingest.ocr.cache import clear as clear_ocr

    removed = clear_ocr()
    click.echo(f"已删除 {removed} 条 OCR 缓存（removed {removed} OCR cache entries）")
    if everything:
        models = cache_root() / "models"
        shutil.rmtree(models, ignore_errors=True)
        click.echo(f"已删除模型缓存 {models}")
