"""Progress on a terminal: the CLI run under a real pseudo-terminal says that the model
loads, then counts articles against the total it knows (a folder of text files)."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest

pytestmark = pytest.mark.model

ARTICLES = {
    "one.txt": "“We will win,” the mayor said on Monday.\n",
    "two.txt": "The senator said the bill would pass next week.\n",
    "three.txt": "“Prices are falling,” the minister told reporters.\n",
}


def run_on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``python -m quoth ARGS`` with stderr on a pseudo-terminal; its exit status and
    what the terminal showed."""
    master, slave = pty.openpty()
    # a terminal 100 columns wide: a new pty has none, and tqdm draws no bar in 0 columns
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "quoth", *args], stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=slave, env=env)
    os.close(slave)  # the child holds its own copy; reading ends when it exits
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the terminal's last writer is gone
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return proc.wait(timeout=600), shown.decode("utf-8", "replace")


@pytest.fixture
def folder(tmp_path):
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", [
    ["extract", "--format", "jsonl"],
    ["ingest", "--workers", "1"],
])
def test_progress_shows_the_loading_line_and_the_total(folder, tmp_path, command):
    args = [*command, str(folder), "--engine", "rules"]
    if command[0] == "ingest":
        args += ["--db", str(tmp_path / "q.db")]
    status, shown = run_on_a_terminal(args)
    assert status == 0, shown
    assert re.search(r"quoth: loading the spaCy pipeline and the rules engine \.\.\. \d+ s",
                     shown), shown
    assert re.search(r"\b[0-3]/3\b", shown), shown  # articles done out of the known total
