"""Reporting and cognition cues: the lexicon and matching it on parsed tokens.

The lexicon lives in ``quoth/data/cues.txt`` (one ``LEMMA<TAB>FRAMES`` per line,
see its header): it was built from the cue column of PolNeAR *train*
(``scripts/cue_stats.py``) plus the usual newsroom verbs. ``FRAMES`` says which
content shapes the cue takes: ``c`` clause, ``q`` direct quote, ``x``
to-infinitive, ``o`` noun-phrase object.

``match_cue(token)`` turns a token into a ``Cue`` (token range + frames) when it
heads a cue: a verb in the lexicon (``said``), a verb + particle/preposition
(``pointed out``), a verb + object noun (``expressed hope``), ``be`` + adjective
(``is convinced``) or ``according to``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

__all__ = ["Cue", "load_lexicon", "match_cue", "frames_for", "cue_heads", "EVENT_CUES"]

VERBAL = {"VERB", "AUX"}

# Cue lemmas PolNeAR annotates that quoth does not count as a statement: a plan or a
# discussion is an event reported about someone, not something they said or believe
# ("John Smith plans to visit Kiev", "discussed the bridge with the mayor": the
# non-statement table in tests/test_statement_forms.py). The lexicon leaves them out; the hybrid drops model
# statements whose cue is one of them (``tagger_build``).
EVENT_CUES = frozenset({"plan", "discuss"})


@dataclass(frozen=True)
class Cue:
    """A cue found in a Doc: tokens ``start``..``end`` (exclusive), governed by ``head``."""

    start: int
    end: int
    head: int
    frames: str
    lemma: str


@functools.lru_cache(maxsize=1)
def load_lexicon() -> dict[str, str]:
    """The cue lexicon: lemma (or multiword phrase) -> frames."""
    text = resources.files("quoth").joinpath("data/cues.txt").read_text(encoding="utf-8")
    lex: dict[str, str] = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].rstrip()
        if "\t" in line:
            lemma, frames = line.split("\t", 1)
            lex[lemma.strip().lower()] = frames.strip()
    return lex


@functools.lru_cache(maxsize=1)
def cue_heads() -> frozenset[str]:
    """Lemmas that can head a cue: the lexicon's single words and the first words of its
    phrases (a token whose lemma is not here never matches)."""
    return frozenset(phrase.split()[0] for phrase in load_lexicon())


def frames_for(phrase: str) -> str:
    """The frames of a cue phrase ("" when it is not a cue)."""
    return load_lexicon().get(phrase.lower(), "")


def match_cue(tok) -> Cue | None:
    """The cue headed by spaCy token ``tok``, or None."""
    if tok.lower_ == "according":
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "to":
            return Cue(tok.i, tok.i + 2, tok.i, frames_for("according to"), "according to")
        return None
    if tok.pos_ not in VERBAL and tok.tag_ not in ("VBN", "VBG", "VBD", "VBZ", "VBP", "VB"):
        return None
    return _multiword(tok) or _single(tok)


def _single(tok) -> Cue | None:
    lemma = tok.lemma_.lower()
    frames = frames_for(lemma)
    if not frames or lemma == "be":
        return None
    return Cue(tok.i, tok.i + 1, tok.i, frames, lemma)


def _multiword(tok) -> Cue | None:
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.i <= tok.i or child.i > tok.i + 3:
            continue
        if child.dep_ in ("prt", "prep"):
            phrase = f"{lemma} {child.lower_}"
        elif child.dep_ in ("dobj", "acomp", "ccomp") and child.pos_ in ("NOUN", "ADJ"):
            phrase = f"{lemma} {child.lemma_.lower()}"
        else:
            continue
        frames = frames_for(phrase)
        if frames:
            return Cue(tok.i, child.i + 1, tok.i, frames, phrase)
    return None
