"""Dating stored statements again once their article's published date is known.

A statement's ``said_on`` resolves relative times ("yesterday", "on Monday") against the
article's published date; an article stored without one gets only the dates with an
explicit year. When a later ingest fills in ``published`` (``quoth.store.writer``), the
article's statements are dated again here, in the writer's transaction, by the same
functions the extractor uses (``quoth.resolve.dates``, ``quoth.resolve.french_dates``).
"""

from __future__ import annotations

import json
import sqlite3

from quoth.records import Content, Span, Speaker, Statement

__all__ = ["redate_article"]

_ROWS = ("SELECT pk, id, kind, content, content_start, content_end, spans, cue, cue_start,"
         " cue_end, speaker_mention, speaker_mention_start, speaker_mention_end, confidence"
         " FROM statements WHERE article_id = ?")


def redate_article(conn: sqlite3.Connection, aid: str) -> None:
    """Recompute ``said_on`` and ``occasion`` of article ``aid``'s statements from its
    stored text and published date; a value found before is kept when none is found now."""
    text, published, lang = conn.execute(
        "SELECT text, published, lang FROM articles WHERE id = ?", (aid,)).fetchone()
    date_statement = _dater(lang)
    for row in conn.execute(_ROWS, (aid,)).fetchall():
        dated = date_statement(text, _statement(row), published)
        conn.execute("UPDATE statements SET said_on = coalesce(?, said_on),"
                     " occasion = coalesce(?, occasion) WHERE pk = ?",
                     (dated.said_on, dated.occasion, row[0]))


def _dater(lang: str | None):
    """The extractor's dating function for the article's language."""
    if lang == "fr":
        from quoth.resolve.french_dates import date_statement
    else:
        from quoth.resolve.dates import date_statement
    return date_statement


def _statement(row) -> Statement:
    """The parts of a stored statement that dating reads: content spans, cue, mention."""
    (_, sid, kind, content, start, end, spans, cue, cue_start, cue_end,
     mention, mention_start, mention_end, confidence) = row
    spans = tuple(tuple(s) for s in json.loads(spans)) or ((start, end),)
    return Statement(
        id=sid, kind=kind, content=Content(start, end, content, spans),
        cue=Span(cue_start, cue_end, cue) if cue_start is not None else None,
        speaker=Speaker(mention=Span(mention_start, mention_end, mention)
                        if mention_start is not None else None),
        confidence=confidence)
