"""The web UI and API show statements by default, with a switch to every attribution."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from quoth.records import Article, ArticleResult, Speaker, Statement, article_id, make_content, \
    make_span, statement_id
from quoth.web import create_app
from quoth.web.views import quote_marks

# real PolNeAR dev sentences: (text, content, speaker mention, act, kind, published)
ROWS = [
    ("Trump said Clinton would be a dangerous commander in chief for the United States.",
     "Clinton would be a dangerous commander in chief for the United States", "Trump", "say",
     "indirect", "2016-09-01"),
    ("Forty-six percent backed Clinton in the poll.", "Clinton", "Forty-six percent", "other",
     "indirect", "2016-09-02"),
    ('"Clinton has to go," Graham said.', '"Clinton has to go,"', "Graham", "say", "direct",
     None),
]


def _result(text, content, mention, act, kind, published) -> ArticleResult:
    aid = article_id(text)
    cs, ms = text.index(content), text.index(mention)
    piece = make_content(text, [(cs, cs + len(content))])
    st = Statement(statement_id(aid, piece.spans), kind, piece, None,
                   Speaker(mention, "PERSON", None, make_span(text, ms, ms + len(mention))),
                   0.8, act=act)
    return ArticleResult(Article(aid, text, published=published), (st,))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from quoth.store import Store

    path = str(tmp_path_factory.mktemp("web-acts") / "acts.db")
    with Store(path) as store:
        store.add([_result(*row) for row in ROWS])
    return TestClient(create_app(path))


def test_search_page_shows_statements_and_switches_to_all(client):
    page = client.get("/search", params={"q": "Clinton"}).text
    assert "2 statements" in page and 'href="/search?q=Clinton&amp;act=all"' in page
    every = client.get("/search", params={"q": "Clinton", "act": "all"}).text
    assert "3 statements" in every and "show statements only" in every


def test_api_search_takes_act(client):
    assert client.get("/api/search", params={"q": "Clinton"}).json()["total"] == 2
    data = client.get("/api/search", params={"q": "Clinton", "act": "all"}).json()
    assert data["total"] == 3 and {h["act"] for h in data["hits"]} == {"say", "other"}
    assert client.get("/api/search", params={"q": "Clinton", "act": "shout"}).status_code == 400


def test_speaker_page_says_how_many_statements_are_undated(client):
    assert client.get("/api/speaker/Graham").json()["undated"] == 1
    page = client.get("/speaker/Graham").text
    assert "1 statement from undated articles is not in the chart." in page


@pytest.mark.parametrize("content,marks", [
    ('"Clinton has to go,"', ""),
    ("Clinton would be a dangerous commander in chief", "open close"),
    ('that the campaign was "taking a close look"', "open"),
    ('"X," … "Y."', ""),
])
def test_quote_marks_are_added_only_where_the_content_has_none(content, marks):
    assert quote_marks(content) == marks
