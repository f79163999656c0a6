"""The trained attribution model: a token tagger of Source / Cue / Content tokens.

    tagger = load_tagger()                  # the model shipped with quoth (see below)
    chunks = tagger.tag(doc)                # [Chunk(role, start, end, score), ...]
    find_statements(doc, article, engine="model" | "hybrid") -> list[Statement]

Two kinds of model directory, told apart by ``meta.json``'s ``"kind"``:
``quoth/models/attribution-nn`` (``"minilm-onnx"``, the default where shipped): the
fine-tuned MiniLM run with onnxruntime (``tagger_nn.NNTagger``, trained by
``quoth.train_nn``); ``quoth/models/attribution`` (``"crf"``): ``crf.model``
(python-crfsuite) plus the cue lexicon learned from the training split, the feature set,
the confidence threshold chosen on dev, training parameters (``quoth train`` writes it).
Tagging runs per paragraph (see ``tagger_features.blocks``); a chunk's score is the mean
probability (CRF marginal / softmax) of its tokens' labels. ``hybrid`` merges the result
with the rule engine's statements (``tagger_build.merge``); the rules' candidates are
found once per Doc for both.

``model`` and ``hybrid`` run the best model shipped (``engine_model_dir``: the MiniLM, its
probabilities mixed with the CRF's marginals as its meta.json names, tagger_nn); ``fast``
runs the CRF with the rules (merge mode ``all+source`` as the CRF's meta.json names: 0.626
on dev at ~0.9-1x a bare parse, against the hybrid's ~0.6x, for bulk runs). On dev,
``model`` (the tagger alone) gives 0.766 attribution F1 and ``hybrid``, the default, 0.761:
it keeps the model's statements but takes the rules' for the forms a paragraph tagger
cannot see (a quote running over paragraphs, a quote paragraph continuing the previous
speaker, a ``Name: claim`` headline) and drops the statements quoth does not count
(``cues.EVENT_CUES``), so it passes every statement-form table (training/RESULTS.md).
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import pathlib

from quoth.errors import ModelError, UsageError
from quoth.model import Article, Statement
from quoth.pipeline.doctables import token_table
from quoth.pipeline.tagger_crf import CRFWeights, attribute_ids, block_scores, crf_tag
from quoth.pipeline.tagger_features import block_features, blocks, rule_hints
from quoth.pipeline.tagger_link import Chunk, link_chunks

__all__ = ["Tagger", "load_tagger", "find_statements", "tag_batch", "decode", "DEFAULT_MODEL_DIR",
           "NN_MODEL_DIR", "ENGINES", "engine_model_dir"]

DEFAULT_MODEL_DIR = pathlib.Path(__file__).resolve().parents[1] / "models" / "attribution"  # the CRF (`quoth train`)
NN_MODEL_DIR = DEFAULT_MODEL_DIR.with_name("attribution-nn")  # the MiniLM tagger (`make train-nn`)
ENGINES = ("model", "hybrid", "fast")
HYBRIDS = ("hybrid", "fast")  # the engines that merge the model's statements with the rules
_CHUNKS = "quoth:chunks"  # Doc.user_data: (tagger id, chunks) from tag_batch
log = logging.getLogger(__name__)


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
    numpy (``tagger_crf``: the same labels and marginals, several times faster); set 3,
    or ``crfsuite=True``, through crfsuite's own tagger."""

    def __init__(self, model_dir: str | pathlib.Path, crfsuite: bool = False) -> None:
        import pycrfsuite

        model_dir = pathlib.Path(model_dir)
        meta_path, crf_path = model_dir / "meta.json", model_dir / "crf.model"
        if not (meta_path.is_file() and crf_path.is_file()):
            raise ModelError(f"no trained attribution model in {model_dir} (run `quoth train`)")
        self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        self.cues = frozenset(self.meta["cues"])
        self.features = int(self.meta.get("features", 1))
        self.min_confidence = float(self.meta.get("min_confidence", 0.0))
        self._crf = pycrfsuite.Tagger()
        self._crf.open(str(crf_path))
        self._weights = None if crfsuite or self.features > 2 else CRFWeights(crf_path, self._crf)

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


def load_tagger(model_dir: str | pathlib.Path | None = None):
    """The tagger from ``model_dir``, cached (one per directory, however it is named): the
    CRF ``Tagger``, or ``tagger_nn.NNTagger`` where meta.json says ``"kind": "minilm-onnx"``.
    Default: the MiniLM tagger shipped in ``NN_MODEL_DIR`` (better on dev,
    training/RESULTS.md), else the CRF in ``DEFAULT_MODEL_DIR``."""
    if model_dir is None:
        model_dir = NN_MODEL_DIR if (NN_MODEL_DIR / "meta.json").is_file() else DEFAULT_MODEL_DIR
    return _load_tagger(pathlib.Path(model_dir).resolve())


@functools.lru_cache(maxsize=4)
def _load_tagger(model_dir: pathlib.Path):
    meta_path = model_dir / "meta.json"
    kind = "crf"
    if meta_path.is_file():
        try:
            kind = json.loads(meta_path.read_text(encoding="utf-8")).get("kind", "crf")
        except ValueError as exc:
            raise ModelError(f"{meta_path}: not JSON ({exc})") from exc
    if kind == "minilm-onnx":
        from quoth.pipeline.tagger_nn import NNTagger

        return NNTagger(model_dir)
    return Tagger(model_dir)


def engine_model_dir(engine: str) -> pathlib.Path | None:
    """The model an engine runs by default: the CRF for ``fast``, else the best shipped
    (None: ``load_tagger`` picks)."""
    return DEFAULT_MODEL_DIR if engine == "fast" else None


def find_statements(doc, article: Article, *, engine: str = "model", model_dir=None) -> list[Statement]:
    """Statements in ``doc`` by the trained model (``model``) or model + rules (``hybrid``,
    ``fast``)."""
    from quoth.pipeline.tagger_build import build_statements, combine_with_rules

    if engine not in ENGINES:
        raise UsageError(f"unknown tagger engine {engine!r} (choose from {', '.join(ENGINES)})")
    tagger = load_tagger(model_dir or engine_model_dir(engine))
    found = _rule_candidates(doc) if engine in HYBRIDS or tagger.features >= 3 else None
    chunks = _batch_chunks(doc, tagger)
    if chunks is None:
        chunks = tagger.tag(doc, found)
    sent, block, punct, quote = token_tables(doc)
    links = link_chunks(chunks, sent, block, punct, quote=quote)
    statements = build_statements(doc, article, links, tagger.min_confidence)
    if engine in HYBRIDS and found is not None:
        # the model dir's meta.json may name the merge mode (tagger_build.merge); default HYBRID
        statements = combine_with_rules(doc, article, statements, found, tagger.meta.get("hybrid"))
    return statements


def tag_batch(docs, *, engine: str = "model", model_dir=None) -> None:
    """Tag the Docs of one batch together where the engine's tagger can (the CRF decodes
    all their paragraphs at once) and leave each Doc's chunks on it, as plain values in
    ``Doc.user_data``, for its ``find_statements`` call. Other taggers tag per Doc there."""
    tagger = load_tagger(model_dir or engine_model_dir(engine))
    if not isinstance(tagger, Tagger) or not tagger.batched:
        return
    for doc, chunks in zip(docs, tagger.tag_many(docs)):
        doc.user_data[_CHUNKS] = (id(tagger), tuple((c.role, c.start, c.end, c.score) for c in chunks))


def _batch_chunks(doc, tagger) -> list[Chunk] | None:
    """The chunks ``tag_batch`` left on ``doc`` for this tagger (taken off the Doc), if any."""
    left = doc.user_data.pop(_CHUNKS, None)
    if not isinstance(left, tuple) or left[0] != id(tagger):
        return None
    return [Chunk(*c) for c in left[1]]


def _rule_candidates(doc) -> list:
    """The rule engine's candidates, found once for the hints and the hybrid merge."""
    from quoth.pipeline import rules

    try:
        return rules.candidates(doc)
    except Exception as exc:  # degrade to the model alone for this article
        log.warning("rules failed on a document (%s: %s); model only", type(exc).__name__, exc)
        return []


QUOTE_MARKS = frozenset({'"', "“", "”", "‘", "’", "'", "''", "``", "«", "»"})


def token_tables(doc) -> tuple[list[int], list[int], list[bool], list[bool]]:
    """Per token: sentence number, block number, is-punctuation, is-quote-mark (for linking)."""
    tt = token_table(doc)
    sent, n = [], 0
    for i, start in enumerate(tt.sent_start):
        n += bool(i and start)
        sent.append(n)
    block = [-1] * len(doc)
    for n, (s, e) in enumerate(blocks(doc)):
        for i in range(s, e):
            block[i] = n
    punct = [p or s for p, s in zip(tt.is_punct, tt.is_space)]
    return sent, block, punct, [t in QUOTE_MARKS for t in tt.text]
