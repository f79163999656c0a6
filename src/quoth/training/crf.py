"""Train the attribution CRF on a PolNeAR split (train only; select on dev).

    train(corpus_dir, out_dir=DEFAULT_MODEL_DIR, seed=13) -> dict   # figures

Steps: read one annotation per text (``quoth.training.data``), parse once with
``load_nlp()`` (cached as a DocBin in ``.cache/``), learn the cue lexicon from
the gold cue words, label every token B-/I-Source|Cue|Content or O, extract
features per paragraph (``quoth.tagger.features``) and fit a CRF with
L-BFGS (deterministic; the seed fixes the order of training sequences).
"""

from __future__ import annotations

import collections
import json
import logging
import pathlib
import random
import time

from quoth.errors import UsageError
from quoth.tagger.load import DEFAULT_MODEL_DIR
from quoth.tagger.features import block_features, blocks, rule_hints
from quoth.training.data import ROLES, Document, iter_corpus, parsed_corpus

__all__ = ["train", "token_labels", "learn_cues", "DEFAULT_PARAMS", "CACHE_DIR"]

log = logging.getLogger(__name__)
CACHE_DIR = pathlib.Path(".cache")
DEFAULT_PARAMS = {"c1": 0.15, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
CUE_MIN_COUNT = 10
CUE_MIN_RATIO = 0.15
FEATURES = 2  # the feature set (see tagger_features.block_features)
MIN_CONFIDENCE = 0.4  # statements scoring less are dropped (chosen on dev: F1 plateau 0.3-0.6)
CRF_HYBRID = "all+source"  # how a hybrid on this CRF merges (tagger_build.merge; chosen on dev, training/RESULTS.md)


def token_labels(doc, document: Document) -> list[str]:
    """BIO label per token from the gold pieces (a token belongs to a piece it overlaps)."""
    labels = ["O"] * len(doc)
    starts = [t.idx for t in doc]
    for att in document.attributions:
        for role, pieces in zip(ROLES, (att.source, att.cue, att.content)):
            for s, e in pieces:
                first = True
                for tok in doc.char_span(s, e, alignment_mode="expand") or ():
                    if tok.is_space or starts[tok.i] >= e:
                        continue
                    labels[tok.i] = ("B-" if first else "I-") + role
                    first = False
    return labels


def learn_cues(pairs) -> list[str]:
    """Lemmas that head gold cues often enough (count and share of their uses)."""
    in_cue: collections.Counter[str] = collections.Counter()
    seen: collections.Counter[str] = collections.Counter()
    for document, doc in pairs:
        labels = token_labels(doc, document)
        for tok, lab in zip(doc, labels):
            lemma = tok.lemma_.lower()
            seen[lemma] += 1
            if lab.endswith("Cue") and tok.is_alpha:
                in_cue[lemma] += 1
    return sorted(
        lemma for lemma, n in in_cue.items()
        if n >= CUE_MIN_COUNT and n / seen[lemma] >= CUE_MIN_RATIO
    )


def _sequences(pairs, cues: frozenset[str], version: int):
    for document, doc in pairs:
        labels = token_labels(doc, document)
        hints = rule_hints(doc) if version >= 3 else None
        for start, end in blocks(doc):
            yield block_features(doc, start, end, cues, version, hints), labels[start:end]


def train(
    corpus_dir: str | pathlib.Path,
    out_dir: str | pathlib.Path = DEFAULT_MODEL_DIR,
    *,
    seed: int = 13,
    limit: int | None = None,
    params: dict | None = None,
    cache_dir: pathlib.Path | None = CACHE_DIR,
) -> dict:
    """Fit the CRF on ``corpus_dir`` and write ``crf.model`` + ``meta.json`` to ``out_dir``."""
    import pycrfsuite

    t0 = time.time()
    docs = list(iter_corpus(corpus_dir, limit=limit))
    if not docs:
        raise UsageError(f"{corpus_dir} holds no annotated texts to train on.")
    pairs = parsed_corpus(docs, cache_dir=cache_dir)
    cues = frozenset(learn_cues(pairs))
    params = dict(params or {})
    version = int(params.pop("features", FEATURES))
    min_confidence = float(params.pop("min_confidence", MIN_CONFIDENCE))
    seqs = list(_sequences(pairs, cues, version))
    random.Random(seed).shuffle(seqs)
    trainer = pycrfsuite.Trainer(verbose=False)
    for xseq, yseq in seqs:
        trainer.append(xseq, yseq)
    settings = {**DEFAULT_PARAMS, **params}
    trainer.set_params(settings)
    out = pathlib.Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out / "crf.model"))
    meta = {
        "kind": "crf", "features": version, "min_confidence": min_confidence, "cues": sorted(cues), "params": settings, "seed": seed,
        "hybrid": CRF_HYBRID,
        "corpus": pathlib.Path(corpus_dir).name, "texts": len(docs), "sequences": len(seqs),
        "tokens": sum(len(d) for _, d in pairs), "seconds": round(time.time() - t0, 1),
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta
