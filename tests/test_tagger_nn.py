"""The MiniLM (ONNX) attribution tagger: BIO-constrained decoding, loading, tagging."""

from __future__ import annotations

import pathlib

import numpy as np
import pytest

from quoth.tagger.features import blocks
from quoth.tagger.nn import _transitions, viterbi_bio

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



def test_viterbi_many_gives_the_paths_of_one_at_a_time():
    """Sequences of every length (none, one token, a ragged batch), with ties (flat rows)
    and sharp rows: decoded together, each path is the one ``viterbi_bio`` gives alone."""
    from quoth.tagger.nn import viterbi_bio_many

    rng = np.random.default_rng(3)
    allowed, start = _transitions(LABELS)
    for _ in range(20):
        logps = []
        for n in rng.integers(0, 40, size=int(rng.integers(1, 12))):
            probs = rng.dirichlet(np.full(7, 0.2), size=int(n)).astype(np.float32)
            probs[rng.random(int(n)) < 0.2] = 1 / 7  # ties
            logps.append(np.log(probs + 1e-9))
        assert viterbi_bio_many(logps, allowed, start) == [viterbi_bio(lp, allowed, start) for lp in logps]
    assert viterbi_bio_many([], allowed, start) == []

needs_model = pytest.mark.skipif(not (NN_DIR / "model.onnx").is_file(), reason="no MiniLM model shipped")

TEXT = ('"We will not back down," President Barack Obama said on Tuesday.\n\n'
        "The minister added that the talks had failed, according to a statement.\n")


@pytest.fixture(scope="module")
def nn_tagger():
    pytest.importorskip("onnxruntime")
    from quoth.tagger.load import load_tagger

    return load_tagger(NN_DIR)


@needs_model
@pytest.mark.model
def test_loads_by_kind(nn_tagger):
    from quoth.tagger.nn import NNTagger

    assert isinstance(nn_tagger, NNTagger)
    assert nn_tagger.meta["kind"] == "minilm-onnx"


@needs_model
@pytest.mark.model
def test_a_batch_is_tagged_as_each_doc_alone(nlp, nn_tagger):
    """``tag_many`` (the companion CRF and the decoder over all the batch's blocks at
    once) gives every Doc the chunks ``tag`` gives it alone, whatever its neighbours."""
    example = (pathlib.Path(__file__).resolve().parents[1] / "examples"
               / "sputnik_2022-02-07_putin-macron-press-conference.txt").read_text(encoding="utf-8")
    docs = [nlp(t) for t in (TEXT, example, "No one spoke.", example[:1500])]
    alone = [nn_tagger.tag(doc) for doc in docs]
    assert sum(map(len, alone)) > 10
    assert nn_tagger.tag_many(docs) == alone
    assert nn_tagger.tag_many(docs[::-1]) == alone[::-1]


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
    from quoth.records import Article, article_id
    from quoth.tagger.engine import find_statements

    doc = nlp(TEXT)
    found = find_statements(doc, Article(article_id(TEXT), TEXT), engine="tagger", model_dir=NN_DIR)
    assert found
    for st in found:
        assert 0.0 <= st.confidence <= 1.0


# -- the companion CRF (log-linear ensemble) ------------------------------------------------

CRF_DIR = NN_DIR.with_name("attribution")
needs_crf = pytest.mark.skipif(not (CRF_DIR / "crf.model").is_file(), reason="no CRF model shipped")


def _valid_bio(labels: list[str]) -> bool:
    prev = "O"
    for lab in labels:
        if lab.startswith("I-") and prev[2:] != lab[2:]:
            return False
        prev = lab
    return True


@pytest.mark.parametrize("labels, valid", [
    (["O", "B-Cue", "I-Cue", "O"], True),
    (["O", "I-Cue"], False),
    (["I-Source"], False),
    (["B-Source", "I-Content"], False),
])
def test_valid_bio_checker(labels, valid):
    assert _valid_bio(labels) is valid


R = 0.25 ** 0.6


@pytest.mark.parametrize("nn, crf, weight, expected", [
    ([[0.7, 0.3]], [[0.1, 0.9]], 0.0, [[0.7, 0.3]]),  # weight 0: the MiniLM's own
    ([[0.5, 0.5]], [[0.2, 0.8]], 0.5, [[1 / 3, 2 / 3]]),  # sqrt(.5*.2) : sqrt(.5*.8)
    ([[0.9, 0.1], [0.5, 0.5]], [[0.5, 0.5], [0.9, 0.1]], 0.5, [[0.75, 0.25], [0.75, 0.25]]),
    # odds p0/p1 = (0.2/0.8)^0.8 * (0.8/0.2)^0.2 = 0.25^0.6
    ([[0.2, 0.8]], [[0.8, 0.2]], 0.2, [[R / (1 + R), 1 / (1 + R)]]),
])
def test_combine_probs(nn, crf, weight, expected):
    from quoth.tagger.nn import combine_probs

    nn = np.array(nn, dtype=np.float32)
    got = combine_probs(nn, np.array(crf), weight)
    np.testing.assert_allclose(got, expected, atol=1e-6)
    if weight == 0:
        assert got is nn  # exactly the MiniLM's probabilities, not a re-normalised copy


@pytest.mark.parametrize("weight", [0.0, 0.2, 0.5, 0.9])
def test_combined_decode_is_valid_bio(weight):
    """Random MiniLM and CRF distributions (the CRF's favouring I- labels after O, as
    broken marginals might): every decoded path is legal BIO."""
    from quoth.tagger.nn import combine_probs

    rng = np.random.default_rng(7)
    allowed, start = _transitions(LABELS)
    for _ in range(50):
        n = int(rng.integers(1, 30))
        nn = rng.dirichlet(np.full(7, 0.3), size=n)
        crf = rng.dirichlet(np.full(7, 0.3), size=n)
        crf[:, [2, 4, 6]] += 2.0
        crf /= crf.sum(1, keepdims=True)
        probs = combine_probs(nn, crf, weight)
        np.testing.assert_allclose(probs.sum(1), 1.0, atol=1e-9)
        labels = [LABELS[j] for j in viterbi_bio(np.log(probs + 1e-9), allowed, start)]
        assert len(labels) == n and _valid_bio(labels), labels


def _model_copy(tmp_path, companion, name="nn"):
    """The shipped MiniLM in ``tmp_path/name`` (files linked), meta.json's companion replaced."""
    import json

    out = tmp_path / name
    out.mkdir()
    for f in ("model.onnx", "tokenizer.json"):
        (out / f).symlink_to(NN_DIR / f)
    meta = json.loads((NN_DIR / "meta.json").read_text(encoding="utf-8"))
    meta.pop("crf_companion", None)
    if companion is not None:
        meta["crf_companion"] = companion
    (out / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return out


@pytest.mark.parametrize("spec, message", [
    ({"model": "nowhere", "weight": 0.2}, "no CRF model"),
    ({"model": "empty", "weight": 0.2}, "no CRF model"),  # a directory without crf.model
    ({"model": "attribution"}, '"weight"'),
    ({"weight": 0.2}, '"model"'),
    ("attribution", '"model"'),
    ({"model": "attribution", "weight": 1.0}, "not in [0, 1)"),
    ({"model": "attribution", "weight": -0.1}, "not in [0, 1)"),
    ({"model": "attribution", "weight": "heavy"}, '"weight"'),
])
def test_bad_companion_is_a_model_error(tmp_path, spec, message):
    from quoth.errors import ModelError
    from quoth.tagger.nn import load_companion

    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "meta.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ModelError, match="crf_companion") as info:
        load_companion(tmp_path / "nn", spec, LABELS)
    assert message in str(info.value)


def test_no_companion_named():
    from quoth.tagger.nn import load_companion

    assert load_companion(NN_DIR, None, LABELS) is None


@needs_model
@pytest.mark.model
def test_missing_companion_fails_loading(tmp_path):
    pytest.importorskip("onnxruntime")
    from quoth.errors import ModelError
    from quoth.tagger.nn import NNTagger

    with pytest.raises(ModelError, match="no CRF model"):
        NNTagger(_model_copy(tmp_path, {"model": "attribution", "weight": 0.2}))  # no sibling CRF


@needs_model
@needs_crf
@pytest.mark.model
def test_weight_0_is_the_minilm_alone_and_near_1_the_crf(tmp_path, nlp):
    pytest.importorskip("onnxruntime")
    from quoth.tagger.load import load_tagger
    from quoth.tagger.nn import NNTagger

    doc = nlp(TEXT + '\n"It is over," she told reporters. Officials said little.\n')
    alone = NNTagger(_model_copy(tmp_path, None, "alone"))
    zero = NNTagger(_model_copy(tmp_path, {"model": str(CRF_DIR), "weight": 0.0}, "zero"))
    mixed = NNTagger(_model_copy(tmp_path, {"model": str(CRF_DIR), "weight": 0.5}, "mixed"))
    crfish = NNTagger(_model_copy(tmp_path, {"model": str(CRF_DIR), "weight": 0.999}, "crfish"))
    assert alone.companion is None and zero.companion is not None
    assert zero.tag(doc) == alone.tag(doc)
    assert [c.score for c in mixed.tag(doc)] != [c.score for c in alone.tag(doc)]
    # almost all CRF: its chunks (labels permuted into the MiniLM's order correctly)
    spans = [[(c.role, c.start, c.end) for c in t.tag(doc)] for t in (crfish, load_tagger(CRF_DIR))]
    assert spans[0] == spans[1]


@needs_model
@needs_crf
@pytest.mark.model
def test_shipped_ensemble_on_a_small_doc(nlp, nn_tagger):
    from quoth.tagger.crf import attribute_ids, block_scores, crf_tag, doc_marginals

    c = nn_tagger.companion
    assert c is not None and 0.0 < c.weight < 1.0
    assert [c.weights.labels[j] for j in c.order] == nn_tagger.labels
    doc = nlp(TEXT)
    chunks = nn_tagger.tag(doc)
    assert {"Source", "Cue", "Content"} <= {ch.role for ch in chunks}
    assert all(0.0 < ch.score <= 1.0 for ch in chunks)
    spans = [(s, e) for s, e in blocks(doc) if e > s]
    for ch in chunks:
        assert any(s <= ch.start and ch.end <= e for s, e in spans)
    # the CRF's marginals: a distribution per token, agreeing with crf_tag on its own labels
    marginals = doc_marginals(c.weights, doc, c.cues, c.features)
    assert [len(m) for m in marginals] == [e - s for s, e in spans]
    for m in marginals:
        np.testing.assert_allclose(m.sum(1), 1.0, atol=1e-6)
    scores = block_scores(c.weights, attribute_ids(doc, c.cues, c.weights, c.features), spans)
    for m, (labels, probs) in zip(marginals, crf_tag(c.weights, scores)):
        picked = m[np.arange(len(labels)), [c.weights.labels.index(lab) for lab in labels]]
        np.testing.assert_allclose(picked, probs, atol=1e-9)


@pytest.mark.parametrize("chunks, expected", [
    # a content restarted right where the last one ended is one content
    ([("Content", 0, 3), ("Content", 3, 7)], [("Content", 0, 7)]),
    ([("Content", 0, 2), ("Content", 2, 4), ("Content", 4, 5)], [("Content", 0, 5)]),
    # a token between, another role between, or other roles abutting: left alone
    ([("Content", 0, 3), ("Content", 4, 7)], [("Content", 0, 3), ("Content", 4, 7)]),
    ([("Content", 0, 3), ("Cue", 3, 4), ("Content", 4, 7)],
     [("Content", 0, 3), ("Cue", 3, 4), ("Content", 4, 7)]),
    ([("Source", 0, 2), ("Source", 2, 3)], [("Source", 0, 2), ("Source", 2, 3)]),
    ([], []),
])
def test_fuse_contents(chunks, expected):
    from quoth.tagger.nn import fuse_contents

    assert fuse_contents(chunks) == expected


def _rows(*labels):
    out = np.full((len(labels), len(LABELS)), 0.01)
    for k, lab in enumerate(labels):
        out[k, LABELS.index(lab)] = 0.94
    return out


@needs_model
@pytest.mark.model
@pytest.mark.parametrize("labels, seen, expected", [
    # a whitespace token (unseen, its row says O) inside a content does not cut it
    (("B-Content", "I-Content", "O", "I-Content"), (1, 1, 0, 1), [("Content", 10, 14)]),
    # seen, that O ends the content (an I-Content cannot follow it)
    (("B-Content", "I-Content", "O", "I-Content"), (1, 1, 1, 1), [("Content", 10, 12)]),
    (("B-Content", "I-Content", "O", "B-Content"), (1, 1, 1, 1),
     [("Content", 10, 12), ("Content", 13, 14)]),
    # a chunk never starts or ends on an unseen token
    (("O", "B-Source", "I-Source", "O"), (0, 1, 1, 0), [("Source", 11, 13)]),
    (("B-Content", "B-Content", "O", "B-Cue"), (1, 1, 1, 1), [("Content", 10, 12), ("Cue", 13, 14)]),
])
def test_decode_block_skips_unseen_tokens(nn_tagger, labels, seen, expected):
    chunks = nn_tagger.decode_block(_rows(*labels), 10, np.array(seen, dtype=bool))
    assert [(c.role, c.start, c.end) for c in chunks] == expected
    assert all(0.0 < c.score <= 1.0 for c in chunks)


@needs_model
@pytest.mark.model
def test_a_no_break_space_inside_a_quote_keeps_one_content(nlp, nn_tagger):
    plain = '"We will not back down from this fight," President Barack Obama said on Tuesday.'
    spaced = plain.replace("back down", "back\u00a0\u00a0down")
    found = []
    for text in (plain, spaced):
        doc = nlp(text)
        found.append([doc[c.start:c.end].text for c in nn_tagger.tag(doc) if c.role == "Content"])
    assert len(found[0]) == len(found[1]) == 1
    assert found[1][0] == found[0][0].replace("back down", "back\u00a0\u00a0down")
