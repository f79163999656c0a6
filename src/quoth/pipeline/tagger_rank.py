"""A learned source chooser: which tagged source chunk belongs to a content.

For each content (with its cue) the candidates are the source chunks in its block
and the block before. A maximum-entropy classifier (crfsuite on one-item
sequences) scores each pair from its geometry and parse; the best candidate above
``threshold`` wins, else the content has no named source.
"""

from __future__ import annotations

import pathlib
from typing import Sequence

from quoth.pipeline.tagger_link import Chunk

__all__ = ["pair_features", "candidates", "SourceRanker", "parse_source"]

SUBJECT_DEPS = ("nsubj", "nsubjpass", "agent", "pobj")


def _bucket(d: int) -> str:
    return "0" if d <= 0 else "1" if d == 1 else "2" if d == 2 else "3-5" if d <= 5 else "6-10" if d <= 10 else "11-20" if d <= 20 else "far"


def _gap(a: Chunk, b: Chunk) -> int:
    return max(b.start - a.end, a.start - b.end, 0)


def _relation(doc, cand: Chunk, cue: Chunk | None) -> str:
    if cue is None:
        return "nocue"
    cue_ids = range(cue.start, cue.end)
    for i in range(cand.start, cand.end):
        if doc[i].head.i in cue_ids and doc[i].head.i != i:
            return "child:" + doc[i].dep_
    for i in cue_ids:
        if cand.start <= doc[i].head.i < cand.end:
            return "parent:" + doc[i].dep_
    if doc[cand.start].sent.root.i in cue_ids:
        return "sent-root-cue"
    return "none"


def candidates(chunks: Sequence[Chunk], block: Sequence[int], blk: int) -> list[Chunk]:
    return [c for c in chunks if c.role == "Source" and blk - 1 <= block[c.start] <= blk]


def pair_features(doc, group: Sequence[Chunk], cue: Chunk | None, cand: Chunk,
                  cands: Sequence[Chunk], sent: Sequence[int], block: Sequence[int]) -> dict:
    """Features of one (content, cue, candidate source) triple."""
    anchor = cue if cue is not None else group[0]
    d_anchor = _gap(cand, anchor)
    rank = sorted(_gap(c, anchor) for c in cands).index(d_anchor)
    rel = _relation(doc, cand, cue)
    same_sent = sent[cand.start] == sent[anchor.start]
    side = "before" if cand.end <= anchor.start else "after" if cand.start >= anchor.end else "in"
    c_side = "before" if cand.end <= group[0].start else "after" if cand.start >= group[-1].end else "in"
    head = doc[cand.start : cand.end].root
    return {
        "bias": 1.0, "rel": rel, "same": same_sent, "side": side, "cside": c_side,
        "d": _bucket(d_anchor), "dc": _bucket(min(_gap(cand, g) for g in group)),
        "rank": str(min(rank, 3)), "blk": block[anchor.start] - block[cand.start],
        "pron": head.pos_ == "PRON", "ent": head.ent_type_ or "-", "hdep": head.dep_,
        "rel|same": f"{rel}|{same_sent}", "side|rank": f"{side}|{min(rank, 3)}",
        "side|same|d": f"{side}|{same_sent}|{_bucket(d_anchor)}", "nocue": cue is None,
        "cscore": round(cand.score, 1),
    }


class SourceRanker:
    """Scores candidate sources with the trained ``linker.model``."""

    def __init__(self, path: str | pathlib.Path, threshold: float = 0.5) -> None:
        import pycrfsuite

        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(path))
        self.threshold = threshold

    def score(self, features: dict) -> float:
        self._crf.set([features])
        self._crf.tag()
        return self._crf.marginal("Y", 0)

    def choose(self, doc, group, cue, chunks, sent, block) -> tuple[Chunk | None, float]:
        cands = candidates(chunks, block, block[group[0].start])
        best, best_p = None, 0.0
        for cand in cands:
            p = self.score(pair_features(doc, group, cue, cand, cands, sent, block))
            if p > best_p:
                best, best_p = cand, p
        return (best, best_p) if best_p >= self.threshold else (None, 1.0 - best_p)


def _phrase(doc, head) -> Chunk:
    for nc in doc.noun_chunks if doc.has_annotation("DEP") else ():
        if nc.start <= head.i < nc.end:
            return Chunk("Source", nc.start, nc.end, 0.5)
    return Chunk("Source", head.i, head.i + 1, 0.5)


def parse_source(doc, cue: Chunk) -> Chunk | None:
    """The cue's grammatical subject (or "by X" agent, "according to X" object) as a
    source chunk, for contents whose source the tagger missed."""
    for i in range(cue.start, cue.end):
        tok = doc[i]
        for child in tok.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child.pos_ in ("PROPN", "NOUN", "PRON"):
                return _phrase(doc, child)
            if child.dep_ in ("agent", "prep") and child.lower_ in ("by", "to"):
                objs = [g for g in child.children if g.dep_ == "pobj"]
                if objs:
                    return _phrase(doc, objs[0])
    return None
