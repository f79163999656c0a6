"""Per-Doc tables of token attributes, built once with ``Doc.to_array``.

The CRF features and the rule finders read the same few attributes of every token
many times over (a token, its head, its neighbours). Going through spaCy ``Token``
objects for each read costs more than the parse's own Python work, so
``token_table(doc)`` reads the attributes once into plain lists, and
``doc_entities(doc)`` does the same for ``doc.ents``. Both are cached on the Doc
(``doc.user_data``), so they live and die with it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, fields

import numpy as np

__all__ = ["TokenTable", "token_table", "doc_entities", "entities_within", "doc_text"]

_ATTRS = ("ORTH", "LOWER", "LEMMA", "SHAPE", "POS", "TAG", "DEP", "ENT_TYPE",
          "HEAD", "SENT_START", "IS_TITLE", "IS_SPACE", "IS_PUNCT", "IDX")
_SENT_START = {1: True, -1: False, 0: None}


@dataclass(frozen=True, eq=False)
class TokenTable:
    """Token attributes of one Doc, one list per attribute, indexed by token ``i``.
    ``lemma`` is lower-cased; ``ent`` is ``""`` outside entities; ``head`` is absolute."""

    text: list[str]
    lower: list[str]
    lemma: list[str]
    shape: list[str]
    pos: list[str]
    tag: list[str]
    dep: list[str]
    ent: list[str]
    head: list[int]
    sent_start: list[bool | None]
    is_title: list[bool]
    is_space: list[bool]
    is_punct: list[bool]
    idx: list[int]

    def __len__(self) -> int:
        return len(self.text)


def token_table(doc) -> TokenTable:
    """The ``TokenTable`` of ``doc``, built on first use and cached on the Doc (as a tuple
    of lists, so ``doc.to_bytes()`` can still serialise the Doc's ``user_data``)."""
    columns = doc.user_data.get("quoth:tokens")
    if not isinstance(columns, tuple):  # absent, or a copy restored from bytes (lists)
        columns = doc.user_data["quoth:tokens"] = _columns(_build(doc))
    return TokenTable(*columns)


def _columns(table: TokenTable) -> tuple[list, ...]:
    return tuple(getattr(table, f.name) for f in fields(table))


def _build(doc) -> TokenTable:
    n = len(doc)
    if n == 0:
        return TokenTable(*([] for _ in _ATTRS))
    arr = doc.to_array(list(_ATTRS)).astype(np.int64)
    strings = doc.vocab.strings
    memo: dict[int, str] = {0: ""}

    def names(col: int) -> list[str]:
        out = []
        for h in arr[:, col].tolist():
            s = memo.get(h)
            if s is None:
                s = memo[h] = strings[h & 0xFFFFFFFFFFFFFFFF]
            out.append(s)
        return out

    cols = {name: k for k, name in enumerate(_ATTRS)}
    ints = {name: arr[:, cols[name]].tolist() for name in ("HEAD", "SENT_START", "IS_TITLE",
                                                           "IS_SPACE", "IS_PUNCT", "IDX")}
    return TokenTable(
        text=names(cols["ORTH"]),
        lower=names(cols["LOWER"]),
        lemma=[s.lower() for s in names(cols["LEMMA"])],
        shape=names(cols["SHAPE"]),
        pos=names(cols["POS"]),
        tag=names(cols["TAG"]),
        dep=names(cols["DEP"]),
        ent=names(cols["ENT_TYPE"]),
        head=[i + h for i, h in enumerate(ints["HEAD"])],
        sent_start=[_SENT_START[v] for v in ints["SENT_START"]],
        is_title=[bool(v) for v in ints["IS_TITLE"]],
        is_space=[bool(v) for v in ints["IS_SPACE"]],
        is_punct=[bool(v) for v in ints["IS_PUNCT"]],
        idx=ints["IDX"],
    )


def doc_entities(doc) -> tuple[tuple[str, str, int, int], ...]:
    """``(text, label, start_char, end_char)`` of every entity of ``doc``, cached on the Doc."""
    ents = doc.user_data.get("quoth:ents")
    if not isinstance(ents, tuple):
        ents = doc.user_data["quoth:ents"] = tuple(
            (e.text, e.label_, e.start_char, e.end_char) for e in doc.ents)
    return ents


def entities_within(ents, spans) -> list:
    """The entities of ``ents`` (``doc_entities`` order: by start) lying wholly inside one
    of the char ranges ``spans``, in their own order."""
    starts = [e[2] for e in ents]
    hits: set[int] = set()
    for lo, hi in spans:
        for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
            if ents[k][3] <= hi:
                hits.add(k)
    return [ents[k] for k in sorted(hits)]


def doc_text(doc) -> str:
    """``doc.text``, computed once per Doc (spaCy rebuilds it from the tokens on every call)."""
    text = doc.user_data.get("quoth:text")
    if text is None:
        text = doc.user_data["quoth:text"] = doc.text
    return text
