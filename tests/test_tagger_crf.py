"""The CRF run in numpy (``quoth.tagger.crf``) against crfsuite and against brute force."""

from __future__ import annotations

import collections
import itertools

import numpy as np
import pytest

from quoth.tagger.crf_tagger import Tagger, decode
from quoth.tagger.engine import tag_batch
from quoth.tagger.load import DEFAULT_MODEL_DIR
from quoth.tagger.crf import anchors, attribute_ids, block_scores, crf_tag
from quoth.tagger.features import MAX_BLOCK, _cue_anchor, block_features, blocks
from quoth.nlp.tables import token_table

TEXTS = [
    # direct quotes split by a cue, straight and curly marks, an unclosed quote
    '“We will win,” Putin said at the Kremlin, “and nobody will stop us.”\n\n'
    'Macron, according to aides, believes that talks can still succeed. "They must," he added.\n'
    'The minister said "it is over',
    # reported speech, a cue-less paragraph, a colon headline, a paragraph of one word
    "Putin: Russia's Key Security Concerns Ignored by US, NATO\n"
    "The weather was fine.\n\n"
    "Officials told reporters the plan, which critics have called reckless, would be announced on Monday.\n"
    "Yes\n",
    # one paragraph longer than MAX_BLOCK tokens: cut at sentence ends
    " ".join(["The spokesman said the army will leave the region soon, and she denied it."] * 40),
    "",
]


@pytest.fixture(scope="module")
def docs(nlp):
    return list(nlp.pipe(TEXTS))


@pytest.fixture(scope="module")
def crf():
    return Tagger(DEFAULT_MODEL_DIR)


def _crfsuite_chunks(tagger, doc) -> list[tuple[str, int, int, float]]:
    """What crfsuite's own tagger gives for ``doc``: the reference for the numpy CRF."""
    chunks = []
    for start, end in blocks(doc):
        tagger._crf.set(block_features(doc, start, end, tagger.cues, tagger.features, sparse=True))
        labels = tagger._crf.tag()
        for role, s, e in decode(labels):
            probs = [tagger._crf.marginal(labels[k], k) for k in range(s, e)]
            chunks.append((role, start + s, start + e, sum(probs) / len(probs)))
    return chunks


def _attributes(features: dict, weights) -> collections.Counter:
    """The model rows crfsuite looks up for one token's feature dict."""
    rows = collections.Counter()
    for key, value in features.items():
        row = weights.keys.get(key, {}).get(value) if isinstance(value, str) else weights.flags.get(key)
        if row is not None and (isinstance(value, str) or value):
            rows[row] += 1
    return rows


def test_long_paragraph_is_cut(docs):
    assert max(e - s for s, e in blocks(docs[2])) <= MAX_BLOCK < len(docs[2])


def test_attribute_ids_are_the_features_crfsuite_sees(docs, crf):
    tagger = crf
    weights = tagger._weights
    for doc in docs:
        ids = attribute_ids(doc, tagger.cues, weights, tagger.features)
        for start, end in blocks(doc):
            feats = block_features(doc, start, end, tagger.cues, tagger.features, sparse=True)
            for k, f in enumerate(feats):
                got = collections.Counter(r for r in ids[:, start + k].tolist() if r != weights.zero)
                assert got == _attributes(f, weights), (doc[start + k].text, start + k)


def test_anchors_match_the_per_token_walk(docs, crf):
    tagger = crf
    for doc in docs:
        tt = token_table(doc)
        assert anchors(tt, tagger.cues) == [_cue_anchor(tt, i, tagger.cues) for i in range(len(tt))]


def test_numpy_tagging_matches_crfsuite(docs, crf):
    fast = crf
    for doc in docs:
        got, want = fast.tag(doc), _crfsuite_chunks(fast, doc)
        assert [(c.role, c.start, c.end) for c in got] == [w[:3] for w in want]
        assert [c.score for c in got] == pytest.approx([w[3] for w in want], abs=1e-9)


def test_tag_many_is_tag_per_doc(docs, crf):
    fast = crf
    assert fast.tag_many(docs) == [fast.tag(doc) for doc in docs]


def test_tag_batch_leaves_chunks_used_once(nlp):
    from quoth.records import Article
    from quoth.tagger.engine import find_statements

    crf = {"engine": "fast"}  # the engine whose CRF tags a batch at once
    docs = list(nlp.pipe(TEXTS[:2]))
    alone = [find_statements(d, Article(id=str(k), text=t), **crf)
             for k, (d, t) in enumerate(zip(nlp.pipe(TEXTS[:2]), TEXTS))]
    tag_batch(docs, **crf)
    assert all("quoth:chunks" in d.user_data for d in docs)
    batched = [find_statements(d, Article(id=str(k), text=t), **crf)
               for k, (d, t) in enumerate(zip(docs, TEXTS))]
    assert batched == alone
    assert not any("quoth:chunks" in d.user_data for d in docs)


class _Toy:
    """A 3-label CRF with random weights, for brute-force checks of the decoder."""

    def __init__(self, seed: int) -> None:
        rng = np.random.default_rng(seed)
        self.labels = ("O", "B-Cue", "I-Cue")
        self.trans = rng.normal(size=(3, 3))
        self.rng = rng


def _brute_force(scores: np.ndarray, trans: np.ndarray):
    paths = list(itertools.product(range(scores.shape[1]), repeat=len(scores)))
    weight = [sum(scores[t, y] for t, y in enumerate(p)) + sum(trans[a, b] for a, b in zip(p, p[1:]))
              for p in paths]
    best = paths[int(np.argmax(weight))]
    probs = np.exp(np.array(weight) - max(weight))
    probs /= probs.sum()
    marginal = np.zeros_like(scores)
    for p, w in zip(paths, probs):
        marginal[np.arange(len(p)), p] += w
    return list(best), marginal


@pytest.mark.parametrize("seed, lengths", [(1, [1]), (2, [4]), (3, [3, 1, 5]), (4, [2, 5, 5, 1, 3])])
def test_decoder_matches_brute_force(seed, lengths):
    toy = _Toy(seed)
    blocks_scores = [toy.rng.normal(scale=2.0, size=(n, 3)) for n in lengths]
    for scores, (labels, probs) in zip(blocks_scores, crf_tag(toy, blocks_scores)):
        best, marginal = _brute_force(scores, toy.trans)
        assert labels == [toy.labels[y] for y in best]
        assert probs == pytest.approx(marginal[np.arange(len(best)), best], abs=1e-12)


def test_no_blocks_no_work(crf, nlp):
    tagger = crf
    assert crf_tag(tagger._weights, []) == []
    doc = nlp("")
    assert block_scores(tagger._weights, attribute_ids(doc, tagger.cues, tagger._weights), blocks(doc)) == []
    assert tagger.tag(doc) == []


@pytest.mark.slow  # reads crfsuite's whole text dump of the model
def test_weights_read_from_the_model_file_match_crfsuite_dump(monkeypatch):
    """The attribute names come from the model's own string table (not crfsuite's slow text
    dump): they, and the binary weights, must be what the dump prints; where the table
    cannot be read, the names come from the dump and the same weights load."""
    import pycrfsuite

    from quoth.errors import ModelError
    from quoth.tagger import crf as tagger_crf
    from quoth.tagger.crf import CRFWeights, _check_against_dump

    path = DEFAULT_MODEL_DIR / "crf.model"
    weights = CRFWeights(path)
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    dumped = tagger.info()
    names = list(dict.fromkeys(attr for attr, _ in dumped.state_features))
    by_row = {row: f"{key}:{value}" for key, rows in weights.keys.items() for value, row in rows.items()}
    by_row.update({row: name for name, row in weights.flags.items()})
    assert [by_row[row] for row in range(len(by_row))] == names and weights.zero == len(names)
    _check_against_dump(weights, names, dumped)  # raises on any weight off by > 1e-5

    def unreadable(raw):
        raise ModelError("The crfsuite model has no attribute table where its header says.")

    monkeypatch.setattr(tagger_crf, "_attribute_names", unreadable)
    fallback = CRFWeights(path, tagger)
    assert fallback.keys == weights.keys and fallback.flags == weights.flags
    assert np.array_equal(fallback.state, weights.state) and np.array_equal(fallback.trans, weights.trans)
