"""Articles in, attributed statements out: the one extraction path every runner shares.

- ``extract(articles, *, engine="hybrid", batch_size=32, model_dir=None)`` streams
  ``ArticleResult`` records; the spaCy pipeline runs with ``nlp.pipe(as_tuples=True)``
  inside one ``nlp.memory_zone()`` per batch, so memory stays flat over long runs.
- ``process_batch(articles, *, engine=...)`` is the pure batch function local workers
  and Dask call (the pipeline is loaded once per process and cached).
- ``extract_text(text, **kw)`` is the one-article convenience.

Engines (``ENGINE_HELP``): ``rules`` (``quoth.pipeline.rules``); ``hybrid`` (the default:
the MiniLM tagger + the rules for quoth's forms), ``fast`` (the rules + the CRF, ~0.9x a
bare parse against the hybrid's ~0.6x) and ``model`` (the MiniLM alone), all three by
``quoth.pipeline.tagger.find_statements(doc, article, engine=...)``; while that
module or its trained model is missing, they fall back to the rules (``model_dir``: a
model directory to load instead of the engine's default, ``quoth eval --model``). Only
plain records leave this module. An article whose statements cannot be found is logged
and comes out with no statements and ``ArticleResult.error`` saying why; it never stops
the run.
"""

from __future__ import annotations

import importlib
import itertools
import logging
from typing import Callable, Iterable, Iterator, Sequence

from quoth.errors import ModelError, UsageError
from quoth.model import Article, ArticleResult, Statement, article_id

__all__ = ["extract", "process_batch", "extract_text", "ENGINES", "ENGINE_HELP"]

ENGINES = ("hybrid", "fast", "rules", "model")
ENGINE_HELP = ("statement finder: hybrid (default: the trained MiniLM tagger + the rules for "
               "quoth's statement forms, ~0.6x a bare spaCy parse), fast (the rules + the CRF: "
               "~0.9x, less accurate, for bulk runs), model (the MiniLM alone: PolNeAR's wider "
               "reading of attribution), rules (no trained model)")
log = logging.getLogger("quoth.extract")
_warned: set[str] = set()


def extract(
    articles: Iterable[Article], *, engine: str = "hybrid", batch_size: int = 32, model_dir=None
) -> Iterator[ArticleResult]:
    """Stream the statements of ``articles``, one ``ArticleResult`` per article, in order."""
    _check_engine(engine)
    it = iter(articles)
    while True:
        batch = list(itertools.islice(it, max(1, batch_size)))
        if not batch:
            return
        yield from process_batch(batch, engine=engine, model_dir=model_dir)


def process_batch(articles: Sequence[Article], *, engine: str = "hybrid",
                  model_dir=None) -> list[ArticleResult]:
    """Extract one batch (the function every runner calls; pure given its input)."""
    _check_engine(engine)
    from quoth.pipeline import load_nlp

    nlp = load_nlp()
    finder = _finder(engine, model_dir)
    results: list[ArticleResult] = []
    with nlp.memory_zone():
        pairs = ((a.text, a) for a in articles)
        parsed = list(nlp.pipe(pairs, as_tuples=True, batch_size=max(1, len(articles))))
        prepare = getattr(finder, "prepare", None)
        if prepare is not None:
            prepare([doc for doc, _ in parsed])
        for doc, article in parsed:
            statements, error = _find(finder, doc, article)
            results.append(ArticleResult(article, tuple(statements), error))
    return results


def extract_text(text: str, **kw) -> ArticleResult:
    """Statements in one text (tests, the web "try it" box)."""
    engine = kw.pop("engine", "hybrid")
    article = Article(id=article_id(text), text=text, **kw)
    return process_batch([article], engine=engine)[0]


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r} (choose from {', '.join(ENGINES)})")


def _find(finder: Callable, doc, article: Article) -> tuple[list[Statement], str | None]:
    """The article's statements, or none and why (one article must never sink a batch)."""
    try:
        statements = list(finder(doc, article))
    except Exception as exc:
        error = f"statements not extracted: {type(exc).__name__}: {exc}"
        log.warning("%s: %s", article.path or article.id, error)
        return [], error
    return _dated(article, statements), None


def _finder(engine: str, model_dir=None) -> Callable:
    from quoth.pipeline import rules

    if engine == "rules":
        return rules.find_statements
    try:
        tagger = importlib.import_module("quoth.pipeline.tagger")
    except ModuleNotFoundError as exc:
        if exc.name != "quoth.pipeline.tagger":
            raise
        _warn_once(engine, "no trained tagger module yet; using the rules engine")
        return rules.find_statements

    def find(doc, article):
        try:
            return tagger.find_statements(doc, article, engine=engine, model_dir=model_dir)
        except ModelError as exc:
            _warn_once(engine, f"{exc}; using the rules engine")
        except Exception as exc:  # a broken model must not cost the article its statements
            _warn_once(engine, f"trained tagger failed ({type(exc).__name__}: {exc}); "
                               "using the rules engine")
        return rules.find_statements(doc, article)

    def prepare(docs) -> None:  # the batch's Docs tagged together, before find runs on each
        try:
            tagger.tag_batch(docs, engine=engine, model_dir=model_dir)
        except Exception as exc:  # then each Doc is tagged on its own, in find
            _warn_once(engine + ":batch", f"tagging the batch together failed ({type(exc).__name__}: "
                                          f"{exc}); tagging one article at a time")

    find.prepare = prepare
    return find


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        log.warning("%s", message)


def _dated(article: Article, statements: list[Statement]) -> list[Statement]:
    """Fill ``said_on``/``occasion`` with ``quoth.when`` where that module offers it."""
    try:
        when = importlib.import_module("quoth.when")
    except ModuleNotFoundError:
        return statements
    date_statement = getattr(when, "date_statement", None)
    if date_statement is None:
        return statements
    return [date_statement(article.text, s, article.published) for s in statements]
