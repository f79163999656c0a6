"""Every registered command has --help with a description and an example."""

from __future__ import annotations

import pytest

from quoth.cli import COMMANDS, build_parser, main


def test_core_commands_are_registered():
    choices = build_parser()._subparsers._group_actions[0].choices
    assert list(choices) == list(COMMANDS)


def test_version(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.startswith("quoth ")


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_description_and_example(name, capsys):
    with pytest.raises(SystemExit) as info:
        main([name, "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: quoth " + name)
    body = out.split("\n\n", 1)[1].strip()
    assert len(body.split("\n\n")[0]) > 20, "a description under the usage line"
    assert "example" in out.lower(), "an example section"
    assert f"quoth {name} " in out.split("example", 1)[1], "an example invoking the command"


def test_top_level_help_lists_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out
