"""User settings: a TOML file, environment variables and command options, in that order.

Contract
--------
Every setting has one environment variable (the single place the code reads it) and may be
given in a config file; :data:`SETTINGS` lists them::

    # ~/.config/shebao/config.toml  (or the file named by $SHEBAO_CONFIG)
    [ocr]
    engine = "rapidocr"        # or "paddleocr"              -> SHEBAO_OCR_ENGINE
    threads = 2                # inference workers           -> SHEBAO_OCR_THREADS
    cache = true               # OCR results cached by hash  -> SHEBAO_OCR_CACHE
    cache_days = 30            # kept this many days         -> SHEBAO_OCR_CACHE_DAYS
    int8 = true                # int8 text detector (faster) -> SHEBAO_OCR_INT8
    paddle_det_dir = "/models/PP-OCRv5_mobile_det"          # -> SHEBAO_PADDLE_DET_DIR
    paddle_rec_dir = "/models/PP-OCRv5_mobile_rec"          # -> SHEBAO_PADDLE_REC_DIR

    [paths]
    cache = "~/.cache/shebao"                                # -> SHEBAO_CACHE

    [batch]                    # per document of ``shebao batch`` (shebao.limits)
    seconds = 600              # CPU limit of any document   -> SHEBAO_BATCH_SECONDS
    seconds_per_page = 1.5     # added for each text page    -> SHEBAO_BATCH_SECONDS_PER_PAGE
    seconds_per_ocr_page = 30  # added for each page to OCR  -> SHEBAO_BATCH_SECONDS_PER_OCR_PAGE
    seconds_max = 7200         # the time limit's ceiling    -> SHEBAO_BATCH_SECONDS_MAX
    memory_mb = 1536           # the reader's own memory     -> SHEBAO_BATCH_MEMORY_MB

Precedence: a command option (``--ocr-engine``) over the environment over the config file over
the built-in default. :func:`apply` (called once by the ``shebao`` command before any
subcommand runs) copies config-file values into the environment where the variable is not
set already, so that worker processes inherit them too. :func:`effective` tells, for
``shebao config``, each setting's value and where it came from.

A config file that cannot be read or parsed, or that names an unknown section or key, is a
:class:`~shebao.errors.UsageError` naming the file and the problem (no silent defaults).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from shebao.errors import UsageError
from shebao.limits import (
    BATCH_MEMORY_MB,
    BATCH_SECONDS,
    BATCH_SECONDS_MAX,
    BATCH_SECONDS_PER_OCR_PAGE,
    BATCH_SECONDS_PER_PAGE,
)

CONFIG_ENV = "SHEBAO_CONFIG"


@dataclass(frozen=True)
class Setting:
    section: str
    key: str
    env: str
    kind: type  # str, int, bool or Path
    default_zh: str  # what applies when nothing is set, for people
    help_zh: str


SETTINGS: tuple[Setting, ...] = (
    Setting("ocr", "engine", "SHEBAO_OCR_ENGINE", str, "rapidocr", "OCR 引擎"),
    Setting("ocr", "threads", "SHEBAO_OCR_THREADS", int, "CPU 核数（最多 4）", "OCR 推理并行数"),
    Setting("ocr", "cache", "SHEBAO_OCR_CACHE", bool, "是", "按文件哈希缓存 OCR 结果"),
    Setting("ocr", "cache_days", "SHEBAO_OCR_CACHE_DAYS", int, "30",
            "OCR 缓存保留天数（加密保存，过期删除）"),
    Setting("ocr", "int8", "SHEBAO_OCR_INT8", bool, "是",
            "int8 文字检测模型（更快）"),
    Setting("ocr", "paddle_det_dir", "SHEBAO_PADDLE_DET_DIR", Path, "未设置",
            "paddleocr 检测模型目录"),
    Setting("ocr", "paddle_rec_dir", "SHEBAO_PADDLE_REC_DIR", Path, "未设置",
            "paddleocr 识别模型目录"),
    Setting("paths", "cache", "SHEBAO_CACHE", Path, "~/.cache/shebao", "缓存目录"),
    Setting("batch", "seconds", "SHEBAO_BATCH_SECONDS", float, f"{BATCH_SECONDS:g}",
            "批量审计：每份材料的基本时间上限（CPU 秒）"),
    Setting("batch", "seconds_per_page", "SHEBAO_BATCH_SECONDS_PER_PAGE", float,
            f"{BATCH_SECONDS_PER_PAGE:g}", "批量审计：有文字层的每页增加的时间（秒）"),
    Setting("batch", "seconds_per_ocr_page", "SHEBAO_BATCH_SECONDS_PER_OCR_PAGE", float,
            f"{BATCH_SECONDS_PER_OCR_PAGE:g}",
            "批量审计：需要 OCR 的每页（扫描件、照片）增加的时间（秒）"),
    Setting("batch", "seconds_max", "SHEBAO_BATCH_SECONDS_MAX", float, f"{BATCH_SECONDS_MAX:g}",
            "批量审计：时间上限的最大值（秒）"),
    Setting("batch", "memory_mb", "SHEBAO_BATCH_MEMORY_MB", int, f"{BATCH_MEMORY_MB}",
            "批量审计：读取每份材料的内存上限（MB）"),
)


def config_path() -> Path:
    """``$SHEBAO_CONFIG``, else ``$XDG_CONFIG_HOME/shebao/config.toml`` (``~/.config``)."""
    named = os.environ.get(CONFIG_ENV)
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser() / "shebao" / "config.toml"


def _as_env(setting: Setting, value: object, path: Path) -> str:
    where = f"[{setting.section}] {setting.key}"
    ok = {str: isinstance(value, str), Path: isinstance(value, str),
          int: isinstance(value, int) and not isinstance(value, bool) and value >= 0,
          float: isinstance(value, int | float) and not isinstance(value, bool) and value >= 0,
          bool: isinstance(value, bool)}[setting.kind]
    if not ok:
        kind = {str: "文字", Path: "路径文字", int: "非负整数", float: "非负数",
                bool: "true/false"}[setting.kind]
        raise UsageError(f"配置文件中 {where} 应为{kind}，现在是 {value!r}",
                         f"{where} must be a {setting.kind.__name__}, got {value!r}", file=path)
    if setting.kind is bool:
        return "1" if value else "0"
    if setting.kind is Path:
        return str(Path(str(value)).expanduser())
    return str(value)


def read_file(path: Path | None = None) -> dict[str, str]:
    """Environment values given by the config file (``{}`` when there is none)."""
    path = path or config_path()
    if not path.is_file():
        if os.environ.get(CONFIG_ENV):
            raise UsageError("找不到 SHEBAO_CONFIG 指定的配置文件",
                             "the config file named by SHEBAO_CONFIG does not exist", file=path)
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("无法读取配置文件", f"cannot read the config file: {exc}",
                         file=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"配置文件格式有误（TOML）：{exc}",
                         f"config file is not valid TOML: {exc}", file=path) from exc
    known = {(s.section, s.key): s for s in SETTINGS}
    out: dict[str, str] = {}
    for section, values in data.items():
        if not isinstance(values, dict):
            raise UsageError(f"配置文件中 {section} 应为一节（[{section}]）",
                             f"{section} must be a table ([{section}])", file=path)
        for key, value in values.items():
            setting = known.get((section, key))
            if setting is None:
                names = "、".join(f"[{s.section}] {s.key}" for s in SETTINGS)
                raise UsageError(f"配置文件中有未知的设置 [{section}] {key}；可用：{names}",
                                 f"unknown setting [{section}] {key}", file=path)
            out[setting.env] = _as_env(setting, value, path)
    return out


def check_environment() -> None:
    """A numeric setting given in the environment must be a non-negative number: a clear
    refusal naming the variable, not a traceback where the value is first used."""
    for setting in SETTINGS:
        raw = os.environ.get(setting.env)
        if raw is None or raw == "" or setting.kind not in (int, float):
            continue
        try:
            ok = setting.kind(raw) >= 0
        except ValueError:
            ok = False
        if not ok:
            kind = "非负整数" if setting.kind is int else "非负数"
            raise UsageError(f"环境变量 {setting.env} 应为{kind}，现在是 {raw!r}",
                             f"{setting.env} must be a non-negative "
                             f"{setting.kind.__name__}, got {raw!r}")


def apply(path: Path | None = None) -> dict[str, str]:
    """Copy config-file values into ``os.environ`` where not set; returns what was copied.
    Numeric values already in the environment are checked (:func:`check_environment`)."""
    check_environment()
    copied = {}
    for env, value in read_file(path).items():
        if env not in os.environ:
            os.environ[env] = value
            copied[env] = value
    return copied


def effective(path: Path | None = None) -> list[tuple[Setting, str | None, str]]:
    """Each setting's value and its source: ``环境变量``, ``配置文件`` or ``默认``.

    Call before :func:`apply` to tell the environment from the file apart."""
    from_file = read_file(path)
    rows = []
    for setting in SETTINGS:
        if setting.env in os.environ and from_file.get(setting.env) != os.environ[setting.env]:
            rows.append((setting, os.environ[setting.env], "环境变量"))
        elif setting.env in from_file:
            rows.append((setting, from_file[setting.env], "配置文件"))
        else:
            rows.append((setting, None, "默认"))
    return rows
