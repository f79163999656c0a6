"""Clusters in the database: incremental assignment, recluster, the view and the CLI."""

from __future__ import annotations

import json

import pytest

from quoth.records import Article, ArticleResult, Speaker, Statement, article_id, make_content

QUOTE = ("Russia's key concerns regarding the non-expansion of NATO were ignored, and the "
         "responses we received do not address them")
VERSIONS = [  # (outlet, published, speaker, content)
    ("tass", "2022-02-08", "Vladimir Putin", QUOTE),
    ("sputnik", "2022-02-07", "Vladimir Putin", QUOTE.replace("regarding", "about")),
    ("afp", "2022-02-09", "Vladimir Putin", "the non-expansion of NATO were ignored, and the "
                                            "responses we received"),
    ("afp", "2022-02-09", "Emmanuel Macron", QUOTE),  # same words, other speaker
    ("bbc", "2022-02-08", "Vladimir Putin", "The talks with Macron were useful and businesslike"),
]


def _result(outlet: str, published: str, speaker: str, content: str) -> ArticleResult:
    text = f"{outlet} report. {speaker} said: \"{content}\". End."
    start = text.index(content)
    art = Article(article_id(text), text, outlet=outlet, published=published, title=outlet)
    st = Statement(f"{outlet}-{start}-{speaker[:3]}", "direct",
                   make_content(text, [(start, start + len(content))]), None,
                   Speaker(speaker, "PERSON"), 0.9)
    return ArticleResult(art, (st,))


@pytest.fixture()
def store(tmp_path):
    from quoth.store import Store

    with Store(str(tmp_path / "q.db")) as s:
        yield s


def _groups(store) -> set[frozenset[str]]:
    rows = store.conn.execute("SELECT id, cluster_id FROM statements").fetchall()
    out: dict[int, set[str]] = {}
    for r in rows:
        out.setdefault(r["cluster_id"], set()).add(r["id"].split("-")[0] + ":" + r["id"][-3:])
    return {frozenset(v) for v in out.values()}


EXPECTED = {frozenset({"tass:Vla", "sputnik:Vla", "afp:Vla"}), frozenset({"afp:Emm"}),
            frozenset({"bbc:Vla"})}


def test_incremental_assignment_equals_recluster(store):
    from quoth.store.clusters import assign_clusters, recluster

    store.add([_result(*v) for v in VERSIONS[:1]], cluster=False)
    assert assign_clusters(store.conn) == {"statements": 1, "clusters": 1}
    store.add([_result(*v) for v in VERSIONS[1:]], cluster=False)
    assert assign_clusters(store.conn)["statements"] == 4
    assert _groups(store) == EXPECTED
    assert assign_clusters(store.conn) == {"statements": 0, "clusters": 0}  # idempotent
    recluster(store.conn)
    assert _groups(store) == EXPECTED


def test_cluster_view_names_first_seen_and_diffs(store):
    from quoth.store.clusters import assign_clusters, cluster_view

    store.add([_result(*v) for v in VERSIONS])
    assign_clusters(store.conn)
    sid = store.conn.execute("SELECT id FROM statements WHERE id LIKE 'tass%'").fetchone()[0]
    view = cluster_view(store.conn, sid)
    assert (view["size"], view["outlets"], view["first_outlet"]) == (3, 3, "sputnik")
    assert [v["outlet"] for v in view["variants"]] == ["sputnik", "tass", "afp"]
    tass = view["variants"][1]
    assert ["changed", "about"] in tass["diff"] and ["added", "regarding"] in tass["diff"]
    assert store.search(None, limit=10)["hits"][0]["cluster_id"] is not None


def test_cli_cluster_prints_versions_and_diff(store, capsys):
    from quoth.cli import main
    from quoth.store.clusters import assign_clusters

    store.add([_result(*v) for v in VERSIONS])
    assign_clusters(store.conn)
    sid = store.conn.execute("SELECT id FROM statements WHERE id LIKE 'afp%Vla'").fetchone()[0]
    assert main(["cluster", sid, "--db", store.path]) == 0
    out = capsys.readouterr().out
    assert "3 versions in 3 outlets" in out and "first seen: 2022-02-07 sputnik" in out
    assert "[-Russia's key concerns about-]" in out
    assert main(["cluster", "--top", "5", "--json", "--db", store.path]) == 0
    top = json.loads(capsys.readouterr().out)
    assert [t["size"] for t in top] == [3]


def test_cli_cluster_unknown_id_is_one_line_error(store, capsys):
    from quoth.cli import main
    from quoth.store.clusters import assign_clusters

    assign_clusters(store.conn)
    assert main(["cluster", "nope", "--db", store.path]) == 1
    assert "no cluster" in capsys.readouterr().err


def test_search_group_by_cluster_collapses_versions(store, capsys):
    from quoth.cli import main
    from quoth.store.clusters import assign_clusters, group_by_cluster

    store.add([_result(*v) for v in VERSIONS])
    assign_clusters(store.conn)
    hits = store.search("NATO", limit=10)["hits"]
    grouped = group_by_cluster(store.conn, hits)
    assert len(hits) == 4 and len(grouped) == 2  # Putin's 3 versions + Macron's one
    assert sorted(h["cluster"]["size"] for h in grouped) == [1, 3]
    assert main(["search", "NATO", "--group-by", "cluster", "--db", store.path]) == 0
    out = capsys.readouterr().out
    assert "= 3 versions in 3 outlets, first 2022-02-07 sputnik" in out


def test_cli_assign_then_recluster(store, capsys):
    from quoth.cli import main

    store.add([_result(*v) for v in VERSIONS], cluster=False)
    assert main(["cluster", "--assign", "--db", store.path]) == 0
    assert capsys.readouterr().out.strip() == "clustered 5 statements (3 new clusters)"
    assert main(["cluster", "--recluster", "--json", "--db", store.path]) == 0
    assert json.loads(capsys.readouterr().out) == {"statements": 5, "clusters": 3}
    assert _groups(store) == EXPECTED


def test_store_time_window_uses_said_on(tmp_path):
    """A paraphrase published months later joins when ``said_on`` puts the utterance
    inside the window ("in his December appearance"), incrementally and on recluster."""
    import dataclasses

    from quoth.store import Store
    from quoth.store.clusters import assign_clusters, recluster

    remark = "that the people in the room would not support him because he did not want their money"
    later = ("that he might not win the support of many in the room because he did not want "
             "their money")
    first = _result("politico", "2015-12-03", "Donald Trump", remark)
    late = _result("washpost", "2016-03-18", "Donald Trump", later)
    dated = ArticleResult(late.article, (dataclasses.replace(
        late.statements[0], said_on="2015-12-01/2015-12-31"),))
    for second, n in ((late, 2), (dated, 1)):  # 106 days apart by publication
        with Store(str(tmp_path / f"q{n}.db")) as store:
            store.add([first])
            assign_clusters(store.conn)
            store.add([second])
            assign_clusters(store.conn)
            assert len(_groups(store)) == n
            recluster(store.conn)
            assert len(_groups(store)) == n


def test_store_embeddings_route_joins_a_later_report(tmp_path):
    """With ``embed`` and ``WITH_EMBEDDINGS`` a close paraphrase months later joins (in a
    batch and against stored statements); without, the time window keeps them apart."""
    import numpy as np

    from quoth.cluster.minhash import WITH_EMBEDDINGS
    from quoth.store import Store
    from quoth.store.clusters import assign_clusters, recluster

    seen = []

    def fake_embed(texts):  # the same vector for every text: cosine 1.0
        seen.extend(texts)
        return np.ones((len(texts), 4)) / 2.0

    later = "Russia's key concerns about NATO expansion were ignored in the responses"
    with Store(str(tmp_path / "q.db")) as store:
        store.add([_result("tass", "2022-02-08", "Vladimir Putin", QUOTE)], cluster=False)
        assign_clusters(store.conn, embed=fake_embed)
        store.add([_result("bbc", "2022-06-08", "Vladimir Putin", later)], cluster=False)
        assign_clusters(store.conn, embed=fake_embed)  # DEFAULT thresholds: never asked
        assert len(_groups(store)) == 2 and seen == []
        recluster(store.conn, thresholds=WITH_EMBEDDINGS, embed=fake_embed)
        assert len(_groups(store)) == 1 and seen
    with Store(str(tmp_path / "q2.db")) as store:  # incrementally: against a stored statement
        store.add([_result("tass", "2022-02-08", "Vladimir Putin", QUOTE)], cluster=False)
        assign_clusters(store.conn, thresholds=WITH_EMBEDDINGS, embed=fake_embed)
        store.add([_result("bbc", "2022-06-08", "Vladimir Putin", later)], cluster=False)
        assign_clusters(store.conn, thresholds=WITH_EMBEDDINGS, embed=fake_embed)
        assert len(_groups(store)) == 1


def _copies() -> list[ArticleResult]:
    return [_result("tass", "2022-02-08", "Vladimir Putin", QUOTE),
            _result("sputnik", "2022-02-07", "Vladimir Putin", QUOTE)]


def _cluster_ids(store) -> list:
    return [r[0] for r in store.conn.execute("SELECT cluster_id FROM statements ORDER BY id")]


def test_store_add_clusters_new_statements(store):
    """``Store.add`` clusters what it wrote (incrementally: a later add joins the cluster)."""
    store.add(_copies())
    ids = _cluster_ids(store)
    assert len(ids) == 2 and ids[0] is not None and ids[0] == ids[1]
    assert store.cluster(ids[0])["size"] == 2
    store.add([_result("afp", "2022-02-09", "Vladimir Putin", QUOTE)])
    assert set(_cluster_ids(store)) == {ids[0]} and store.cluster(ids[0])["size"] == 3


def test_store_add_cluster_false_leaves_ids_for_cli_assign(store, capsys):
    from quoth.cli import main

    store.add(_copies(), cluster=False)
    assert _cluster_ids(store) == [None, None]
    assert main(["cluster", "--assign", "--db", store.path]) == 0
    assert capsys.readouterr().out.strip() == "clustered 2 statements (1 new clusters)"
    ids = _cluster_ids(store)
    assert ids[0] is not None and ids[0] == ids[1]
