"""Every registered command has --help with a description and an example."""

from __future__ import annotations

import importlib

import pytest

from quoth.cli import COMMANDS, main


def _built(name: str) -> bool:
    try:
        importlib.import_module(f"quoth.cli.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"quoth.cli.{name}":
            return False
        raise
    return True


BUILT = [name for name in COMMANDS if _built(name)]


def test_core_commands_are_registered():
    assert BUILT == list(COMMANDS)


@pytest.mark.parametrize("name", BUILT)
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
    for name in BUILT:
        assert name in out
