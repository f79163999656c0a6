"""The server's limits (SQLite time per request, query and body size) and property tests over
every API parameter: whatever a client sends, the answer is never a 500."""

from __future__ import annotations

import string
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quoth.web import create_app
from quoth.web.deps import MAX_BODY, MAX_QUERY
from web_support import build_db

OK = {200, 400, 404, 422}  # answers a client can get; never 500
PROPS = settings(max_examples=40, deadline=None,
                 suppress_health_check=[HealthCheck.function_scoped_fixture])
TEXT = st.text(max_size=40)
NUMBER = st.one_of(st.integers(min_value=-10, max_value=10**7).map(str), TEXT)
DATE = st.one_of(st.dates().map(str), TEXT)
IDENT = st.one_of(TEXT.filter(lambda s: s.strip(" .")),
                  st.text(alphabet=string.hexdigits, min_size=1, max_size=20),
                  st.integers(min_value=-5, max_value=10**9).map(str))


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("limits") / "web.db")
    build_db(path)
    return path


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db)) as c:
        yield c


def test_a_request_past_its_sqlite_time_is_503_not_500(db):
    with TestClient(create_app(db, query_seconds=0)) as slow:
        r = slow.get("/api/search", params={"q": "said"})
        assert r.status_code == 503 and r.json()["error"] == "Query too slow"
        assert slow.get("/search", params={"q": "said"}).status_code == 503


def test_the_time_limit_is_per_request(db):
    with TestClient(create_app(db, query_seconds=5)) as c:
        for _ in range(3):
            assert c.get("/api/search", params={"q": "said"}).status_code == 200


def test_a_query_string_over_the_limit_is_414(client):
    r = client.get("/api/search", params={"q": "x", "outlet": "y" * MAX_QUERY})
    assert r.status_code == 414


def test_a_body_over_the_limit_is_413(client):
    r = client.post("/api/extract", content=b"{" + b" " * MAX_BODY + b"}",
                    headers={"content-type": "application/json"})
    assert r.status_code == 413


@PROPS
@given(q=TEXT, speaker=TEXT, about=TEXT, outlet=TEXT, kind=TEXT, date_from=DATE,
       date_to=DATE, page=NUMBER, per_page=NUMBER)
def test_search_answers_any_parameters(client, q, speaker, about, outlet, kind, date_from,
                                       date_to, page, per_page):
    params = dict(q=q, speaker=speaker, about=about, outlet=outlet, kind=kind,
                  date_from=date_from, date_to=date_to, page=page, per_page=per_page)
    for url in ("/api/search", "/search"):
        assert client.get(url, params=params).status_code in OK


@PROPS
@given(q=TEXT, page=NUMBER, per_page=NUMBER)
def test_speakers_answers_any_parameters(client, q, page, per_page):
    for url in ("/api/speakers", "/speakers"):
        assert client.get(url, params=dict(q=q, page=page, per_page=per_page)).status_code in OK


@PROPS
@given(ident=IDENT)
def test_pages_answer_any_id(client, ident):
    for kind in ("article", "statement", "speaker", "cluster"):
        for prefix in ("/api/", "/"):
            r = client.get(f"{prefix}{kind}/{quote(ident, safe='')}")
            assert r.status_code in OK, (kind, ident, r.status_code)
