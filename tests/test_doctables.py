"""Per-Doc token tables: the same values as spaCy's Token attributes, and Docs stay serialisable."""

from __future__ import annotations

import pytest

from quoth.records import Article, article_id
from quoth.rules import finder as rules
from quoth.nlp.tables import doc_entities, entities_within, token_table

TEXTS = [
    "Putin said that NATO ignored Russia's concerns.\n\n\"We will see,\" he added.",
    "  Mr. Macron, speaking in Moscow on Monday, didn't agree.  ",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_table_equals_token_attributes(nlp, text):
    doc = nlp(text)
    table = token_table(doc)
    assert len(table) == len(doc)
    for t in doc:
        i = t.i
        assert (table.text[i], table.lower[i], table.lemma[i], table.shape[i]) == \
            (t.text, t.lower_, t.lemma_.lower(), t.shape_)
        assert (table.pos[i], table.tag[i], table.dep[i], table.ent[i]) == (t.pos_, t.tag_, t.dep_, t.ent_type_)
        assert (table.head[i], table.sent_start[i], table.idx[i]) == (t.head.i, t.is_sent_start, t.idx)
        assert (table.is_title[i], table.is_space[i], table.is_punct[i]) == (t.is_title, t.is_space, t.is_punct)


ENTS = (("NATO", "ORG", 0, 4), ("Russia", "GPE", 10, 16), ("Putin", "PERSON", 30, 35))


@pytest.mark.parametrize("spans, expected", [
    ([(0, 20)], ENTS[:2]),
    ([(5, 16)], ENTS[1:2]),
    ([(5, 15)], ()),               # Russia runs past the span's end
    ([(30, 40), (0, 4)], (ENTS[0], ENTS[2])),  # in document order, whatever the span order
    ([], ()),
])
def test_entities_within(spans, expected):
    assert tuple(entities_within(ENTS, spans)) == expected


def test_doc_still_serialises_after_extraction(nlp):
    from spacy.tokens import Doc

    text = TEXTS[0]
    doc = nlp(text)
    rules.find_statements(doc, Article(id=article_id(text), text=text))
    assert doc_entities(doc)
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())  # user_data holds plain values only
    assert token_table(copy).lemma == token_table(doc).lemma
