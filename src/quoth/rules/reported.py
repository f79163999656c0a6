"""Reported (indirect) speech from the dependency parse.

``find_reported(doc, quotes, skip)`` yields a ``Candidate`` for each cue whose
content can be read off the parse:

- a clause complement: ``Putin said that Russia ...`` (content keeps "that", as
  PolNeAR does), ``Putin expressed hope that ...``, ``Putin called it symbolic
  that ...``;
- content before the cue: ``Kiev ignores ..., Putin said.``;
- a to-infinitive for intention cues: ``Putin wants to ...``;
- a noun-phrase object for cues like ``cited``: ``Putin cited Iraq ... as examples``;
- ``according to X``: the clause it hangs on is the content, X the source;
- ``..., Putin said, adding that ...``: the second cue inherits the subject.

Cues inside a direct quote are skipped (a nested attribution stays part of its
statement). Content holding a quote fragment makes the candidate ``mixed``.
"""

from __future__ import annotations

import functools
from typing import Iterator

from quoth.rules.candidate import Candidate, doc_text, source_of, subtree_chars, trim
from quoth.rules.cues import Cue, cue_heads, match_cue
from quoth.nlp.tables import token_table
from quoth.rules.quotes import Quote

__all__ = ["find_reported"]

CLAUSE_DEPS = ("ccomp",)
RAISING = {"seem", "appear"}
MIN_WORDS = 2


def find_reported(doc, quotes: list[Quote], skip: set[int]) -> Iterator[Candidate]:
    """Indirect candidates for cues not already used (token indices in ``skip``)."""
    table = token_table(doc)
    inside = _inside_quotes(table.idx, quotes)
    heads = _possible_heads()
    for i, lemma in enumerate(table.lemma):
        if i in skip or i in inside or (lemma not in heads and table.lower[i] != "according"):
            continue  # no cue, no raising verb: nothing to find here
        tok = doc[i]
        cue = match_cue(tok)
        cand = (_candidate(doc, cue) if cue is not None else None) or _raising(doc, tok)
        if cand is not None:
            yield cand


@functools.lru_cache(maxsize=1)
def _possible_heads() -> frozenset[str]:
    """Lemmas of the tokens worth a look: cue heads and the raising verbs of ``_raising``."""
    return cue_heads() | RAISING | {"expect"}


def _inside_quotes(starts: list[int], quotes: list[Quote]) -> set[int]:
    """Indices of the tokens (by their start chars, ``starts``) inside a quote."""
    out: set[int] = set()
    j = 0
    for i, idx in enumerate(starts):
        while j < len(quotes) and quotes[j].end <= idx:
            j += 1
        if j < len(quotes) and quotes[j].start <= idx < quotes[j].end:
            out.add(i)
    return out


def _candidate(doc, cue: Cue) -> Candidate | None:
    head = doc[cue.head]
    if cue.lemma == "according to":
        return _according(doc, cue)
    content = _content(doc, cue, head)
    if content is None:
        return None
    cue_chars = (doc[cue.start].idx, doc[cue.end - 1].idx + len(doc[cue.end - 1]))
    if _asked_of_someone(head):  # "Asked whether he would run, ...": nobody is the source
        return Candidate("indirect", [content], cue_chars, None, 0.5)
    source = source_of(doc, head)
    if source is None or _overlaps(source, content):
        return None
    return Candidate("indirect", [content], cue_chars, source, 0.7)


def _asked_of_someone(head) -> bool:
    return head.lemma_.lower() == "ask" and head.tag_ == "VBN" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "agent") for c in head.children)


def _content(doc, cue: Cue, head) -> tuple[int, int] | None:
    frames = cue.frames
    for child in _complement_holders(doc, cue, head):
        if "c" in frames and child.i > head.i and (
            child.dep_ in CLAUSE_DEPS or (child.dep_ == "acl" and _has_that(child))
        ):
            return _span(doc, child)
        if "x" in frames and child.dep_ == "xcomp" and child.i > head.i and _has_to(child):
            return _span(doc, child)
    if "c" in frames and "q" in frames:
        before = _content_before(doc, head) or _after_colon(doc, head)
        if before:
            return before
    if "o" in frames or ("n" in frames and _names_something(head)):
        return _object(doc, head, cue)
    return None


def _complement_holders(doc, cue: Cue, head):
    """Children of the cue head, then of the cue's other words (``hope`` in ``expressed hope``,
    ``symbolic`` in ``called it symbolic that``)."""
    yield from head.children
    for i in range(cue.start, cue.end):
        if i != head.i:
            yield from doc[i].children
    for child in head.children:
        if child.dep_ in ("oprd", "acomp", "dobj") and child.pos_ == "ADJ":
            yield from child.children


def _has_that(tok) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


def _has_to(tok) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _span(doc, tok) -> tuple[int, int] | None:
    text = doc_text(doc)
    s, e = trim(text, *subtree_chars(tok))
    words = text[s:e].split()
    return (s, e) if len(words) >= MIN_WORDS else None


def _content_before(doc, head) -> tuple[int, int] | None:
    """``Kiev ignores ..., Putin said.``: a clause before the cue, as ccomp child or as governor."""
    for child in head.children:
        if child.dep_ in ("ccomp", "parataxis") and child.i < head.i:
            return _span(doc, child)
    if head.dep_ in ("parataxis", "ccomp") and head.head.i < head.i:
        gov = head.head
        left = subtree_chars(head)[0]
        text = doc_text(doc)
        s, e = trim(text, gov.left_edge.idx, left)
        if len(text[s:e].split()) >= MIN_WORDS:
            return s, e
    return None


def _names_something(head) -> bool:
    """``called the system "rotten"``: an object followed by what it is called."""
    deps = [c.dep_ for c in head.children if c.i > head.i]
    return "dobj" in deps and (deps.count("dobj") > 1 or bool(
        {"oprd", "xcomp", "ccomp", "attr"} & set(deps)))


def _object(doc, head, cue: Cue | None = None) -> tuple[int, int] | None:
    """``cited Iraq, Libya as examples`` / ``pointed to the polls``: the object and
    the complement that follows it."""
    last = doc[cue.end - 1] if cue is not None else head
    objs = [c for c in last.children if c.dep_ == "pobj"] if last.i != head.i else []
    objs = objs or [c for c in head.children if c.dep_ == "dobj" and c.i > head.i]
    if not objs:
        return None
    obj = objs[0]
    start, end = subtree_chars(obj)
    for c in head.children:  # what follows the object in the same clause ("for ...", "as ...")
        if c.i > obj.i and c.dep_ not in ("punct", "cc", "conj", "parataxis", "ccomp"):
            end = max(end, subtree_chars(c)[1])
    text = doc_text(doc)
    s, e = trim(text, start, end)
    return (s, e) if len(text[s:e].split()) >= 1 else None


def _according(doc, cue: Cue) -> Candidate | None:
    """``X, according to Y.``: the clause is the content, Y the source."""
    to = doc[cue.end - 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    if not objs:
        return None
    text = doc_text(doc)
    source = trim(text, *subtree_chars(objs[0]))
    sent = doc[cue.start].sent
    phrase = (doc[cue.start].idx, source[1])
    parts = [trim(text, sent.start_char, phrase[0]), trim(text, phrase[1], sent.end_char)]
    parts = [p for p in parts if len(text[p[0]:p[1]].split()) >= MIN_WORDS]
    if not parts:
        return None
    cue_chars = (doc[cue.start].idx, to.idx + len(to))
    return Candidate("indirect", parts, cue_chars, source, 0.75)


def _after_colon(doc, head) -> tuple[int, int] | None:
    """``Trump said: we will win``: unquoted content after a colon ending the frame."""
    nxt = [t for t in doc[head.i + 1:head.sent.end] if t.text == ":"]
    if not nxt or nxt[0].i - head.i > 4:
        return None
    colon = nxt[0]
    end = head.sent.end_char
    if colon.i + 1 < len(doc) and doc[colon.i + 1].sent.start != head.sent.start:
        end = doc[colon.i + 1].sent.end_char  # the parser split the sentence at the colon
    return _trimmed(doc, colon.idx + 1, end)


def _trimmed(doc, start: int, end: int, min_words: int = MIN_WORDS) -> tuple[int, int] | None:
    text = doc_text(doc)
    nl = text.find("\n", start, end)
    s, e = trim(text, start, end if nl < 0 else nl)
    return (s, e) if len(text[s:e].split()) >= min_words else None


def _raising(doc, tok) -> Candidate | None:
    """Sourceless attributions: ``Manafort seemed to be part of it``, ``X is expected to win``
    (the content is the subject and the complement; the cue sits between them)."""
    lemma = tok.lemma_.lower()
    passive = lemma == "expect" and any(c.dep_ == "auxpass" for c in tok.children)
    if lemma not in RAISING and not passive:
        return None
    subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
    comp = [c for c in tok.children if c.dep_ == "xcomp" and c.i > tok.i]
    if not subj or not comp or subj[0].lower_ in ("it", "there") or any(
            c.dep_ == "agent" for c in tok.children):
        return None
    cue_start = min([tok.idx] + [c.idx for c in tok.children if c.dep_ in ("auxpass", "aux") and c.i < tok.i])
    first = _trimmed(doc, subtree_chars(subj[0])[0], cue_start, 1)
    second = _trimmed(doc, *subtree_chars(comp[0]))
    if first is None or second is None:
        return None
    return Candidate("indirect", [first, second], (cue_start, tok.idx + len(tok)), None, 0.5)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
