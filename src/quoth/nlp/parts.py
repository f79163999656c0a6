"""Long texts in parts: where to cut a text the parser cannot take whole, and how to put
the statements found in each part back into the whole text's offsets.

spaCy refuses a text longer than ``nlp.max_length`` (1,000,000 characters), and its
memory grows with the length of the Doc. A longer article is cut into parts of at most
``size`` characters, each ending at a paragraph break (a blank line, else a line
break) that is outside an open quotation, so a quote running over several paragraphs
stays in one part and is found whole. Only when a stretch of ``size`` characters has
no such break does a part end at a break inside a quote, then at a sentence end, then
at a space, then anywhere (a text with no spacing at all).

``split_points(text, size)`` gives the ``(start, end)`` of each part; the parts cover
the text exactly, in order. ``shift_statement(st, offset, article_id)`` moves a
statement found in a part to the whole text's offsets (text pieces are unchanged, so
``text[start:end]`` still reads the same words) and recomputes its id.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Iterator

from quoth.records import Content, Entity, Span, Statement, statement_id

__all__ = ["split_points", "shift_statement", "PART_CHARS"]

PART_CHARS = 50_000  # peak RSS ~0.4 GB with en_core_web_sm (a whole 250k-character Doc: ~1 GB)

_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LINE = re.compile(r"\n\s*")
_SENTENCE = re.compile(r"[.!?][\"'”’)]*\s+")
_SPACE = re.compile(r"\s+")
_OPEN = "“«„"
_CLOSE = "”»"


def split_points(text: str, size: int = PART_CHARS) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each part of ``text``: at most ``size`` characters, cut at the
    last break outside a quotation where there is one (see the module docstring)."""
    if size < 2:
        raise ValueError("a part holds at least 2 characters")
    start = 0
    while len(text) - start > size:
        end = _cut(text, start, start + size)
        yield start, end
        start = end
    if start < len(text) or not text:
        yield start, len(text)


def _cut(text: str, start: int, limit: int) -> int:
    """The end of the part that starts at ``start``: the best break in ``(start, limit]``."""
    window = text[start:limit]
    closed = _closed_breaks(window, _PARAGRAPH) or _closed_breaks(window, _LINE)
    if closed:
        return start + closed[-1]
    for pattern in (_PARAGRAPH, _LINE, _SENTENCE, _SPACE):
        ends = [m.end() for m in pattern.finditer(window) if m.end() < len(window)]
        if ends:
            return start + ends[-1]
    return limit


def _closed_breaks(window: str, pattern: re.Pattern) -> list[int]:
    """Ends of the breaks in ``window`` after which no quotation is open.

    A paragraph of a quote running on opens it again with its own mark and leaves it
    open at its end; curly marks open and close, straight double quotes toggle."""
    breaks = []
    depth, straight, last = 0, False, 0
    for m in pattern.finditer(window):
        depth, straight = _quote_state(window[last:m.start()], depth, straight)
        last = m.start()
        if depth == 0 and not straight and m.end() < len(window):
            breaks.append(m.end())
    return breaks


def _quote_state(piece: str, depth: int, straight: bool) -> tuple[int, bool]:
    opened = sum(piece.count(mark) for mark in _OPEN)
    closed = sum(piece.count(mark) for mark in _CLOSE)
    return max(0, depth + opened - closed), straight ^ (piece.count('"') % 2 == 1)


def shift_statement(st: Statement, offset: int, article: str) -> Statement:
    """``st`` (found in a part starting at ``offset``) in the whole text's offsets, with
    the statement id the whole article gives it."""
    if not offset:
        return st
    spans = tuple((s + offset, e + offset) for s, e in st.content.spans)
    content = Content(st.content.start + offset, st.content.end + offset, st.content.text,
                      spans)
    speaker = st.speaker
    if speaker.mention is not None:
        speaker = dataclasses.replace(speaker, mention=_span(speaker.mention, offset))
    about = tuple(Entity(e.text, e.label, e.start + offset, e.end + offset) for e in st.about)
    return dataclasses.replace(
        st, id=statement_id(article, spans), content=content,
        cue=_span(st.cue, offset) if st.cue is not None else None,
        speaker=speaker, about=about)


def _span(span: Span, offset: int) -> Span:
    return Span(span.start + offset, span.end + offset, span.text)

