"""The statement database: dedup, idempotence, speakers across articles, search, pages."""

from __future__ import annotations

import sqlite3

import pytest

from quoth.errors import NotFoundInStore, UsageError
from quoth.records import (Article, ArticleResult, Entity, Speaker, Statement, article_id,
                         make_content, make_span, statement_id)
from quoth.store import MARK_END, MARK_START, Store
from quoth.store.names import parse_name
from quoth.store.search import fts_query
from quoth.store.writer import canonical_url


def said(text: str, quote: str, mention: str, *, name: str | None = None,
         title: str | None = None, kind: str = "direct", about: tuple[str, ...] = ()):
    """A Statement over ``quote`` in ``text`` said by ``mention`` (both must occur in text)."""
    aid = article_id(text)
    qs = text.index(quote)
    content = make_content(text, [(qs, qs + len(quote))])
    ms = text.index(mention)
    entities = tuple(Entity(e, "GPE", text.index(e), text.index(e) + len(e)) for e in about)
    speaker = Speaker(name or mention, "PERSON", title, make_span(text, ms, ms + len(mention)))
    return Statement(statement_id(aid, content.spans), kind, content, None, speaker, 0.8,
                     entities)


def result(text: str, *statements, **meta) -> ArticleResult:
    return ArticleResult(Article(article_id(text), text, **meta), tuple(statements))


def quote_by(mention: str, words: str, **meta) -> ArticleResult:
    text = f'"{words}," said {mention} on Monday.'
    return result(text, said(text, words, mention), **meta)


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "q.db")) as s:
        yield s


def counts(store: Store) -> tuple[int, int, int]:
    st = store.stats()
    return st["articles"], st["occurrences"], st["statements"]


# -- dedup and idempotence ----------------------------------------------------------------------

def test_same_text_two_outlets_is_one_article_two_occurrences(store):
    r = quote_by("Vladimir Putin", "NATO is expanding to the east", outlet="Sputnik")
    assert store.add([r]) == {"new": 1, "duplicate": 0, "statements": 1, "updated": 0}
    again = ArticleResult(r.article.with_(outlet="Reuters", url="https://reuters.com/x"),
                          r.statements)
    assert store.add([again]) == {"new": 0, "duplicate": 1, "statements": 0, "updated": 1}  # its URL
    assert counts(store) == (1, 2, 1)
    outlets = {o["outlet"] for o in store.article(r.article.id)["occurrences"]}
    assert outlets == {"Sputnik", "Reuters"}


def test_adding_twice_changes_nothing(store):
    batch = [quote_by("Vladimir Putin", f"we will talk about topic {i}", outlet="A")
             for i in range(5)]
    store.add(batch)
    before = (counts(store), store.speakers())
    store.add(batch)
    assert (counts(store), store.speakers()) == before


def test_same_canonical_url_different_text_is_a_duplicate(store):
    a = quote_by("Ann Lee", "first version of the story", url="https://www.x.com/a/")
    b = quote_by("Ann Lee", "updated version of the story", url="http://X.com/a?utm_source=tw")
    store.add([a])
    assert store.add([b])["duplicate"] == 1
    assert counts(store) == (1, 1, 1)


def test_url_of_any_occurrence_marks_a_duplicate(store):
    a = quote_by("Ann Lee", "first version of the story", url="https://x.com/a", outlet="X")
    store.add([a, ArticleResult(a.article.with_(url="https://y.com/b", outlet="Y"), ())])
    c = quote_by("Ann Lee", "changed text of the story", url="https://www.y.com/b", outlet="Y")
    assert store.add([c])["duplicate"] == 1
    assert counts(store) == (1, 2, 1)


@pytest.mark.parametrize("url, expected", [
    ("https://www.Example.com/a/b/", "https://example.com/a/b"),
    ("http://example.com/a?utm_source=x&id=3#top", "https://example.com/a?id=3"),
    ("  ", None),
    (None, None),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


# -- speakers across articles -------------------------------------------------------------------

@pytest.mark.parametrize("text, full, first, surname, titles", [
    ("Putin", "Putin", (), "putin", ()),
    ("Vladimir Putin", "Vladimir Putin", ("vladimir",), "putin", ()),
    ("President Putin", "Putin", (), "putin", ("President",)),
    ("Russian President Vladimir Putin", "Vladimir Putin", ("vladimir",), "putin", ("President",)),
    ("Brian Smith", "Brian Smith", ("brian",), "smith", ()),
    # a suffix stays: Donald Trump Jr. is not Donald Trump
    ("Martin Luther King Jr.", "Martin Luther King Jr.", ("martin", "luther"), "king", ()),
    ("Mrs. Clinton", "Clinton", (), "clinton", ()),
    ("a man named Tom Clarke", "Tom Clarke", ("tom",), "clarke", ()),
    ("Obama Says", "Obama", (), "obama", ()),
    ("former Secretary of State John Kerry", "John Kerry", ("john",), "kerry",
     ("Secretary of State",)),
])
def test_parse_name(text, full, first, surname, titles):
    n = parse_name(text)
    assert (n.full, n.first, n.surname, n.titles) == (full, first, surname, titles)


@pytest.mark.parametrize("mentions, expected_groups", [
    # the four Putins are one speaker, whatever order they come in
    (["Putin", "Vladimir Putin", "President Putin", "Russian President Vladimir Putin"], 1),
    (["Russian President Vladimir Putin", "President Putin", "Putin", "Vladimir Putin"], 1),
    # same surname, different first names: two people
    (["Bill Clinton", "Hillary Clinton"], 2),
    (["Hillary Clinton", "Bill Clinton", "Bill Clinton"], 2),
    # an initial is compatible with the full first name
    (["Donald Trump", "Donald J. Trump"], 1),
    (["Hillary Clinton", "Crooked Hillary Clinton"], 1),
    (["Hillary Rodham Clinton", "Bill Clinton"], 2),
    (["Emmanuel Macron", "Vladimir Putin", "Macron"], 2),
])
def test_speaker_identity(store, mentions, expected_groups):
    for i, mention in enumerate(mentions):
        store.add([quote_by(mention, f"statement number {i} was made")])
    listed = store.speakers()["speakers"]
    assert len(listed) == expected_groups
    assert sum(s["count"] for s in listed) == len(mentions)


def test_putin_aliases_and_titles(store):
    for i, m in enumerate(["Putin", "Vladimir Putin", "President Putin",
                           "Russian President Vladimir Putin"]):
        store.add([quote_by(m, f"statement number {i} was made")])
    (putin,) = store.speakers()["speakers"]
    assert putin["name"] == "Vladimir Putin"
    assert {"Putin", "Vladimir Putin", "President Putin",
            "Russian President Vladimir Putin"} <= set(putin["aliases"])
    assert "President" in putin["titles"]


def test_bare_surname_joins_a_person_only_when_unambiguous(store):
    for i in range(3):
        store.add([quote_by("Hillary Clinton", f"hillary statement {i} here")])
    store.add([quote_by("Clinton", "bare surname statement one")])
    assert store.speaker("Hillary Clinton")["count"] == 4
    store.add([quote_by("Bill Clinton", "bill statement number one")])
    store.add([quote_by("Clinton", "bare surname statement two")])  # which Clinton? neither
    assert store.speaker("Hillary Clinton")["count"] == 4
    assert store.speaker("Bill Clinton")["count"] == 1


def test_bare_surname_with_role_joins_the_speaker_with_that_role(store):
    for i in range(3):
        store.add([quote_by("Secretary Hillary Clinton", f"hillary statement {i} here")])
    store.add([quote_by("President Bill Clinton", "bill statement number one")])
    store.add([quote_by("President Clinton", "the president spoke today")])
    assert store.speaker("Bill Clinton")["count"] == 2


def test_merge_and_split_survive_reingest(store):
    store.add([quote_by("Vladimir Putin", "first putin statement here")])
    store.add([quote_by("Vova Putin", "second nickname statement here")])
    assert store.speakers()["total"] == 2
    merged = store.merge_speakers("Vladimir Putin", "Vova Putin")
    assert merged["count"] == 2 and store.speakers()["total"] == 1
    # a later article naming "Vova Putin" goes to the merged speaker
    store.add([quote_by("Vova Putin", "third statement after the merge")])
    assert store.speakers()["total"] == 1 and store.speaker("Putin")["count"] == 3

    store.add([quote_by("Bill Clinton", "bill statement one is here")])
    store.add([quote_by("Clinton", "ambiguous statement by clinton")])
    assert store.speaker("Bill Clinton")["count"] == 2
    new = store.split_speaker("Bill Clinton", ["Clinton"], name="Hillary Clinton")
    assert new["count"] == 1 and store.speaker("Bill Clinton")["count"] == 1
    store.add([quote_by("Clinton", "another bare clinton statement")])
    assert store.speaker("Hillary Clinton")["count"] == 2


def test_split_into_an_existing_speaker_joins_it(store):
    store.add([quote_by("Bill Clinton", "bill statement one is here")])
    for i in range(2):
        store.add([quote_by("Hillary Clinton", f"hillary statement {i} here")])
    text = '"A statement given to the wrong Clinton," said President Clinton on Monday.'
    store.add([result(text, said(text, "A statement given to the wrong Clinton",
                                 "President Clinton", name="Hillary Clinton"))])
    moved = store.split_speaker("Hillary Clinton", ["President Clinton"], name="Bill Clinton")
    assert moved["count"] == 2 and store.speakers()["total"] == 2
    assert store.speaker("Hillary Clinton")["count"] == 2


@pytest.mark.parametrize("ref", ["Vladimir Putin", "putin", "PRESIDENT PUTIN",
                                 "Russian President Vladimir Putin", "1"])
def test_find_speaker_by_any_name(store, ref):
    store.add([quote_by("Russian President Vladimir Putin", "first putin statement here")])
    assert store.speaker(ref)["name"] == "Vladimir Putin"


@pytest.mark.parametrize("call", [
    lambda s: s.merge_speakers("Nobody Here", "Vladimir Putin"),
    lambda s: s.speaker("Nobody Here"),
    lambda s: s.article("no-such-article"),
    lambda s: s.statement("nope"),
])
def test_unknown_ids_raise_not_found(store, call):
    store.add([quote_by("Vladimir Putin", "first putin statement here")])
    with pytest.raises(NotFoundInStore):
        call(store)


def test_merge_same_speaker_is_a_usage_error(store):
    store.add([quote_by("Vladimir Putin", "first putin statement here")])
    with pytest.raises(UsageError):
        store.merge_speakers("Putin", "Vladimir Putin")


# -- search ---------------------------------------------------------------------------------------

@pytest.fixture
def filled(store):
    store.add([
        quote_by("Vladimir Putin", "NATO expansion threatens Russia", outlet="Sputnik",
                 published="2022-02-07"),
        quote_by("Emmanuel Macron", "we discussed security at l'Élysée", outlet="Le Monde",
                 published="2022-02-08"),
        quote_by("Bjarne Stroustrup", "C++ is a better C for many", outlet="Tech",
                 published="2021-05-01"),
    ])
    text = 'Western Ukraine matters, said Joe Biden. "Kyiv will be defended," Biden said.'
    store.add([result(text, said(text, "Kyiv will be defended", "Biden", name="Joe Biden",
                                 about=("Kyiv",)),
                      said(text, "Western Ukraine matters", "Joe Biden", kind="indirect",
                           about=("Western Ukraine",)), outlet="AP", published="2022-03-01")])
    return store


@pytest.mark.parametrize("query", [
    '"unbalanced', "AND", "OR NOT", "C++", "l'Élysée", "😀", "", "   ", "NEAR(a b)", "*",
    'a"b', "-x", "col:umn", "^start", "(", "'; DROP TABLE statements; --", "\x00", "0\x00",
    "a\x1fb", "ñ" * 500,
])
def test_hostile_queries_never_crash(filled, query):
    result = filled.search(query)
    assert result["total"] == len(result["hits"]) or result["total"] > len(result["hits"])
    assert filled.stats()["statements"] == 5


def test_any_query_string_searches(filled):
    import hypothesis
    st = hypothesis.strategies

    @hypothesis.settings(max_examples=300, deadline=None)
    @hypothesis.given(st.text(max_size=40), st.one_of(st.none(), st.text(max_size=10)))
    def check(query, about):
        result = filled.search(query, about=about, limit=3)
        assert 0 <= len(result["hits"]) <= min(3, result["total"])

    check()


@pytest.mark.parametrize("query, expected_speakers", [
    ("NATO", {"Vladimir Putin"}),
    ("nato russia", {"Vladimir Putin"}),
    ("C++", {"Bjarne Stroustrup"}),
    ("l'Élysée", {"Emmanuel Macron"}),
    ("elysee", {"Emmanuel Macron"}),
    ("threatening", {"Vladimir Putin"}),  # porter stemming: threatens ~ threatening
    ("defended", {"Joe Biden"}),
    ("nato macron", set()),
])
def test_search_finds(filled, query, expected_speakers):
    hits = filled.search(query)["hits"]
    assert {h["speaker"] for h in hits} == expected_speakers


def test_snippet_marks_matches(filled):
    (hit,) = filled.search("NATO")["hits"]
    assert f"{MARK_START}NATO{MARK_END}" in hit["snippet"]
    assert hit["rank"] is not None and hit["outlet"] == "Sputnik"


@pytest.mark.parametrize("filters, expected", [
    ({"speaker": "Biden"}, 2),
    ({"speaker": "Joe Biden", "kind": "indirect"}, 1),
    ({"about": "kyiv"}, 1),
    ({"about": "Kyi"}, 0),
    ({"about": "100%"}, 0),
    ({"outlet": "sputnik"}, 1),
    ({"date_from": "2022-02-08"}, 3),
    ({"date_to": "2022-02"}, 3),
    ({"date_from": "2022", "date_to": "2022"}, 4),
    ({"speaker": "Nobody At All"}, 0),
])
def test_search_filters(filled, filters, expected):
    assert filled.search(None, **filters)["total"] == expected


@pytest.mark.parametrize("filters", [{"kind": "shouted"}, {"date_from": "yesterday"}])
def test_bad_filter_values_are_usage_errors(filled, filters):
    with pytest.raises(UsageError):
        filled.search("x", **filters)


def test_facets_count_matches(filled):
    facets = filled.search(None)["facets"]
    assert {"value": "Joe Biden", "id": filled.speaker("Biden")["id"], "count": 2} in facets[
        "speaker"]
    assert {f["value"] for f in facets["kind"]} == {"direct", "indirect"}
    assert {f["value"] for f in facets["about"]} == {"Kyiv", "Western Ukraine"}
    assert filled.search(None, about="ukraine")["total"] == 1


@pytest.mark.parametrize("query, expected", [
    ("C++", '"C++"'),
    ('say "hi', '"say" """hi"'),
    ("😀 ok", '"ok"'),
    ("😀", ""),
    ("0\x00", '"0"'),
    ("  ", None),
])
def test_fts_query_quotes_every_token(query, expected):
    assert fts_query(query) == expected


# -- pages ----------------------------------------------------------------------------------------

def test_article_statement_and_speaker_pages(filled):
    hit = filled.search("defended")["hits"][0]
    article = filled.article(hit["article_id"][:8])
    assert [s["kind"] for s in article["statements"]] == ["indirect", "direct"]
    for s in article["statements"]:
        assert article["text"][s["content_start"]:s["content_end"]] == s["content"]
    st = filled.statement(hit["id"], context=10)
    assert st["context"]["text"] == hit["content"] and len(st["context"]["before"]) <= 10
    biden = filled.speaker("Biden")
    assert biden["timeline"] == [{"date": "2022-03-01", "count": 2}]
    assert {a["value"] for a in biden["about"]} == {"Kyiv", "Western Ukraine"}
    assert len(biden["latest"]) == 2


def test_integrity_and_readonly(store, tmp_path):
    store.add([quote_by("Vladimir Putin", "NATO expansion threatens Russia")])
    assert store.integrity() == {"sqlite": "ok", "fts": "ok"}
    with Store(store.path, readonly=True) as ro:
        assert ro.search("nato")["total"] == 1
        with pytest.raises(sqlite3.OperationalError):
            ro.conn.execute("DELETE FROM statements")
    with pytest.raises(NotFoundInStore):
        Store(str(tmp_path / "missing.db"), readonly=True)


@pytest.mark.parametrize("readonly", [False, True])
def test_a_newer_schema_version_is_refused_untouched(store, readonly):
    from quoth.errors import StoreError
    from quoth.store.migrations import CURRENT

    newer = str(CURRENT + 1)
    store.add([quote_by("Vladimir Putin", "NATO expansion threatens Russia")])
    store.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (newer,))
    store.conn.execute("DROP TABLE article_occurrences")  # as if a later version had dropped it
    store.close()
    with pytest.raises(StoreError, match=rf"q\.db: Its schema version is {newer}, but this quoth reads "):
        Store(store.path, readonly=readonly)
    with sqlite3.connect(store.path) as conn:  # nothing written, nothing lost
        assert conn.execute("SELECT count(*) FROM statements").fetchone() == (1,)
        version = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        dropped = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'article_occurrences'")
        assert version == (newer,) and dropped.fetchone() is None


def test_datasette_finds_the_fts_table(store):
    import datasette.app as datasette
    import asyncio

    store.add([quote_by("Vladimir Putin", "NATO expansion threatens Russia")])

    async def probe():
        ds = datasette.Datasette([store.path])
        db = ds.get_database()
        fts = await db.fts_table("statements")
        resp = await ds.client.get(f"/{db.name}/statements.json?_search=nato&_shape=array")
        return fts, resp.status_code, resp.json()

    fts, status, rows = asyncio.run(probe())
    assert fts == "statements_fts" and status == 200
    assert [r["content"] for r in rows] == ["NATO expansion threatens Russia"]


@pytest.mark.parametrize("dirname", ["what?", "hash#tag", "per%cent 20", "ünï cödé"])
def test_readonly_open_of_a_path_with_uri_characters(tmp_path, dirname):
    folder = tmp_path / dirname
    folder.mkdir()
    with Store(str(folder / "q?.db")) as store:
        store.add([quote_by("Vladimir Putin", "NATO expansion threatens Russia")])
    with Store(str(folder / "q?.db"), readonly=True) as ro:
        assert ro.search("nato")["total"] == 1
    assert sorted(p.name for p in folder.iterdir() if p.suffix == ".db") == ["q?.db"]


@pytest.mark.parametrize("name, mention, canonical, title", [
    ("Jens Stoltenberg", "NATO Secretary General Jens Stoltenberg", "Jens Stoltenberg",
     "Secretary General"),
    ("Antonio Guterres", "UN Secretary-General Antonio Guterres", "Antonio Guterres",
     "Secretary-General"),
    ("Kristalina Georgieva", "IMF Managing Director Kristalina Georgieva",
     "Kristalina Georgieva", "Managing Director"),
    ("Vladimir Putin", "Russian President Vladimir Putin", "Vladimir Putin", "President"),
    ("Hillary Clinton", "Hillary Rodham Clinton", "Hillary Clinton", None),
    # a bare surname is still completed from the mention
    ("Clinton", "Former President Bill Clinton", "Bill Clinton", "former President"),
])
def test_speaker_name_from_the_extractor_titles_apart(store, name, mention, canonical, title):
    text = f'"We will stand together," said {mention} on Monday.'
    store.add([result(text, said(text, "We will stand together", mention, name=name))])
    (speaker,) = store.speakers()["speakers"]
    assert speaker["name"] == canonical
    assert (title in speaker["titles"]) if title else speaker["titles"] == []
    assert store.speaker(mention)["name"] == canonical


@pytest.mark.parametrize("ref, expected", [
    (5, 5), ("12", 12), (" 7 ", 7), ("١٢", 12),  # Arabic-Indic digits are decimal digits
    ("²", None), ("9" * 30, None), ("Putin", None), ("", None), (None, None),
])
def test_row_id(ref, expected):
    from quoth.store.rows import row_id

    assert row_id(ref) == expected
