"""Articles in, attributed statements out: the one extraction path every runner shares.

- ``extract(sources, *, engine=DEFAULT_ENGINE)`` streams ``ArticleResult`` records from
  paths (``str`` or ``Path``; files or folders), ``Article`` records, or an iterable mixing
  both. Paths are read with ``quoth.readers.read``.
- ``extract_text(text, **metadata)`` is one article from a string, its header lines read
  exactly as a file's are (``metadata`` fills or overrides what the headers give).
- ``process_batch(articles, *, engine=...)`` is the pure batch function local workers and
  Dask call.

Every path runs spaCy's English pipeline with quoth's ``quoth`` component
(``quoth.component``) at its end, so ``doc._.statements`` in a user's own pipeline and
``quoth extract`` give the same statements. The pipeline is loaded once per process and
engine; ``nlp.pipe`` runs inside one ``nlp.memory_zone()`` per batch, so memory stays flat
over long runs; an article longer than ``quoth.nlp.parts.PART_CHARS`` is parsed in parts
cut at paragraph breaks outside quotations (``quoth.nlp.parts``). An article that cannot
be parsed or whose statements cannot be found comes out with none and
``ArticleResult.error`` saying why; it never stops the run, and whoever consumes the
result reports and counts it (``quoth.failures``).
"""

from __future__ import annotations

import functools
import itertools
from pathlib import Path
from typing import Iterable, Iterator, Sequence, Union

from quoth.component import make_quoth_component  # noqa: F401  registers the "quoth" factory
from quoth.engines import DEFAULT_ENGINE, ENGINES
from quoth.errors import UsageError
from quoth.nlp import new_nlp
from quoth.nlp import parts
from quoth.nlp.lang import by_language
from quoth.readers import OnError, log_error, read
from quoth.readers.text import article_from_text
from quoth.records import Article, ArticleResult, Statement

__all__ = ["extract", "extract_text", "process_batch", "load_pipeline"]

Source = Union[str, Path, Article]


def extract(sources: Source | Iterable[Source], *, engine: str = DEFAULT_ENGINE,
            batch_size: int = 32, model_dir=None, on_error: OnError = log_error,
            fields: dict[str, str] | None = None) -> Iterator[ArticleResult]:
    """Stream the statements of ``sources``, one ``ArticleResult`` per article, in order.

    A path that cannot be read is reported to ``on_error`` and skipped."""
    check_engine(engine)
    articles = _articles(sources, on_error=on_error, fields=fields)
    while True:
        batch = list(itertools.islice(articles, max(1, batch_size)))
        if not batch:
            return
        yield from process_batch(batch, engine=engine, model_dir=model_dir)


def extract_text(text: str, *, engine: str = DEFAULT_ENGINE, **metadata) -> ArticleResult:
    """The statements of one text, its header lines read as a file's are.

    ``metadata``: ``Article`` fields (``title``, ``published``, ``url``, ``outlet``, ...)
    that fill or override what the headers give."""
    article = article_from_text(text)
    if metadata:
        article = article.with_(**metadata)
    return process_batch([article], engine=engine)[0]


def process_batch(articles: Sequence[Article], *, engine: str = DEFAULT_ENGINE,
                  model_dir=None) -> list[ArticleResult]:
    """Extract one batch (the function every runner calls; pure given its input).

    An article longer than ``quoth.nlp.parts.PART_CHARS`` (the parser takes at most
    ``nlp.max_length``, and its memory grows with the text) is extracted in parts, one
    part at a time, so memory stays bounded whatever its length.
    Each article goes to the extractor of its language (``quoth.nlp.lang.by_language``)."""
    check_engine(engine)
    from quoth.rules.french import process_french

    return by_language(articles, english=lambda batch: _english_batch(batch, engine, model_dir),
                       french=process_french)


def _english_batch(articles: Sequence[Article], engine: str, model_dir) -> list[ArticleResult]:
    nlp = load_pipeline(engine, model_dir)
    part_chars = min(parts.PART_CHARS, nlp.max_length)
    results: list[ArticleResult] = []
    for long, group in itertools.groupby(articles, key=lambda a: len(a.text) > part_chars):
        if long:
            results.extend(_extract_long(nlp, a, part_chars) for a in group)
        else:
            results.extend(_extract_group(nlp, list(group)))
    return results


def _extract_group(nlp, articles: list[Article]) -> list[ArticleResult]:
    """Articles the parser takes whole, in one memory zone. When the group's parse fails,
    each article is parsed alone; one that still fails comes out with ``error`` saying
    why (reported and counted by the consumer, ``quoth.failures``)."""
    try:
        with nlp.memory_zone():
            docs = nlp.pipe(_docs(nlp, articles), batch_size=max(1, len(articles)))
            return [ArticleResult(a, doc._.statements, doc._.quoth_error)
                    for a, doc in zip(articles, docs)]
    except Exception as exc:  # noqa: BLE001 - one article must never sink the run
        if len(articles) > 1:
            return [r for a in articles for r in _extract_group(nlp, [a])]
        return [ArticleResult(articles[0], (), f"not parsed: {type(exc).__name__}: {exc}")]


def _extract_long(nlp, article: Article, part_chars: int) -> ArticleResult:
    """One long article, part by part, its statements in the whole text's offsets. A part
    that fails makes the article fail (reported, not stored, tried again next run)."""
    statements: list[Statement] = []
    for start, end in parts.split_points(article.text, part_chars):
        (result,) = _extract_group(nlp, [article.with_(text=article.text[start:end])])
        if result.error is not None:
            return ArticleResult(article, (), f"{result.error}, in characters {start}-{end}")
        statements.extend(parts.shift_statement(st, start, article.id)
                          for st in result.statements)
    return ArticleResult(article, tuple(statements))


@functools.lru_cache(maxsize=4)
def load_pipeline(engine: str = DEFAULT_ENGINE, model_dir=None):
    """The English pipeline with the ``quoth`` component for ``engine`` (one per process)."""
    check_engine(engine)
    nlp = new_nlp()
    nlp.add_pipe("quoth", config={"engine": engine,
                                  "model_dir": None if model_dir is None else str(model_dir)})
    return nlp


def check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"Unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")


def _docs(nlp, articles: Iterable[Article]):
    for article in articles:
        doc = nlp.make_doc(article.text)
        doc._.quoth_article = article
        yield doc


def _articles(sources, *, on_error: OnError, fields) -> Iterator[Article]:
    if isinstance(sources, (str, Path, Article)):
        sources = [sources]
    for source in sources:
        if isinstance(source, Article):
            yield source
        else:
            yield from read(source, on_error=on_error, fields=fields)

