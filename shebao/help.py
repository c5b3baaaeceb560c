"""Bilingual help for every command and option, from one place (``shebao/help.yaml``).

Contract: :func:`apply(command, path)` sets the help of ``command`` (path ``""`` for
``shebao``, ``"samples photo"`` for a subcommand) and of each of its options from the
catalogue -- Chinese first, English after -- and does the same for subcommands of a group.
The help option itself (``-h``/``--help``) says "显示本帮助并退出。 show this message and exit."
The option declarations in the CLI modules carry no help text of their own (one place);
``tests/test_help.py`` walks the command tree and fails on anything missing here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Any

import click
import yaml
from rich.cells import cell_len

HELP_OPTION = ("显示本帮助并退出。", "show this message and exit.")


@cache
def catalogue() -> dict[str, Any]:
    text = resources.files("shebao").joinpath("help.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def option_key(param: click.Parameter) -> str:
    """An option's key in the catalogue: its first long name (``--as-of``)."""
    longs = [o for o in param.opts if o.startswith("--")]
    return longs[0] if longs else param.opts[0]


def both(zh: str, en: str) -> str:
    """Chinese on its line, English on the next (the formatter keeps the break)."""
    return f"{zh}\n{en}"


CLOSING = set("。，、；：！？）」』”’】》")
OPENING = set("（「『“‘【《〔")
_TOKENS = re.compile(r"\s+|[^\s\u2e80-\uffff]+|[\u2e80-\uffff]")
_LAST_WORD = re.compile(r"[^\s\u2e80-\uffff]+$")


def wrap_cells(text: str, width: int) -> list[str]:
    """``text`` wrapped at ``width`` terminal cells: a Chinese character is two cells and a
    line may break after any of them; Latin words (and numbers, dates, month ranges) break at
    spaces only; no line starts with closing or ends with opening punctuation; each line of
    ``text`` starts a new line."""
    lines: list[str] = []
    for para in text.split("\n"):
        line, space = "", ""
        for token in _TOKENS.findall(para):
            if token.isspace():
                space = " " if line else ""
                continue
            while cell_len(token) > width:  # a word longer than the line: fold it
                if line:
                    lines.append(line)
                    line, space = "", ""
                cut = max(i for i in range(1, len(token) + 1) if cell_len(token[:i]) <= width)
                lines.append(token[:cut])
                token = token[cut:]
            if line and cell_len(line + space + token) > width:
                bare = line.rstrip("".join(CLOSING))
                word = _LAST_WORD.search(bare)  # a number or word is carried whole
                keep = len(line) - len(bare) + (len(word.group()) if word else 1)
                if token in CLOSING and len(line) > keep and not space:
                    # no line starts with closing punctuation: carry the last character or
                    # word (and the closing marks after it) over with it
                    lines.append(line[:-keep])
                    line, space = line[-keep:] + token, ""
                    continue
                if len(line) > 1 and line[-1] in OPENING and not space:
                    # no line ends with opening punctuation: it goes with what it opens
                    lines.append(line[:-1])
                    line, space = line[-1] + token, ""
                    continue
                lines.append(line)
                line, space = token, ""
            else:
                line, space = line + space + token, ""
        lines.append(line)
    return lines


class CellFormatter(click.HelpFormatter):
    """click's help formatter measuring text in terminal cells (Chinese is two wide), so
    that help fits the terminal (80 columns at most) in both languages."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        for para in text.split("\n\n"):
            for line in wrap_cells(para.replace("\b\n", ""), width):
                self.write(f"{indent}{line}\n" if line else "\n")
            self.write("\n")
        self.buffer[-1:] = []  # no blank line after the last paragraph

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((cell_len(r[0]) for r in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cell_len(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cell_len(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            width = max(self.width - first_col - self.current_indent, 10)
            lines = wrap_cells(second, width)
            self.write(f"{lines[0]}\n")
            for line in lines[1:]:
                self.write(f"{'':>{first_col + self.current_indent}}{line}\n")


class BilingualContext(click.Context):
    formatter_class = CellFormatter


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


def apply(command: click.Command, path: str = "") -> click.Command:
    """Put the catalogue's help on ``command`` (and its subcommands); idempotent. A command
    or option missing from the catalogue keeps what it has (the test names it)."""
    if getattr(command, "_bilingual", False):
        return command
    entry = catalogue().get(path) or {}
    if entry:
        command.help = "\n\n".join(
            [both(entry["zh"], entry["en"]),
             *(entry[k] for k in ("more_zh", "more_en") if k in entry)])
        command.short_help = both(entry["zh"], entry["en"])
    options = entry.get("options") or {}
    for param in command.params:
        if isinstance(param, click.Option) and option_key(param) in options:
            text = options[option_key(param)]
            param.help = both(text["zh"], text["en"])
    if command.add_help_option:
        command.add_help_option = False
        command.params.append(click.Option(
            ["-h", "--help"], is_flag=True, expose_value=False, is_eager=True,
            callback=_show_help, help=both(*HELP_OPTION)))
    command.context_class = BilingualContext
    command._bilingual = True  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            apply(sub, f"{path} {name}".strip())
    return command


def usage_error_zh(exc: click.UsageError) -> str:
    """A command-line mistake said in Chinese, naming the option by its help's first words
    (the English of click follows it in the message)."""
    param = getattr(exc, "param", None)
    name = ""
    if param is not None:
        hint = "/".join(param.opts) if isinstance(param, click.Option) else param.name.upper()
        what = re.split(r"[：:（(。]", (param.help or "").split("\n")[0])[0] \
            if isinstance(param, click.Option) else ""
        name = f"{hint}（{what}）" if what else hint
    if isinstance(exc, click.MissingParameter):
        return f"缺少 {name}"
    if isinstance(exc, click.BadParameter):
        choices = getattr(getattr(param, "type", None), "choices", None)
        return f"{name} 的取值无效" + (f"，应为 {'、'.join(map(str, choices))} 之一"
                                      if choices else "")
    if isinstance(exc, click.NoSuchOption):
        return f"没有选项 {exc.option_name}"
    return "命令行用法有误"
