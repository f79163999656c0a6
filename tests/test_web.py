"""HTTP tests for the web UI and its JSON API (FastAPI TestClient, a small hand-built DB)."""

from __future__ import annotations

import re
import sqlite3
import types
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quoth.web import create_app
from quoth.web.deps import reader
from web_support import HOSTILE_QUOTE, HOSTILE_TITLE, build_db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("web") / "web.db")
    written = build_db(path)
    return types.SimpleNamespace(path=path, results=written)


@pytest.fixture(scope="module")
def client(db):
    with TestClient(create_app(db.path)) as c:
        yield c


def _statement(db, kind=None, speaker=None):
    for r in db.results:
        for s in r.statements:
            if (kind is None or s.kind == kind) and (speaker is None or s.speaker.name == speaker):
                return r.article, s
    raise LookupError


class Segs(HTMLParser):
    """Collect the text of every .seg element, with its statement ids and roles."""

    def __init__(self):
        super().__init__()
        self.segs, self.anchors, self._open = [], set(), None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "span" and "seg" in (a.get("class") or "").split() and a.get("data-sids"):
            self._open = {"sids": a["data-sids"].split(), "cls": a["class"].split(), "text": ""}
        elif tag == "span" and a.get("class") == "anchor":
            self.anchors.add(a.get("id"))

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data

    def handle_endtag(self, tag):
        if tag == "span" and self._open is not None:
            self.segs.append(self._open)
            self._open = None


# ---------------------------------------------------------------- every page and its JSON

def _pages(db):
    article, stmt = _statement(db, kind="direct", speaker="Vladimir Putin")
    return [
        ("/search?q=NATO", "/api/search?q=NATO", "hits"),
        (f"/article/{article.id}", f"/api/article/{article.id}", "statements"),
        (f"/statement/{stmt.id}", f"/api/statement/{stmt.id}", "context"),
        ("/speaker/Vladimir%20Putin", "/api/speaker/Vladimir%20Putin", "timeline"),
        ("/speakers", "/api/speakers", "speakers"),
    ]


def test_every_page_has_html_and_json(client, db):
    for html_url, api_url, key in _pages(db):
        page = client.get(html_url)
        assert page.status_code == 200, html_url
        assert page.headers["content-type"].startswith("text/html")
        assert "Content-Security-Policy" in page.headers
        data = client.get(api_url)
        assert data.status_code == 200, api_url
        assert key in data.json(), api_url
        twin = re.search(r'<a href="([^"]+)">this page as JSON</a>', page.text).group(1)
        assert client.get(twin.replace("&amp;", "&")).json() == data.json(), html_url


def test_home_redirects_to_search(client):
    r = client.get("/", follow_redirects=False)
    assert r.status_code in (302, 307) and r.headers["location"] == "/search"


def test_openapi_docs_are_served_locally(client):
    docs = client.get("/docs")
    assert docs.status_code == 200
    assert "https://" not in docs.text and "http://" not in docs.text
    js = re.search(r'src="([^"]+swagger-ui-bundle\.js)"', docs.text).group(1)
    assert client.get(js).status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/search", "/api/article/{ident}", "/api/speaker/{ident}",
            "/api/statement/{ident}", "/api/extract"} <= set(paths)


def test_pages_load_no_remote_assets(client, db):
    for html_url, _, _ in _pages(db) + [("/try", None, None)]:
        text = client.get(html_url).text
        for src in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert not src.startswith(("http://", "https://", "//")) or "example.org" in src


# ---------------------------------------------------------------- search

def test_search_marks_matches_and_counts_facets(client):
    data = client.get("/api/search", params={"q": "NATO"}).json()
    assert data["total"] == 3
    assert all("<mark>NATO</mark>" in h["snippet_html"] for h in data["hits"])
    speakers = {f["value"]: f["count"] for f in data["facets"]["speaker"]}
    assert speakers["Vladimir Putin"] == 2 and sorted(speakers.values()) == [1, 2]
    page = client.get("/search", params={"q": "NATO"}).text
    assert "<mark>NATO</mark>" in page
    assert re.search(r">Vladimir Putin</a><span class=\"count\">2</span>", page)


@pytest.mark.parametrize("params, expected", [
    ({"kind": "direct"}, 3),
    ({"kind": "indirect"}, 4),
    ({"outlet": "Reuters"}, 3),
    ({"speaker": "Vladimir Putin"}, 3),
    ({"about": "NATO"}, 4),
    ({"date_from": "2022-02-01", "date_to": "2022-02-28"}, 3),
    ({"q": "NATO", "kind": "direct"}, 2),
    ({"q": "Russia", "speaker": "Jens Stoltenberg"}, 0),
])
def test_search_filters(client, params, expected):
    assert client.get("/api/search", params=params).json()["total"] == expected
    page = client.get("/search", params=params)
    assert page.status_code == 200
    assert page.text.count('class="card hit"') == expected


def test_search_pagination(client):
    first = client.get("/api/search", params={"per_page": 2}).json()
    second = client.get("/api/search", params={"per_page": 2, "page": 2}).json()
    assert first["total"] == 7 and first["pages"] == 4
    assert {h["id"] for h in first["hits"]}.isdisjoint(h["id"] for h in second["hits"])
    page = client.get("/search", params={"per_page": 2, "page": 2}).text
    assert 'rel="next"' in page and 'rel="prev"' in page and "showing 3–4" in page


def test_facet_link_applies_filter_and_chip_removes_it(client):
    page = client.get("/search", params={"q": "NATO"}).text
    link = re.search(r'href="(/search\?[^"]*kind=direct[^"]*)"', page).group(1)
    filtered = client.get(link.replace("&amp;", "&")).text
    assert filtered.count('class="card hit"') == 2
    assert 'class="chip"' in filtered


HOSTILE = ['"unbalanced', "AND", "OR OR", "NEAR(", "C++", "l'Élysée", "*", '"', "-", "^",
           "'; DROP TABLE statements; --", "<script>alert(1)</script>", "\x00", "NOT",
           "a" * 500, "🙂", "col:NATO", "NATO)", "{}", "%", "_", "\\", "\u202e"]


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_search_strings_never_500(client, q):
    page = client.get("/search", params={"q": q})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.text
    assert client.get("/api/search", params={"q": q}).status_code == 200


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=60), about=st.text(max_size=20))
@example(q="", about="²")  # a digit to str.isdigit(), not to int()
def test_any_search_string_gives_a_page(client, q, about):
    r = client.get("/api/search", params={"q": q, "about": about, "speaker": about})
    assert r.status_code == 200
    j = r.json()
    assert 0 <= len(j["hits"]) <= j["total"]


def test_bad_filter_values_are_400_not_500(client):
    for params in ({"kind": "shouted"}, {"date_from": "yesterday"}, {"page": "x"}):
        assert client.get("/search", params=params).status_code == 400
        assert client.get("/api/search", params=params).status_code in (400, 422)


# ---------------------------------------------------------------- article

def test_article_page_highlights_every_statement(client, db):
    article, _ = _statement(db, kind="direct", speaker="Vladimir Putin")
    result = next(r for r in db.results if r.article.id == article.id)
    parser = Segs()
    parser.feed(client.get(f"/article/{article.id}").text)
    for stmt in result.statements:
        assert f"s-{stmt.id}" in parser.anchors
        content = "".join(s["text"] for s in parser.segs
                          if stmt.id in s["sids"] and "r-content" in s["cls"])
        pieces = [article.text[a:b] for a, b in stmt.content.spans]
        assert all(p in content for p in pieces)
        cue = [s for s in parser.segs if stmt.id in s["sids"] and "r-cue" in s["cls"]]
        assert "".join(s["text"] for s in cue) == stmt.cue.text
        source = [s for s in parser.segs if stmt.id in s["sids"] and "r-source" in s["cls"]]
        assert "".join(s["text"] for s in source) == stmt.speaker.mention.text


def test_article_page_has_a_legend_with_one_colour_per_speaker(client, db):
    article, _ = _statement(db, kind="direct", speaker="Vladimir Putin")
    page = client.get(f"/article/{article.id}").text
    legend = re.findall(r'<li class="sp-(\d)"><span class="swatch">', page)
    assert len(legend) == 2 and len(set(legend)) == 2


def test_article_text_is_escaped(client, db):
    article = next(r.article for r in db.results if r.article.title == HOSTILE_TITLE)
    page = client.get(f"/article/{article.id}").text
    assert "<script>alert(1)</script>" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "<b>Outlet</b>" not in page
    data = client.get(f"/api/article/{article.id}").json()
    assert data["title"] == HOSTILE_TITLE and HOSTILE_QUOTE in data["text"]


def test_search_results_and_speakers_escape_names(client):
    for url in ("/search?q=script", "/speakers", "/search"):
        page = client.get(url).text
        assert "<img src=x" not in page and "<script>alert" not in page


def test_unknown_ids_are_404(client):
    for url in ("/article/nothere", "/statement/nothere", "/speaker/Nobody%20Atall"):
        assert client.get(url).status_code == 404
        r = client.get("/api" + url)
        assert r.status_code == 404 and "error" in r.json()


# ---------------------------------------------------------------- statement and speaker

def test_statement_page_shows_context_and_article_link(client, db):
    article, stmt = _statement(db, kind="direct", speaker="Vladimir Putin")
    page = client.get(f"/statement/{stmt.id}").text
    assert f'href="/article/{article.id}#s-{stmt.id}"' in page
    assert '<span class="this">' in page
    assert "No other outlet" in page  # no clusters in this database
    data = client.get(f"/api/statement/{stmt.id}").json()
    assert data["context"]["text"] == article.text[stmt.content.start:stmt.content.end]
    assert data["variants"] == []


def test_speaker_page_draws_the_timeline(client):
    page = client.get("/speaker/Vladimir%20Putin").text
    counts = [int(c) for c in re.findall(r'<rect class="bar"[^>]*data-count="(\d+)"', page)]
    assert sum(counts) == 3
    heights = [float(h) for h in re.findall(r'<rect class="bar"[^>]*height="([\d.]+)"', page)]
    assert max(heights) > 0
    assert "Statements per day" in page
    weekly = client.get("/speaker/Vladimir%20Putin", params={"by": "week"}).text
    assert "Statements per week" in weekly
    data = client.get("/api/speaker/Vladimir%20Putin").json()
    assert data["count"] == 3 and {a["value"] for a in data["about"]} >= {"NATO"}


def test_speaker_about_links_filter_search(client):
    page = client.get("/speaker/Vladimir%20Putin").text
    link = re.search(r'href="(/search\?speaker=\d+&amp;about=NATO)"', page).group(1)
    assert client.get(link.replace("&amp;", "&")).text.count('class="card hit"') == 2


# ---------------------------------------------------------------- read-only, CSRF, serve

def test_pages_read_through_a_read_only_connection(db):
    app = create_app(db.path)
    store = reader(types.SimpleNamespace(app=app))
    assert store.readonly
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        store.conn.execute("DELETE FROM statements")


def test_try_page_sets_csrf_cookie_and_token(client):
    page = client.get("/try")
    assert page.status_code == 200
    assert "quoth_csrf" in page.cookies
    assert re.search(r'name="csrf_token" value="[0-9a-f]{64}"', page.text)
    assert "save to the database" not in page.text  # read-only server


def test_try_post_without_valid_token_is_refused(db):
    with TestClient(create_app(db.path)) as c:
        r = c.post("/try", data={"text": "He said it.", "csrf_token": "forged"})
        assert r.status_code == 403
        token = re.search(r'name="csrf_token" value="(\w+)"', c.get("/try").text).group(1)
        r = c.post("/try", data={"text": "He said it.", "csrf_token": token},
                   headers={"origin": "http://evil.example"})
        assert r.status_code == 403


def test_try_rejects_unsupported_uploads(client):
    token = re.search(r'name="csrf_token" value="(\w+)"', client.get("/try").text).group(1)
    r = client.post("/try", data={"csrf_token": token},
                    files={"file": ("x.exe", b"MZ\x00\x00", "application/octet-stream")})
    assert r.status_code == 400 and "Upload a .txt or .html file" in r.text


def test_serve_help_and_missing_db(tmp_path, capsys):
    from quoth.cli import main

    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    assert "--allow-writes" in capsys.readouterr().out
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 1
    assert "no database" in capsys.readouterr().err


# ---------------------------------------------------------------- try it (needs the spaCy pipeline)

PASTE = ('"We will not accept this deal," Finance Minister Anna Berg said on Tuesday.\n\n'
         "Opposition leader Karl Lund told reporters that the budget was a mistake.\n")


def _token(c) -> str:
    return re.search(r'name="csrf_token" value="(\w+)"', c.get("/try").text).group(1)


@pytest.mark.model
def test_try_it_highlights_pasted_text_without_storing(db):
    with TestClient(create_app(db.path)) as c:
        r = c.post("/try", data={"text": PASTE, "csrf_token": _token(c), "save": "1"})
        assert r.status_code == 200
        parser = Segs()
        parser.feed(r.text)
        marked = "".join(s["text"] for s in parser.segs if "r-content" in s["cls"])
        assert "We will not accept this deal" in marked
        assert "Saved to the database" not in r.text
        assert c.get("/api/search", params={"q": "deal"}).json()["total"] == 0


@pytest.mark.model
def test_try_it_saves_only_when_the_server_allows_writes(tmp_path):
    path = str(tmp_path / "rw.db")
    build_db(path)
    with TestClient(create_app(path, allow_writes=True)) as c:
        assert "save to the database" in c.get("/try").text
        r = c.post("/try", data={"text": PASTE, "csrf_token": _token(c), "save": "1"})
        assert r.status_code == 200 and "Saved to the database" in r.text
        aid = re.search(r'href="/article/(\w+)">open the stored article', r.text).group(1)
        stored = c.get(f"/api/article/{aid}").json()
        assert stored["text"].startswith('"We will not accept')
        assert c.get("/api/search", params={"q": "deal"}).json()["total"] >= 1


@pytest.mark.model
def test_try_it_reads_an_uploaded_html_file(client):
    html = ("<html><head><title>Budget row</title></head><body><article><p>"
            + PASTE.replace("\n\n", "</p><p>") + "</p></article></body></html>")
    r = client.post("/try", data={"csrf_token": _token(client)},
                    files={"file": ("budget.html", html.encode(), "text/html")})
    assert r.status_code == 200
    assert "<p>" not in re.search(r'<div class="articletext".*?</div>', r.text, re.S).group(0)
    assert "statement" in re.search(r'id="trycount">([^<]+)<', r.text).group(1)


@pytest.mark.model
def test_api_extract_returns_statement_dicts(client):
    r = client.post("/api/extract", json={"text": PASTE})
    assert r.status_code == 200
    data = r.json()
    assert any("We will not accept this deal" in s["content"] for s in data["statements"])
    for s in data["statements"]:
        assert data["text"][s["content_start"]:s["content_end"]] == s["content"]
    # a cross-site form cannot send JSON: a text/plain body is refused
    assert client.post("/api/extract", content='{"text": "x"}',
                       headers={"content-type": "text/plain"}).status_code == 422


@pytest.mark.model
def test_api_extract_says_when_the_extractor_failed(client, monkeypatch):
    from quoth import extraction as ex
    from quoth.finders import StatementFinder

    def finder(self, doc, article):
        raise RuntimeError("boom")

    monkeypatch.setattr(StatementFinder, "_statements", finder)
    r = client.post("/api/extract", json={"text": PASTE})
    assert r.status_code == 400
    assert ": The statements could not be extracted (RuntimeError: boom)." in r.text


def test_statement_page_shows_the_same_statement_from_other_outlets(tmp_path):
    from web_support import add_variant_and_cluster

    path = str(tmp_path / "clustered.db")
    written = build_db(path)
    variant = add_variant_and_cluster(path)
    original = next(s for s in written[0].statements if s.kind == "direct")
    with TestClient(create_app(path)) as c:
        data = c.get(f"/api/statement/{original.id}").json()
        assert [v["id"] for v in data["variants"]] == [variant.statements[0].id]
        page = c.get(f"/statement/{original.id}").text
        assert "No other outlet" not in page and "TASS" in page
        assert 'class="d-' in page  # the words are diffed against the first-seen version
