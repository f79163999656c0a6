"""Speakers as one entity across articles: resolution on ingest, listing, merge and split.

Resolution of an in-article speaker (``quoth.records.Speaker``), in order:

1. a user rule (``speaker_rules``, written by merge/split) for the name's key wins;
2. a person with given names joins the speaker with the same surname whose given
   names are compatible ("Vladimir Putin" ~ "V. Putin"; "Bill" vs "Hillary"
   Clinton stay apart); a bare-surname speaker met earlier is upgraded to the
   full name;
3. a bare surname ("Putin", "President Putin") joins the same-surname speaker
   sharing its role, else the one with most statements;
4. organisations, places and groups join the speaker with the same name key;
5. otherwise a new speaker is created.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from quoth.errors import NotFoundInStore, UsageError
from quoth.records import Speaker
from quoth.store.names import Name, first_names_compatible, normalise, parse_name
from quoth.store.rows import row_id

__all__ = ["resolve", "find_speaker", "list_speakers", "merge", "split", "speaker_entry"]

PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "that",
            "which", "this", "these", "those", "one", "someone", "some"}
MAX_ALIAS_WORDS = 6


def resolve(conn: sqlite3.Connection, speaker: Speaker) -> tuple[int | None, str | None]:
    """The database speaker id for an in-article speaker (created when new), and its key.

    Only proper names become speakers across articles: a speaker named by a
    common noun phrase ("a source", "the campaign") or a pronoun gets no id.
    """
    raw = speaker.name or (speaker.mention.text if speaker.mention else None)
    if not raw or normalise(raw) in PRONOUNS or not any(c.isupper() for c in raw):
        return None, None
    person = speaker.type in (None, "PERSON")
    name = _person_name(raw, speaker) if person else _other_name(raw)
    if not name.key or not _proper(name.full):
        return None, None
    mention_key = normalise(speaker.mention.text) if speaker.mention else ""
    sid = _by_rule(conn, (mention_key, normalise(raw), name.key))
    if sid is None:
        sid = _person(conn, name) if person else _by_key(conn, name)
    if sid is None:
        sid = _create(conn, name, speaker.type if speaker.type else "PERSON")
    _remember(conn, sid, speaker, name)
    return sid, name.key


def _proper(full: str) -> bool:
    """A proper name: a capital beyond the first word ("Vladimir Putin", not "The
    president"), or a single capitalised word ("Putin")."""
    words = full.split()
    return any(w[:1].isupper() for w in (words[1:] or words))


def _other_name(raw: str) -> Name:
    """An organisation/place/group name without a leading article ("the White House")."""
    words = raw.split()
    if len(words) > 1 and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    full = " ".join(words)
    return Name(full, (), normalise(full), (), None)


def _name_like(text: str) -> bool:
    """A short mention that can be a name: few words, no clause punctuation."""
    return (len(text.split()) <= MAX_ALIAS_WORDS and not any(c in text for c in ",;:()[]\"“”")
            and any(c.isupper() for c in text))


def _person_name(raw: str, speaker: Speaker) -> Name:
    """The in-article name; the mention only completes a bare surname
    ("Clinton" + mention "Former President Bill Clinton" -> "Bill Clinton").

    A name with given names is kept as the extractor wrote it, whatever the mention
    adds ("Jens Stoltenberg" + "NATO Secretary General Jens Stoltenberg" stays "Jens
    Stoltenberg"; the role is recorded as a title from the mention)."""
    name = parse_name(raw)
    mention = speaker.mention.text if speaker.mention else ""
    if name.first or not mention or not _name_like(mention):
        return name
    written = parse_name(mention)
    if written.surname == name.surname and written.first:
        return Name(written.full, written.first, written.surname,
                    tuple(dict.fromkeys(name.titles + written.titles)), written.honorific)
    return name


def _by_rule(conn, keys: tuple[str, ...]) -> int | None:
    row = None
    for key in keys:
        row = row or conn.execute(
            "SELECT speaker_name FROM speaker_rules WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    target = parse_name(row[0])
    found = _by_key(conn, target)
    return found if found is not None else _create(conn, target, "PERSON")


def _by_key(conn, name: Name) -> int | None:
    row = conn.execute(
        "SELECT s.id FROM speakers s WHERE s.key = ? ORDER BY "
        "(SELECT count(*) FROM statements st WHERE st.speaker_id = s.id) DESC, s.id LIMIT 1",
        (name.key,)).fetchone()
    return row[0] if row else None


def _person(conn, name: Name) -> int | None:
    rows = conn.execute(
        "SELECT s.id, s.name, (SELECT count(*) FROM statements st WHERE st.speaker_id = s.id) "
        "FROM speakers s WHERE s.surname = ? AND s.type = 'PERSON' ORDER BY s.id",
        (name.surname,)).fetchall()
    if not rows:
        return None
    if name.first:
        return _full_name_match(conn, name, rows)
    return _bare_surname_match(conn, name, rows)


def _full_name_match(conn, name: Name, rows) -> int | None:
    best = None
    for sid, canonical, count in rows:
        other = parse_name(canonical)
        if other.first and first_names_compatible(name.first, other.first):
            if best is None or count > best[1]:
                best = (sid, count)
    if best:
        return best[0]
    bare = [(sid, count) for sid, canonical, count in rows if not parse_name(canonical).first]
    if not bare:
        return None
    sid = max(bare, key=lambda r: r[1])[0]
    _rename(conn, sid, name.full)  # "Putin" met first, "Vladimir Putin" now: upgrade
    return sid


def _bare_surname_match(conn, name: Name, rows) -> int:
    if name.titles:
        titled = conn.execute(
            "SELECT speaker_id FROM speaker_titles WHERE title = ? AND speaker_id IN "
            f"({','.join('?' * len(rows))}) ORDER BY count DESC LIMIT 1",
            (name.titles[0], *[r[0] for r in rows])).fetchone()
        if titled:
            return titled[0]
    return max(rows, key=lambda r: (r[2], -r[0]))[0]


def _create(conn, name: Name, type_: str) -> int:
    cur = conn.execute("INSERT INTO speakers(name, key, type, surname) VALUES (?, ?, ?, ?)",
                       (name.full, name.key, type_, name.surname if type_ == "PERSON" else None))
    return int(cur.lastrowid)


def _rename(conn, sid: int, full: str) -> None:
    old = conn.execute("SELECT name FROM speakers WHERE id = ?", (sid,)).fetchone()[0]
    conn.execute("UPDATE speakers SET name = ?, key = ? WHERE id = ?", (full, normalise(full), sid))
    conn.execute("UPDATE speaker_rules SET speaker_name = ? WHERE speaker_name = ?", (full, old))


def _remember(conn, sid: int, speaker: Speaker, name: Name) -> None:
    """Record the aliases (name and mention as written) and titles met for ``sid``."""
    forms = {name.full}
    mention = " ".join(speaker.mention.text.split()) if speaker.mention else ""
    if mention and normalise(mention) not in PRONOUNS and _name_like(mention):
        forms.add(mention)
    for form in forms:
        conn.execute(
            "INSERT INTO speaker_aliases(speaker_id, alias, key, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(speaker_id, key) DO UPDATE SET count = count + 1",
            (sid, form, normalise(form)))
    titles = set(name.titles)
    if mention and _name_like(mention):
        titles.update(parse_name(mention).titles)
    if speaker.title:
        titles.add(" ".join(speaker.title.split()))
    for title in titles:
        conn.execute(
            "INSERT INTO speaker_titles(speaker_id, title, count) VALUES (?, ?, 1) "
            "ON CONFLICT(speaker_id, title) DO UPDATE SET count = count + 1", (sid, title))


def find_speaker(conn: sqlite3.Connection, id_or_name: int | str) -> int:
    """A speaker id from an id, canonical name or alias (most statements wins)."""
    rid = row_id(id_or_name)
    if rid is not None:
        row = conn.execute("SELECT id FROM speakers WHERE id = ?", (rid,)).fetchone()
        if row:
            return row[0]
    written = normalise(str(id_or_name))
    keys = dict.fromkeys(k for k in (written, parse_name(str(id_or_name)).key) if k)
    for sql in ("SELECT id FROM speakers s WHERE key = ?",
                "SELECT speaker_id FROM speaker_aliases WHERE key = ?",
                "SELECT id FROM speakers WHERE surname = ? AND instr(?, ' ') = 0"):
        for key in keys:
            ids = [r[0] for r in conn.execute(sql, (key,) * sql.count("?"))]
            if ids:
                return max(ids, key=lambda i: (_count(conn, i), -i))
    raise NotFoundInStore(f"no speaker matching {str(id_or_name)!r}{_did_you_mean(conn, str(id_or_name))}")


def _did_you_mean(conn: sqlite3.Connection, written: str) -> str:
    """``; did you mean 'A' or 'B'?`` from the speakers' names, or ``.``."""
    import difflib

    words = [w for w in normalise(written).split() if len(w) > 2]
    names: list[str] = []
    for word in words[:3]:  # names sharing a word, most statements first
        names += [r[0] for r in conn.execute(
            "SELECT s.name FROM speaker_aliases a JOIN speakers s ON s.id = a.speaker_id "
            "WHERE a.key LIKE ? GROUP BY s.id ORDER BY sum(a.count) DESC LIMIT 20",
            (f"%{word[:4]}%",))]
    close = difflib.get_close_matches(written, dict.fromkeys(names), n=3, cutoff=0.5) or \
        list(dict.fromkeys(names))[:3]
    if not close:
        return "."
    return "; did you mean " + " or ".join(repr(n) for n in close) + "?"


def _count(conn, sid: int) -> int:
    row = conn.execute("SELECT count(*) FROM statements WHERE speaker_id = ? "
                       "AND ifnull(act, '') != 'other'", (sid,)).fetchone()
    return row[0]


def speaker_entry(conn: sqlite3.Connection, sid: int) -> dict[str, Any]:
    """The ``speakers()`` list entry for one speaker id."""
    row = conn.execute("SELECT id, name, type FROM speakers WHERE id = ?", (sid,)).fetchone()
    if row is None:
        raise NotFoundInStore(f"no speaker {sid}")
    titles = [r[0] for r in conn.execute(
        "SELECT title FROM speaker_titles WHERE speaker_id = ? ORDER BY count DESC, title", (sid,))]
    aliases = [r[0] for r in conn.execute(
        "SELECT alias FROM speaker_aliases WHERE speaker_id = ? ORDER BY count DESC, alias",
        (sid,))]
    return {"id": row[0], "name": row[1], "type": row[2], "titles": titles,
            "aliases": aliases, "count": _count(conn, sid)}


def list_speakers(conn, query=None, *, limit=100, offset=0, min_count=1) -> dict[str, Any]:
    """Speakers by statement count (see ``Store.speakers``)."""
    where, params = "", []
    if query and normalise(query):
        like = f"%{normalise(query)}%"
        where = ("WHERE s.key LIKE ? OR s.id IN "
                 "(SELECT speaker_id FROM speaker_aliases WHERE key LIKE ?)")
        params = [like, like]
    base = (f"SELECT s.id, count(st.pk) AS n FROM speakers s LEFT JOIN statements st "
            f"ON st.speaker_id = s.id AND ifnull(st.act, '') != 'other' {where} "
            "GROUP BY s.id HAVING n >= ?")
    total = conn.execute(f"SELECT count(*) FROM ({base})", (*params, min_count)).fetchone()[0]
    rows = conn.execute(f"{base} ORDER BY n DESC, s.id LIMIT ? OFFSET ?",
                        (*params, min_count, max(0, int(limit)), max(0, int(offset)))).fetchall()
    return {"total": total, "speakers": [speaker_entry(conn, r[0]) for r in rows]}


def merge(conn: sqlite3.Connection, keep: int | str, other: int | str) -> dict[str, Any]:
    """Merge speaker ``other`` into ``keep``; store rules so re-ingests agree."""
    kid, oid = find_speaker(conn, keep), find_speaker(conn, other)
    if kid == oid:
        raise UsageError(f"{keep!r} and {other!r} are already the same speaker")
    conn.execute("BEGIN IMMEDIATE")
    try:
        kname = conn.execute("SELECT name FROM speakers WHERE id = ?", (kid,)).fetchone()[0]
        okey, oname = conn.execute("SELECT key, name FROM speakers WHERE id = ?", (oid,)).fetchone()
        keys = {okey} | {r[0] for r in conn.execute(
            "SELECT key FROM speaker_aliases WHERE speaker_id = ?", (oid,))}
        _move_aliases(conn, oid, kid, keys)
        conn.execute("UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", (kid, oid))
        conn.execute("UPDATE speaker_rules SET speaker_name = ? WHERE speaker_name = ?",
                     (kname, oname))
        _add_rules(conn, keys, kname, "merge")
        conn.execute("DELETE FROM speakers WHERE id = ?", (oid,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return speaker_entry(conn, kid)


def _move_aliases(conn, src: int, dst: int, keys: set[str], *, titles: bool = True) -> None:
    for key in keys:
        conn.execute(
            "INSERT INTO speaker_aliases(speaker_id, alias, key, title, count) "
            "SELECT ?, alias, key, title, count FROM speaker_aliases "
            "WHERE speaker_id = ? AND key = ? "
            "ON CONFLICT(speaker_id, key) DO UPDATE SET count = count + excluded.count",
            (dst, src, key))
        conn.execute("DELETE FROM speaker_aliases WHERE speaker_id = ? AND key = ?", (src, key))
    if not titles:
        return
    conn.execute(
        "INSERT INTO speaker_titles(speaker_id, title, count) "
        "SELECT ?, title, count FROM speaker_titles WHERE speaker_id = ? "
        "ON CONFLICT(speaker_id, title) DO UPDATE SET count = count + excluded.count",
        (dst, src))


def _add_rules(conn, keys, name: str, action: str) -> None:
    for key in keys:
        if key:
            conn.execute(
                "INSERT INTO speaker_rules(key, speaker_name, action) VALUES (?, ?, ?) "
                "ON CONFLICT(key) DO UPDATE SET speaker_name = excluded.speaker_name, "
                "action = excluded.action", (key, name, action))


def split(conn, speaker: int | str, aliases: list[str], *, name: str | None = None):
    """Move the statements said under ``aliases`` of ``speaker`` to a new speaker."""
    sid = find_speaker(conn, speaker)
    keys = {normalise(a) for a in aliases if normalise(a)}
    if not keys:
        raise UsageError("split needs at least one alias")
    rows = conn.execute("SELECT pk, speaker_key, speaker_mention FROM statements "
                        "WHERE speaker_id = ?", (sid,)).fetchall()
    moving = [r[0] for r in rows if r[1] in keys or normalise(r[2] or "") in keys]
    if not moving:
        raise UsageError(f"speaker {speaker!r} has no statements under {', '.join(aliases)}")
    target = parse_name(name or aliases[0])
    conn.execute("BEGIN IMMEDIATE")
    try:
        existing = _by_key(conn, target)
        new = existing if existing not in (None, sid) else _create(conn, target, "PERSON")
        conn.executemany("UPDATE statements SET speaker_id = ? WHERE pk = ?",
                         [(new, pk) for pk in moving])
        _move_aliases(conn, sid, new, keys, titles=False)
        _add_rules(conn, keys, target.full, "split")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return speaker_entry(conn, new)
