"""Runners: the same batch function (``quoth.extraction.process_batch``) run locally or on Dask.

    run_local(articles, *, workers, engine)            worker processes on this machine
    run_dask(articles, *, address="local"|"tcp://..")  a Dask LocalCluster or an existing scheduler
    write_parquet(results, out_dir)                    partitioned Parquet (hive, by published month)
    read_parquet(path)                                 such Parquet back as ArticleResult records

Every runner yields ``ArticleResult`` records in input order, and the statements
are identical whichever runner made them.
"""

from __future__ import annotations

from typing import Any

from quoth.engines import DEFAULT_ENGINE

__all__ = ["run_local", "run_dask", "write_parquet", "read_parquet", "runner"]

_LAZY = {
    "run_local": "quoth.run.local",
    "run_dask": "quoth.run.dask",
    "write_parquet": "quoth.run.parquet",
    "read_parquet": "quoth.run.parquet",
}


def __getattr__(name: str) -> Any:
    # Imported on first use, so `quoth --help` does not pay for dask or pyarrow.
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)


def runner(*, workers: int | None = None, dask: str | None = None, engine: str = DEFAULT_ENGINE,
           batch_size: int = 32, on_error=None):
    """A ``runner(articles) -> Iterator[ArticleResult]`` for the store's ``ingest(runner=...)``."""
    from quoth.run.local import _log_error

    kw: dict[str, Any] = {"engine": engine, "batch_size": batch_size,
                          "on_error": on_error or _log_error}
    if dask:
        from quoth.run.dask import run_dask

        return lambda articles: run_dask(articles, address=dask, workers=workers, **kw)
    from quoth.run.local import run_local

    return lambda articles: run_local(articles, workers=workers, **kw)
