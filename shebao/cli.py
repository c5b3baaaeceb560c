"""The ``shebao`` command.

Subcommands live with the stage that owns them and are imported only when called, so that
``shebao retirement`` does not load the PDF and OCR stacks:

* ``extract``, ``inspect`` -> :mod:`shebao.ingest.cli`
* ``retirement``, ``estimate``, ``project`` -> :mod:`shebao.audit.cli`
* ``samples`` -> :mod:`shebao.samples.cli`
* ``case``, ``draft``, ``bundle``, ``verify`` -> :mod:`shebao.reports.cli`
* ``batch`` -> :mod:`shebao.batch.cli`; ``config`` -> :mod:`shebao.config_cli`;
  ``cache`` -> :mod:`shebao.cache_cli`
* ``serve`` -> :mod:`shebao.desk.cli` (the drop-in desk)
* ``batch`` -> :mod:`shebao.batch.cli`; ``config`` -> :mod:`shebao.config_cli`

Settings (OCR engine, threads, cache, model folders) come from options, the environment or a
config file, in that order (:mod:`shebao.config`).

A :class:`~shebao.errors.ShebaoError` escaping a command is printed as one line and turned
into exit code 2; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

import contextlib
import importlib
import sys

import click

from shebao import __version__, help
from shebao.errors import ShebaoError

# name -> "module:attribute"
COMMANDS: dict[str, str] = {
    "extract": "shebao.ingest.cli:extract",
    "inspect": "shebao.ingest.cli:inspect",
    "retirement": "shebao.audit.cli:retirement",
    "estimate": "shebao.audit.cli:estimate",
    "project": "shebao.audit.cli:project",
    "audit": "shebao.audit.audit_cli:audit",
    "params": "shebao.audit.audit_cli:params",
    "samples": "shebao.samples.cli:samples",
    "case": "shebao.reports.cli:case",
    "draft": "shebao.reports.cli:draft",
    "bundle": "shebao.reports.cli:bundle",
    "verify": "shebao.reports.cli:verify",
    "batch": "shebao.batch.cli:batch",
    "config": "shebao.config_cli:config_command",
    "cache": "shebao.cache_cli:cache",
    "serve": "shebao.desk.cli:serve",
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._load(name) is not None)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    @staticmethod
    def _load(name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and module_name.startswith(exc.name):
                return None  # stage not built yet
            raise
        command = getattr(module, attr, None)
        return None if command is None else help.apply(command, name)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shebao")
def cli() -> None:
    """(help: shebao/help.yaml)"""


help.apply(cli)


def main(argv: list[str] | None = None) -> int:
    import signal

    from shebao import config

    def _terminated(signum, frame):  # SIGTERM unwinds like Ctrl-C: temporary files removed
        raise KeyboardInterrupt

    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        with contextlib.suppress(ValueError):  # only the main thread may set handlers
            signal.signal(signal.SIGTERM, _terminated)
    try:
        config.apply()  # the config file's settings, where the environment has none
        rv = cli.main(args=argv, prog_name="shebao", standalone_mode=False)
    except ShebaoError as exc:
        click.echo(f"{exc.prefix}{exc.format()}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("已中止（aborted）", err=True)
        return 130
    except click.UsageError as exc:
        click.echo(f"错误：{help.usage_error_zh(exc)}（{' '.join(exc.format_message().split())}）；"
                   "加 -h 查看说明 / see -h", err=True)
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    return rv if isinstance(rv, int) else 0


if __name__ == "__main__":
    sys.exit(main())
