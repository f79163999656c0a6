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
over long runs. An article whose statements cannot be found comes out with none and
``ArticleResult.error`` saying why; it never stops the run.
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
from quoth.readers import OnError, log_error, read
from quoth.readers.text import article_from_text
from quoth.records import Article, ArticleResult

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
    """Extract one batch (the function every runner calls; pure given its input)."""
    check_engine(engine)
    nlp = load_pipeline(engine, model_dir)
    with nlp.memory_zone():
        docs = nlp.pipe(_docs(nlp, articles), batch_size=max(1, len(articles)))
        return [ArticleResult(a, doc._.statements, doc._.quoth_error)
                for a, doc in zip(articles, docs)]


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
        raise UsageError(f"unknown engine {engine!r}; choose from {', '.join(ENGINES)}.")


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

