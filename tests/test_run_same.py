"""The same 200 articles through the local runner and a Dask LocalCluster: identical statements.

Uses PolNeAR train texts when ../shared/data is present; otherwise 200 articles
made from the bundled example (its paragraphs, rotated, so the articles differ).
"""

from __future__ import annotations

import pathlib

import pytest

from quoth.records import Article, article_id

pytestmark = [pytest.mark.slow, pytest.mark.model]

N = 200


def _example_articles(example: pathlib.Path, n: int) -> list[Article]:
    paras = [p for p in example.read_text(encoding="utf-8").split("\n") if p.strip()]
    out = []
    for i in range(n):
        k = i % len(paras)
        text = "\n".join(paras[k:] + paras[:k][: i % 4])
        out.append(Article(id=article_id(f"{i}:{text}"), text=text, path=f"example#{i}"))
    return out


@pytest.fixture(scope="module")
def corpus(example_article) -> tuple[str, list[Article]]:
    from quoth.readers import read

    from conftest import SHARED

    texts = sorted((SHARED / "polnear" / "train" / "text").glob("*.txt"))[:N]
    if len(texts) == N:
        return "polnear", list(read(str(p) for p in texts))
    return "example", _example_articles(example_article, N)


def test_local_and_dask_give_identical_statements(corpus):
    from quoth.run.dask import run_dask
    from quoth.run.local import run_local

    source, articles = corpus
    local = list(run_local(articles, workers=1, engine="hybrid"))
    dask = list(run_dask(articles, address="local", workers=2, engine="hybrid"))
    assert [r.article.id for r in dask] == [a.id for a in articles]
    assert sum(len(r.statements) for r in local) > N, f"too few statements in {source} texts"
    assert [r.statements for r in dask] == [r.statements for r in local]


def test_two_local_workers_match_one(corpus):
    from quoth.run.local import run_local

    _, articles = corpus
    some = articles[:40]
    one = list(run_local(some, workers=1, batch_size=8))
    two = list(run_local(some, workers=2, batch_size=8))
    assert [r.statements for r in two] == [r.statements for r in one]
