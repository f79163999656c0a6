"""Direct quotes: attach each quoted passage to its cue and source.

``find_direct(doc, quotes, claimed)`` yields ``Candidate`` records (char offsets)
for quotes whose sentence frame names a cue: the speaker before
(``Putin said: "X"``), after (``"X," Putin said``) or in the middle
(``"X," he said, "Y."`` -> one candidate with two content spans). Quotes inside
a that-clause (``Putin believes that Macron "will have a hard time"``) are left
for ``quoth.rules.reported`` (they are mixed statements).
"""

from __future__ import annotations

from typing import Iterator

from quoth.rules.candidate import (
    SOURCE_CUT, Candidate, doc_text, source_of, subtree_chars, tokens_in, trim,
)
from quoth.rules.cues import Cue, match_cue
from quoth.rules.quotes import Quote

__all__ = ["find_direct", "frame_windows"]

MAX_AFTER = 30  # tokens between a quote's end and its cue ("X," the Russian president said)
SENT_END = {".", "!", "?"}


def find_direct(doc, quotes: list[Quote]) -> Iterator[Candidate]:
    """Candidates for quotes attributed in their own sentence frame."""
    used: set[int] = set()
    for i, q in enumerate(quotes):
        if i in used:
            continue
        found = _attribute(doc, quotes, i)
        if found is None:
            continue
        cue, side, before, after = found
        used.add(i)
        spans, kind = [(q.start, q.end)], "direct"
        lead = _lead_in(doc, before) if side == "after" else None
        if lead is not None:  # `The policy is, "in this case, X," Putin noted.`
            spans, kind = [(lead, q.end)], "mixed"
        nxt = _middle_continuation(doc, quotes, i) if side == "after" else None
        if nxt is not None:
            spans.append((quotes[nxt].start, quotes[nxt].end))
            used.add(nxt)
        src = _source(doc, cue, side, q, before, after)
        conf = (0.9 if src else 0.6) - (0.1 if kind == "mixed" else 0.0)
        ids = (i,) if nxt is None else (i, nxt)
        yield Candidate(kind, spans, _cue_chars(doc, cue), src, conf, quote_ids=ids)


def _lead_in(doc, before: list) -> int | None:
    """Start of a content that runs into the quote from the same sentence (>= 3 words)."""
    words = [t for t in before if not t.is_punct]
    if len(words) < 3 or before[-1].text == ":":
        return None
    return words[0].idx


def _source(doc, cue: Cue, side: str, q: Quote, before: list, after: list):
    """The cue's subject; else the words between quote and cue (``"X," Gene Sperling,
    an adviser, said``) or the noun phrase after an inverted cue (``added a Democrat``)."""
    src = source_of(doc, doc[cue.head])
    if src and not (src[0] < q.end and q.start < src[1]):
        return src
    if side == "after":
        between = [t for t in after if t.i < cue.start]
        if any(not t.is_punct for t in between):
            return trim(doc_text(doc), between[0].idx, between[-1].idx + len(between[-1]))
        return _inverted_subject(doc, cue, after)
    return None


def _inverted_subject(doc, cue: Cue, after: list):
    rest = [t for t in after if t.i >= cue.end]
    for t in rest:
        if t.pos_ in ("PROPN", "NOUN", "PRON") and t.head.i == cue.head:
            s, e = subtree_chars(t, cut=SOURCE_CUT)
            return trim(doc_text(doc), s, min(e, rest[-1].idx + len(rest[-1])))
    return None


def _cue_chars(doc, cue: Cue) -> tuple[int, int]:
    return doc[cue.start].idx, doc[cue.end - 1].idx + len(doc[cue.end - 1])


def frame_windows(doc, quotes: list[Quote], i: int) -> tuple[list, list]:
    """Tokens before and after quote ``i`` in its sentence frame (outside all quotes)."""
    q = quotes[i]
    text = doc_text(doc)
    lo = quotes[i - 1].end if i > 0 else 0
    hi = quotes[i + 1].start if i + 1 < len(quotes) else len(text)
    par_lo = text.rfind("\n", 0, q.start) + 1
    par_hi = text.find("\n", q.end)
    lo, hi = max(lo, par_lo), min(hi, len(text) if par_hi < 0 else par_hi)
    before = [t for t in tokens_in(doc, lo, q.start)]
    cut = max((k for k, t in enumerate(before) if t.text in SENT_END), default=-1)
    before = before[cut + 1:]
    after = []
    for t in tokens_in(doc, q.end, hi):
        if t.text in SENT_END:
            break
        after.append(t)
    return before, after


def _attribute(doc, quotes: list[Quote], i: int):
    """(cue, side, before, after) for quote ``i``, or None."""
    before, after = frame_windows(doc, quotes, i)
    q = quotes[i]
    for t in after[:MAX_AFTER]:
        cue = match_cue(t) if t.tag_ not in ("VBG", "VBN") else None  # not `, saying that`
        if cue and "q" in cue.frames and _after_ok(after, t):
            return cue, "after", before, after
    for t in reversed(before):
        cue = match_cue(t)
        if cue and "q" in cue.frames and _before_ok(doc, t, q):
            return cue, "before", before, after
    return None


def _after_ok(after: list, cue_tok) -> bool:
    """`"X," Putin said` — nothing but the source (and adverbs) between quote and cue."""
    subject = {t.i for c in cue_tok.children if c.dep_.startswith("nsubj") for t in c.subtree}
    for t in after:
        if t.i >= cue_tok.i:
            return True
        if t.pos_ == "VERB" and t.dep_ not in ("amod", "compound") and t.i not in subject:
            return False
    return True


def _before_ok(doc, cue_tok, q: Quote) -> bool:
    """`Putin said: "X"` — not `Putin recalled that this principle, "..."` (mixed)."""
    if _runs_on(doc_text(doc), q):
        return False  # `said "zero" voters would follow`: the quote is part of a clause
    between = [t for t in tokens_in(doc, cue_tok.idx + len(cue_tok), q.start)]
    clause = set()
    for child in cue_tok.children:
        if child.dep_ in ("ccomp", "xcomp", "advcl", "conj"):
            clause.update(t.i for t in child.subtree)
    if any(t.i in clause and not t.is_punct for t in between):
        return False  # `said his staff "did the wrong thing"`: a mixed statement
    inside = range(q.start, q.end)
    if any(t.head.idx in inside or t.dep_.startswith("nsubj") or t.pos_ in ("VERB", "AUX")
           for t in between if not t.is_punct):
        return False  # words that belong to the quoted clause: mixed
    if any(t.lower_ == "that" and t.dep_ == "mark" for t in between):
        return False
    return len(between) <= 12


def _runs_on(text: str, q: Quote) -> bool:
    """The sentence goes on with words right after the quote, which ends without punctuation."""
    inner = text[q.start:q.end].rstrip("\"'”’»“ ")
    after = text[q.end:q.end + 40].lstrip(" ")
    return not inner.endswith((".", ",", "!", "?", ":", ";", "…")) and after[:1].isalnum()


def _middle_continuation(doc, quotes: list[Quote], i: int) -> int | None:
    """`"X," he said, "Y."`: the next quote continues quote ``i`` across the frame."""
    if i + 1 >= len(quotes):
        return None
    q, nxt = quotes[i], quotes[i + 1]
    text = doc_text(doc)
    inner = text[q.start:q.end].rstrip("\"'”’»“ ")
    frame = text[q.end:nxt.start]
    if not inner.endswith(",") or "\n" in frame or any(ch in frame for ch in ".!?"):
        return None
    if not frame.rstrip().endswith((",", ":")):
        return None
    return i + 1
