"""Speakers as one entity across articles: resolution on ingest, listing, merge and split.

Resolution of an in-article speaker (``quoth.records.Speaker``), in order:

0. only names become speakers: a pronoun, a common noun's phrase ("authorities", "A House
   panel"), a fragment or a description gets no id; an outlet, website or company is ORG
   whatever the NER said (``quoth.resolve.speaker_names``);
1. a user rule (``speaker_rules``, written by merge/split) for the name's key wins;
2. a person with given names joins the speaker with the same surname whose given
   names, suffix ("Jr.") and honorific gender (Mr./Mrs.) agree ("Vladimir Putin" ~
   "V. Putin"; "Bill" vs "Hillary" Clinton stay apart); a bare-surname speaker met
   earlier is upgraded to the full name when no other full name shares the surname;
3. a bare surname ("Putin", "President Putin") joins the only same-surname person, or the
   one holding the mention's role; with several and no role to tell them apart it gets no
   id (a wrong join is worse than a missed one);
4. organisations, places and groups join the speaker with the same name key; a joint
   speaker ("Elijah Cummings and John Conyers", GROUP) is one speaker naming both;
5. otherwise a new speaker is created.

Aliases are the mentions that name the entity (no pronoun, role noun or pair); titles are a
person's roles (``clean_title``). Both are rebuilt from the statements a speaker holds after
a merge or split, so the two are inverses and a title stays with its owner.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from quoth.errors import NotFoundInStore
from quoth.nlp.lexicon import GROUP_NOUNS
from quoth.records import Speaker
from quoth.resolve.speaker_names import (
    clean_name, clean_title, is_outlet, joint, person_name, proper_name,
)
from quoth.store.names import Name, first_names_compatible, normalise, parse_name
from quoth.store.rows import row_id

__all__ = ["resolve", "find_speaker", "list_speakers", "speaker_entry", "remember", "name_of",
           "by_key", "create", "name_like", "PRONOUNS"]

PRONOUNS = {"he", "she", "they", "it", "i", "we", "you", "him", "her", "them", "who", "that",
            "which", "this", "these", "those", "one", "someone", "some", "his", "hers", "its",
            "their", "our", "my", "your", "whom", "whose", "everyone", "anyone", "nobody"}
MAX_ALIAS_WORDS = 6


def resolve(conn: sqlite3.Connection, speaker: Speaker) -> tuple[int | None, str | None]:
    """The database speaker id for an in-article speaker (created when new), and its key.

    Only names become speakers across articles: a speaker the extractor left unnamed (it
    was unsure who it is; its mention may still read "New Poll" or "he"), or one named by a common noun phrase
    ("a source", "the campaign", "Authorities", "A House panel"), a pronoun or a fragment
    ("46 percent", "The") gets no id. An outlet, website or company is an ORG whatever
    the NER said. A joint speaker ("Elijah Cummings and John Conyers", type GROUP) is one
    speaker naming both people, never an alias of either.
    """
    raw = speaker.name  # no name: the extractor could not, or would not, say who it is
    if not raw or normalise(raw) in PRONOUNS or not any(c.isupper() for c in raw):
        return None, None
    kind = speaker.type or "PERSON"
    if kind == "PERSON" and is_outlet(_other_name(raw).full):
        kind = "ORG"
    person = kind == "PERSON"
    if not person and _common_phrase(raw):
        return None, None
    name = _person_name(raw, speaker) if person else _other_name(raw)
    if not name.key or not _proper(name.full, kind):
        return None, None
    mention_key = normalise(speaker.mention.text) if speaker.mention else ""
    sid = _by_rule(conn, (mention_key, normalise(raw), name.key))
    if sid is None:
        sid = (_person(conn, name, _mention_honorific(speaker)) if person
               else by_key(conn, name) or _by_alias(conn, name, kind))
    if sid is None and person and not name.first and _surname_taken(conn, name):
        return None, None  # a bare surname that several people share: not guessed
    if sid is None:
        sid = create(conn, name, kind)
    remember(conn, sid, speaker, name, kind)
    return sid, name.key


def _proper(full: str, kind: str) -> bool:
    """A name that may stand for one entity across articles (``speaker_names``)."""
    if kind == "PERSON":
        return person_name(full)
    if kind == "GROUP":
        if joint(full):
            return all(person_name(p) or proper_name(p) for p in _JOINT.split(full))
        words = full.split()  # "Republicans", "Senate Democrats"; not "Authorities"
        if len(words) == 1:  # capitalised maybe only by a sentence start: people or a party
            low = full.lower()
            return (bool(_PEOPLE.search(full)) and low not in _COMMON_GROUPS | _TRADES) or (
                low in _PARTIES)
        return (proper_name(full) and words[-1][:1].isupper()
                and words[-1].lower() not in _COMMON_GROUPS)
    return proper_name(full) and full.lower() not in _COMMON_GROUPS


# a people ("Mexicans", "Europeans", "Israelis", "Chinese") or a party's members
_PEOPLE = re.compile(r"^[A-Z][a-z]+(?:ans|ians|eans|is|ese|ish)$")
_TRADES = frozenset({"politicians", "physicians", "musicians", "technicians", "veterans",
                     "librarians", "historians", "comedians", "guardians", "pedestrians",
                     "civilians", "statisticians", "electricians", "partisans", "veterinarians",
                     "academics", "analysts"})
_PARTIES = frozenset({"democrats", "republicans", "conservatives", "liberals", "progressives",
                      "libertarians", "independents", "tories", "greens", "socialists"})
# plural common nouns that a sentence start capitalises ("Authorities said"); parties stay
_COMMON_GROUPS = (GROUP_NOUNS - {"democrats", "republicans"}) | {
    "police", "demonstrators", "citizens", "protesters", "officers", "staff", "students",
    "parents", "workers", "families", "prosecutors", "lawyers", "doctors", "polls", "poll",
    "numbers", "figures", "data", "documents", "records", "reports"}


_JOINT = re.compile(r"\s*(?:,|\band\b|&)\s*")
_QUANTIFIERS = frozenset({"the", "a", "an", "some", "many", "most", "several", "all", "both",
                          "few", "other", "two", "three", "four", "five", "top", "senior"})


def _other_name(raw: str) -> Name:
    """An organisation/place/group name without a leading article or quantifier ("the
    White House", "Many Democrats") or its boundary noise ("Say Mexico")."""
    words = clean_name(raw).split() or raw.split()
    while len(words) > 1 and words[0].lower() in _QUANTIFIERS:
        words = words[1:]
    full = " ".join(words)
    return Name(full, (), normalise(full), (), None)


def _common_phrase(raw: str) -> bool:
    """A common noun's phrase that names something in passing ("mining companies, including
    Patriot", "regulators and advisers to Patriot"): no organisation's or group's name."""
    words = [w for w in raw.split() if w.lower() not in _QUANTIFIERS]
    return bool(words) and words[0][:1].islower()


def _mention_honorific(speaker: Speaker) -> str | None:
    """"m" / "f" where the mention carries Mr. / Mrs. / Ms. ("Mrs. Clinton")."""
    return parse_name(speaker.mention.text).honorific if speaker.mention else None


def name_like(text: str) -> bool:
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
    if name.first or not mention or not name_like(mention) or joint(mention):
        return name
    written = parse_name(mention)
    if written.surname == name.surname and written.first and person_name(written.full):
        return Name(written.full, written.first, written.surname,
                    tuple(dict.fromkeys(name.titles + written.titles)), written.honorific,
                    written.suffix)
    return name


def _by_rule(conn, keys: tuple[str, ...]) -> int | None:
    row = None
    for key in keys:
        row = row or conn.execute(
            "SELECT speaker_name FROM speaker_rules WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    target = parse_name(row[0])
    found = by_key(conn, target)
    return found if found is not None else create(conn, target, "PERSON")


def _by_alias(conn, name: Name, kind: str) -> int | None:
    """The one organisation or place already known under this short form ("the Security
    Council" met as an alias of the United Nations Security Council); None if several."""
    rows = conn.execute(
        "SELECT DISTINCT a.speaker_id FROM speaker_aliases a JOIN speakers s ON s.id = "
        "a.speaker_id WHERE a.key = ? AND s.type = ?", (name.key, kind)).fetchall()
    return rows[0][0] if len(rows) == 1 else None


def by_key(conn, name: Name) -> int | None:
    row = conn.execute(
        "SELECT s.id FROM speakers s WHERE s.key = ? ORDER BY "
        "(SELECT count(*) FROM statements st WHERE st.speaker_id = s.id) DESC, s.id LIMIT 1",
        (name.key,)).fetchone()
    return row[0] if row else None


def _person(conn, name: Name, honorific: str | None = None) -> int | None:
    """The same-surname person this name stands for: given names, suffix ("Jr.") and
    honorific gender (Mrs. is not a man known as Mr.) must agree."""
    rows = conn.execute(
        "SELECT s.id, s.name, (SELECT count(*) FROM statements st WHERE st.speaker_id = s.id) "
        "FROM speakers s WHERE s.surname = ? AND s.type = 'PERSON' ORDER BY s.id",
        (name.surname,)).fetchall()
    gender = honorific or name.honorific
    rows = [r for r in rows if parse_name(r[1]).suffix == name.suffix
            and _gender_fits(conn, r[0], gender)]
    if not rows:
        return None
    if name.first:
        return _full_name_match(conn, name, rows, gender)
    return _bare_surname_match(conn, name, rows)


def _gender_fits(conn, sid: int, gender: str | None) -> bool:
    """No alias of ``sid`` carries an honorific of the other gender."""
    if gender is None:
        return True
    aliases = [r[0] for r in conn.execute(
        "SELECT alias FROM speaker_aliases WHERE speaker_id = ?", (sid,))]
    return all(parse_name(a).honorific in (None, gender) for a in aliases)


def _full_name_match(conn, name: Name, rows, gender: str | None) -> int | None:
    best = None
    for sid, canonical, count in rows:
        other = parse_name(canonical)
        if other.first and first_names_compatible(name.first, other.first):
            if best is None or count > best[1]:
                best = (sid, count)
    if best:
        return best[0]
    bare = [(sid, count) for sid, canonical, count in rows if not parse_name(canonical).first]
    full = [sid for sid, canonical, _ in rows if parse_name(canonical).first]
    if not bare or full:  # "Clinton" met beside a Bill and now a Hillary: not upgraded
        return None
    sid = max(bare, key=lambda r: r[1])[0]
    _rename(conn, sid, name.full)  # "Putin" met first, "Vladimir Putin" now: upgrade
    return sid


def _bare_surname_match(conn, name: Name, rows) -> int | None:
    """A bare surname joins a person only when one fits: the only same-surname person with
    given names, else the one sharing the mention's role, else a bare-surname speaker."""
    full = [r for r in rows if parse_name(r[1]).first]
    if len(full) > 1 and name.titles:
        titled = conn.execute(
            "SELECT DISTINCT speaker_id FROM speaker_titles WHERE title = ? AND speaker_id IN "
            f"({','.join('?' * len(full))})", (name.titles[0], *[r[0] for r in full])).fetchall()
        if len(titled) == 1:
            return titled[0][0]
    if len(full) == 1:
        return full[0][0]
    if full:
        return None
    return max(rows, key=lambda r: (r[2], -r[0]))[0]


def _surname_taken(conn, name: Name) -> bool:
    """Several people share this surname: a bare surname cannot say which."""
    n = conn.execute("SELECT count(*) FROM speakers WHERE surname = ? AND type = 'PERSON'",
                     (name.surname,)).fetchone()[0]
    return n > 1


def create(conn, name: Name, type_: str) -> int:
    cur = conn.execute("INSERT INTO speakers(name, key, type, surname) VALUES (?, ?, ?, ?)",
                       (name.full, name.key, type_, name.surname if type_ == "PERSON" else None))
    return int(cur.lastrowid)


def _rename(conn, sid: int, full: str) -> None:
    old = conn.execute("SELECT name FROM speakers WHERE id = ?", (sid,)).fetchone()[0]
    conn.execute("UPDATE speakers SET name = ?, key = ? WHERE id = ?", (full, normalise(full), sid))
    conn.execute("UPDATE speaker_rules SET speaker_name = ? WHERE speaker_name = ?", (full, old))


def remember(conn, sid: int, speaker: Speaker, name: Name, kind: str = "PERSON") -> None:
    """Record the aliases (name and mention as written) and, for a person, the titles met
    for ``sid``. A mention is an alias only when it names this entity (``_alias``); a
    pronoun, a role noun ("The company", "the CNN host") or a pair is none."""
    forms = {name.full}
    alias = _alias(speaker, name, kind)
    if alias:
        forms.add(alias)
    for form in forms:
        conn.execute(
            "INSERT INTO speaker_aliases(speaker_id, alias, key, count) VALUES (?, ?, ?, 1) "
            "ON CONFLICT(speaker_id, key) DO UPDATE SET count = count + 1",
            (sid, form, normalise(form)))
    for title in _titles(speaker, name, kind):
        conn.execute(
            "INSERT INTO speaker_titles(speaker_id, title, count) VALUES (?, ?, 1) "
            "ON CONFLICT(speaker_id, title) DO UPDATE SET count = count + 1", (sid, title))


def name_of(raw: str, speaker: Speaker, kind: str) -> Name:
    """The cross-article name of an in-article speaker of type ``kind``."""
    return _person_name(raw, speaker) if kind == "PERSON" else _other_name(raw)


def _alias(speaker: Speaker, name: Name, kind: str) -> str | None:
    """The mention as written, cleaned of noise, when it names the entity itself: a person's
    mention must carry the surname (and fit the given names); an organisation's must share
    a word with the name or be its initials ("the Post", "The IMF")."""
    mention = clean_name(" ".join(speaker.mention.text.split())) if speaker.mention else ""
    if (not mention or normalise(mention) in PRONOUNS or not name_like(mention)
            or joint(mention) or normalise(mention) == name.key):
        return None
    if kind == "PERSON":
        written = parse_name(mention)
        fits = (written.surname == name.surname and person_name(written.full)
                and first_names_compatible(written.first, name.first)
                and written.suffix in ("", name.suffix))
        return mention if fits else None
    words, key = set(normalise(mention).split()) - {"the", "a", "an"}, name.key.split()
    initials = "".join(w[0] for w in key if w not in ("of", "for", "and", "the", "on"))
    capital = all(w[:1].isupper() for w in mention.split() if w.lower() not in ("the", "a", "an"))
    if capital and words and (words <= set(key) or words == {initials}):
        return mention
    return None


def _titles(speaker: Speaker, name: Name, kind: str) -> set[str]:
    """A person's roles from the name, the mention and the extractor's title, cleaned
    (``clean_title``); other speakers have none."""
    if kind != "PERSON":
        return set()
    titles = set(name.titles)
    mention = speaker.mention.text if speaker.mention else ""
    if mention and name_like(mention) and not joint(mention):
        titles.update(parse_name(mention).titles)
    if speaker.title:
        titles.add(clean_title(speaker.title) or "")
    return {t for t in titles if t}


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
    name = str(id_or_name)
    raise NotFoundInStore(f"No speaker matches {name!r}{_did_you_mean(conn, name)}")


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
