"""Reading plain-text articles from files, directories and stdin; bad files reported, not fatal."""

from __future__ import annotations

import codecs
import io
import sys

import pytest

from quoth.errors import BinaryInputError, DecodeError, EmptyInputError, InputError, NotFoundError
from quoth.records import article_id
from quoth.readers import read
from quoth.readers.text import article_from_text

ARTICLE = "Talks End\r\n\r\nPARIS (AFP) - \"We agreed,\" Macron said.\r\n"


def collect(paths):
    errors: list[InputError] = []
    return list(read(paths, on_error=errors.append)), errors


@pytest.mark.parametrize("data,text", [
    (ARTICLE.encode("utf-8"), ARTICLE),
    (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), ARTICLE),
    (ARTICLE.encode("utf-16"), ARTICLE),
    ("Путин сказал «нет».\n".encode("cp1251"), "Путин сказал «нет».\n"),
])
def test_file_text_exact(tmp_path, data, text):
    path = tmp_path / "a.txt"
    path.write_bytes(data)
    (article,), errors = collect([str(path)])
    assert errors == []
    assert article.text == text
    assert article.id == article_id(text)
    assert article.path == str(path)


def test_metadata_from_headers(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode())
    (article,), _ = collect([str(path)])
    assert (article.title, article.dateline, article.outlet) == ("Talks End", "PARIS", "AFP")


@pytest.mark.parametrize("name,data,error", [
    ("empty.txt", b"", EmptyInputError),
    ("blank.txt", b"\n \n", EmptyInputError),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", BinaryInputError),
    ("noext", b"\x00\x01\x02\x03" * 50, BinaryInputError),
    ("bad.txt", codecs.BOM_UTF8 + b"\xff\xfe\xfa", DecodeError),
])
def test_bad_file_reported_and_reading_goes_on(tmp_path, name, data, error):
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "zz_good.txt"
    good.write_text(ARTICLE, encoding="utf-8", newline="")
    articles, errors = collect([str(bad), str(tmp_path / "missing.txt"), str(good)])
    assert [a.path for a in articles] == [str(good)]
    assert [type(e) for e in errors] == [error, NotFoundError]
    assert errors[0].source == str(bad)


def test_directory_reads_text_files_in_order(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "b.txt").write_text("Second article text.\n")
    (tmp_path / "sub" / "c.txt").write_text("Third article text.\n")
    (tmp_path / "a.txt").write_text("First article text.\n")
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / ".hidden.txt").write_text("hidden\n")
    articles, errors = collect([str(tmp_path)])
    assert [a.text.split()[0] for a in articles] == ["First", "Second", "Third"]
    assert errors == []


def test_directory_without_text_is_reported(tmp_path):
    (tmp_path / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    articles, errors = collect([str(tmp_path)])
    assert articles == []
    assert isinstance(errors[0], EmptyInputError) and errors[0].source == str(tmp_path)


def test_stdin(monkeypatch):
    data = codecs.BOM_UTF8 + ARTICLE.encode()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (article,), errors = collect(["-"])
    assert article.text == ARTICLE and article.path == "-" and errors == []


def test_example_article(example_article):
    (article,), errors = collect([str(example_article)])
    assert errors == []
    assert article.text == example_article.read_bytes().decode("utf-8")
    assert (article.published, article.updated) == ("2022-02-07", "2022-02-07T22:48:00Z")
    assert (article.dateline, article.outlet) == ("MOSCOW", "Sputnik")
    assert article.title.startswith("Putin: ")


def test_article_from_text_keeps_text():
    text = "  date 2020-01-02 A Title\nBody.\n"
    article = article_from_text(text)
    assert article.text == text and article.title == "A Title" and article.published == "2020-01-02"
