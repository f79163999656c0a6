"""The committed speaker audit (tests/data/speaker_audit): the judgments cover the dump
they judge, and the rates script reads them (scripts/speaker_audit.py rates)."""

from __future__ import annotations

import pathlib

from conftest import load_script

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _audit():
    return load_script(ROOT / "scripts" / "speaker_audit.py")


def test_judgments_cover_the_dump(capsys):
    code = _audit().rates(ROOT / "tests" / "data" / "speaker_audit")
    out = capsys.readouterr().out
    assert code in (0, 1), "a speaker, alias or title of the dump is not judged"
    assert code == 0, "an audit target is missed (pinned: every target met on this dump)"
    assert "bad aliases" in out and "junk names" in out
