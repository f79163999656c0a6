"""The eval metrics on tiny hand-made gold/pred tables (pure functions; no spaCy)."""

from __future__ import annotations

import pytest

from quoth.evaluate.score import (Item, confidence_split, dice, gold_kind, greedy_match, name_check,
                        score_document, summarize, token_set, word_tokens)


def I(content, source=(), cue=(), kind="indirect"):  # noqa: E743 - a table helper
    return Item(frozenset(content), frozenset(source), frozenset(cue), kind)


@pytest.mark.parametrize("text,expected", [
    ("Putin said: \"No.\"", [(0, 5), (6, 10), (13, 15)]),
    ("l'Élysée — 2022", [(0, 1), (2, 8), (11, 15)]),
    ("...", []),
])
def test_word_tokens(text, expected):
    assert word_tokens(text) == expected


@pytest.mark.parametrize("spans,expected", [
    ([(0, 5)], {0}),
    ([(0, 10)], {0, 1}),
    ([(3, 7)], {0, 1}),  # a span cutting words touches both
    ([(5, 6)], set()),  # only the space
    ([(0, 5), (13, 15)], {0, 2}),  # discontinuous
    ([(16, 17)], set()),
])
def test_token_set(spans, expected):
    tokens = word_tokens("Putin said: \"No.\"")
    starts, ends = [s for s, _ in tokens], [e for _, e in tokens]
    assert token_set(starts, ends, spans) == frozenset(expected)


@pytest.mark.parametrize("content,kind", [
    ("\u201cWe agreed,\u201d", "direct"),
    ("\"We agreed\"", "direct"),
    ("\u00abNous\u00bb", "direct"),
    ("that Macron \u201cwill have a hard time\u201d in talks", "mixed"),
    ("that Russia\u2019s concerns were ignored", "indirect"),
    ("that it was over", "indirect"),
])
def test_gold_kind(content, kind):
    assert gold_kind(content) == kind


@pytest.mark.parametrize("a,b,expected", [
    ({1, 2}, {1, 2}, 1.0), ({1, 2}, {3}, 0.0), ({1, 2, 3, 4}, {1, 2}, 2 / 3), (set(), set(), 0.0),
])
def test_dice(a, b, expected):
    assert dice(frozenset(a), frozenset(b)) == pytest.approx(expected)


def test_greedy_match_is_one_to_one_and_biggest_first():
    gold = [I({1, 2, 3, 4}), I({5, 6})]
    pred = [I({1, 2, 3, 4, 5, 6})]
    assert greedy_match(gold, pred, lambda g, p: len(g.content & p.content)) == [(0, 0, 4)]


# (gold, pred, expected counts)
DOCS = [
    # perfect: one statement, same tokens, same source, same cue
    ([I({1, 2, 3}, {0}, {4})], [I({1, 2, 3}, {0}, {4})],
     dict(gold=1, pred=1, exact_tp=1, overlap_tp=1, attr_tp=1, source_correct=1, cue_tp=1)),
    # content half right (Dice 2*2/(4+2)=0.67), source right: attribution counts, exact does not
    ([I({1, 2, 3, 4}, {0})], [I({1, 2}, {0})],
     dict(exact_tp=0, overlap_tp=1, attr_tp=1, source_correct=1, soft_p=1.0, soft_r=0.5)),
    # content right, wrong source: overlap yes, attribution no
    ([I({1, 2, 3}, {0})], [I({1, 2, 3}, {9})],
     dict(exact_tp=1, overlap_tp=1, attr_tp=0, source_correct=0)),
    # both sources absent: a source match
    ([I({1, 2, 3})], [I({1, 2, 3})], dict(attr_tp=1, source_correct=1)),
    # content Dice below 0.5 (2*1/(4+1)=0.4): overlap but no attribution
    ([I({1, 2, 3, 4}, {0})], [I({4}, {0})], dict(overlap_tp=1, attr_tp=0, soft_r=0.25)),
    # disjoint: nothing matches
    ([I({1, 2})], [I({3, 4})], dict(overlap_tp=0, attr_tp=0, gold=1, pred=1)),
    # spurious prediction and a missed gold
    ([], [I({1})], dict(gold=0, pred=1, attr_tp=0)),
    ([I({1})], [], dict(gold=1, pred=0, attr_tp=0)),
    # kinds counted on each side
    ([I({1, 2}, kind="direct"), I({5, 6}, kind="mixed")], [I({1, 2}, kind="direct")],
     dict(gold_direct=1, gold_mixed=1, pred_direct=1, attr_tp_gold_direct=1,
          attr_tp_pred_direct=1, attr_tp_gold_mixed=0)),
    # duplicate predictions: exact and overlap stay one-to-one
    ([I({1, 2})], [I({1, 2}), I({1, 2})], dict(exact_tp=1, overlap_tp=1, attr_tp=1, pred=2)),
]


@pytest.mark.parametrize("gold,pred,expected", DOCS)
def test_score_document(gold, pred, expected):
    counts = score_document(gold, pred)
    assert {k: pytest.approx(counts[k]) for k in expected} == expected


def test_summarize_figures():
    counts = score_document([I({1, 2, 3}, {0}), I({7, 8}, {6})],
                            [I({1, 2, 3}, {0}), I({7, 8}, {5}), I({10, 11}, {9})])
    figures = summarize(counts)
    assert figures["attribution"] == {"p": pytest.approx(1 / 3, abs=1e-4),
                                      "r": 0.5, "f1": pytest.approx(0.4)}
    assert figures["content_exact"]["r"] == 1.0
    assert figures["source_accuracy"] == 0.5
    assert figures["source_pairs"] == 2


def test_summarize_empty_is_all_zero():
    figures = summarize(score_document([], []))
    assert figures["attribution"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


@pytest.mark.parametrize("ranked, expected", [
    ([(0.9, True), (0.8, True), (0.3, False), (0.2, True)], {"top_half_p": 1.0, "rest_p": 0.5, "n": 4}),
    ([(0.2, True), (0.9, False), (0.5, True)], {"top_half_p": 0.0, "rest_p": 1.0, "n": 3}),
    ([(0.5, True), (0.5, False)], {"top_half_p": 1.0, "rest_p": 0.0, "n": 2}),  # ties: reading order
    ([], {"top_half_p": 0.0, "rest_p": 0.0, "n": 0}),
])
def test_confidence_split(ranked, expected):
    assert confidence_split(ranked) == expected


@pytest.mark.parametrize("source, name, expected", [
    ("Mr. Trump", "Donald Trump", True),
    ("Kenneth Baer, a former Obama administration official", "Kenneth Baer", True),
    ("Kenneth Baer, a former Obama administration official", "Barack Obama", False),
    ("Clinton campaign spokesman Brian Fallon", "Hillary Clinton", False),
    ("Tulsa police Chief Chuck Jordan", "Chuck Jordan", True),
    ("Sen. Elizabeth Warren (D-Mass.)", "Elizabeth Warren", True),
    ("Chief Justice Roberts", "John G. Roberts Jr.", True),  # a suffix is no surname
    ("The Obama administration", "Obama administration", True),
    ("Spotify, which has clashed with Apple", "Apple", False),
    ("Mr. Obama", None, False),  # a named source with no name predicted
    ("he", "Donald Trump", None),  # pronouns and unnamed sources are not counted
    ("officials", "officials", None),
])
def test_name_check(source, name, expected):
    assert name_check(source, name) is expected
