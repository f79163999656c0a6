"""The CRF tagger: a python-crfsuite model of Source / Cue / Content tokens.

    tagger = Tagger(model_dir)              # crf.model + meta.json (``quoth train`` writes them)
    chunks = tagger.tag(doc)                # [Chunk(role, start, end, score), ...]

Tagging runs per paragraph (``quoth.tagger.features.blocks``); a chunk's score is the
mean marginal probability of its tokens' labels.
"""

from __future__ import annotations

import functools
import itertools
import json
import pathlib

from quoth.errors import ModelError
from quoth.tagger.crf import CRFWeights, attribute_ids, block_scores, crf_tag
from quoth.tagger.features import block_features, blocks, rule_hints
from quoth.tagger.link import Chunk

__all__ = ["Tagger", "decode", "load_crf"]


def decode(labels: list[str], offset: int = 0) -> list[tuple[str, int, int]]:
    """BIO labels -> ``(role, start, end)`` token ranges (an I- without B- opens a chunk)."""
    out: list[tuple[str, int, int]] = []
    role, start = None, 0
    for k, lab in enumerate(labels + ["O"]):
        tag, _, name = lab.partition("-")
        if role is not None and (tag != "I" or name != role):
            out.append((role, offset + start, offset + k))
            role = None
        if tag in ("B", "I") and role is None:
            role, start = name, k
    return out


class Tagger:
    """A loaded CRF plus the cue lexicon its features need. Feature sets 1 and 2 run in
    numpy (``quoth.tagger.crf``: the same labels and marginals as crfsuite's own tagger,
    several times faster); set 3, which needs the rules' hints, through crfsuite's tagger."""

    def __init__(self, model_dir: str | pathlib.Path) -> None:
        import pycrfsuite

        model_dir = pathlib.Path(model_dir)
        meta_path, crf_path = model_dir / "meta.json", model_dir / "crf.model"
        if not (meta_path.is_file() and crf_path.is_file()):
            raise ModelError(f"There is no trained attribution model in {model_dir}: "
                             "run `quoth train` first.")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.cues = frozenset(self.meta["cues"])
        self.features = int(self.meta.get("features", 1))
        self.min_confidence = float(self.meta.get("min_confidence", 0.0))
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(crf_path))
        self._weights = None if self.features > 2 else CRFWeights(crf_path, self._crf)

    def tag(self, doc, rule_candidates=None) -> list[Chunk]:
        """Chunks in document order, each scored by its mean marginal probability
        (``rule_candidates``: the rules' candidates for ``doc``, if already found)."""
        if self.batched:
            return self.tag_many([doc])[0]
        chunks: list[Chunk] = []
        hints = rule_hints(doc, rule_candidates) if self.features >= 3 else None
        for start, end in blocks(doc):
            self._crf.set(block_features(doc, start, end, self.cues, self.features, hints, sparse=True))
            labels = self._crf.tag()
            for role, s, e in decode(labels):
                probs = [self._crf.marginal(labels[k], k) for k in range(s, e)]
                chunks.append(Chunk(role, start + s, start + e, sum(probs) / len(probs)))
        return chunks

    @property
    def weights(self) -> CRFWeights | None:
        """The CRF's weights as numpy reads them (``tagger_crf``), None for feature set 3."""
        return self._weights

    @property
    def batched(self) -> bool:
        """Does ``tag_many`` decode several Docs together (the numpy CRF), not one by one?"""
        return self._weights is not None

    def tag_many(self, docs) -> list[list[Chunk]]:
        """``tag`` for several Docs, their paragraphs decoded together (``tagger_crf``:
        one pass over a batch costs about what one Doc's did)."""
        if not self.batched:
            return [self.tag(doc) for doc in docs]
        spans = [[(s, e) for s, e in blocks(doc) if e > s] for doc in docs]
        weights = self._weights
        scores = [sc for doc, sp in zip(docs, spans)
                  for sc in block_scores(weights, attribute_ids(doc, self.cues, weights, self.features), sp)]
        decoded = iter(crf_tag(self._weights, scores))
        out = []
        for doc_spans in spans:
            chunks: list[Chunk] = []
            for (start, _), (labels, probs) in zip(doc_spans, itertools.islice(decoded, len(doc_spans))):
                for role, s, e in decode(labels):
                    score = probs[s:e].tolist()
                    chunks.append(Chunk(role, start + s, start + e, sum(score) / len(score)))
            out.append(chunks)
        return out


@functools.lru_cache(maxsize=4)
def load_crf(model_dir: pathlib.Path) -> Tagger:
    """The CRF tagger in ``model_dir`` (a resolved path), loaded once per process."""
    return Tagger(model_dir)
