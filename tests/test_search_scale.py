"""Search at scale: the fast paths give the same answers as a plain reference.

A seeded database of a few hundred statements is searched through ``Store.search``
and checked against a reference computed here the obvious way (bm25 over every
match, filters applied in Python, facets counted with ``Counter``). The ranking
window and facet sample are shrunk so the large-database paths run on it too.
No timings here: speed is measured by ``bench/web_latency.py``.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

import quoth.store.search as search_mod
from quoth.errors import NotFoundInStore
from quoth.records import (Article, ArticleResult, Entity, Speaker, Statement, article_id,
                         make_content, make_span, statement_id)
from quoth.store import Store
from quoth.store.clusters import assign_clusters

NAMES = ["Anna Adams", "Boris Berg", "Carla Costa", "David Dubois", "Elena Evans"]
OUTLETS = ["Sputnik", "Reuters", "AP", "Le Monde"]
ENTITIES = ["NATO", "Ukraine", "Western Ukraine", "the Kremlin", "Moscow"]
WORDS = ("security gas sanctions peace talks border troops energy prices summit the of and "
         "budget reform alliance crisis").split()


def _article(rng: random.Random, day: str, outlet: str) -> ArticleResult:
    parts, specs, pos = [], [], 0
    for _ in range(5):
        words = rng.choices(WORDS, k=rng.randint(3, 9))
        about = rng.sample(ENTITIES, rng.randint(0, 2))
        for ent in about:
            words.insert(rng.randrange(len(words) + 1), ent)
        content, name = " ".join(words), rng.choice(NAMES)
        para = f'"{content}," {name} said.\n\n'
        specs.append((pos + 1, content, pos + len(content) + 4, name, about,
                      rng.choice(["direct", "indirect"])))
        parts.append(para)
        pos += len(para)
    text = "".join(parts)
    aid = article_id(text)
    statements = []
    for c0, content, m0, name, about, kind in specs:
        spans = [(c0, c0 + len(content))]
        ents = tuple(Entity(e, "ORG", text.index(e, c0), text.index(e, c0) + len(e))
                     for e in about)
        statements.append(Statement(
            statement_id(aid, spans), kind, make_content(text, spans), None,
            Speaker(name, "PERSON", None, make_span(text, m0, m0 + len(name))), 0.8, ents))
    lang = "fr" if int(aid[:2], 16) % 3 == 0 else "en"  # a third in French, for the facet
    return ArticleResult(Article(aid, text, outlet=outlet, published=day, lang=lang),
                         tuple(statements))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    rng = random.Random(5)
    days = [f"2021-{m:02d}-{d:02d}" for m in range(1, 7) for d in (1, 9, 17, 25)]
    path = tmp_path_factory.mktemp("scale") / "scale.db"
    with Store(str(path)) as store:
        store.add([_article(rng, rng.choice(days + [None]), rng.choice(OUTLETS))
                   for _ in range(80)])
        twice = _article(random.Random(1), "2021-03-03", "AP")  # one text, two outlets
        store.add([twice, ArticleResult(Article(twice.article.id, twice.article.text,
                                                outlet="BBC", published="2021-03-03"),
                                        twice.statements)])
    with Store(str(path), readonly=True) as ro:
        yield ro


# -- the reference ----------------------------------------------------------------------------------

def _facts(conn) -> dict[int, dict]:
    facts = {r["pk"]: {"id": r["id"], "kind": r["kind"], "speaker_id": r["speaker_id"],
                       "speaker": r["name"], "published": r["published"], "outlets": [],
                       "about": [], "lang": r["lang"]}
             for r in conn.execute(
                 "SELECT s.pk, s.id, s.kind, s.speaker_id, sp.name, a.published, s.article_id, "
                 "a.lang "
                 "FROM statements s JOIN articles a ON a.id = s.article_id "
                 "LEFT JOIN speakers sp ON sp.id = s.speaker_id")}
    for pk, outlet in conn.execute(
            "SELECT s.pk, o.outlet FROM statements s JOIN article_occurrences o "
            "ON o.article_id = s.article_id"):
        facts[pk]["outlets"].append(outlet)
    for pk, key, text in conn.execute("SELECT statement_pk, key, text FROM statement_about"):
        facts[pk]["about"].append((key, text))
    return facts


def _keep(f: dict, filters: dict, speaker_id) -> bool:
    if "speaker" in filters and f["speaker_id"] != speaker_id:
        return False
    if "lang" in filters and f["lang"] != filters["lang"]:
        return False
    if "kind" in filters and f["kind"] != filters["kind"]:
        return False
    if "outlet" in filters and filters["outlet"].lower() not in [
            o.lower() for o in f["outlets"] if o]:
        return False
    if "about" in filters and not any(f" {filters['about'].lower()} " in f" {k} "
                                      for k, _ in f["about"]):
        return False
    pub = f["published"]
    for name, ok in (("date_from", lambda v: pub[:len(v)] >= v),
                     ("date_to", lambda v: pub[:len(v)] <= v)):
        if name in filters and (pub is None or not ok(filters[name])):
            return False
    return True


def reference(store: Store, query, filters: dict, window: int) -> tuple[list[str], dict]:
    """(every matching statement id in result order, facets over all of them)."""
    conn = store.conn
    facts = _facts(conn)
    speaker_id = store.speaker(filters["speaker"])["id"] if "speaker" in filters else None
    keep = {pk for pk, f in facts.items() if _keep(f, filters, speaker_id)}
    if query is None:
        order = [r[0] for r in conn.execute(
            "SELECT s.pk FROM statements s JOIN articles a ON a.id = s.article_id "
            "ORDER BY a.published DESC, s.article_id, s.content_start") if r[0] in keep]
    else:
        ranked = [(r[1], r[0]) for r in conn.execute(  # bm25 mixed with substance
            f"SELECT s.pk, bm25(statements_fts) * {search_mod.SUBSTANCE} FROM statements_fts "
            "JOIN statements s ON s.pk = statements_fts.rowid WHERE statements_fts MATCH ?",
            (search_mod.fts_query(query),)) if r[0] in keep]
        newest = set(sorted((pk for _, pk in ranked), reverse=True)[:window])
        order = ([pk for _, pk in sorted(r for r in ranked if r[1] in newest)]
                 + [pk for _, pk in sorted(r for r in ranked if r[1] not in newest)])
    return [facts[pk]["id"] for pk in order], _facets_of([facts[pk] for pk in order])


def _facets_of(rows: list[dict]) -> dict:
    def top(counter: Counter, value=lambda k: k) -> list:
        return sorted(counter.items(), key=lambda kv: (-kv[1], value(kv[0])))[:10]

    speakers = Counter((f["speaker"], f["speaker_id"]) for f in rows if f["speaker_id"])
    outlets = Counter(o for f in rows for o in f["outlets"] if o is not None)
    kinds = Counter(f["kind"] for f in rows)
    langs = Counter(f["lang"] for f in rows if f["lang"])
    about_n = Counter(k for f in rows for k, _ in f["about"])
    about_text = {k: max(t for f in rows for kk, t in f["about"] if kk == k) for k in about_n}
    return {
        "speaker": [{"value": n, "id": i, "count": c} for (n, i), c in top(speakers)],
        "outlet": [{"value": v, "count": c} for v, c in top(outlets)],
        "kind": [{"value": v, "count": c} for v, c in top(kinds)],
        "about": [{"value": about_text[k], "count": c}
                  for k, c in sorted(about_n.items(),
                                     key=lambda kv: (-kv[1], about_text[kv[0]]))[:10]],
        "lang": [{"value": v, "count": c} for v, c in top(langs)],
    }


def every_page(store: Store, query, filters: dict, per_page: int = 7) -> list[str]:
    ids, offset = [], 0
    while True:
        page = store.search(query, limit=per_page, offset=offset, facets=False, **filters)
        ids += [h["id"] for h in page["hits"]]
        offset += per_page
        if offset >= page["total"]:
            return ids


CASES = [
    ("security", {}), ("the", {}), ("peace talks", {}), ("gas", {"kind": "direct"}),
    ("security", {"outlet": "reuters"}), ("the", {"about": "Ukraine"}),
    ("sanctions", {"date_from": "2021-03", "date_to": "2021-04-17"}),
    ("the", {"speaker": "Anna Adams", "kind": "indirect"}), ("nomatchword", {}),
    (None, {}), (None, {"kind": "direct"}), (None, {"outlet": "BBC"}),
    (None, {"speaker": "Boris Berg", "date_from": "2021-02"}), (None, {"about": "kremlin"}),
    ("the", {"lang": "fr"}), (None, {"lang": "en", "kind": "direct"}),
]


@pytest.mark.parametrize("query, filters", CASES)
@pytest.mark.parametrize("window, sample", [(10**6, 10**6), (25, 40), (1, 1)])
def test_search_matches_the_reference(big, monkeypatch, query, filters, window, sample):
    monkeypatch.setattr(search_mod, "RANK_WINDOW", window)
    monkeypatch.setattr(search_mod, "FACET_SAMPLE", sample)
    big._search_cache.clear()
    ids, facets = reference(big, query, filters, window if query is not None else 10**6)
    first = big.search(query, limit=10, **filters)
    assert first["total"] == len(ids)
    assert [h["id"] for h in first["hits"]] == ids[:10]
    assert every_page(big, query, filters) == ids  # each match once, in the same order
    unfiltered_browse = query is None and not filters
    assert first["facets_exact"] == (len(ids) <= sample or unfiltered_browse)
    if first["facets_exact"] and ids:
        assert first["facets"] == facets
    elif ids:  # counted over the top ``sample`` results only
        counted = sum(f["count"] for f in first["facets"]["kind"])
        assert counted == min(sample, len(ids))


def test_ranked_hits_carry_rank_and_marked_snippet(big):
    hits = big.search("security", limit=50)["hits"]
    assert hits and all(h["rank"] is not None for h in hits)
    assert [h["rank"] for h in hits] == sorted(h["rank"] for h in hits)
    assert all("\x02security\x03" in h["snippet"].lower() for h in hits)
    assert all(h["rank"] is None and h["snippet"] == h["content"]
               for h in big.search(None, limit=5)["hits"])


def test_global_facets_follow_new_statements(tmp_path):
    with Store(str(tmp_path / "g.db")) as store:
        store.add([_article(random.Random(2), "2021-01-01", "AP")])
        before = store.search(None)["facets"]["outlet"]
        store.add([_article(random.Random(3), "2021-01-02", "Reuters")])
        after = store.search(None)["facets"]["outlet"]
        with Store(store.path, readonly=True) as ro:
            assert ro.search(None)["facets"]["outlet"] == after
            store.add([_article(random.Random(4), "2021-01-03", "TASS")])
            assert {"value": "TASS", "count": 5} in ro.search(None)["facets"]["outlet"]
    assert before == [{"value": "AP", "count": 5}]
    assert after == [{"value": "AP", "count": 5}, {"value": "Reuters", "count": 5}]


def test_facets_can_be_skipped(big):
    result = big.search("the", facets=False)
    assert result["facets"] == {} and result["total"] > 0


@pytest.mark.parametrize("filters", [{"about": "Ukr"}, {"about": "!!"}, {"speaker": "Nobody"},
                                     {"outlet": "No Such Outlet"}])
def test_filters_matching_nothing(big, filters):
    assert big.search("the", **filters)["total"] == 0
    assert big.search(None, **filters)["hits"] == []


def test_text_query_is_driven_by_the_fts_index(big):
    """With a filter, the planner must not walk a filter index and run MATCH per row."""
    plans: list[str] = []
    conn = big.conn
    conn.set_trace_callback(plans.append)
    try:
        big.search("security", kind="direct", speaker="Anna Adams")
    finally:
        conn.set_trace_callback(None)
    matching = [sql for sql in plans if "MATCH" in sql]
    assert matching
    for sql in matching:
        plan = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
        assert plan[0].startswith("SCAN statements_fts"), (sql, plan)


# -- Store.cluster ----------------------------------------------------------------------------------

def _reported(outlet: str, words: str) -> ArticleResult:
    text = f'"{words}," said Vladimir Putin on Monday.'
    q0, m0 = 1, text.index("Vladimir Putin")
    spans = [(q0, q0 + len(words))]
    aid = article_id(text)
    st = Statement(statement_id(aid, spans), "direct", make_content(text, spans), None,
                   Speaker("Vladimir Putin", "PERSON", None, make_span(text, m0, m0 + 14)), 0.9)
    return ArticleResult(Article(aid, text, outlet=outlet, published="2022-02-07"), (st,))


def test_store_cluster_by_statement_or_cluster_id(tmp_path):
    words = "NATO expansion to the east threatens the security of Russia and all of Europe"
    with Store(str(tmp_path / "c.db")) as store:
        store.add([_reported("Sputnik", words), _reported("TASS", words + " today")], cluster=False)
        with pytest.raises(NotFoundInStore):
            store.cluster(1)  # never clustered
        assign_clusters(store.conn)
        hit = store.search("expansion")["hits"][0]
        by_statement = store.cluster(hit["id"])
        assert by_statement == store.cluster(hit["cluster_id"])
        assert by_statement["size"] == 2 and len(by_statement["variants"]) == 2
        with pytest.raises(NotFoundInStore):
            store.cluster(999)
