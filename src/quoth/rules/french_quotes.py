"""Quoted passages in French text: « … » (with plain, no-break or narrow no-break spaces
inside), “ … ”, ‹ … ›, straight "…", and quotes nested in quotes.

Pure text work, no spaCy. Marks are paired per paragraph with a stack, so
``« qu’il est, ouvrez les guillemets, « disposé à améliorer » le projet »`` is one
outer quote holding one nested quote, and ``“… de “fake news”, … infox.”`` too.
A mark left open at the end of a paragraph is dropped (with what it opened).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

__all__ = ["FrQuote", "find_quotes", "paragraph_spans", "sentence_spans", "word_count"]

OPENERS = {"«": "»", "“": "”", "‹": "›", "„": "“"}
CLOSERS = {"»", "”", "›"}
_MARKS = re.compile('[«»“”‹›„"]')
_WORDS = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class FrQuote:
    """A quoted passage: ``text[start:end]`` includes both marks; ``depth`` 0 is outermost."""

    start: int
    end: int
    depth: int

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line of ``text``."""
    start = 0
    for line in text.split("\n"):
        yield start, start + len(line)
        start += len(line) + 1


def find_quotes(text: str) -> list[FrQuote]:
    """Every quote in reading order (outer quotes before the quotes nested in them)."""
    found: list[FrQuote] = []
    for start, end in paragraph_spans(text):
        found.extend(_paragraph_quotes(text, start, end))
    return sorted(found, key=lambda q: (q.start, -q.end))


def _paragraph_quotes(text: str, start: int, end: int) -> list[FrQuote]:
    stack: list[tuple[str, int]] = []
    out: list[FrQuote] = []
    for m in _MARKS.finditer(text, start, end):
        mark, at = m.group(), m.start()
        if mark == '"':
            if stack and stack[-1][0] == '"':
                _close(stack, out, at)
            else:
                stack.append((mark, at))
        elif mark in OPENERS and not (mark == "“" and _closes_low(stack)):
            stack.append((mark, at))
        elif mark in CLOSERS or mark == "“":
            _close_matching(stack, out, mark, at)
    return out


def _closes_low(stack: list[tuple[str, int]]) -> bool:
    """German-style „…“: an “ closes an open „."""
    return bool(stack) and stack[-1][0] == "„"


def _close_matching(stack, out, mark: str, at: int) -> None:
    """Close the innermost open quote this mark closes; quotes opened inside it and never
    closed are dropped."""
    for i in range(len(stack) - 1, -1, -1):
        if OPENERS.get(stack[i][0]) == mark or (mark == "”" and stack[i][0] == "„"):
            del stack[i + 1:]
            _close(stack, out, at)
            return


def _close(stack, out, at: int) -> None:
    _, opened = stack.pop()
    out.append(FrQuote(opened, at + 1, len(stack)))


# French spacing puts a space before a closing mark: "… porter. » Mais …" ends there too
_SENT_END = re.compile(r"(?<=[.!?…])(?:[ \u00a0\u202f]?[»”\"])?\s+(?=[«“\"A-ZÀ-ÖØ-Ý—–-])")


def sentence_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence: a line ends one, and so does . ! ? … before a
    capital or an opening quote (the parser's sentences run over line ends)."""
    for start, end in paragraph_spans(text):
        at = start
        for m in _SENT_END.finditer(text, start, end):
            if m.start() > at:
                yield at, m.start()
            at = m.end()
        if end > at:
            yield at, end


def word_count(text: str) -> int:
    return len(_WORDS.findall(text))
