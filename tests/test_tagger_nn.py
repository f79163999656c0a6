"""The MiniLM (ONNX) attribution tagger: BIO-constrained decoding, loading, tagging."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

from quoth.pipeline.tagger_features import blocks
from quoth.pipeline.tagger_nn import _transitions, viterbi_bio

LABELS = ["O", "B-Source", "I-Source", "B-Cue", "I-Cue", "B-Content", "I-Content"]
NN_DIR = pathlib.Path(__file__).resolve().parents[1] / "src" / "quoth" / "models" / "attribution-nn"


def _probs(rows):
    return np.log(np.array(rows, dtype=np.float64) + 1e-9)


@pytest.mark.parametrize("rows, expected", [
    # an I- at the start can't stand: the best legal reading is B-
    ([[0.1, 0.15, 0.6, 0.05, 0.05, 0.0, 0.05]], ["B-Source"]),
    # O then I-Content (argmax) -> B-Content, I-Content
    ([[0.9, 0, 0, 0, 0, 0.05, 0.05], [0.1, 0, 0, 0, 0, 0.4, 0.5], [0.1, 0, 0, 0, 0, 0.1, 0.8]],
     ["O", "B-Content", "I-Content"]),
    # I-Cue right after B-Source is illegal
    ([[0, 0.9, 0.1, 0, 0, 0, 0], [0.25, 0, 0.35, 0, 0.4, 0, 0]], ["B-Source", "I-Source"]),
])
def test_viterbi_respects_bio(rows, expected):
    allowed, start = _transitions(LABELS)
    assert [LABELS[j] for j in viterbi_bio(_probs(rows), allowed, start)] == expected


def test_viterbi_empty():
    allowed, start = _transitions(LABELS)
    assert viterbi_bio(np.zeros((0, 7)), allowed, start) == []


needs_model = pytest.mark.skipif(not (NN_DIR / "model.onnx").is_file(), reason="no MiniLM model shipped")

TEXT = ('"We will not back down," President Barack Obama said on Tuesday.\n\n'
        "The minister added that the talks had failed, according to a statement.\n")


@pytest.fixture(scope="module")
def nn_tagger():
    pytest.importorskip("onnxruntime")
    from quoth.pipeline.tagger import load_tagger

    return load_tagger(NN_DIR)


@needs_model
@pytest.mark.model
def test_loads_by_kind(nn_tagger):
    from quoth.pipeline.tagger_nn import NNTagger

    assert isinstance(nn_tagger, NNTagger)
    assert nn_tagger.meta["kind"] == "minilm-onnx"


@needs_model
@pytest.mark.model
def test_tags_a_small_text(nlp, nn_tagger):
    doc = nlp(TEXT)
    chunks = nn_tagger.tag(doc)
    roles = {c.role for c in chunks}
    assert {"Source", "Cue", "Content"} <= roles
    spans = list(blocks(doc))
    for c in chunks:
        assert 0 <= c.start < c.end <= len(doc)
        assert any(s <= c.start and c.end <= e for s, e in spans)  # a chunk stays in its block
        assert 0.0 < c.score <= 1.0
    assert chunks == sorted(chunks, key=lambda c: c.start)
    source = next(c for c in chunks if c.role == "Source")
    assert "Obama" in doc[source.start:source.end].text
    cue = next(c for c in chunks if c.role == "Cue")
    assert doc[cue.start:cue.end].text == "said"


@needs_model
@pytest.mark.model
def test_deterministic_and_windows(nlp, nn_tagger):
    doc = nlp(TEXT)
    first = nn_tagger.tag(doc)
    assert nn_tagger.tag(doc) == first
    # the same text cut into overlapping windows still tags every token, within the doc
    saved = nn_tagger.max_pieces, nn_tagger.stride
    try:
        nn_tagger.max_pieces, nn_tagger.stride = 8, 5
        windowed = nn_tagger.tag(doc)
    finally:
        nn_tagger.max_pieces, nn_tagger.stride = saved
    assert all(0 <= c.start < c.end <= len(doc) for c in windowed)
    assert {c.role for c in windowed} <= {"Source", "Cue", "Content"}


@needs_model
@pytest.mark.model
def test_model_engine_statements(nlp):
    pytest.importorskip("onnxruntime")
    from quoth.model import Article, article_id
    from quoth.pipeline.tagger import find_statements

    doc = nlp(TEXT)
    found = find_statements(doc, Article(article_id(TEXT), TEXT), engine="model", model_dir=NN_DIR)
    assert found
    for st in found:
        assert 0.0 <= st.confidence <= 1.0
