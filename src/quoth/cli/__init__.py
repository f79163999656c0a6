"""quoth's command line: thin commands over library functions.

Each command lives in its own module under ``quoth.cli`` and exposes
``register(subparsers)``, which adds a sub-parser whose ``func`` takes the parsed
arguments and returns an exit status. A ``QuothError`` becomes one line on
stderr and exit status 1; no traceback for user mistakes.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys

from quoth import __version__
from quoth.errors import QuothError
from quoth.run.local import THREAD_VARS

# One BLAS thread unless the user says otherwise (set before numpy loads): the spaCy parse
# and quoth's work are one thread each, and OpenBLAS's own threads only cost here (measured
# on 2 cores, all 904 PolNeAR articles: extraction 117 -> 107 CPU s; bench/RESULTS.md).
# Worker processes get the same (quoth.run.local).
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")

__all__ = ["main", "build_parser", "COMMANDS"]

# command modules, in the order `quoth --help` lists them
COMMANDS = (
    "extract", "eval", "ingest", "search", "show", "export", "speakers",
    "cluster", "serve", "train",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="quoth",
        description="Who said what, about whom, and when: attributed statements from news.",
        epilog="Run `quoth COMMAND --help` for each command's options and examples.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    parser.add_argument("--version", action="version", version=f"quoth {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"quoth.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="quoth: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except QuothError as exc:
        print(f"quoth: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("quoth: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
