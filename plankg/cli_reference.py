"""The command-line reference (``docs/cli.md``), generated from the commands' own help so that
it cannot drift from them: ``python -m plankg.cli_reference > docs/cli.md``."""

from __future__ import annotations

import click

from plankg.cli import cli

WIDTH = 100  # the help is wrapped at this width, whatever the terminal


def _commands(group: click.Group, ctx: click.Context) -> list[tuple[click.Context, click.Command]]:
    """Every command under ``group``, depth first, in the order ``--help`` lists them."""
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is None or command.hidden:
            continue
        sub = click.Context(command, info_name=name, parent=ctx, terminal_width=WIDTH, max_content_width=WIDTH)
        out.append((sub, command))
        if isinstance(command, click.Group):
            out += _commands(command, sub)
    return out


def reference() -> str:
    """The Markdown text of docs/cli.md."""
    root = click.Context(cli, info_name="plankg", terminal_width=WIDTH, max_content_width=WIDTH)
    parts = [
        "# Command-line reference",
        "",
        "Generated from the commands' help by `python -m plankg.cli_reference > docs/cli.md`;",
        "`tests/test_cli_reference.py` fails when it is out of date. What each command does in",
        "detail: [commands.md](commands.md).",
        "",
        "```text",
        root.get_help(),
        "```",
        "",
    ]
    for ctx, _command in _commands(cli, root):
        parts += [f"## {ctx.command_path}", "", "```text", ctx.get_help(), "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
