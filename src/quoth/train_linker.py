"""Train the source chooser (``pipeline.tagger_rank``) on gold chunks of the train split.

Every gold attribution gives one content group (its content pieces as token
ranges) and its cue; the candidates are all gold source chunks in its block and the
block before; the gold source is the positive ("Y"), the others negatives ("N").
"""

from __future__ import annotations

import pathlib

from quoth.pipeline.tagger import token_tables
from quoth.pipeline.tagger_link import Chunk
from quoth.pipeline.tagger_rank import candidates, pair_features

__all__ = ["linker_examples", "train_linker", "LINKER_PARAMS"]

LINKER_PARAMS = {"c1": 0.0, "c2": 1.0, "max_iterations": 100}


def _chunks(doc, role: str, pieces) -> list[Chunk]:
    out = []
    for s, e in pieces:
        span = doc.char_span(s, e, alignment_mode="expand")
        if span is not None and len(span):
            out.append(Chunk(role, span.start, span.end, 1.0))
    return out


def linker_examples(pairs):
    """``(features, "Y"|"N")`` for every gold (content, candidate source) pair."""
    for document, doc in pairs:
        sent, block, _ = token_tables(doc)
        golds = [(_chunks(doc, "Content", a.content), _chunks(doc, "Cue", a.cue[:1]),
                  _chunks(doc, "Source", a.source[:1])) for a in document.attributions]
        sources = sorted({s[0] for _, _, s in golds if s}, key=lambda c: c.start)
        for group, cue, source in golds:
            if not group or block[group[0].start] < 0:
                continue
            cands = candidates(sources, block, block[group[0].start])
            for cand in cands:
                label = "Y" if source and cand == source[0] else "N"
                yield pair_features(doc, group, cue[0] if cue else None, cand, cands, sent, block), label


def train_linker(pairs, out_dir: pathlib.Path, params: dict | None = None) -> int:
    """Fit ``linker.model`` in ``out_dir``; returns the number of training pairs."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for features, label in linker_examples(pairs):
        trainer.append([features], [label])
        n += 1
    trainer.set_params({**LINKER_PARAMS, **(params or {})})
    trainer.train(str(pathlib.Path(out_dir) / "linker.model"))
    return n
