"""What ``quoth extract`` and ``quoth ingest`` share about their inputs: ``--field`` and
``--meta``, how many articles the inputs hold when that is known, and the line shown
while the model loads."""

from __future__ import annotations

import sys

from quoth.errors import UsageError

__all__ = ["add_input_options", "parse_fields", "known_total", "loading_line"]


def add_input_options(parser) -> None:
    """--field and --meta: where an input's fields are (ingest and extract)."""
    parser.add_argument("--field", action="append", default=[], metavar="NAME=KEY",
                        help="JSONL/CSV: the record key holding a field, e.g. text=story or "
                             "date=pubDate (repeatable); NAME is text, title, published, "
                             "updated, url, outlet or a name the readers know for one "
                             "(date, body, headline, link, site, ...)")
    parser.add_argument("--meta", metavar="FILE",
                        help="a TSV/CSV table mapping text file names to date, outlet, "
                             "title and url (default: a metadata.tsv or metadata.csv beside "
                             "the files or up to two folders above them)")


def parse_fields(pairs: list[str]) -> dict[str, str] | None:
    """``["text=story", "date=pubDate"]`` -> ``{"text": "story", "published": "pubDate"}``.

    NAME is a field (text, title, published, updated, url, outlet) or any name the
    readers recognise for one (``date`` for published, ``body`` for text, ...)."""
    from quoth.readers.dumps import FIELD_NAMES

    aliases = {alias: name for name, names in FIELD_NAMES.items() for alias in (name, *names)}
    fields = {}
    for pair in pairs:
        name, sep, key = pair.partition("=")
        field = aliases.get(name.strip().lower())
        if not sep or not key.strip() or field is None:
            raise UsageError(f"--field {pair!r} is not NAME=KEY with a known NAME; NAME is "
                             f"one of {', '.join(FIELD_NAMES)} or a name the readers know "
                             f"for one (date, body, headline, link, site, ...).")
        fields[field] = key.strip()
    return fields or None


def known_total(paths: list[str]) -> int | None:
    """How many articles ``paths`` hold, when that is known without reading them: every
    path a one-article file (text, HTML) or a folder of them; None otherwise."""
    import os

    from quoth.readers import reader_for

    total = 0
    for path in paths:
        if os.path.isdir(path):
            names = [n for _, dirs, files in os.walk(path) for n in files
                     if not n.startswith(".") and reader_for(n)]
        else:
            names = [path]
        if path == "-" or any(reader_for(n) not in ("text", "html") for n in names):
            return None
        total += len(names)
    return total


def loading_line(engine: str) -> None:
    """On a terminal, say that the model loads (it takes seconds), and load it."""
    if not sys.stderr.isatty():
        return
    import time

    from quoth.extraction import load_pipeline

    start = time.perf_counter()
    print(f"quoth: loading the spaCy pipeline and the {engine} engine ...", end="",
          file=sys.stderr, flush=True)
    load_pipeline(engine)
    print(f" {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
