"""The fine-tuned MiniLM token tagger, run with onnxruntime (no torch at run time).

    tagger = NNTagger(model_dir)            # model.onnx + tokenizer.json + meta.json
    chunks = tagger.tag(doc)                # [Chunk(role, start, end, score), ...]

``load_tagger`` picks this class when the model directory's ``meta.json`` says
``"kind": "minilm-onnx"`` (trained by ``quoth.training.nn``). Like the CRF it tags one
paragraph block at a time (``tagger_features.blocks``): the block's spaCy tokens are
split into WordPieces, long blocks into overlapping windows of ``max_pieces`` pieces
(a token's label distribution is read at its first piece, averaged where windows
overlap), and the labels are decoded with a BIO-constrained Viterbi pass over the log
probabilities (an I-X only after B-X or I-X). Only the tokens the model sees are decoded:
a whitespace token (no WordPiece: a double space, a no-break space) inside a chunk is
inside it, where forcing it to O used to cut a content in two; and a Content chunk that
starts where the one before it ends is joined to it (``fuse_contents``). A chunk's score
is the mean softmax probability of its tokens' labels, as the CRF's marginals are.

A companion CRF (an ensemble): ``meta.json`` may hold
``"crf_companion": {"model": "attribution", "weight": 0.2}``, ``model`` a CRF model
directory (``quoth train``'s, feature set 1 or 2) relative to the parent of this model's
directory (a sibling under ``quoth/models``) or absolute, ``weight`` the CRF's share
``w`` in [0, 1). Each block's CRF marginals (``tagger_crf.crf_marginals``, all labels,
one forward-backward pass per batch of Docs) are then mixed with the MiniLM's probabilities
log-linearly, ``p ∝ p_nn^(1-w) * p_crf^w`` per token (``combine_probs``), before the
same decoding; chunk scores are means of the mixed probabilities. A named companion
that cannot be loaded is a ``ModelError``. Chosen on dev: training/RESULTS.md.
"""

from __future__ import annotations

import json
import os
import pathlib
from typing import NamedTuple

import numpy as np

from quoth.errors import ModelError
from quoth.tagger.crf_tagger import Tagger, decode, load_crf
from quoth.tagger.crf import CRFWeights, attribute_ids, block_scores, crf_marginals
from quoth.tagger.features import blocks
from quoth.tagger.link import Chunk

__all__ = ["NNTagger", "viterbi_bio", "viterbi_bio_many", "windows", "first_pieces", "combine_probs", "Companion",
           "load_companion", "fuse_contents"]

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


def viterbi_bio_many(logps: list[np.ndarray], allowed: np.ndarray, start: np.ndarray) -> list[list[int]]:
    """``viterbi_bio`` of several sequences at once, the same paths: the sequences are
    padded into one (position, sequence, label) array, longest first, and each step
    works on the ones still running, so a Doc's blocks cost one numpy step per position
    instead of one per token."""
    paths: list[list[int]] = [[] for _ in logps]
    order = sorted((b for b in range(len(logps)) if len(logps[b])), key=lambda b: -len(logps[b]))
    if not order:
        return paths
    lengths = np.array([len(logps[b]) for b in order])
    width, k = int(lengths[0]), allowed.shape[0]
    live = [int((lengths > t).sum()) for t in range(width)]
    scores = np.zeros((width, len(order), k))
    for row, b in enumerate(order):
        scores[:len(logps[b]), row] = logps[b]
    penalty = np.where(allowed, 0.0, -1e9)
    best = scores[0] + np.where(start, 0.0, -1e9)
    back = np.zeros((width, len(order), k), dtype=np.int64)
    for t in range(1, width):
        m = live[t]
        cand = best[:m, :, None] + penalty  # (sequence, previous label, label)
        back[t, :m] = cand.argmax(axis=1)
        best[:m] = cand.max(axis=1) + scores[t, :m]
    label = best.argmax(axis=1)  # each sequence's best last label (its row stopped there)
    out = np.zeros((width, len(order)), dtype=np.int64)
    for t in range(width - 1, -1, -1):
        m = live[t]
        out[t, :m] = label[:m]
        if t:
            label[:m] = back[t, np.arange(m), label[:m]]
    for row, b in enumerate(order):
        paths[b] = out[:lengths[row], row].tolist()
    return paths


def combine_probs(nn: np.ndarray, crf: np.ndarray, weight: float) -> np.ndarray:
    """Per token (rows), ``nn ** (1 - weight) * crf ** weight`` renormalised: the log-linear
    mix of two (tokens, labels) distributions; ``nn`` itself where ``weight`` is 0."""
    if weight == 0:
        return nn
    logp = (1.0 - weight) * np.log(nn + 1e-9) + weight * np.log(crf + 1e-9)
    probs = np.exp(logp - logp.max(axis=1, keepdims=True))
    return probs / probs.sum(axis=1, keepdims=True)


def fuse_contents(chunks: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Decoded ``(role, start, end)`` chunks with each Content chunk that begins where the
    one before it ends (a B-Content right after I-Content: the tagger restarting a content
    mid-way, most often at a new sentence of a quote) joined to it. PolNeAR's contents
    rarely abut, and on dev the joins gain more than they cost (training/RESULTS.md)."""
    out: list[tuple[str, int, int]] = []
    for role, s, e in chunks:
        if out and role == "Content" and out[-1][0] == role and out[-1][2] == s:
            s = out.pop()[1]
        out.append((role, s, e))
    return out


class Companion(NamedTuple):
    """A CRF whose marginals are mixed into the MiniLM's (``load_companion``)."""

    weights: CRFWeights
    cues: frozenset[str]
    features: int
    order: np.ndarray  # CRF label column of each MiniLM label
    weight: float  # the CRF's share in ``combine_probs``


def load_companion(model_dir: pathlib.Path, spec, labels: list[str]) -> Companion | None:
    """The companion CRF named by meta.json's ``crf_companion`` (None where none is named)."""
    if spec is None:
        return None
    where = f"{model_dir / 'meta.json'}: crf_companion"
    try:
        name, weight = str(spec["model"]), float(spec["weight"])
    except (TypeError, KeyError, ValueError) as exc:
        raise ModelError(f'{where} needs "model" (a directory) and "weight" (a number) ({exc!r}).') from exc
    if not 0.0 <= weight < 1.0:
        raise ModelError(f"{where}: the weight {weight} is not in [0, 1).")
    crf_dir = model_dir.parent / name
    try:  # cached: the CRF the hybrid engine runs is loaded once
        crf = load_crf(crf_dir.resolve())
    except ModelError as exc:
        raise ModelError(f"{where}: there is no CRF model in {crf_dir} ({exc}).") from exc
    if not isinstance(crf, Tagger) or crf.weights is None:
        raise ModelError(f"{where}: {crf_dir} holds no CRF of feature set 1 or 2 (set 3 needs "
                         "the rules' hints).")
    missing = sorted(set(labels) - set(crf.weights.labels))
    if missing:
        raise ModelError(f"{where}: the CRF in {crf_dir} lacks the labels {', '.join(missing)}.")
    order = np.array([crf.weights.labels.index(lab) for lab in labels], dtype=np.int64)
    return Companion(crf.weights, crf.cues, crf.features, order, weight)


class NNTagger:
    """A loaded ONNX token classifier plus its WordPiece tokenizer."""

    def __init__(self, model_dir: str | pathlib.Path) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - declared dependencies
            raise ModelError(f"The MiniLM tagger needs onnxruntime and tokenizers ({exc}).") from exc
        model_dir = pathlib.Path(model_dir)
        paths = [model_dir / n for n in ("meta.json", "model.onnx", "tokenizer.json")]
        if not all(p.is_file() for p in paths):
            raise ModelError(f"There is no MiniLM attribution model in {model_dir}: run `make train-nn`.")
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
        self.companion = load_companion(model_dir, self.meta.get("crf_companion"), self.labels)

    def block_probs(self, words_per_block: list[list[str]]) -> tuple[list[np.ndarray], list[np.ndarray]]:
        """Per block, a (words x labels) array of label probabilities, and which words have
        WordPieces (the model sees no others: whitespace; their rows say O)."""
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
        out, pieced = [], []
        for b, first in enumerate(firsts):
            word_probs = np.zeros((len(first), k), dtype=np.float32)
            word_probs[:, self._o] = 1.0  # words without pieces (whitespace) are O
            has = first >= 0
            if has.any():
                word_probs[has] = sums[b][first[has]] / counts[b][first[has], None]
            out.append(word_probs)
            pieced.append(has)
        return out, pieced

    batched = True  # ``tag_many`` tags a batch's Docs together (``tagger.tag_batch``)

    def tag(self, doc, rule_candidates=None) -> list[Chunk]:
        """Chunks in document order, each scored by the mean probability of its labels
        (``rule_candidates`` is accepted for the CRF tagger's interface and not used)."""
        return self.tag_many([doc])[0]

    def tag_many(self, docs) -> list[list[Chunk]]:
        """``tag`` for several Docs: the companion CRF and the Viterbi decoding run over the
        blocks of all of them together (the same results as Doc by Doc). The MiniLM runs
        Doc by Doc: the quantised model scales its activations over each onnxruntime call,
        so a window's probabilities move a little with the windows it shares a call with,
        and an article must not get other statements for being batched with others."""
        spans = [[(s, e) for s, e in blocks(doc) if e > s] for doc in docs]
        probs, pieced = [], []
        for doc, sp in zip(docs, spans):
            p, seen = self.block_probs([[t.text for t in doc[s:e]] for s, e in sp])
            probs += p
            pieced += seen
        if self.companion is not None:
            c = self.companion
            crf = crf_marginals(c.weights, [sc for doc, sp in zip(docs, spans) for sc in block_scores(
                c.weights, attribute_ids(doc, c.cues, c.weights, c.features), sp)])
            probs = [combine_probs(p, m[:, c.order], c.weight) for p, m in zip(probs, crf)]
        per_block = self._decode(probs, [s for sp in spans for s, _ in sp], pieced)
        out, at = [], 0
        for sp in spans:
            out.append([chunk for block in per_block[at:at + len(sp)] for chunk in block])
            at += len(sp)
        return out

    def decode_block(self, probs: np.ndarray, start: int = 0, seen: np.ndarray | None = None) -> list[Chunk]:
        """The chunks of one block's (tokens, labels) probabilities, BIO-constrained;
        ``start``: the block's first token in the Doc. ``seen``: the tokens the model saw
        (``block_probs``); only they are decoded, so a chunk runs on across the whitespace
        tokens inside it (a double space or a no-break space) instead of being cut in two
        there, and never starts or ends on one."""
        return self.decode_blocks([probs], [start], [seen])

    def decode_blocks(self, probs: list[np.ndarray], starts: list[int], seen: list) -> list[Chunk]:
        """``decode_block`` of several blocks, in order, their Viterbi passes run together
        (``viterbi_bio_many``)."""
        return [chunk for block in self._decode(probs, starts, seen) for chunk in block]

    def _decode(self, probs: list[np.ndarray], starts: list[int], seen: list) -> list[list[Chunk]]:
        ats = [np.arange(len(p)) if s is None else np.flatnonzero(s) for p, s in zip(probs, seen)]
        kept = [p[at] for p, at in zip(probs, ats)]
        paths = viterbi_bio_many([np.log(p + 1e-9) for p in kept], self._allowed, self._start)
        out = []
        for p, at, path, start in zip(kept, ats, paths, starts):
            chunks = []
            for role, s, e in fuse_contents(decode([self.labels[j] for j in path])):
                score = p[np.arange(s, e), path[s:e]]
                chunks.append(Chunk(role, start + int(at[s]), start + int(at[e - 1]) + 1, float(score.mean())))
            out.append(chunks)
        return out
