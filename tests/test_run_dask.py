"""The Dask runner on a LocalCluster: input order and bad articles (stand-in batch function)."""

from __future__ import annotations

import pytest

from quoth.errors import UsageError
from quoth.run.dask import dask_client, run_dask
from quoth.run.local import run_local
from test_run_local import articles, fake_batch

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client():
    with dask_client("local", workers=2) as c:
        yield c


def test_dask_matches_local_in_order(client):
    arts = articles(40)
    local = list(run_local(arts, workers=1, batch_size=3, batch_fn=fake_batch))
    dask = list(run_dask(arts, client=client, batch_size=3, batch_fn=fake_batch))
    assert dask == local
    assert [r.article.id for r in dask] == [a.id for a in arts]


def test_dask_reports_bad_article(client):
    errors = []
    arts = articles(10, bad={4})
    got = list(run_dask(arts, client=client, batch_size=3, batch_fn=fake_batch,
                        on_error=errors.append))
    assert [r.article.id for r in got] == [a.id for a in arts]  # in its place, with why
    assert [r.article.id for r in got if r.error] == ["a4"]
    assert errors == []  # reported once, by the consumer of the results


def test_bad_address_is_a_usage_error():
    with pytest.raises(UsageError):
        list(run_dask(articles(1), address="nowhere", batch_fn=fake_batch))
