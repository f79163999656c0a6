"""Local parallelism: articles through ``process_batch`` in worker processes.

``run_local(articles, workers=N)`` cuts the article stream into batches (``task_size``:
a batch shared among the workers), hands them to N worker processes (``spawn``-started, so safe on every platform; each
loads the spaCy pipeline once) and yields the results in input order. At most
``2 * N`` batches are in flight, so memory stays flat however long the stream.
``workers=1`` (or an input of one batch) runs in this process with no pool at all.

A batch that raises is retried one article at a time, so one bad article comes out
as an ``ArticleResult`` whose ``error`` says why (reported and counted by the consumer,
``quoth.failures``) while the rest of its batch goes through. A worker that dies
outright (killed, out of memory) breaks the pool: the pool is started again and the
batches it held are retried the same way.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, Sequence

from quoth.engines import DEFAULT_ENGINE
from quoth.errors import InputError, RecordError
from quoth.records import Article, ArticleResult

__all__ = ["run_local", "task_size", "nn_threads", "batched", "safe_batch", "BatchFn", "Outcome"]

log = logging.getLogger("quoth.run")

BatchFn = Callable[..., list]  # (articles, *, engine) -> list[ArticleResult]
OnError = Callable[[InputError], None]
# What one batch gives back across a process border: results, then (where, reason) failures.
Outcome = tuple[list, list]


def _log_error(error: InputError) -> None:
    log.warning("%s", error)


def default_batch_fn() -> BatchFn:
    from quoth.extraction import process_batch

    return process_batch


def batched(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    if size < 1:
        raise ValueError("batch size must be >= 1")
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def safe_batch(fn: BatchFn, batch: Sequence[Article], engine: str) -> Outcome:
    """``fn(batch)``; on failure, each article alone, collecting the ones that fail.

    Plain values only in and out, so it runs the same in a worker process or a
    Dask task. An article that fails comes back, in its place, as a result whose
    ``error`` says why.
    """
    try:
        return list(fn(batch, engine=engine)), []
    except Exception:  # noqa: BLE001 - isolate the article(s) that broke the batch
        if len(batch) == 1:
            raise
    results = []
    for article in batch:
        try:
            results.extend(fn([article], engine=engine))
        except Exception as exc:  # noqa: BLE001 - a bad article is reported, never fatal
            results.append(failed(article, f"{type(exc).__name__}: {exc}"))
    return results, []


def failed(article: Article, reason: str) -> ArticleResult:
    """The result of an article the extraction failed on."""
    return ArticleResult(article, (), f"The statements could not be extracted ({reason})")


def _safe_one_by_one(fn: BatchFn, batch: Sequence[Article], engine: str) -> Outcome:
    try:
        return safe_batch(fn, batch, engine)
    except Exception as exc:  # noqa: BLE001 - a batch of one that failed
        return [failed(batch[0], f"{type(exc).__name__}: {exc}")], []


def report(outcome: Outcome, on_error: OnError) -> Iterator[ArticleResult]:
    """Yield an outcome's results, sending its failures to ``on_error``."""
    results, unread = outcome
    for where, reason in unread:
        on_error(RecordError(where, reason))
    yield from results


def run_local(
    articles: Iterable[Article],
    *,
    workers: int | None = None,
    engine: str = DEFAULT_ENGINE,
    batch_size: int = 32,
    on_error: OnError = _log_error,
    batch_fn: BatchFn | None = None,
) -> Iterator[ArticleResult]:
    """Extract statements from ``articles`` with ``workers`` processes, in input order."""
    fn = batch_fn or default_batch_fn()
    workers = workers or os.cpu_count() or 1
    if batch_size < 1:
        raise ValueError("batch size must be >= 1")
    it = iter(articles)
    head = list(itertools.islice(it, batch_size + 1))
    articles = itertools.chain(head, it)
    if workers <= 1 or len(head) <= batch_size:  # one batch in all: a pool would only cost its start
        for batch in batched(articles, batch_size):
            yield from report(_safe_one_by_one(fn, batch, engine), on_error)
        return
    yield from _run_pool(fn, batched(articles, task_size(batch_size, workers)), engine, workers, on_error)


MIN_TASK = 8  # articles: below this a task's parse batch and its trip to a worker cost more


def task_size(batch_size: int, workers: int) -> int:
    """Articles per task sent to the pool: a batch shared among the workers (at least
    ``MIN_TASK``, at most ``batch_size``), so that at the end of a run the workers finish
    together instead of one working through a last whole batch alone (150 articles in
    batches of 32 are 5 tasks: 3 for one worker, 2 for the other)."""
    return min(batch_size, max(MIN_TASK, -(-batch_size // max(1, workers))))


def _warm(fn: BatchFn, engine: str) -> None:
    """Pool initializer: load the pipeline once, before the first batch arrives."""
    try:
        fn([], engine=engine)
    except Exception:  # noqa: BLE001 - the first real batch will report it
        log.debug("warm-up failed", exc_info=True)


class _Pool:
    """A spawn-started process pool that can be started again after a worker dies."""

    def __init__(self, fn: BatchFn, engine: str, workers: int) -> None:
        self.fn, self.engine, self.workers = fn, engine, workers
        self.executor = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm,
            initargs=(self.fn, self.engine),
        )

    def submit(self, batch: list) -> Future:
        """The batch's future; if a worker has already died, a future holding that
        failure, so the batch is retried with the others once the pool restarts."""
        try:
            return self.executor.submit(_safe_one_by_one, self.fn, batch, self.engine)
        except BrokenProcessPool as exc:
            broken: Future = Future()
            broken.set_exception(exc)
            return broken

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self._start()

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


# One BLAS thread per worker process: N workers on N cores, not N x (BLAS threads) spinning
# (measured: ~8% less CPU for the same work with 2 workers). Dask's nanny sets the same.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
NN_THREADS_VAR = "QUOTH_NN_THREADS"  # onnxruntime threads of the MiniLM tagger (quoth.tagger.nn)


def nn_threads(workers: int, cores: int | None = None) -> int:
    """The MiniLM's onnxruntime threads per worker process: the cores left to each worker
    (``cores // workers``, at least 1), so that workers x threads fills the machine and no
    more. ``--workers`` equal to the cores (the default) gives one thread each, which is
    the fastest use of them: about half a worker's time goes to spaCy's parse, on one core."""
    return max(1, (cores or os.cpu_count() or 1) // max(1, workers))


@contextlib.contextmanager
def _thread_settings(workers: int):
    """Set the thread variables that spawned children inherit (one BLAS thread, the
    MiniLM's ``nn_threads``), unless the user set them; restore them afterwards."""
    saved = {k: os.environ.get(k) for k in (*THREAD_VARS, NN_THREADS_VAR)}
    for k in THREAD_VARS:
        os.environ.setdefault(k, "1")
    os.environ.setdefault(NN_THREADS_VAR, str(nn_threads(workers)))
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _run_pool(fn, batches, engine, workers, on_error) -> Iterator[ArticleResult]:
    with _thread_settings(workers):
        yield from _run_pool_inner(fn, batches, engine, workers, on_error)


def _run_pool_inner(fn, batches, engine, workers, on_error) -> Iterator[ArticleResult]:
    pool = _Pool(fn, engine, workers)
    pending: deque[tuple[list, Future]] = deque()
    try:
        for batch in itertools.chain(batches, [None]):
            if batch is not None:
                pending.append((batch, pool.submit(batch)))
            while pending and (batch is None or len(pending) >= 2 * workers):
                yield from report(_collect(pool, pending), on_error)
    finally:
        pool.close()


def _collect(pool: _Pool, pending: deque) -> Outcome:
    """The oldest batch's outcome; after a worker death, retry what the pool held."""
    batch, future = pending[0]
    try:
        outcome = future.result()
    except BrokenProcessPool:
        log.warning("A worker process died; the pool of workers is restarted.")
        outcome = _after_crash(pool, pending)
    pending.popleft()
    return outcome


def _after_crash(pool: _Pool, pending: deque) -> Outcome:
    """Restart the pool, run the broken batch one article at a time, resubmit the rest."""
    pool.restart()
    batch = pending[0][0]
    results, unread = [], []
    for article in batch:
        try:
            part, bad = pool.executor.submit(_safe_one_by_one, pool.fn, [article], pool.engine).result()
        except BrokenProcessPool:
            pool.restart()
            part, bad = [failed(article, "the worker process died")], []
        results.extend(part)
        unread.extend(bad)
    for i in range(1, len(pending)):
        pending[i] = (pending[i][0], pool.submit(pending[i][0]))
    return results, unread
