"""Corrections to the speaker registry: ``merge`` and ``split``, inverses of each other.

Both move statements between speakers, then rebuild each side's aliases and titles from the
statements it holds (as ingest records them), so a title stays with its owner; rules make
later ingests agree; the moved statements are clustered again.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from quoth.errors import UsageError
from quoth.records import Span, Speaker
from quoth.resolve.speaker_names import clean_name, joint
from quoth.store.names import normalise, parse_name
from quoth.store.speakers import (
    PRONOUNS, by_key, create, find_speaker, name_like, name_of, remember, speaker_entry,
)

__all__ = ["merge", "split"]


def merge(conn: sqlite3.Connection, keep: int | str, other: int | str) -> dict[str, Any]:
    """Merge speaker ``other`` into ``keep``; store rules so re-ingests agree.

    ``other``'s statements move to ``keep``, and with them their aliases and titles (both
    are rebuilt from the statements a speaker holds, so a ``split`` of the same names
    undoes a merge and a merge undoes a split). The moved statements are clustered again."""
    kid, oid = find_speaker(conn, keep), find_speaker(conn, other)
    if kid == oid:
        raise UsageError(f"{keep!r} and {other!r} are already the same speaker.")
    moving = [r[0] for r in conn.execute("SELECT pk FROM statements WHERE speaker_id = ?", (oid,))]
    conn.execute("BEGIN IMMEDIATE")
    try:
        kname = conn.execute("SELECT name FROM speakers WHERE id = ?", (kid,)).fetchone()[0]
        oname = conn.execute("SELECT name FROM speakers WHERE id = ?", (oid,)).fetchone()[0]
        keys = _keys_of(conn, oid) | _statement_keys(conn, moving)
        conn.execute("UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", (kid, oid))
        conn.execute("UPDATE speaker_rules SET speaker_name = ? WHERE speaker_name = ?",
                     (kname, oname))
        _add_rules(conn, keys, kname, "merge")
        conn.execute("DELETE FROM speakers WHERE id = ?", (oid,))
        _rebuild(conn, kid)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    _recluster(conn, moving)
    return speaker_entry(conn, kid)


def split(conn, speaker: int | str, aliases: list[str], *, name: str | None = None):
    """Move the statements said under ``aliases`` of ``speaker`` to a new speaker (or to
    the existing speaker called ``name``); each side keeps the aliases and titles of the
    statements it holds, rules send those names there on later ingests, and the moved
    statements are clustered again."""
    sid = find_speaker(conn, speaker)
    keys = {normalise(a) for a in aliases if normalise(a)}
    if not keys:
        raise UsageError("A split needs at least one alias.")
    rows = conn.execute("SELECT pk, speaker_key, speaker_mention, speaker_type FROM statements "
                        "WHERE speaker_id = ?", (sid,)).fetchall()
    moved = [r for r in rows if r[1] in keys or normalise(r[2] or "") in keys
             or normalise(clean_name(r[2] or "")) in keys]
    if not moved:
        raise UsageError(f"The speaker {speaker!r} has no statements under {', '.join(aliases)}.")
    target = parse_name(name or aliases[0])
    types = [r[3] for r in moved if r[3]]
    kind = max(set(types), key=types.count) if types else "PERSON"
    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = by_key(conn, target)
        new = existing if existing not in (None, sid) else create(conn, target, kind)
        conn.executemany("UPDATE statements SET speaker_id = ? WHERE pk = ?",
                         [(new, r[0]) for r in moved])
        _add_rules(conn, keys | _statement_keys(conn, [r[0] for r in moved]), target.full, "split")
        _rebuild(conn, sid)
        _rebuild(conn, new)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    _recluster(conn, [r[0] for r in moved])
    return speaker_entry(conn, new)


def _keys_of(conn, sid: int) -> set[str]:
    key = conn.execute("SELECT key FROM speakers WHERE id = ?", (sid,)).fetchone()[0]
    return {key} | {r[0] for r in conn.execute(
        "SELECT key FROM speaker_aliases WHERE speaker_id = ?", (sid,))}


def _statement_keys(conn, pks: list[int]) -> set[str]:
    """The name keys the statements ``pks`` were resolved by (in-article name and mention)."""
    keys: set[str] = set()
    for pk in pks:
        key, mention = conn.execute("SELECT speaker_key, speaker_mention FROM statements "
                                    "WHERE pk = ?", (pk,)).fetchone()
        keys.add(key or "")
        if mention and name_like(mention) and not joint(mention):
            keys.add(normalise(clean_name(mention)))
    return {k for k in keys if k and k not in PRONOUNS}


def _rebuild(conn, sid: int) -> None:
    """A speaker's aliases and titles, recomputed from the statements it holds (as ingest
    records them), so that they follow the statements through merges and splits."""
    row = conn.execute("SELECT name, type FROM speakers WHERE id = ?", (sid,)).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ?", (sid,))
    conn.execute("DELETE FROM speaker_titles WHERE speaker_id = ?", (sid,))
    kind = row[1] or "PERSON"
    for name_, type_, title, mention, start, end in conn.execute(
            "SELECT speaker_name, speaker_type, speaker_title, speaker_mention, "
            "speaker_mention_start, speaker_mention_end FROM statements WHERE speaker_id = ? "
            "ORDER BY pk", (sid,)).fetchall():
        span = Span(start, end, mention) if mention is not None else None
        speaker = Speaker(name_, type_, title, span)
        raw = name_ or mention or ""
        remember(conn, sid, speaker, name_of(raw, speaker, kind), kind)


def _recluster(conn, pks: list[int]) -> None:
    from quoth.store.clusters import reassign

    reassign(conn, pks)


def _add_rules(conn, keys, name: str, action: str) -> None:
    for key in keys:
        if key:
            conn.execute(
                "INSERT INTO speaker_rules(key, speaker_name, action) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET speaker_name = excluded.speaker_name, "
                "action = excluded.action", (key, name, action))
