"""The trained attribution model: decoding, linking tables, features, the spaCy component."""

from __future__ import annotations

import pytest
from spacy.lang.en import English

from quoth.rules.quotes import find_quotes
from quoth.tagger.crf_tagger import decode
from quoth.tagger.load import DEFAULT_MODEL_DIR
from quoth.tagger.build import kind_of
from quoth.tagger.features import blocks, quote_states
from quoth.tagger.link import Chunk, link_chunks, merge_contents


@pytest.mark.parametrize("labels, expected", [
    (["O", "O"], []),
    (["B-Source", "I-Source", "B-Cue", "B-Content", "I-Content"],
     [("Source", 0, 2), ("Cue", 2, 3), ("Content", 3, 5)]),
    (["B-Content", "B-Content", "O"], [("Content", 0, 1), ("Content", 1, 2)]),
    (["O", "I-Cue", "I-Cue", "I-Content"], [("Cue", 1, 3), ("Content", 3, 4)]),
    (["B-Source", "O", "I-Source"], [("Source", 0, 1), ("Source", 2, 3)]),
])
def test_decode_bio(labels, expected):
    assert decode(labels) == expected


def C(role, start, end):  # noqa: N802 - a table helper
    return Chunk(role, start, end, 0.9)


# tokens:  0 “  1 We  2 won  3 ,  4 ”  5 he  6 said  7 ,  8 “  9 again  10 .  11 ”
QUOTE_SPLIT = [C("Content", 0, 4), C("Source", 5, 6), C("Cue", 6, 7), C("Content", 8, 12)]
PUNCT_12 = [t in (0, 3, 4, 7, 8, 10, 11) for t in range(12)]


@pytest.mark.parametrize("chunks, block, punct, expected", [
    # “X,” he said, “Y.” -> one content in two pieces
    (QUOTE_SPLIT, [0] * 12, PUNCT_12, [((0, 4), (8, 12))]),
    # the same, but the second piece is in another paragraph -> two contents
    (QUOTE_SPLIT, [0] * 8 + [1] * 4, PUNCT_12, [((0, 4),), ((8, 12),)]),
    # two contents with a plain word between them stay apart
    ([C("Content", 0, 3), C("Content", 4, 6)], [0] * 6, [False] * 6, [((0, 3),), ((4, 6),)]),
    # “X,” he said, adding “Y.” -> two cues between the pieces: two contents
    ([C("Content", 0, 4), C("Source", 5, 6), C("Cue", 6, 7), C("Cue", 8, 9), C("Content", 9, 12)],
     [0] * 12, [t in (0, 3, 4, 7, 11) for t in range(12)], [((0, 4),), ((9, 12),)]),
    # a source alone between two contents (no cue) does not join them
    ([C("Content", 0, 3), C("Source", 3, 4), C("Content", 4, 6)], [0] * 6, [False] * 6,
     [((0, 3),), ((4, 6),)]),
])
def test_merge_contents(chunks, block, punct, expected):
    groups = merge_contents(chunks, block, punct, [0] * len(block))  # one sentence
    assert [tuple((c.start, c.end) for c in g) for g in groups] == expected


@pytest.mark.parametrize("chunks, sent, block, expected", [
    # Source Cue Content in one sentence
    ([C("Source", 0, 2), C("Cue", 2, 3), C("Content", 3, 8)], [0] * 8, [0] * 8,
     [((3, 8), (2, 3), (0, 2), False)]),
    # Content, Cue, Source ("... , said Smith")
    ([C("Content", 0, 5), C("Cue", 6, 7), C("Source", 7, 9)], [0] * 9, [0] * 9,
     [((0, 5), (6, 7), (7, 9), False)]),
    # two statements in two sentences each take their own cue and source
    ([C("Source", 0, 1), C("Cue", 1, 2), C("Content", 2, 5),
      C("Source", 5, 6), C("Cue", 6, 7), C("Content", 7, 9)],
     [0] * 5 + [1] * 4, [0] * 9,
     [((2, 5), (1, 2), (0, 1), False), ((7, 9), (6, 7), (5, 6), False)]),
    # a paragraph of quote with no cue or source continues the previous speaker
    ([C("Source", 0, 1), C("Cue", 1, 2), C("Content", 2, 5), C("Content", 5, 9)],
     [0] * 5 + [1] * 4, [0] * 5 + [1] * 4,
     [((2, 5), (1, 2), (0, 1), False), ((5, 9), None, None, True)]),
    # no source in the cue's sentence: one in an earlier sentence of the paragraph is taken,
    # one in a later sentence is not ("X is expected to travel. Officials said that Y")
    ([C("Source", 0, 1), C("Cue", 2, 3), C("Content", 3, 5)], [0, 0, 1, 1, 1], [0] * 5,
     [((3, 5), (2, 3), (0, 1), False)]),
    ([C("Content", 0, 3), C("Cue", 3, 4), C("Source", 5, 6), C("Cue", 6, 7), C("Content", 7, 9)],
     [0] * 5 + [1] * 4, [0] * 9,
     [((0, 3), (3, 4), None, False), ((7, 9), (6, 7), (5, 6), False)]),
])
def test_link_chunks(chunks, sent, block, expected):
    links = link_chunks(chunks, sent, block, [False] * len(sent))
    got = [(tuple((c.start, c.end) for c in link.contents)[0],
            (link.cue.start, link.cue.end) if link.cue else None,
            (link.source.start, link.source.end) if link.source else None,
            link.continued) for link in links]
    assert got == expected


# tokens: 0 X  1 .  2 He  3 says  4 that  5 Y  -- the cue opens the second piece's sentence
NEXT_SENTENCE_CUE = [C("Content", 0, 1), C("Source", 2, 3), C("Cue", 3, 4), C("Content", 4, 6)]


@pytest.mark.parametrize("sent, expected", [
    ([0, 0, 1, 1, 1, 1], [((0, 1),), ((4, 6),)]),  # X. He says that Y: two statements
    ([0] * 6, [((0, 1), (4, 6))]),  # X, he says, Y (one sentence): one statement in two pieces
])
def test_merge_contents_cue_of_the_next_sentence(sent, expected):
    groups = merge_contents(NEXT_SENTENCE_CUE, [0] * 6, [t == 1 for t in range(6)], sent)
    assert [tuple((c.start, c.end) for c in g) for g in groups] == expected


def _links(chunks, sent, block, quote=None):
    return [(tuple((c.start, c.end) for c in link.contents),
             (link.cue.start, link.cue.end) if link.cue else None,
             (link.source.start, link.source.end) if link.source else None)
            for link in link_chunks(chunks, sent, block, [False] * len(sent), quote=quote)]


def test_cue_is_found_in_the_contents_block_only():
    # one spaCy sentence runs over a paragraph break: the cue after it is not the content's
    chunks = [C("Content", 0, 3), C("Source", 3, 4), C("Cue", 4, 5), C("Content", 5, 6)]
    assert _links(chunks, [0] * 6, [0, 0, 0, 1, 1, 1]) == [
        (((0, 3),), None, None), (((5, 6),), (4, 5), (3, 4))]


# tokens: 0 “ 1 A 2 ”  3 she  4 said  5 ,  6 clapping  7 .  8 “ 9 B 10 ”
CLAPPING = [C("Content", 0, 3), C("Source", 3, 4), C("Cue", 4, 5), C("Content", 8, 11)]
CLAPPING_QUOTES = [t in (0, 2, 8, 10) for t in range(11)]


@pytest.mark.parametrize("quote, expected", [
    # a whole quote in the next sentence, no cue of its own: the same statement
    (CLAPPING_QUOTES, [(((0, 3), (8, 11)), (4, 5), (3, 4))]),
    # without quote marks (or without the table): two statements of one cue
    ([False] * 11, [(((0, 3),), (4, 5), (3, 4)), (((8, 11),), (4, 5), (3, 4))]),
    (None, [(((0, 3),), (4, 5), (3, 4)), (((8, 11),), (4, 5), (3, 4))]),
])
def test_a_quote_continues_the_quote_before_its_cue(quote, expected):
    assert _links(CLAPPING, [0] * 8 + [1] * 3, [0] * 11, quote) == expected


@pytest.mark.parametrize("text, expected", [
    ("he said “ yes ” .", ["out", "out", "open", "in", "close", "out"]),
    ('" a " b " c', ["open", "in", "close", "out", "open", "in"]),
])
def test_quote_states(text, expected):
    doc = English()(text)
    assert quote_states(doc) == expected


@pytest.mark.parametrize("text, expected", [
    ("One two.\n\nThree four.\nFive.", ["One two.", "Three four.", "Five."]),
    ("Single paragraph only.", ["Single paragraph only."]),
])
def test_blocks_are_paragraphs(text, expected):
    doc = English()(text)
    assert [doc[s:e].text for s, e in blocks(doc)] == expected


@pytest.mark.parametrize("text, span, expected", [
    ("He said “we will win.”", (8, 22), "direct"),
    ("He said we will win.", (8, 19), "indirect"),
    ("He said we will “win big” soon.", (8, 30), "mixed"),
])
def test_kind_of(text, span, expected):
    assert kind_of([span], find_quotes(text)) == expected


needs_model = pytest.mark.skipif(not (DEFAULT_MODEL_DIR / "crf.model").is_file(),
                                 reason="no shipped attribution model (run `quoth train`)")


@pytest.mark.model
@needs_model
def test_component_loads_and_tags():
    from quoth.nlp import load_nlp

    own = load_nlp.__wrapped__()  # a fresh pipeline, not the cached shared one
    own.add_pipe("quoth_attribution")
    doc = own("The senator said the bill would pass next week, according to aides.")
    group = doc.spans["quoth_attribution"]
    roles = {span.label_ for span in group}
    assert {"Cue", "Content"} <= roles
    assert len(group.attrs["scores"]) == len(group)
    assert all(0.0 < s <= 1.0 for s in group.attrs["scores"])


@pytest.mark.model
@needs_model
def test_model_engine_finds_a_reported_statement():
    from quoth.extraction import extract_text

    text = "Senator Jane Smith said on Monday that the bill would pass next week."
    result = extract_text(text, engine="tagger")
    assert len(result.statements) == 1
    st = result.statements[0]
    assert "bill would pass" in st.content.text
    assert st.speaker.mention is not None and "Smith" in st.speaker.mention.text
    assert st.cue is not None and st.cue.text.startswith("said")
    assert st.kind == "indirect" and 0.0 < st.confidence <= 1.0


def _st(start, end, kind="indirect", mention=None):
    from quoth.records import Content, Span, Speaker, Statement

    speaker = Speaker(mention=Span(mention, mention + 1, "x")) if mention is not None else Speaker()
    return Statement(f"{start}-{end}", kind, Content(start, end, "x" * (end - start), ((start, end),)),
                     None, speaker, 0.5)


RULES = [_st(0, 10, "direct"), _st(20, 30, mention=18)]
MODEL = [_st(5, 12, mention=3), _st(22, 28, mention=19), _st(40, 50)]


@pytest.mark.parametrize("mode, expected", [
    ("all", [("0-10", None), ("20-30", 18), ("40-50", None)]),
    ("all+source", [("0-10", 3), ("20-30", 18), ("40-50", None)]),
    ("direct", [("0-10", None), ("22-28", 19), ("40-50", None)]),
    ("fill", [("5-12", 3), ("22-28", 19), ("40-50", None)]),
])
def test_hybrid_merge(mode, expected):
    from quoth.tagger.build import merge

    got = merge(RULES, MODEL, mode)
    assert [(s.id, s.speaker.mention.start if s.speaker.mention else None) for s in got] == expected


def _cued(st, text=None):
    from dataclasses import replace

    from quoth.records import Content, Span

    content = st.content if text is None else Content(st.content.start, st.content.end, text, st.content.spans)
    return replace(st, content=content, cue=Span(0, 1, "x"))


# forms: the model's statements; the rules' for a quote over paragraphs (it replaces the
# model's pieces of it) and the rules' cue-less ones that no model statement overlaps
FORMS_RULES = [_cued(_st(0, 10, "direct"), "x" * 4 + "\n" + "x" * 5), _st(20, 30, "direct"),
               _st(60, 70, "direct"), _cued(_st(80, 90, "direct"))]
FORMS_MODEL = [_cued(_st(2, 5)), _cued(_st(6, 9)), _cued(_st(22, 28)), _cued(_st(40, 50))]


def test_forms_merge():
    from quoth.tagger.build import merge

    got = merge(FORMS_RULES, FORMS_MODEL, "forms")
    assert [s.id for s in got] == ["0-10", "22-28", "40-50", "60-70"]


@pytest.mark.model
@needs_model
@pytest.mark.parametrize("engine", ["tagger", "hybrid"])
def test_example_article_speakers(example_article, engine):
    from quoth.extraction import extract_text

    text = example_article.read_text(encoding="utf-8")
    result = extract_text(text, engine=engine)
    names = {s.speaker.name for s in result.statements}
    assert {"Vladimir Putin", "Emmanuel Macron"} <= names
    for st in result.statements:
        assert text[st.content.start:st.content.end] == st.content.text
        assert all(text[a:b].strip() for a, b in st.content.spans)
        if st.speaker.mention is not None:
            assert text[st.speaker.mention.start:st.speaker.mention.end] == st.speaker.mention.text


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("The senator said the bill would pass.", {"the senator": "S", "said": "Q", "the bill would pass": "C"}),
    ("The weather was fine.", {}),
])
def test_rule_hints(nlp, text, expected):
    from quoth.tagger.features import rule_hints

    doc = nlp(text)
    hints = rule_hints(doc)
    assert len(hints) == len(doc)
    for phrase, role in expected.items():
        start = text.lower().index(phrase)
        span = doc.char_span(start, start + len(phrase))
        assert [h[2:] for h in hints[span.start:span.end]] == [role] * len(span)
        assert hints[span.start].startswith("B-")
    if not expected:
        assert set(hints) == {"O"}


@pytest.mark.model
@needs_model
@pytest.mark.parametrize("text", [
    "On Tuesday, John Smith plans to visit Kiev for a meeting.",  # PolNeAR counts it; quoth not
    "The talks between the two presidents lasted a little over five hours.",
])
def test_hybrid_keeps_quoths_statement_definition(text):
    from quoth.extraction import extract_text

    assert extract_text(text, engine="hybrid").statements == ()


def test_one_loaded_tagger_per_directory(monkeypatch):
    import os

    from quoth.tagger.load import DEFAULT_MODEL_DIR, load_tagger

    assert load_tagger() is load_tagger(None)
    monkeypatch.chdir(DEFAULT_MODEL_DIR.parent)
    assert load_tagger("attribution") is load_tagger(DEFAULT_MODEL_DIR) is load_tagger(str(DEFAULT_MODEL_DIR))
    assert os.path.relpath(DEFAULT_MODEL_DIR) == "attribution"
