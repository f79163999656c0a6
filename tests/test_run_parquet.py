"""Partitioned Parquet: written by month, read by pyarrow/pandas/DuckDB, and read back losslessly."""

from __future__ import annotations

import os

import pytest

from quoth.errors import NotFoundError
from quoth.records import (
    Article, ArticleResult, Entity, Speaker, Statement, make_content, make_span, statement_id,
)
from quoth.run.parquet import month_of, read_parquet, write_parquet


def result(i: int, published: str | None, n_statements: int = 2) -> ArticleResult:
    text = f'"We will win {i}," said Senator Smith of Ohio. Jones told reporters it was over.'
    art = Article(id=f"art{i}", text=text, path=f"in/{i}.txt", title=f"T{i}",
                  published=published, outlet="wire", url=None, source=f"line {i}",
                  extra=(("author", "A. Writer"),))
    direct = make_content(text, [(1, text.index(",") )])
    cue = make_span(text, text.index("said"), text.index("said") + 4)
    mention = make_span(text, text.index("Senator"), text.index(" of"))
    ohio = Entity("Ohio", "GPE", text.index("Ohio"), text.index("Ohio") + 4)
    s1 = Statement(statement_id(art.id, direct.spans), "direct", direct, cue,
                   Speaker("Smith", "PERSON", "Senator", mention), 0.91234, (ohio,),
                   said_on=published, occasion="a rally")
    two = make_content(text, [(text.index("it was"), len(text) - 1), (0, 3)])
    s2 = Statement(statement_id(art.id, two.spans), "indirect", two, None, Speaker(), 0.5)
    return ArticleResult(art, (s1, s2)[:n_statements])


@pytest.fixture()
def results():
    dates = ["2016-09-12", "2016-09-30", "2016-10-01", "2016-09-01", "2015-11-11", None]
    return [result(i, d, n_statements=i % 3) for i, d in enumerate(dates * 3)]


@pytest.mark.parametrize(("published", "month"), [
    ("2016-09-12", "2016-09"), ("2016-09", "2016-09"), (None, "unknown"),
    ("", "unknown"), ("12 Sept 2016", "unknown"),
])
def test_month_of(published, month):
    assert month_of(published) == month


def test_round_trip_is_lossless(tmp_path, results):
    stats = write_parquet(iter(results), str(tmp_path / "out.parquet"), rows_per_file=7)
    assert (stats.articles, stats.statements) == (18, sum(len(r.statements) for r in results))
    back = list(read_parquet(str(tmp_path / "out.parquet")))
    key = lambda r: r.article.id  # noqa: E731 - files group by month, so order changes
    assert sorted(back, key=key) == sorted(results, key=key)
    assert [r.article.extra for r in sorted(back, key=key)] == [
        r.article.extra for r in sorted(results, key=key)]


def test_published_is_a_date_column(tmp_path, results):
    import pyarrow.dataset as ds
    import pyarrow as pa

    write_parquet(results, str(tmp_path))
    for name in ("statements", "articles"):
        table = ds.dataset(tmp_path / name, partitioning="hive").to_table()
        assert table.schema.field("published").type == pa.date32()


def test_partitions_by_month(tmp_path, results):
    write_parquet(results, str(tmp_path))
    months = sorted(os.listdir(tmp_path / "statements"))
    assert months == ["month=2015-11", "month=2016-09", "month=2016-10", "month=unknown"]
    assert sorted(os.listdir(tmp_path / "articles")) == months


def test_pandas_and_pyarrow_read_it(tmp_path, results):
    import pandas as pd
    import pyarrow.dataset as ds

    write_parquet(results, str(tmp_path), rows_per_file=5)
    df = pd.read_parquet(tmp_path / "statements")
    assert len(df) == sum(len(r.statements) for r in results)
    assert set(df["month"].astype(str)) == {"2015-11", "2016-09", "2016-10", "unknown"}
    table = ds.dataset(tmp_path / "articles", partitioning="hive").to_table()
    assert sorted(table.column("article_id").to_pylist()) == sorted(r.article.id for r in results)


def test_duckdb_reads_it(tmp_path, results):
    duckdb = pytest.importorskip("duckdb", reason="duckdb is a test extra (pip install -e .[test])")
    write_parquet(results, str(tmp_path))
    rows = duckdb.sql(
        f"SELECT month, count(*) FROM read_parquet('{tmp_path}/statements/**/*.parquet', "
        "hive_partitioning = true) WHERE speaker_name = 'Smith' GROUP BY month ORDER BY month"
    ).fetchall()
    expected = {}
    for r in results:
        if any(s.speaker.name == "Smith" for s in r.statements):
            m = month_of(r.article.published)
            expected[m] = expected.get(m, 0) + 1
    assert rows == sorted(expected.items())


def test_not_a_dataset(tmp_path):
    with pytest.raises(NotFoundError):
        list(read_parquet(str(tmp_path)))
    errors = []
    assert list(read_parquet(str(tmp_path), on_error=errors.append)) == []
    assert len(errors) == 1


def test_results_the_extractor_failed_on_are_left_out_and_counted(tmp_path, results):
    from dataclasses import replace

    failed = replace(results[0], statements=(), error="The statements could not be extracted (Boom)")
    stats = write_parquet([failed] + results[1:], str(tmp_path / "ds"))
    assert (stats.failed, stats.articles) == (1, len(results) - 1)
    back = list(read_parquet(str(tmp_path / "ds")))
    assert failed.article.id not in {r.article.id for r in back}
