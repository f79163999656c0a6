"""Turn an article's text and its statements into renderable pieces.

Everything here returns plain data (lists of dicts with *unescaped* text); the
templates escape it. The one exception is :func:`snippet_markup`, which escapes
first and only then turns the store's match markers into ``<mark>`` elements.

Statements are the store's flat *statement dicts* (see ``quoth.store``):
``spans`` (list of ``[start, end]``), ``cue_start``/``cue_end`` and
``speaker_mention_start``/``speaker_mention_end``, all character offsets into
the article text. Spans may overlap, within one statement or across
statements; the text is cut at every span boundary so each piece carries the
full set of (statement, role) marks that cover it.
"""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from markupsafe import Markup, escape

__all__ = [
    "ROLES",
    "N_COLOURS",
    "statement_marks",
    "segments",
    "speaker_colours",
    "speaker_key",
    "snippet_markup",
]

ROLES = ("content", "cue", "source")
N_COLOURS = 10
# which role names a piece when several cover it (the more specific wins)
_ROLE_RANK = {"source": 0, "cue": 1, "content": 2}


def _pair(stmt: dict[str, Any], start_key: str, end_key: str) -> tuple[int, int] | None:
    start, end = stmt.get(start_key), stmt.get(end_key)
    if start is None or end is None:
        return None
    return int(start), int(end)


def statement_marks(stmt: dict[str, Any], n: int) -> Iterator[tuple[int, int, str]]:
    """``(start, end, role)`` for each non-empty, in-bounds piece of one statement."""
    pieces = stmt.get("spans") or [[stmt.get("content_start", 0), stmt.get("content_end", 0)]]
    found = [(int(s), int(e), "content") for s, e in pieces]
    for key, role in (("cue", "cue"), ("speaker_mention", "source")):
        pair = _pair(stmt, f"{key}_start", f"{key}_end")
        if pair:
            found.append((*pair, role))
    for start, end, role in found:
        start, end = max(0, start), min(n, end)
        if end > start:
            yield start, end, role


def speaker_key(stmt: dict[str, Any]) -> str:
    """What groups statements under one colour: the speaker id, else the name."""
    sid = stmt.get("speaker_id")
    return f"#{sid}" if sid is not None else str(stmt.get("speaker") or "(unknown)")


def speaker_colours(statements: Iterable[dict[str, Any]]) -> dict[str, int]:
    """Colour index per speaker key, in order of first appearance."""
    colours: dict[str, int] = {}
    for stmt in statements:
        colours.setdefault(speaker_key(stmt), len(colours) % N_COLOURS)
    return colours


def segments(text: str, statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cut ``text`` at every span boundary.

    Each piece is ``{"text", "marks": [(sid, role), ...], "sid", "role", "colour",
    "starts": [sid, ...]}`` where ``sid``/``role`` name the innermost statement
    covering the piece (shortest content), ``colour`` is its speaker's colour
    index and ``starts`` lists statements whose first piece this is (the anchor
    for ``#s-<id>`` deep links). Unmarked pieces have empty ``marks``.
    """
    n = len(text)
    colours = speaker_colours(statements)
    marks: list[tuple[int, int, str, str, int]] = []
    for stmt in statements:
        length = _content_length(stmt)
        for start, end, role in statement_marks(stmt, n):
            marks.append((start, end, str(stmt["id"]), role, length))
    bounds = sorted({0, n, *(m[0] for m in marks), *(m[1] for m in marks)})
    colour_of = {str(s["id"]): colours[speaker_key(s)] for s in statements}
    started: set[str] = set()
    out = []
    for a, b in zip(bounds, bounds[1:]):
        covering = [m for m in marks if m[0] <= a and b <= m[1]]
        out.append(_piece(text[a:b], covering, colour_of, started))
    return out


def _content_length(stmt: dict[str, Any]) -> int:
    return int(stmt.get("content_end") or 0) - int(stmt.get("content_start") or 0)


def _piece(text: str, covering: list, colour_of: dict[str, int], started: set[str]) -> dict:
    if not covering:
        return {"text": text, "marks": [], "sids": [], "sid": None, "role": None,
                "roles": [], "colour": None, "starts": []}
    best = min(covering, key=lambda m: (m[4], _ROLE_RANK[m[3]]))
    sid = best[2]
    roles = sorted({m[3] for m in covering if m[2] == sid}, key=_ROLE_RANK.__getitem__)
    sids = list(dict.fromkeys(m[2] for m in covering))
    starts = [s for s in sids if s not in started]
    started.update(starts)
    return {
        "text": text,
        "marks": sorted({(m[2], m[3]) for m in covering}),
        "sids": sids,
        "sid": sid,
        "role": roles[0],
        "roles": roles,
        "colour": colour_of.get(sid, 0),
        "starts": starts,
    }


def snippet_markup(snippet: str | None, open_mark: str = "\x02", close_mark: str = "\x03") -> Markup:
    """Escape a search snippet, then turn the store's markers into ``<mark>``.

    Unbalanced markers are repaired (a stray close is dropped, an open one is
    closed at the end) so the result is always well-formed HTML.
    """
    out: list[str] = []
    inside = False
    for part, is_open, is_close in _split_markers(snippet or "", open_mark, close_mark):
        if is_open and not inside:
            out.append("<mark>")
            inside = True
        elif is_close and inside:
            out.append("</mark>")
            inside = False
        elif not (is_open or is_close):
            out.append(str(escape(_strip_controls(part))))
    if inside:
        out.append("</mark>")
    return Markup("".join(out))


def _split_markers(s: str, open_mark: str, close_mark: str) -> Iterator[tuple[str, bool, bool]]:
    i = 0
    while i < len(s):
        j_open, j_close = s.find(open_mark, i), s.find(close_mark, i)
        hits = [j for j in (j_open, j_close) if j >= 0]
        if not hits:
            yield s[i:], False, False
            return
        j = min(hits)
        if j > i:
            yield s[i:j], False, False
        marker = open_mark if j == j_open else close_mark
        yield marker, marker == open_mark, marker == close_mark
        i = j + len(marker)


def _strip_controls(s: str) -> str:
    return "".join(ch for ch in s if ch >= " " or ch in "\n\t")
