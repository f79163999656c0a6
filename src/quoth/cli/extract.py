"""``quoth extract``: attributed statements from articles, as a readable table or JSON lines."""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import sys
from collections import Counter
from typing import IO, Iterable, Iterator

from quoth.cli.inputs import add_input_options, known_total, loading_line, parse_fields
from quoth.engines import DEFAULT_ENGINE, ENGINE_HELP, ENGINES
from quoth.errors import QuothError
from quoth.records import ArticleResult, Statement

__all__ = ["register", "run", "format_table", "write_jsonl"]

EXAMPLES = """examples:
  quoth extract examples/
  quoth extract article.txt --format jsonl --out statements.jsonl
  cat article.txt | quoth extract - --engine rules
"""


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "extract",
        help="find who said what in articles (table or JSON lines)",
        description="Find every attributed statement in the given articles (files, "
                    "directories, or - for stdin) with its speaker, cue and exact offsets.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="article file, directory of articles, or - for stdin")
    parser.add_argument("--format", choices=("table", "jsonl"), default="table",
                        help="table: readable (default); jsonl: one JSON object per article")
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help=ENGINE_HELP)
    parser.add_argument("--out", metavar="FILE", help="write here instead of stdout")
    add_input_options(parser)
    parser.add_argument("--all", action="store_true",
                        help="table: show every attribution, also those that are no statement "
                             "(act 'other': polls, endorsements, actions) and those whose "
                             "speaker quoth could not name; jsonl always has all")
    add_lang_option(parser)
    parser.set_defaults(func=run)


def add_lang_option(parser) -> None:
    parser.add_argument("--lang", metavar="CODE",
                        help="the articles' language (en, fr, ...) instead of detecting it")


def with_forced_lang(articles, lang: str | None):
    """``articles`` with ``--lang`` set on each (unchanged when not given)."""
    from quoth.nlp.lang import check_lang

    code = check_lang(lang)
    return articles if code is None else (a.with_(lang=code) for a in articles)


def run(args) -> int:
    from quoth.extraction import extract
    from quoth.failures import Failures
    from quoth.readers import read

    stats: Counter = Counter()
    failures = Failures(write=_say)
    articles = read(args.paths, on_error=failures, fields=parse_fields(args.field), meta=args.meta)
    results = extract(with_forced_lang(articles, args.lang), engine=args.engine)
    langs: list[str | None] = []
    with _output(args.out) as out:
        if args.format == "jsonl":
            write = write_jsonl
        else:
            def write(result, out):
                _write_table(result, out, everything=args.all)
        for result in _progress(results, total=known_total(args.paths), engine=args.engine):
            if failures.check(result):
                continue
            stats["articles"] += 1
            stats["statements"] += len(result.statements)
            langs.append(result.article.lang)
            write(result, out)
    _say(f"quoth: {_plural(stats['articles'], 'article')}, "
         f"{_plural(stats['statements'], 'statement')}, {failures}")
    from quoth.nlp.lang import unsupported_summary

    other = unsupported_summary(langs)
    if other:
        _say(f"quoth: {other}")
    return 0 if stats["articles"] or not failures.count else 1


def write_jsonl(result: ArticleResult, out: IO[str]) -> None:
    """One article per line: the output contract."""
    out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")


def _write_table(result: ArticleResult, out: IO[str], *, everything: bool = False) -> None:
    out.write(format_table(result, width=_width(out), everything=everything) + "\n\n")


def format_table(result: ArticleResult, *, width: int = 100, everything: bool = False) -> str:
    """An article heading, then one row per statement: speaker, act, cue, content. Only
    statements (act say, think, want) unless ``everything``; a last line counts the
    attributions left out."""
    a = result.article
    facts = ", ".join(x for x in (a.published, a.outlet, a.dateline) if x)
    lines = [f"== {a.path or a.id}" + (f" | {a.title}" if a.title else "")
             + (f" ({facts})" if facts else "")]
    if result.note:
        lines.append(f"   ({result.note})")
        return "\n".join(lines)
    shown = [s for s in result.statements if everything or s.shown]
    hidden = len(result.statements) - len(shown)
    more = f"   ({_plural(hidden, 'other attribution')} not shown: --all shows them)" \
        if hidden else None
    if not shown:
        lines.append("   (no statements found)")
        return "\n".join(lines + ([more] if more else []))
    content_width = max(20, width - 52)
    lines.append(f"{'#':>3}  {'speaker':<22} {'act':<8} {'cue':<12} content")
    for n, st in enumerate(shown, 1):
        lines.append(f"{n:>3}  {_cell(_speaker(st), 22)} {st.act or '-':<8} "
                     f"{_cell(st.cue.text if st.cue else '-', 12)} "
                     f"{_clip(st.content.text, content_width)}")
    return "\n".join(lines + ([more] if more else []))


def _speaker(st: Statement) -> str:
    sp = st.speaker
    return sp.name or (sp.mention.text if sp.mention else None) or "?"


def _cell(text: str, size: int) -> str:
    return f"{_clip(text, size):<{size}}"


def _clip(text: str, size: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= size else flat[: size - 1] + "…"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _width(out: IO[str]) -> int:
    if out is sys.stdout and sys.stdout.isatty():
        return shutil.get_terminal_size((100, 24)).columns
    return 120


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    if not path or path == "-":
        yield sys.stdout
        return
    try:
        handle = open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise QuothError(f"Cannot write {path} ({exc.strerror or exc}).") from None
    with handle:
        yield handle


_bar = None


def _say(message: str) -> None:
    """One line on stderr that does not tear a progress bar."""
    if _bar is not None:
        _bar.write(message, file=sys.stderr)
    else:
        print(message, file=sys.stderr, flush=True)


def _progress(results: Iterable[ArticleResult], *, total: int | None = None,
              engine: str = DEFAULT_ENGINE) -> Iterator[ArticleResult]:
    """Count articles on a TTY's stderr (of ``total`` when known; a long run shows it is
    alive), after a line while the model loads; silent otherwise."""
    global _bar
    if not sys.stderr.isatty():
        yield from results
        return
    from tqdm import tqdm

    loading_line(engine)
    with tqdm(results, unit=" articles", file=sys.stderr, leave=False, mininterval=0.5,
              total=total) as bar:
        _bar = bar
        try:
            yield from bar
        finally:
            _bar = None
