"""Scale-out on Dask: the same batch function as the local runner, as Dask tasks.

``run_dask(articles, address="local")`` starts a ``LocalCluster`` of worker
processes (one thread each); ``address="tcp://HOST:PORT"`` uses an existing
scheduler whose workers have quoth and its spaCy pipeline installed. Batches go
out as tasks calling ``safe_batch(process_batch, ...)``; at most ``2 x workers``
are in flight and results come back in input order, so the statements are the
same as ``run_local``'s.

A batch whose task raises is retried article by article inside the task (as in
the local runner); a batch whose worker keeps dying (Dask gives up with
``KilledWorker``) is retried one article per task, and an article that still kills
a worker comes out as a result whose ``error`` says so (``quoth.failures``).
"""

from __future__ import annotations

import contextlib
import itertools
import logging
from collections import deque
from typing import Iterable, Iterator

from quoth.engines import DEFAULT_ENGINE
from quoth.errors import UsageError, require_extra
from quoth.records import Article, ArticleResult
from quoth.run.local import (
    BatchFn, OnError, Outcome, _log_error, _safe_one_by_one, _warm, batched,
    default_batch_fn, failed, report,
)

__all__ = ["run_dask", "dask_client"]

log = logging.getLogger("quoth.run")


@contextlib.contextmanager
def dask_client(address: str = "local", *, workers: int | None = None):
    """A ``distributed.Client`` on a new LocalCluster (``"local"``) or a scheduler address."""
    require_extra("dask", "dask", "distributed")
    from distributed import Client, LocalCluster

    if address == "local":
        with _quiet_dask():
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True,
                dashboard_address=None, silence_logs=logging.ERROR,
            )
            with cluster, Client(cluster) as client:
                yield client
    elif address.startswith(("tcp://", "tls://", "ucx://", "inproc://")):
        with Client(address) as client:
            yield client
    else:
        raise UsageError(f"--dask takes 'local' or a scheduler address like "
                         f"tcp://HOST:8786, not {address!r}.")


@contextlib.contextmanager
def _quiet_dask():
    """Keep the in-process scheduler's INFO chatter out of quoth's output (unless -v)."""
    logger = logging.getLogger("distributed")
    level = logger.level
    if not log.isEnabledFor(logging.INFO):
        logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def run_dask(
    articles: Iterable[Article],
    *,
    address: str = "local",
    engine: str = DEFAULT_ENGINE,
    batch_size: int = 32,
    workers: int | None = None,
    on_error: OnError = _log_error,
    batch_fn: BatchFn | None = None,
    client=None,
) -> Iterator[ArticleResult]:
    """Extract statements from ``articles`` on a Dask cluster, in input order.

    Pass ``client`` to reuse a connected ``distributed.Client`` (tests, notebooks);
    otherwise one is made from ``address`` and closed at the end.
    """
    fn = batch_fn or default_batch_fn()
    if client is not None:
        yield from _run(client, fn, articles, engine, batch_size, on_error)
        return
    with dask_client(address, workers=workers) as own:
        yield from _run(own, fn, articles, engine, batch_size, on_error)


def _run(client, fn, articles, engine, batch_size, on_error) -> Iterator[ArticleResult]:
    client.run(_warm, fn, engine)  # each worker loads the pipeline once, up front
    limit = 2 * max(1, len(client.scheduler_info().get("workers", {})))
    pending: deque = deque()
    try:
        for batch in itertools.chain(batched(articles, batch_size), [None]):
            if batch is not None:
                pending.append((batch, _submit(client, fn, batch, engine)))
            while pending and (batch is None or len(pending) >= limit):
                batch_done, future = pending.popleft()
                yield from report(_result(client, fn, batch_done, future, engine), on_error)
    finally:
        for _, future in pending:
            future.cancel()


def _submit(client, fn, batch, engine):
    return client.submit(_safe_one_by_one, fn, batch, engine, pure=False)


def _result(client, fn, batch, future, engine) -> Outcome:
    from distributed import KilledWorker

    try:
        return future.result()
    except KilledWorker:
        log.warning("A Dask worker died on a batch; its articles are tried again one by one.")
    results, failed = [], []
    for article in batch:
        try:
            part, bad = _submit(client, fn, [article], engine).result()
        except KilledWorker:
            part, bad = [failed(article, "the Dask worker died")], []
        results.extend(part)
        failed.extend(bad)
    return results, failed
