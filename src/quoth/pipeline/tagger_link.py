"""Linking tagged chunks into attributions: pure logic over token positions.

Input: the chunks the tagger found (role, token start/end, score) and, per token,
its sentence and block (paragraph) number. Output: ``Link`` records, one per
statement: the content chunks, the cue chunk and the source chunk (or ``None``
and ``continued=True`` when the content continues the previous speaker).

Rules (chosen by dev measurement, see training/RESULTS.md):
- content chunks separated only by cue/source chunks and punctuation inside one
  block are one discontinuous content (“X,” he said, “Y.”);
- the cue is the cue chunk nearest the content within its sentences (else the
  block); the source is the source chunk nearest that cue in the cue's sentence
  (else the block); a content with no source in its block continues the previous
  statement's speaker when that one is in the same or the previous block.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

__all__ = ["Chunk", "Link", "link_chunks", "merge_contents", "pick_source"]


@dataclass(frozen=True)
class Chunk:
    """A tagged span of tokens ``[start, end)`` with role Source, Cue or Content."""

    role: str
    start: int
    end: int
    score: float = 1.0


@dataclass(frozen=True)
class Link:
    contents: tuple[Chunk, ...]
    cue: Chunk | None
    source: Chunk | None
    continued: bool = False


def _gap_ok(a: Chunk, b: Chunk, chunks_between: list[Chunk], punct: Sequence[bool]) -> bool:
    covered = set()
    for c in chunks_between:
        if c.role == "Content":
            return False
        covered.update(range(c.start, c.end))
    if not any(c.role == "Cue" for c in chunks_between):
        return False
    return all(i in covered or punct[i] for i in range(a.end, b.start))


def merge_contents(chunks: Sequence[Chunk], block: Sequence[int], punct: Sequence[bool]) -> list[tuple[Chunk, ...]]:
    """Group content chunks: a piece with no cue before it in its block, split from the
    next piece only by a cue (+source) and punctuation, joins it (“X,” he said, “Y.”)."""
    groups: list[list[Chunk]] = []
    last_idx, cue_before = None, False
    for idx, c in enumerate(chunks):
        if c.role != "Content":
            continue
        if groups and last_idx is not None:
            prev = groups[-1][-1]
            between = list(chunks[last_idx + 1 : idx])
            if (block[prev.start] == block[c.start] and not cue_before
                    and _gap_ok(prev, c, between, punct)):
                groups[-1].append(c)
                last_idx = idx
                continue
        start = last_idx + 1 if last_idx is not None else 0
        cue_before = any(k.role == "Cue" and block[k.start] == block[c.start] for k in chunks[start:idx])
        groups.append([c])
        last_idx = idx
    return [tuple(g) for g in groups]


def _distance(a: Chunk, b: Chunk) -> int:
    if a.end <= b.start:
        return b.start - a.end
    if b.end <= a.start:
        return a.start - b.end
    return 0


def _nearest(cands: list[Chunk], targets: Sequence[Chunk]) -> Chunk | None:
    if not cands:
        return None
    return min(cands, key=lambda c: (min(_distance(c, t) for t in targets), c.start))


def _pick(role: str, chunks, targets, sents: set[int], blk: int, sent, block) -> Chunk | None:
    same = [c for c in chunks if c.role == role and sent[c.start] in sents]
    if same:
        return _nearest(same, targets)
    near = [c for c in chunks if c.role == role and block[c.start] == blk]
    return _nearest(near, targets)


def pick_source(group, cue, chunks, sent, block) -> Chunk | None:
    """The source chunk nearest the cue in its sentence, else nearest in the block."""
    anchor = (cue,) if cue is not None else group
    sents = {sent[cue.start]} if cue is not None else {sent[i] for c in group for i in range(c.start, c.end)}
    return _pick("Source", chunks, anchor, sents, block[group[0].start], sent, block)


def link_chunks(
    chunks: Sequence[Chunk], sent: Sequence[int], block: Sequence[int], punct: Sequence[bool],
    choose_source: Callable | None = None,
) -> list[Link]:
    """Statements from ordered chunks; ``sent``/``block``/``punct`` are indexed by token.

    ``choose_source(group, cue) -> Chunk | None`` replaces the nearest-source rule."""
    links: list[Link] = []
    last_block = -10
    for group in merge_contents(chunks, block, punct):
        sents = {sent[i] for c in group for i in range(c.start, c.end)}
        blk = block[group[0].start]
        cue = _pick("Cue", chunks, group, sents, blk, sent, block)
        if choose_source is not None:
            source = choose_source(group, cue)
        else:
            source = pick_source(group, cue, chunks, sent, block)
        continued = source is None and blk - last_block <= 1
        links.append(Link(group, cue, source, continued=continued))
        last_block = blk
    return links
