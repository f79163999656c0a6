"""What the store shows by default: statements (act say, think, want), not the other
attributions; search ranks substance; facets count the hit set; undated statements."""

from __future__ import annotations

from dataclasses import replace

import pytest

from quoth.errors import UsageError
from quoth.records import Article, ArticleResult, Speaker, Statement, article_id, make_content, \
    make_span, statement_id
from quoth.store import Store


def attribution(text: str, content: str, mention: str, act: str, *, confidence: float = 0.8,
                kind: str = "indirect") -> Statement:
    aid = article_id(text)
    cs = text.index(content)
    piece = make_content(text, [(cs, cs + len(content))])
    ms = text.index(mention)
    return Statement(statement_id(aid, piece.spans), kind, piece, None,
                     Speaker(mention, "PERSON", None, make_span(text, ms, ms + len(mention))),
                     confidence, act=act)


# real PolNeAR dev sentences: (text, content, speaker mention, act)
ROWS = [
    ("Trump said Clinton would be a dangerous commander in chief for the United States.",
     "Clinton would be a dangerous commander in chief for the United States", "Trump", "say"),
    ("Forty-six percent backed Clinton in the poll.", "Clinton", "Forty-six percent", "other"),
    ("Graham urged Republicans to join Clinton on climate change.",
     "Republicans to join Clinton on climate change", "Graham", "want"),
]


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "acts.db")) as s:
        for n, (text, content, mention, act) in enumerate(ROWS):
            published = None if n == 2 else f"2016-09-0{n + 1}"
            s.add([ArticleResult(Article(article_id(text), text, published=published),
                                 (attribution(text, content, mention, act),))])
        yield s


def test_search_shows_statements_by_default(store):
    shown = store.search("Clinton")
    assert sorted(h["act"] for h in shown["hits"]) == ["say", "want"]
    assert shown["total"] == 2
    every = store.search("Clinton", act="all")
    assert every["total"] == 3 and "other" in {h["act"] for h in every["hits"]}
    assert [h["act"] for h in store.search("Clinton", act="other")["hits"]] == ["other"]
    browse = store.search(None)
    assert browse["total"] == 2


def test_a_bad_act_is_a_usage_error(store):
    with pytest.raises(UsageError):
        store.search("Clinton", act="shout")


def test_facet_counts_equal_the_hit_set(store):
    for act in (None, "all", "want"):
        for query in ("Clinton", None):
            result = store.search(query, act=act)
            assert sum(f["count"] for f in result["facets"]["kind"]) == result["total"]
            if act != "all":  # the poll figure has no speaker entity
                assert sum(f["count"] for f in result["facets"]["speaker"]) == result["total"]


def test_a_full_statement_ranks_above_a_fragment(tmp_path):
    text = ("Clinton said Trump would be a dangerous commander in chief for the United States "
            "and an embarrassment to the country. Trump said Clinton.")
    full = attribution(text, "Trump would be a dangerous commander in chief for the United "
                       "States and an embarrassment to the country", "Clinton", "say")
    fragment = replace(attribution(text, "Clinton.", "Trump said", "say", confidence=0.5),
                       content=make_content(text, [(text.rindex("Clinton"), len(text) - 1)]))
    fragment = replace(fragment, id=statement_id(article_id(text), fragment.content.spans))
    with Store(str(tmp_path / "rank.db")) as s:
        s.add([ArticleResult(Article(article_id(text), text), (full, fragment))])
        hits = s.search("Clinton Trump")["hits"] + s.search("Trump")["hits"]
    assert hits and all(h["id"] == full.id for h in hits[:1])


def test_speaker_page_counts_statements_and_undated(store):
    graham = store.speaker("Graham")
    assert graham["count"] == 1 and graham["undated"] == 1 and graham["timeline"] == []
    trump = store.speaker("Trump")
    assert trump["undated"] == 0 and [t["count"] for t in trump["timeline"]] == [1]
    assert store.speaker("Trump", act="other")["count"] == 0


def test_exports_carry_every_row_with_its_act(store, tmp_path):
    out = tmp_path / "all.jsonl"
    assert store.export("jsonl", str(out)) == 3
    import json

    acts = sorted(json.loads(line)["act"] for line in out.read_text().splitlines())
    assert acts == ["other", "say", "want"]
