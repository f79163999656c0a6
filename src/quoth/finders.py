"""An engine's statement finder: statements for one Doc, with their act, dated, failures
caught (found text that is no attribution is left out: ``quoth.resolve.act``).

``statement_finder(engine, model_dir)`` gives a ``StatementFinder`` with ``find(doc,
article) -> (statements, error)`` and ``prepare(docs)`` (tag a batch's Docs together, where
the tagger can). A tagger that cannot load or run falls back to the rules, with one
warning; an article whose statements cannot be found at all gets none and an error saying
why, so one article never sinks a batch.
"""

from __future__ import annotations

import functools
import logging
from typing import Callable

from quoth.engines import ENGINES
from quoth.errors import ModelError, UsageError
from quoth.records import Article, Statement
from quoth.resolve.act import classify
from quoth.resolve.dates import date_statement
from quoth.resolve.speakers import unbound, unsourced
from quoth.rules import finder as rules

__all__ = ["StatementFinder", "statement_finder"]

log = logging.getLogger("quoth.extraction")
_warned: set[str] = set()


class StatementFinder:
    """The statements of one engine, one Doc at a time."""

    def __init__(self, engine: str, model_dir=None) -> None:
        if engine not in ENGINES:
            raise UsageError(f"Unknown engine {engine!r}: choose one of {', '.join(ENGINES)}.")
        self.engine, self.model_dir = engine, model_dir

    def find(self, doc, article: Article) -> tuple[list[Statement], str | None]:
        """The article's statements, or none and why."""
        try:
            statements = list(self._statements(doc, article))
        except Exception as exc:
            # reported once, by whoever consumes the result (quoth.failures)
            log.debug("finder failed on %s", article.path or article.id, exc_info=True)
            return [], f"The statements could not be extracted ({type(exc).__name__}: {exc})"
        return [date_statement(article.text, unbound(unsourced(s, article.text)), article.published)
                for s in classify(doc, statements)], None

    def prepare(self, docs) -> None:
        """Tag the batch's Docs together (then each Doc is tagged on its own, in ``find``)."""
        if self.engine == "rules":
            return
        from quoth.tagger.engine import tag_batch

        try:
            tag_batch(docs, engine=self.engine, model_dir=self.model_dir)
        except Exception as exc:
            _warn_once(self.engine + ":batch", f"Tagging the batch together failed "
                       f"({type(exc).__name__}: {exc}); each article is tagged alone.")

    def _statements(self, doc, article: Article) -> list[Statement]:
        if self.engine == "rules":
            return rules.find_statements(doc, article)
        from quoth.tagger.engine import find_statements

        try:
            return find_statements(doc, article, engine=self.engine, model_dir=self.model_dir)
        except ModelError as exc:
            _warn_once(self.engine, f"{exc} The rules engine is used instead.")
        except Exception as exc:  # a broken model must not cost the article its statements
            _warn_once(self.engine, f"The trained tagger failed ({type(exc).__name__}: "
                                    f"{exc}); the rules engine is used instead.")
        return rules.find_statements(doc, article)


@functools.lru_cache(maxsize=8)
def statement_finder(engine: str, model_dir=None) -> StatementFinder:
    """The finder for ``engine`` (one per process and engine)."""
    return StatementFinder(engine, model_dir)


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        log.warning("%s", message)
