"""docs/cli.md is the commands' help as it is now, and every command's help shows an example
that the command line accepts."""

from __future__ import annotations

import shlex
import warnings
from pathlib import Path

import click
import pytest

from plankg.cli import cli
from plankg.cli_reference import _commands, reference

DOCS = Path(__file__).resolve().parent.parent / "docs" / "cli.md"
ROOT = click.Context(cli, info_name="plankg")
COMMANDS = [(ctx.command_path, ctx, command) for ctx, command in _commands(cli, ROOT)]


def examples(help_text: str) -> list[str]:
    """The command lines under "Example:" in a help text."""
    lines = help_text.splitlines()
    start = next((k for k, line in enumerate(lines) if line.strip() == "Example:"), None)
    if start is None:
        return []
    out = []
    for line in lines[start + 1 :]:
        if not line.strip().startswith("plankg "):
            break
        out.append(line.strip())
    return out


def test_the_reference_in_docs_is_the_help_of_the_commands_as_they_are():
    assert DOCS.read_text("utf-8") == reference(), "regenerate: python -m plankg.cli_reference > docs/cli.md"


@pytest.mark.parametrize("path", ["plankg", *(path for path, _, _ in COMMANDS)])
def test_every_command_shows_an_example(path):
    ctx = ROOT if path == "plankg" else next(ctx for p, ctx, _ in COMMANDS if p == path)
    assert examples(ctx.get_help()), f"{path}: its help has no 'Example:' with a command line"


@pytest.mark.parametrize(
    "line",
    sorted({line for _, ctx, _ in COMMANDS for line in examples(ctx.get_help())} | set(examples(ROOT.get_help()))),
)
def test_every_example_names_a_command_and_options_it_has(line):
    parse(shlex.split(line)[1:])


def parse(args: list[str]) -> click.Command:
    """Parse a command line as plankg would, down to its command, without running it."""
    command: click.Command = cli
    parent = click.Context(cli, info_name="plankg", obj={"store": "out/store"})
    group_options = cli.make_context("plankg", list(args), parent=None, obj={}, resilient_parsing=False)
    rest = _remaining(group_options)
    while isinstance(command, click.Group):
        name, *rest = rest
        found = command.get_command(parent, name)
        assert found is not None, f"no command {name!r}"
        command = found
        parent = command.make_context(name, list(rest), parent=parent)
        rest = _remaining(parent) if isinstance(command, click.Group) else []
    return command


def _remaining(ctx: click.Context) -> list[str]:
    """A group's command name and what follows it (Click 9 keeps them all in ``args``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return [*getattr(ctx, "protected_args", []), *ctx.args]


def test_an_example_with_an_unknown_option_or_command_is_caught():
    with pytest.raises(click.UsageError):
        parse(["view", "-o", "x.html", "--no-such-option"])
    with pytest.raises(AssertionError):
        parse(["no-such-command"])
