"""Runners: input order, bounded batches, and bad articles that do not kill a run.

These use a cheap stand-in batch function (no spaCy), so they test the runner
machinery itself; tests/test_run_same.py checks real extraction across runners.
"""

from __future__ import annotations

import os

import pytest

from quoth.records import Article, ArticleResult, make_content, statement_id, Speaker, Statement
from quoth.run.local import batched, run_local


def fake_batch(articles, *, engine="hybrid"):
    """One statement per article covering its first word; "BOOM" raises, "CRASH" kills the process."""
    out = []
    for a in articles:
        if "BOOM" in a.text:
            raise ValueError("bad article")
        if "CRASH" in a.text:
            os._exit(3)  # a worker dying outright (only ever sent to worker processes)
        end = a.text.find(" ") if " " in a.text else len(a.text)
        content = make_content(a.text, [(0, end)])
        st = Statement(statement_id(a.id, content.spans), "direct", content, None,
                       Speaker(name=f"pid-free {engine}"), 1.0)
        out.append(ArticleResult(a, (st,)))
    return out


def articles(n, bad=()):
    texts = [("BOOM " if i in bad else "") + f"w{i} says hello" for i in range(n)]
    return [Article(id=f"a{i}", text=t, path=f"gen/{i}.txt") for i, t in enumerate(texts)]


@pytest.mark.parametrize(("n", "size", "expected"), [
    (0, 3, []), (2, 3, [2]), (3, 3, [3]), (7, 3, [3, 3, 1]),
])
def test_batched_sizes(n, size, expected):
    assert [len(b) for b in batched(range(n), size)] == expected


def test_batched_rejects_zero():
    with pytest.raises(ValueError):
        list(batched([1], 0))


@pytest.mark.parametrize("workers", [1, 2])
def test_runner_keeps_input_order(workers):
    arts = articles(50)
    got = list(run_local(arts, workers=workers, batch_size=4, batch_fn=fake_batch))
    assert [r.article.id for r in got] == [a.id for a in arts]
    assert [r.statements[0].content.text for r in got] == [f"w{i}" for i in range(50)]


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_article_is_reported_and_skipped(workers):
    errors = []
    arts = articles(20, bad={5, 13})
    got = list(run_local(arts, workers=workers, batch_size=4, batch_fn=fake_batch,
                         on_error=errors.append))
    assert [r.article.id for r in got] == [a.id for a in arts]  # in their places
    assert [r.article.id for r in got if r.error] == ["a5", "a13"]
    assert all("bad article" in r.error for r in got if r.error)
    assert errors == []  # failures travel as results, reported once by their consumer


def test_engine_reaches_the_batch_function():
    got = list(run_local(articles(3), workers=1, engine="rules", batch_fn=fake_batch))
    assert {r.statements[0].speaker.name for r in got} == {"pid-free rules"}


@pytest.mark.slow
def test_worker_death_is_survived():
    errors = []
    arts = articles(12)
    arts[6] = Article(id="a6", text="CRASH now", path="gen/6.txt")
    got = list(run_local(arts, workers=2, batch_size=2, batch_fn=fake_batch,
                         on_error=errors.append))
    assert [r.article.id for r in got] == [a.id for a in arts]
    assert [r.article.id for r in got if r.error] == ["a6"]
    assert "died" in got[6].error
    assert errors == []  # the failed article travels as a result, reported once by its consumer


def test_stopping_early_closes_the_pool():
    it = run_local(articles(100), workers=2, batch_size=2, batch_fn=fake_batch)
    first = next(it)
    it.close()  # must not hang waiting for the remaining batches
    assert first.article.id == "a0"


def thread_vars(articles, *, engine="hybrid"):
    """Stand-in batch function reporting the BLAS thread variables its process sees."""
    out = fake_batch(articles, engine=engine)
    seen = os.environ.get("OPENBLAS_NUM_THREADS")
    return [ArticleResult(r.article, tuple(s.__class__(**{**s.__dict__, "occasion": seen})
                                           for s in r.statements)) for r in out]


@pytest.mark.parametrize(("workers", "cores", "threads"), [
    (2, 2, 1), (1, 2, 2), (4, 16, 4), (3, 16, 5), (16, 16, 1), (8, 2, 1),
])
def test_minilm_threads_fill_the_cores_left_to_each_worker(workers, cores, threads):
    from quoth.run.local import nn_threads

    assert nn_threads(workers, cores) == threads


@pytest.mark.parametrize(("batch_size", "workers", "size"), [
    (32, 2, 16), (32, 1, 32), (32, 16, 8), (4, 2, 4), (33, 2, 17), (64, 3, 22),
])
def test_pool_tasks_share_a_batch_among_the_workers(batch_size, workers, size):
    from quoth.run.local import task_size

    assert task_size(batch_size, workers) == size


def test_pool_results_keep_input_order_with_shared_batches():
    got = list(run_local(articles(45), workers=2, batch_size=32, batch_fn=fake_batch))
    assert [r.article.id for r in got] == [f"a{i}" for i in range(45)]


def nn_thread_var(articles, engine="hybrid"):
    """Stand-in batch function reporting the MiniLM thread variable its process sees."""
    out = fake_batch(articles, engine=engine)
    seen = os.environ.get("QUOTH_NN_THREADS")
    return [ArticleResult(r.article, tuple(s.__class__(**{**s.__dict__, "occasion": seen})
                                           for s in r.statements)) for r in out]


@pytest.mark.parametrize("given", [None, "3"])
def test_workers_get_the_minilm_threads_unless_set(monkeypatch, given):
    from quoth.run.local import nn_threads

    if given is None:
        monkeypatch.delenv("QUOTH_NN_THREADS", raising=False)
    else:
        monkeypatch.setenv("QUOTH_NN_THREADS", given)
    got = list(run_local(articles(8), workers=2, batch_size=2, batch_fn=nn_thread_var))
    assert {r.statements[0].occasion for r in got} == {given or str(nn_threads(2))}
    assert os.environ.get("QUOTH_NN_THREADS") == given


def test_workers_run_single_threaded_blas_and_env_is_restored(monkeypatch):
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    got = list(run_local(articles(8), workers=2, batch_size=2, batch_fn=thread_vars))
    assert {r.statements[0].occasion for r in got} == {"1"}
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_a_batch_sent_to_a_pool_already_broken_is_retried_not_raised():
    from concurrent.futures.process import BrokenProcessPool

    from quoth.run.local import _Pool

    class BrokenExecutor:
        def submit(self, *args, **kwargs):
            raise BrokenProcessPool("a worker died")

    pool = _Pool.__new__(_Pool)
    pool.fn, pool.engine, pool.executor = fake_batch, "hybrid", BrokenExecutor()
    future = pool.submit(articles(2))
    with pytest.raises(BrokenProcessPool):  # surfaces where _collect restarts the pool
        future.result()
