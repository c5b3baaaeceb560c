"""``shebao config`` (where settings come from, which OCR engines can run here) and the
``--ocr-engine`` option shared by every command that reads documents.

The option sets ``$SHEBAO_OCR_ENGINE`` for this process and its workers, so it wins over the
environment and the config file (see :mod:`shebao.config`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import click

from shebao import config


def _engine_names() -> list[str]:
    from shebao.ingest.ocr.engines import ENGINES

    return list(ENGINES)


def _set_engine(_ctx: click.Context, _param: click.Parameter, value: str | None) -> str | None:
    if value:
        os.environ["SHEBAO_OCR_ENGINE"] = value
    return value


def ocr_engine_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--ocr-engine rapidocr|paddleocr`` (not passed on to the command function)."""
    return click.option(
        "--ocr-engine",
        type=click.Choice(_engine_names()),
        callback=_set_engine,
        expose_value=False,
        is_eager=True,
    )(command)


@click.command("config")
def config_command() -> int:
    """显示设置来源和可用的 OCR 引擎 / show settings and which OCR engines can run here."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from shebao.ingest.ocr.engines import ENGINES, _instance, engine_name

    console = Console()
    path = config.config_path()
    state = "存在" if path.is_file() else "不存在（使用默认设置）"
    console.print(f"配置文件：{escape(str(path))}（{state}）")
    table = Table("设置", "环境变量", "值", "来源", "说明")
    for setting, value, source in config.effective():
        table.add_row(escape(f"[{setting.section}] {setting.key}"), setting.env,
                      escape(value if value is not None else setting.default_zh), source,
                      setting.help_zh)
    console.print(table)
    chosen = engine_name()
    engines = Table("OCR 引擎", "选用", "可用", "说明")
    for name in ENGINES:
        engine = _instance(name)
        ok = engine.is_available()
        engines.add_row(name, "是" if name == chosen else "", "是" if ok else "否",
                        "" if ok else escape(engine.unavailable_reason()[0]))
    console.print(engines)
    return 0
