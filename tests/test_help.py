"""Every command's ``--help`` in both languages, from one place (``shebao/help.yaml``): the test
walks the click command tree. Each command and each option (the help option too) has a
Chinese line and an English line; ``shebao --help`` lists every command's whole summary (not
cut with "..."); no help line is wider than 80 terminal cells; no internal names; choices are
validated by click."""

from __future__ import annotations

import re

import click
import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from shebao import help as helptext
from shebao.cli import cli

CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")
INTERNAL = re.compile(r"national/|regional/|shebao\.\w+\.|_[a-z]+_|\bTrue\b|\bNone\b")


def _tree() -> list[tuple[str, click.Command]]:
    ctx = click.Context(cli)
    out: list[tuple[str, click.Command]] = []

    def walk(cmd: click.Command, path: str) -> None:
        out.append((path, cmd))
        if isinstance(cmd, click.Group):
            for name in cmd.list_commands(ctx):
                walk(cmd.get_command(ctx, name), f"{path} {name}".strip())

    walk(cli, "")
    return out


TREE = _tree()
IDS = [path or "shebao" for path, _ in TREE]


def _bilingual(text: str | None) -> bool:
    if not text:
        return False
    zh, _, en = text.partition("\n")
    return bool(CJK.search(zh)) and bool(LATIN.search(en)) and not CJK.search(en[:1])


def _help(path: str) -> str:
    result = CliRunner().invoke(cli, [*path.split(), "--help"], terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(("path", "command"), TREE, ids=IDS)
def test_command_and_every_option_have_chinese_and_english(path, command) -> None:
    entry = helptext.catalogue().get(path)
    assert entry and entry["zh"] and entry["en"], f"add {path or 'shebao'!r} to shebao/help.yaml"
    assert _bilingual(command.short_help), command.short_help
    options = [p for p in command.params if isinstance(p, click.Option)]
    assert any(p.opts == ["-h", "--help"] for p in options)
    for p in options:
        assert _bilingual(p.help), f"{path} {helptext.option_key(p)}: {p.help!r}"


@pytest.mark.parametrize(("path", "command"), TREE, ids=IDS)
def test_help_output_fits_80_columns_in_both_languages(path, command) -> None:
    out = _help(path)
    assert "Show this message and exit." not in out
    assert "显示本帮助并退出。" in out and "show this message and exit." in out
    wide = [line for line in out.splitlines() if cell_len(line) > 80]
    assert not wide, wide
    assert not INTERNAL.search(out), INTERNAL.search(out)
    flat = re.sub(r"\s+", "", out)
    entry = helptext.catalogue()[path]
    assert re.sub(r"\s+", "", entry["zh"]) in flat and re.sub(r"\s+", "", entry["en"]) in flat


def test_top_level_help_lists_every_summary_whole() -> None:
    out = _help("")
    assert "..." not in out.split("Commands:")[1]
    flat = re.sub(r"\s+", "", out)
    for path, _ in TREE:
        if path and " " not in path:
            entry = helptext.catalogue()[path]
            assert re.sub(r"\s+", "", entry["zh"] + entry["en"]) in flat, path


def test_the_catalogue_names_only_real_commands_and_options() -> None:
    real = {path: {helptext.option_key(p) for p in cmd.params if isinstance(p, click.Option)}
            for path, cmd in TREE}
    for path, entry in helptext.catalogue().items():
        assert path in real, f"help.yaml: no command {path!r}"
        stale = set(entry.get("options") or {}) - real[path]
        assert not stale, f"help.yaml {path!r}: no options {stale}"


@pytest.mark.parametrize("path", ["retirement", "estimate", "project", "audit"])
def test_category_is_a_validated_choice(path) -> None:
    command = dict(TREE)[path]
    (category,) = [p for p in command.params if "--category" in p.opts]
    assert isinstance(category.type, click.Choice)
    args = {"retirement": ["--birth", "1970-06"], "estimate": ["--province", "广东"],
            "project": [], "audit": ["x.pdf"]}[path]
    result = CliRunner().invoke(cli, [*path.split(), *args, "--category", "robot"])
    assert result.exit_code == 2 and "'robot' is not one of" in result.output


def test_no_option_declares_its_own_help() -> None:
    """Help lives in shebao/help.yaml only; an inline ``help=`` would be a second source."""
    import ast
    import importlib
    from pathlib import Path

    from shebao.cli import COMMANDS

    modules = {importlib.import_module(t.split(":")[0]) for t in COMMANDS.values()}
    modules.add(importlib.import_module("shebao.config_cli"))
    for module in modules:
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        inline = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Call)
                  and isinstance(n.func, ast.Attribute) and n.func.attr in ("option", "Option")
                  and any(k.arg == "help" for k in n.keywords)]
        assert not inline, f"{module.__file__}: help= on lines {inline}"


@pytest.mark.parametrize("width", [10, 23, 44, 45])
def test_wrapping_by_cells_keeps_text_and_punctuation(width) -> None:
    text = ("养老保险制度：enterprise 企业职工（默认）；"
            "public 机关事业单位（含职业年金，用于比较）。")
    lines = helptext.wrap_cells(text, width)
    assert all(cell_len(line) <= width for line in lines), lines
    assert not any(line[:1] in helptext.CLOSING for line in lines), lines
    assert not any(line[-1:] in helptext.OPENING for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
