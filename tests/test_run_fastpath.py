"""The cached attribute ruler and lemmatizer give exactly spaCy's annotations, token for token."""

from __future__ import annotations

import pathlib

import pytest

pytestmark = pytest.mark.model

ATTRS = ("ORTH", "POS", "MORPH", "LEMMA", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE")

# Texts that hit the ruler's multi-token patterns (gonna, gotta, let's, y'all, ain't,
# expletive "there is"), its IN/REGEX patterns, spaces, and odd tokens.
TRICKY = [
    "There are reasons, and there is a plan. Y'all gonna see it, he said. Let's go!",
    "\"We ain't done,\" she said; \"I gotta say that anything goes.\"\n\n  C'mon.",
    "Nobody knows whether the U.S. will act, though everyone asks since Monday.",
    "",
    "   ",
    "An apple a day: these are those that were here.",
]


def _fresh():
    from quoth.nlp import MODEL_PACKAGES
    import importlib

    for name in MODEL_PACKAGES:
        try:
            return importlib.import_module(name).load()
        except ImportError:
            continue
    pytest.skip("no English spaCy pipeline installed")


@pytest.fixture(scope="module")
def pipelines():
    from quoth.nlp.speedups import speed_up

    original, fast = _fresh(), _fresh()
    assert speed_up(fast) == ["attribute_ruler", "lemmatizer"]
    return original, fast


def _assert_same_annotations(pipelines, texts: list[str]) -> None:
    import numpy

    original, fast = pipelines
    for _ in range(2):  # the second pass runs from warm caches
        for a, b in zip(original.pipe(texts), fast.pipe(texts)):
            assert numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS)), a.text[:80]
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
            assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_same_annotations_as_spacy(pipelines, example_article):
    _assert_same_annotations(pipelines, TRICKY + [example_article.read_text(encoding="utf-8")])


def test_same_annotations_on_polnear(pipelines, polnear_dir: pathlib.Path):
    texts = sorted((polnear_dir / "dev" / "text").glob("*.txt"))[:12]
    _assert_same_annotations(pipelines, [p.read_text(encoding="utf-8") for p in texts])


def test_caches_start_afresh_at_the_limit(pipelines, monkeypatch):
    import numpy

    from quoth.nlp import speedups as fastpath

    original, fast = pipelines
    monkeypatch.setattr(fastpath, "CACHE_LIMIT", 5)
    ruler = fast.get_pipe("attribute_ruler")
    monkeypatch.setattr(ruler, "keys", fastpath._Cache())  # empty: every new key is put
    monkeypatch.setattr(ruler.lower_key, "memo", fastpath._Cache())
    text = "Blorvik Tantamere denied it. " + TRICKY[0]  # unseen words: cache misses
    a, b = original(text), fast(text)
    assert numpy.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
    assert len(fast.get_pipe("lemmatizer").cache) <= 10  # two generations of 5
    assert 5 <= len(ruler.keys) <= 10
    assert 5 <= len(ruler.lower_key.memo) <= 10


def test_memory_zone_keeps_results(pipelines):
    original, fast = pipelines
    text = "Zorbulax Quintavelle told Vexmoria reporters they're gonna win."
    with fast.memory_zone():
        first = [(t.lemma_, t.pos_) for t in fast(text)]
    with fast.memory_zone():  # the caches outlive the zone's transient strings
        second = [(t.lemma_, t.pos_) for t in fast(text)]
    assert first == second == [(t.lemma_, t.pos_) for t in original(text)]
