"""Quote-mark pairing: where the quoted passages of an article are.

Pure text work, no spaCy. ``find_quotes(text)`` yields ``Quote`` records whose
``start``/``end`` include the quote marks (PolNeAR content spans of direct quotes
include them too).

Rules:
- Marks: straight ``"`` and ``'``, curly “ ” and ‘ ’, « », low „ and ‚.
- Pairing is done per paragraph (a line break ends a paragraph).
- A quote left open at the end of a paragraph continues when the next paragraph
  opens with a mark of the same family (the newsroom convention for quotes running
  over several paragraphs); otherwise the unmatched mark is dropped.
- An odd number of straight double quotes in a paragraph (that does not start a
  multi-paragraph quote) drops that paragraph's straight pairs only.
- A doubled apostrophe ``''`` (some wire copy) is a double quote mark.
- Apostrophes are not quote marks: ``don't``, ``Russia's``, ``'90s``, ``players'``.
- Single-quoted passages inside a double-quoted one are nested: only the outer
  quote is reported (a nested quote stays part of its statement).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

__all__ = ["Quote", "find_quotes", "paragraphs", "is_title_or_code"]

# opening mark -> closing marks it accepts
# (newsrooms mix curly and straight marks: “good corporate citizen," is one quote)
DOUBLE_CLOSERS = {'"': '"”“', "“": "”“\"", "„": "“”\"", "«": "»", "»": "«"}
SINGLE_CLOSERS = {"'": "'", "‘": "’", "‚": "‘’"}
ALL_MARKS = set("\"“”„«»'‘’‚")
_MARK_RE = re.compile("''|[" + re.escape("".join(sorted(ALL_MARKS))) + "]")


@dataclass(frozen=True)
class Quote:
    """A quoted passage: ``text[start:end]`` includes both marks."""

    start: int
    end: int
    mark: str  # the opening mark

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - 1


SMALL_WORDS = {"a", "an", "the", "of", "and", "in", "on", "for", "to", "at", "with", "&"}


def is_title_or_code(quoted: str) -> bool:
    """A quoted name rather than speech: a short Title Case run (``"Meet the Press"``,
    ``'Businesslike'``) or no words at all (``"756643058100428800"``)."""
    words = re.findall(r"[^\W\d_][\w'’-]*", quoted)
    if not words:
        return True
    if len(words) > 5 or re.search(r"[,;:!?]\W*$", quoted):
        return False
    if len(words) == 1 and re.search(r"[.]\W*$", quoted):
        return False  # "Yes." is an answer, not a name
    return all(w[0].isupper() or w.lower() in SMALL_WORDS for w in words) and words[0][0].isupper()


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line of ``text``."""
    for m in re.finditer(r"[^\n\r]+", text):
        if m.group().strip():
            yield m.start(), m.end()


def find_quotes(text: str) -> list[Quote]:
    """All top-level quotes in ``text``, in order (found once per text: the rules and
    the model's statement builder both ask for them)."""
    return list(_top_quotes(text))


@lru_cache(maxsize=4)
def _top_quotes(text: str) -> tuple[Quote, ...]:
    quotes = _pair_family(text, DOUBLE_CLOSERS) + _pair_family(text, SINGLE_CLOSERS)
    quotes.sort(key=lambda q: (q.start, -q.end))
    top: list[Quote] = []
    for q in quotes:
        if top and q.start < top[-1].end:
            continue  # nested (or crossing) inside an earlier quote
        top.append(q)
    return tuple(top)


def _pair_family(text: str, closers: dict[str, str]) -> list[Quote]:
    out: list[Quote] = []
    carry: tuple[int, str] | None = None  # open quote continued from the last paragraph
    pars = list(paragraphs(text))
    for i, (ps, pe) in enumerate(pars):
        marks = [m for m in _marks(text, ps, pe) if m[1] in closers or _is_closer(m[1], closers)]
        if carry and not (marks and marks[0][0] == _first_char(text, ps) and marks[0][1] in closers):
            carry = None  # the previous paragraph's quote was not continued
        if carry:
            marks = marks[1:]  # the re-opening mark
        pairs, left_open, ok = _pair(text, marks, closers, carry)
        nxt = pars[i + 1] if i + 1 < len(pars) else None
        continued = bool(left_open and nxt and _reopens(text, nxt[0], closers))
        if left_open and not continued and left_open[1] in DOUBLE_CLOSERS:
            ok = False
        if not ok:
            pairs = [p for p in pairs if p[0] < ps]  # degrade: keep only a carried quote
        out.extend(Quote(s, e, m) for s, e, m in pairs)
        carry = left_open if continued else None
    return out


def _pair(text, marks, closers, carry):
    """Pair (pos, char) marks left to right; returns pairs, still-open mark, balanced?

    A stray double mark makes the paragraph unbalanced; stray single marks are
    ignored (they are too often apostrophes: ``players' union``).
    """
    pairs: list[tuple[int, int, str]] = []
    open_: tuple[int, str] | None = carry
    stray = 0
    for pos, ch in marks:
        if open_ is not None and ch in closers[open_[1]] and _can_close(text, pos):
            pairs.append((open_[0], pos + _mark_len(text, pos), open_[1]))
            open_ = None
        elif open_ is None and ch in closers and _can_open(text, pos):
            open_ = (pos, ch)
        elif ch in DOUBLE_CLOSERS or ch in "”":
            stray += 1
    return pairs, open_, stray == 0


def _marks(text: str, start: int, end: int) -> Iterator[tuple[int, str]]:
    """Quote marks in [start, end); a doubled apostrophe ``''`` counts as one ``"``."""
    for m in _MARK_RE.finditer(text, start, end):
        pos, ch = m.start(), m.group()
        if ch == "''":
            yield pos, '"'
        elif not _is_apostrophe(text, pos):
            yield pos, ch


def _mark_len(text: str, pos: int) -> int:
    return 2 if text.startswith("''", pos) else 1


def _is_apostrophe(text: str, pos: int) -> bool:
    ch = text[pos]
    if ch not in "'’":
        return False
    before = text[pos - 1] if pos > 0 else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if before.isalnum() and after.isalnum():
        return True  # don't, Russia's
    if not before.isalnum() and after.isdigit():
        return True  # '90s
    return False


def _can_open(text: str, pos: int) -> bool:
    """An opening mark starts a word: `'Businesslike'`, not `players' ` or `two" and`."""
    after_pos = pos + _mark_len(text, pos)
    after = text[after_pos] if after_pos < len(text) else " "
    if text[pos] == '"':
        return not after.isspace()
    if text[pos] not in "'‘":
        return True
    before = text[pos - 1] if pos > 0 else " "
    return not before.isalnum() and not after.isspace()


def _can_close(text: str, pos: int) -> bool:
    """A closing single mark ends a word or punctuation: `it,'` not `' it`."""
    if text[pos] not in "'’":
        return True
    before = text[pos - 1] if pos > 0 else " "
    return not before.isspace()


def _is_closer(ch: str, closers: dict[str, str]) -> bool:
    return any(ch in c for c in closers.values())


def _first_char(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _reopens(text: str, par_start: int, closers: dict[str, str]) -> bool:
    pos = _first_char(text, par_start)
    return pos < len(text) and text[pos] in closers
