"""One rule for every input quoth cannot use, on every path (extract, ingest, Parquet
output, eval, the web "try it" box, local and Dask workers):

- the article or record is reported once, as ``quoth: skipped WHERE: REASON`` where
  WHERE is its file, with the line or record inside the file when there is one;
- it is counted, by reason, in the command's closing summary;
- the run goes on with the next one.

A file or record that cannot be read arrives as an ``InputError`` (``quoth.errors``)
from the readers; an article the extractor failed on arrives as an ``ArticleResult``
whose ``error`` says why, and becomes an ``ExtractionError`` here. ``Failures`` is the
``on_error`` callback every command hands to the library, and the counter its
summary reads.
"""

from __future__ import annotations

import sys
from collections import Counter
from typing import Callable

from quoth.errors import ExtractionError, InputError
from quoth.records import Article, ArticleResult

__all__ = ["Failures", "where", "reason_of", "extraction_error"]

REASONS = {
    "RecordError": "bad record", "EmptyInputError": "empty", "DecodeError": "undecodable",
    "BinaryInputError": "not text", "NotFoundError": "not found",
    "ExtractionError": "extraction failed",
}


def where(article: Article) -> str:
    """The file an article came from, and where inside it: ``dump.jsonl (line 12)``."""
    place = article.path or article.id
    return f"{place} ({article.source})" if article.source else place


def reason_of(error: InputError) -> str:
    """The short reason a summary counts ``error`` under (``empty``, ``bad record``, ...)."""
    return REASONS.get(type(error).__name__, "unreadable")


def extraction_error(result: ArticleResult) -> ExtractionError | None:
    """The failure an ``ArticleResult`` carries, as an ``InputError``; None when it ran."""
    if result.error is None:
        return None
    return ExtractionError(where(result.article), result.error)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Failures:
    """Reports each failure once (``write``: a line on stderr by default) and counts it.

    Call it with an ``InputError`` (the ``on_error`` callback of the readers, runners and
    ``ingest``); ``check(result)`` does the same for a result the extractor failed on and
    says whether it failed.
    """

    def __init__(self, write: Callable[[str], None] = _stderr) -> None:
        self.write = write
        self.reasons: Counter = Counter()

    def __call__(self, error: InputError) -> None:
        self.reasons[reason_of(error)] += 1
        self.write(f"quoth: skipped {error}")

    def check(self, result: ArticleResult) -> bool:
        error = extraction_error(result)
        if error is not None:
            self(error)
        return error is not None

    @property
    def count(self) -> int:
        return sum(self.reasons.values())

    def __str__(self) -> str:
        """``3 skipped (empty 1, extraction failed 2)``, or ``0 skipped``."""
        why = ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items()))
        return f"{self.count} skipped" + (f" ({why})" if why else "")
