"""quoth's command line: thin commands over library functions.

Each command lives in its own module under ``quoth.cli`` and exposes
``register(subparsers)``, which adds a sub-parser whose ``func`` takes the parsed
arguments and returns an exit status. Every command exits with the same codes
(``EXIT_CODES``, also in ``quoth --help`` and docs/exit-codes.md); an error becomes one
line on stderr, and a traceback is printed only with ``--debug``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import re
import sys

from quoth import __version__
from quoth.errors import QuothError, UsageError, sentence
from quoth.run.local import THREAD_VARS

# One BLAS thread unless the user says otherwise (set before numpy loads): the spaCy parse
# and quoth's work are one thread each, and OpenBLAS's own threads only cost here (measured
# on 2 cores, all 904 PolNeAR articles: extraction 117 -> 107 CPU s; bench/RESULTS.md).
# Worker processes get the same (quoth.run.local).
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")

__all__ = ["main", "build_parser", "COMMANDS", "EXIT_CODES"]

EXIT_CODES = {
    0: "done: every input was used, or the ones that could not be were reported "
       "(`quoth: skipped FILE: why`) and counted in the closing summary",
    1: "nothing done: every input failed, or an error stopped the command (a database "
       "that cannot be opened, a missing model, a file that cannot be written)",
    2: "a usage error: an unknown option, or an option value quoth cannot use",
    3: "an internal error (a bug in quoth): run again with --debug for the traceback",
    130: "interrupted (Ctrl-C)",
}

# command modules, in the order `quoth --help` lists them
COMMANDS = (
    "extract", "eval", "ingest", "search", "show", "export", "speakers",
    "cluster", "serve", "train",
)


class Parser(argparse.ArgumentParser):
    """argparse's parser, whose usage errors are whole sentences like quoth's own."""

    def error(self, message: str):  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {usage_sentence(message)}\n")


def usage_sentence(message: str) -> str:
    """argparse's ``argument --format: invalid choice: 'x' (...)`` as a whole sentence:
    ``The argument --format is wrong: invalid choice: 'x' (...).``"""
    match = re.match(r"argument (\S+): (.*)", message, re.S)
    if match:
        return f"The argument {match[1]} is wrong: {match[2].rstrip('.')}."
    return sentence(message)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="quoth",
        description="Who said what, about whom, and when: attributed statements from news.",
        epilog="Run `quoth COMMAND --help` for each command's options and examples.\n\n"
               "exit codes (the same for every command):\n" + "\n".join(
                   f"  {code:<4} {text}" for code, text in EXIT_CODES.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    parser.add_argument("--version", action="version", version=f"quoth {__version__}")
    parser.add_argument("--debug", action="store_true",
                        help="on an error, print the Python traceback too")
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
    except UsageError as exc:
        return _fail(args, f"quoth: error: {_ended(exc)}", 2)
    except QuothError as exc:
        return _fail(args, f"quoth: error: {_ended(exc)}", 1)
    except KeyboardInterrupt:
        print("quoth: interrupted: the command stopped on Ctrl-C.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # noqa: BLE001 - a bug: one line, the traceback on --debug
        return _fail(args, f"quoth: internal error: {type(exc).__name__}: {exc}. Run the "
                           "command again with --debug for the traceback, and report it.", 3)


def _ended(exc: QuothError) -> str:
    """The error's message with its closing full stop. Messages are written as sentences;
    this covers one that brings text from elsewhere (an OS or SQLite error) last."""
    text = str(exc).strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def _fail(args, message: str, code: int) -> int:
    if getattr(args, "debug", False):
        import traceback

        traceback.print_exc()
    print(message, file=sys.stderr)
    return code
