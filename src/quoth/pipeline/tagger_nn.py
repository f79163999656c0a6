"""The fine-tuned MiniLM token tagger, run with onnxruntime (no torch at run time).

    tagger = NNTagger(model_dir)            # model.onnx + tokenizer.json + meta.json
    chunks = tagger.tag(doc)                # [Chunk(role, start, end, score), ...]

``load_tagger`` picks this class when the model directory's ``meta.json`` says
``"kind": "minilm-onnx"`` (trained by ``quoth.train_nn``). Like the CRF it tags one
paragraph block at a time (``tagger_features.blocks``): the block's spaCy tokens are
split into WordPieces, long blocks into overlapping windows of ``max_pieces`` pieces
(a token's label distribution is read at its first piece, averaged where windows
overlap), and the labels are decoded with a BIO-constrained Viterbi pass over the log
probabilities (an I-X only after B-X or I-X). A chunk's score is the mean softmax
probability of its tokens' labels, as the CRF's marginals are.
"""

from __future__ import annotations

import json
import os
import pathlib

import numpy as np

from quoth.errors import ModelError
from quoth.pipeline.tagger import decode
from quoth.pipeline.tagger_features import blocks
from quoth.pipeline.tagger_link import Chunk

__all__ = ["NNTagger", "viterbi_bio", "windows", "first_pieces"]

BATCH = 2  # windows per onnxruntime call, sorted by length (measured: 2 fastest, 8 ~25% slower)


def windows(n: int, size: int, stride: int) -> list[tuple[int, int]]:
    """Piece ranges covering ``n`` pieces: one window, or overlapping windows of ``size``."""
    if n <= size:
        return [(0, n)]
    out, s = [], 0
    while True:
        e = min(s + size, n)
        out.append((s, e))
        if e == n:
            return out
        s += stride


def first_pieces(word_ids, n_words: int) -> list[int]:
    """Per word, the index of its first WordPiece (-1 for a word with none, e.g. whitespace);
    ``word_ids``: the tokenizer encoding's word index of each piece."""
    first = [-1] * n_words
    for k, w in enumerate(word_ids):
        if w is not None and first[w] < 0:
            first[w] = k
    return first


def _transitions(labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Allowed-transition mask (prev x next) and allowed starts for BIO labels."""
    n = len(labels)
    allowed = np.ones((n, n), dtype=bool)
    start = np.ones(n, dtype=bool)
    for j, lab in enumerate(labels):
        tag, _, role = lab.partition("-")
        if tag == "I":
            start[j] = False
            for i, prev in enumerate(labels):
                allowed[i, j] = prev.partition("-")[2] == role
    return allowed, start


def viterbi_bio(logp: np.ndarray, allowed: np.ndarray, start: np.ndarray) -> list[int]:
    """Best label sequence under the BIO constraints (``logp``: tokens x labels)."""
    n, k = logp.shape
    if n == 0:
        return []
    penalty = np.where(allowed, 0.0, -1e9)
    score = logp[0] + np.where(start, 0.0, -1e9)
    back = np.zeros((n, k), dtype=np.int64)
    for t in range(1, n):
        cand = score[:, None] + penalty
        back[t] = cand.argmax(0)
        score = cand[back[t], np.arange(k)] + logp[t]
    path = [int(score.argmax())]
    for t in range(n - 1, 0, -1):
        path.append(int(back[t, path[-1]]))
    return path[::-1]


class NNTagger:
    """A loaded ONNX token classifier plus its WordPiece tokenizer."""

    def __init__(self, model_dir: str | pathlib.Path) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - declared dependencies
            raise ModelError(f"the MiniLM tagger needs onnxruntime and tokenizers ({exc})") from exc
        model_dir = pathlib.Path(model_dir)
        paths = [model_dir / n for n in ("meta.json", "model.onnx", "tokenizer.json")]
        if not all(p.is_file() for p in paths):
            raise ModelError(f"no MiniLM attribution model in {model_dir} (run `make train-nn`)")
        self.meta = json.loads(paths[0].read_text(encoding="utf-8"))
        self.labels = list(self.meta["labels"])
        self.cues = frozenset(self.meta.get("cues", ()))
        self.features = 0  # the hints of CRF feature set 3 are not used
        self.min_confidence = float(self.meta.get("min_confidence", 0.0))
        self.max_pieces = int(self.meta.get("max_pieces", 254))
        self.stride = int(self.meta.get("stride", self.max_pieces * 3 // 4))
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = int(os.environ.get("QUOTH_NN_THREADS", "1"))
        opts.inter_op_num_threads = 1
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self._session = ort.InferenceSession(str(paths[1]), opts, providers=["CPUExecutionProvider"])
        tok = Tokenizer.from_file(str(paths[2]))
        tok.no_truncation()
        tok.no_padding()
        self._tok = tok
        self._cls, self._sep = tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]")
        self._allowed, self._start = _transitions(self.labels)
        self._o = self.labels.index("O")

    def block_probs(self, words_per_block: list[list[str]]) -> list[np.ndarray]:
        """Per block, a (words x labels) array of label probabilities."""
        k = len(self.labels)
        encs = self._tok.encode_batch(words_per_block, is_pretokenized=True, add_special_tokens=False)
        jobs = []  # (block, piece start, piece ids)
        firsts = []
        for b, enc in enumerate(encs):
            firsts.append(np.array(first_pieces(enc.word_ids, len(words_per_block[b])), dtype=np.int64))
            ids = enc.ids
            for s, e in windows(len(ids), self.max_pieces, self.stride) if ids else ():
                jobs.append((b, s, ids[s:e]))
        sums = [np.zeros((len(enc.ids), k), dtype=np.float32) for enc in encs]
        counts = [np.zeros(len(enc.ids), dtype=np.float32) for enc in encs]
        order = sorted(range(len(jobs)), key=lambda j: len(jobs[j][2]))
        for g in range(0, len(order), BATCH):
            group = [jobs[j] for j in order[g:g + BATCH]]
            width = max(len(ids) for _, _, ids in group) + 2
            ids = np.zeros((len(group), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, (_, _, piece_ids) in enumerate(group):
                ids[r, 0], ids[r, 1:len(piece_ids) + 1], ids[r, len(piece_ids) + 1] = self._cls, piece_ids, self._sep
                mask[r, :len(piece_ids) + 2] = 1
            logits = self._session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            logits = logits - logits.max(-1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(-1, keepdims=True)
            for r, (b, s, piece_ids) in enumerate(group):
                sums[b][s:s + len(piece_ids)] += probs[r, 1:len(piece_ids) + 1]
                counts[b][s:s + len(piece_ids)] += 1
        out = []
        for b, first in enumerate(firsts):
            word_probs = np.zeros((len(first), k), dtype=np.float32)
            word_probs[:, self._o] = 1.0  # words without pieces (whitespace) are O
            has = first >= 0
            if has.any():
                word_probs[has] = sums[b][first[has]] / counts[b][first[has], None]
            out.append(word_probs)
        return out

    def tag(self, doc, rule_candidates=None) -> list[Chunk]:
        """Chunks in document order, each scored by the mean probability of its labels
        (``rule_candidates`` is accepted for the CRF tagger's interface and not used)."""
        spans = list(blocks(doc))
        words = [[t.text for t in doc[s:e]] for s, e in spans]
        chunks: list[Chunk] = []
        for (start, _), probs in zip(spans, self.block_probs(words)):
            path = viterbi_bio(np.log(probs + 1e-9), self._allowed, self._start)
            for role, s, e in decode([self.labels[j] for j in path]):
                p = probs[np.arange(s, e), path[s:e]]
                chunks.append(Chunk(role, start + s, start + e, float(p.mean())))
        return chunks
