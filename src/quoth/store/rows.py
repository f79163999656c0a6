"""Turning statement rows into the *statement dict* documented in ``quoth.store``."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

__all__ = ["STATEMENT_SELECT", "STATEMENT_FROM", "statement_dict", "about_of", "row_id",
           "SHOWN", "act_condition"]

# the statements default views show (``Statement.shown``): every act but "other" (NULL:
# stored before acts), by a speaker quoth named
SHOWN = "ifnull(s.act, '') != 'other' AND s.speaker_name IS NOT NULL"


def act_condition(act: str | None) -> tuple[str | None, list]:
    """The SQL condition on ``s.act`` for an ``act`` choice, and its parameters:
    None or "statements" -> the default view (``SHOWN``), "all" -> no condition, else
    that one act."""
    from quoth.errors import UsageError
    from quoth.records import ACTS

    if act in (None, "", "statements"):
        return SHOWN, []
    if act == "all":
        return None, []
    if act not in ACTS:
        raise UsageError(f"The act {act!r} is unknown: use one of statements, all, "
                         f"{', '.join(ACTS)}.")
    return "s.act = ?", [act]

STATEMENT_SELECT = """
    s.pk, s.id, s.article_id, s.kind, s.content, s.content_start, s.content_end, s.spans,
    s.cue, s.cue_start, s.cue_end, s.speaker_id, sp.name AS speaker, s.speaker_name,
    s.speaker_mention, s.speaker_mention_start, s.speaker_mention_end, s.speaker_type,
    s.speaker_title, s.confidence, s.said_on, s.occasion, s.cluster_id, s.act,
    a.title, a.outlet, a.published, a.url, a.lang
"""
STATEMENT_FROM = """
    statements s JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""

MAX_ROW_ID = 2**63 - 1  # SQLite's largest INTEGER


def row_id(ref: int | str | None) -> int | None:
    """``ref`` as a row id (an int, or decimal digits SQLite can hold), else None: a name or
    statement id ("²" is a digit to ``str.isdigit`` but no number)."""
    if isinstance(ref, int):
        return ref
    text = str(ref or "").strip()
    if not text.isdecimal():
        return None
    value = int(text)
    return value if value <= MAX_ROW_ID else None


_FIELDS = (
    "id", "article_id", "kind", "content", "content_start", "content_end", "cue", "cue_start",
    "cue_end", "act", "speaker", "speaker_id", "speaker_mention", "speaker_mention_start",
    "speaker_mention_end", "speaker_type", "speaker_title", "confidence", "said_on",
    "occasion", "cluster_id", "title", "outlet", "published", "url", "lang",
)


def statement_dict(conn: sqlite3.Connection, row: sqlite3.Row) -> dict[str, Any]:
    """One statement row (selected with STATEMENT_SELECT) as the public statement dict."""
    d = {k: row[k] for k in _FIELDS}
    d["spans"] = json.loads(row["spans"])
    if d["speaker"] is None:
        d["speaker"] = row["speaker_name"]
    d["about"] = about_of(conn, row["pk"])
    return d


def about_of(conn: sqlite3.Connection, pk: int) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(
        'SELECT text, label, start, "end" FROM statement_about WHERE statement_pk = ? '
        "ORDER BY start", (pk,))]
