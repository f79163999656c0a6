"""The internal record the rule finders share, and small Doc helpers.

A ``Candidate`` holds character offsets only (content pieces, cue, source mention);
``quoth.rules.finder`` turns candidates into ``Statement`` records once speakers
are resolved in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from quoth.nlp.tables import doc_text

__all__ = ["Candidate", "Pieces", "doc_text", "tokens_in", "source_of", "trim", "subtree_chars"]

# dependents of a source noun that are not part of the mention ("Putin, who ...")
SOURCE_CUT = {"relcl", "acl", "punct", "advcl", "parataxis"}
TRIM = set(" \t\n,;:-–—\"'“”‘’«»„")


class Pieces:
    """Where a candidate made of ``spans`` (pieces of the text) starts and ends."""

    spans: list[tuple[int, int]]

    @property
    def start(self) -> int:
        return min(s for s, _ in self.spans)

    @property
    def end(self) -> int:
        return max(e for _, e in self.spans)


@dataclass
class Candidate(Pieces):
    """One statement found by a rule, before speaker resolution."""

    kind: str  # direct | indirect | mixed
    spans: list[tuple[int, int]]
    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    confidence: float
    continues: bool = False  # no source in its sentence: continues the previous speaker
    quote_ids: tuple = field(default=())


def tokens_in(doc, start: int, end: int):
    """Tokens lying wholly inside chars [start, end)."""
    if end <= start:
        return []
    span = doc.char_span(start, end, alignment_mode="contract")
    return list(span) if span is not None else []


def subtree_chars(tok, *, cut=frozenset()) -> tuple[int, int]:
    """Char range of ``tok``'s subtree, leaving out children whose dep is in ``cut``."""
    toks = [tok]
    stack = [c for c in tok.children if c.dep_ not in cut]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(t.children)
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t) for t in toks)
    return start, end


def trim(text: str, start: int, end: int, chars=TRIM) -> tuple[int, int]:
    """Shrink [start, end) past surrounding punctuation and whitespace."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def source_of(doc, verb) -> tuple[int, int] | None:
    """The source mention for a cue verb: its subject, or its governor's subject."""
    for _ in range(3):
        for child in verb.children:
            if child.dep_ in ("nsubj", "nsubjpass") and not (
                child.dep_ == "nsubjpass" and child.lower_ in ("it",)
            ):
                if child.dep_ == "nsubjpass":
                    return _agent(verb)
                return _mention(doc, child)
        agent = _agent(verb)
        if agent:
            return agent
        if verb.dep_ in ("advcl", "conj", "xcomp", "acl") and verb.head.i != verb.i:
            verb = verb.head
        else:
            return None
    return None


def _agent(verb) -> tuple[int, int] | None:
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return _mention(obj.doc, obj)
    return None


def _mention(doc, tok) -> tuple[int, int] | None:
    s, e = subtree_chars(tok, cut=SOURCE_CUT)
    text = doc_text(doc)
    s, e = trim(text, s, e)
    if text.count("(", s, e) > text.count(")", s, e) and text[e:e + 1] == ")":
        e += 1  # "Gov. Mike Pence (R-IN)"
    return (s, e) if e > s else None
