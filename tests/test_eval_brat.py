"""brat standoff corpora: parsing, annotator choice, bad lines reported, evaluate() wiring."""

from __future__ import annotations

import pytest

from quoth.evaluate.brat import GoldAttribution, choose_ann, iter_corpus, parse_ann
from quoth.errors import InputError
from quoth.evaluate.score import evaluate
from quoth.records import ArticleResult, Speaker, Statement, make_content, make_span

TEXT = "Title.\n\n\u201cWe agreed,\u201d Macron said, \u201cand that is all.\u201d Sources said it was over.\n"
ANN = """T1\tSource 21 27\tMacron
T2\tCue 28 32\tsaid
T3\tContent 8 20;34 52\t\u201cWe agreed,\u201d \u201cand that is all.\u201d
T4\tAttribution 28 32\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tSource 53 60\tSources
T6\tCue 61 65\tsaid
T7\tContent 66 77\tit was over
E2\tAttribution:T6 Content:T7 Cue:T6 Source:T5
T8\tCue 61 65\tsaid
T9\tContent 66 77\tit was over
E3\tAttribution-no-source:T8 Content:T9 Cue:T8
"""


def test_parse_ann():
    assert TEXT[21:27] == "Macron" and TEXT[66:77] == "it was over"
    got = parse_ann(ANN.splitlines(True), source="a.ann", text=TEXT)
    assert got == [
        GoldAttribution(((8, 20), (34, 52)), ((28, 32),), ((21, 27),)),
        GoldAttribution(((66, 77),), ((61, 65),), ((53, 60),)),
        GoldAttribution(((66, 77),), ((61, 65),), ()),
    ]


@pytest.mark.parametrize("line,reason", [
    ("T1\tSource 21\tMacron", "The text-bound line is malformed."),
    ("T1\tSource 21 27\tMacrom", "The span's text does not match the article."),
    ("E1\tAttribution:T4 Content:T99", "The event refers to T99, which is missing."),
    ("E1\tAttribution:T4 Cue:T2", "The attribution has no content."),
    ("E1", "The event line is malformed."),
])
def test_bad_lines_reported_with_line_number(line, reason):
    errors: list[InputError] = []
    lines = ["T2\tCue 28 32\tsaid\n", line + "\n"]
    parse_ann(lines, source="x.ann", text=TEXT, on_error=errors.append)
    assert [(e.source, e.line, e.reason) for e in errors] == [("x.ann", 2, reason)]


@pytest.mark.parametrize("files,order,expected", [
    (["a_x1.ann", "a_x2.ann"], {"a": ["x2", "x1"]}, "a_x2.ann"),
    (["a_x1.ann", "a_x2.ann"], {}, "a_x1.ann"),
    (["a_x1.ann", "a_x2.ann"], {"a": ["zz"]}, "a_x1.ann"),
    (["a.ann"], {}, "a.ann"),
    (["ab_x1.ann", "a_b_x1.ann"], {}, None),
    ([], {}, None),
])
def test_choose_ann(files, order, expected):
    assert choose_ann("a", files, order) == expected


def make_corpus(root, ann=ANN, metadata=True):
    (root / "text").mkdir()
    (root / "attributions").mkdir()
    (root / "text" / "doc.txt").write_text(TEXT, encoding="utf-8", newline="")
    (root / "attributions" / "doc_bb.ann").write_text(ann, encoding="utf-8")
    (root / "attributions" / "doc_aa.ann").write_text("", encoding="utf-8")
    (root / "text" / "orphan.txt").write_text("No annotations.\n", encoding="utf-8")
    if metadata:
        (root / "metadata.tsv").write_text("filename\tannotators\ndoc\tbb|aa\n", encoding="utf-8")
    return root


def test_iter_corpus_uses_metadata_order(tmp_path):
    errors: list[InputError] = []
    docs = list(iter_corpus(str(make_corpus(tmp_path)), on_error=errors.append))
    assert [(d.name, d.ann_path.endswith("doc_bb.ann"), len(d.attributions)) for _, d in docs] \
        == [("doc", True, 3)]
    assert [e.source.endswith("orphan.txt") for e in errors] == [True]


def test_iter_corpus_without_metadata_takes_first_file(tmp_path):
    docs = list(iter_corpus(str(make_corpus(tmp_path, metadata=False))))
    assert docs[0][1].ann_path.endswith("doc_aa.ann") and docs[0][1].attributions == ()


def test_not_a_corpus(tmp_path):
    with pytest.raises(InputError):
        list(iter_corpus(str(tmp_path)))


def gold_echo(articles, *, engine):
    """A fake extractor that predicts exactly the first gold attribution of TEXT."""
    for article in articles:
        text = article.text
        statement = Statement(
            id="s1", kind="direct", content=make_content(text, [(8, 20), (34, 52)]),
            cue=make_span(text, 28, 32), speaker=Speaker("Emmanuel Macron", "PERSON", None,
                                                         make_span(text, 21, 27)),
            confidence=1.0)
        yield ArticleResult(article, (statement,))


def test_evaluate_wiring(tmp_path):
    figures = evaluate(str(make_corpus(tmp_path)), engine="rules", extractor=gold_echo)
    assert figures["articles"] == 1 and (figures["gold"], figures["predicted"]) == (3, 1)
    assert figures["attribution"]["p"] == 1.0
    assert figures["attribution"]["r"] == pytest.approx(1 / 3, abs=1e-4)
    assert figures["source_accuracy"] == 1.0
    assert figures["by_kind"]["direct"]["gold"] == 1 and figures["by_kind"]["indirect"]["gold"] == 2
    assert figures["skipped_records"] == 1  # orphan.txt has no annotations
    assert figures["throughput"]["articles_per_s"] > 0


@pytest.mark.data
def test_gold_scored_against_itself_is_perfect(polnear_dir):
    """Real PolNeAR files (discontinuous spans, no-source events): gold as prediction = 1.0."""
    from quoth.evaluate.brat import iter_corpus
    from quoth.evaluate.score import gold_kind

    corpus = str(polnear_dir / "dev")
    gold = {doc.text_path: doc for _, doc in iter_corpus(corpus, limit=5)}

    def echo(articles, *, engine):
        for article in articles:
            text, statements = article.text, []
            for n, g in enumerate(gold[article.path].attributions):
                mention = make_span(text, *g.source[0]) if g.source else None
                statements.append(Statement(
                    id=str(n), kind=gold_kind(" ".join(text[s:e] for s, e in g.content)),
                    content=make_content(text, g.content),
                    cue=make_span(text, *g.cue[0]) if g.cue else None,
                    speaker=Speaker(mention=mention), confidence=1.0))
            yield ArticleResult(article, tuple(statements))

    figures = evaluate(corpus, engine="rules", limit=5, extractor=echo)
    assert figures["articles"] == 5 and figures["gold"] == figures["predicted"] > 0
    for key in ("attribution", "content_exact", "content_overlap", "content_soft", "cue"):
        assert figures[key] == {"p": 1.0, "r": 1.0, "f1": 1.0}, key
    assert figures["source_accuracy"] == 1.0
