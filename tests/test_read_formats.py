"""Readers for multi-record and web formats: JSONL, CSV, HTML, WARC (fixtures built here)."""

from __future__ import annotations

import csv
import gzip
import io
import json

import pytest

from quoth.errors import EmptyInputError, RecordError
from quoth.records import article_id
from quoth.readers import read
from quoth.readers.dumps import article_from_record, normalise_date

BODY = 'Russian President Vladimir Putin said "NATO ignored our concerns" on Monday in Moscow.'


def collect(paths, fields=None):
    errors = []
    articles = list(read([str(p) for p in paths], on_error=errors.append, fields=fields))
    return articles, errors


def write_jsonl(path, records, *, opener=open):
    with opener(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write((r if isinstance(r, str) else json.dumps(r)) + "\n")


# -- JSONL / CSV ----------------------------------------------------------------------------------

@pytest.mark.parametrize("record, expected", [
    ({"text": BODY, "title": "T", "date": "2022-02-07", "url": "https://sputnik.com/a",
      "outlet": "Sputnik"},
     {"title": "T", "published": "2022-02-07", "url": "https://sputnik.com/a",
      "outlet": "Sputnik"}),
    ({"maintext": BODY, "date_publish": "2022-02-07 10:31:00", "source_domain": "rt.com"},
     {"published": "2022-02-07", "outlet": "rt.com"}),
    ({"Body": BODY, "Headline": "H", "pubDate": "Mon, 07 Feb 2022 10:00:00 GMT",
      "link": "https://www.bbc.co.uk/news/1"},
     {"title": "H", "published": "2022-02-07", "outlet": "bbc.co.uk"}),
    ({"content": BODY, "source": {"id": "x", "name": "Reuters"}, "published": 1644228000},
     {"outlet": "Reuters", "published": "2022-02-07"}),
])
def test_record_fields_are_recognised(record, expected):
    a = article_from_record(record, path="f.jsonl", source="line 1")
    assert a.text == BODY and a.id == article_id(BODY) and a.source == "line 1"
    assert {k: getattr(a, k) for k in expected} == expected


@pytest.mark.parametrize("value, expected", [
    ("2016-09-12", "2016-09-12"), ("2016-09-12T10:00:00Z", "2016-09-12"),
    ("Mon, 12 Sep 2016 10:00:00 +0000", "2016-09-12"), ("soon", None), ("", None), (None, None),
])
def test_normalise_date(value, expected):
    assert normalise_date(value) == expected


def test_field_mapping_overrides_defaults(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, [{"story": BODY, "text": "ignored short", "site": "Sputnik"}])
    (a,), errors = collect([path], fields={"text": "story", "outlet": "site"})
    assert a.text == BODY and a.outlet == "Sputnik" and not errors


def test_jsonl_bad_records_reported_by_line(tmp_path):
    path = tmp_path / "dump.jsonl"
    write_jsonl(path, [{"text": BODY}, "{not json", "", "[1, 2]", {"title": "no text"},
                       {"text": BODY + " Again."}])
    articles, errors = collect([path])
    assert [a.source for a in articles] == ["line 1", "line 6"]
    assert [(type(e), e.line) for e in errors] == [(RecordError, 2), (RecordError, 4),
                                                   (RecordError, 5)]
    assert all(e.source == str(path) for e in errors)


def test_jsonl_gz(tmp_path):
    path = tmp_path / "dump.jsonl.gz"
    write_jsonl(path, [{"text": BODY, "url": "https://x.org/1"}], opener=gzip.open)
    (a,), errors = collect([path])
    assert a.outlet == "x.org" and not errors


def test_jsonl_undecodable_line(tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(json.dumps({"text": BODY}).encode() + b'\n{"text": "caf\xe9 au lait"}\n')
    articles, errors = collect([path])
    assert len(articles) == 1 and errors[0].line == 2 and "UTF-8" in errors[0].reason


def test_csv_with_multiline_fields(tmp_path):
    path = tmp_path / "dump.csv"
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["title", "text", "domain"])
        w.writerow(["One", BODY + "\nSecond paragraph.", "a.com"])
        w.writerow(["Empty", "", "b.com"])
        w.writerow(["Three", BODY, "c.com"])
    articles, errors = collect([path])
    assert [(a.title, a.outlet, a.source) for a in articles] == [
        ("One", "a.com", "record 1"), ("Three", "c.com", "record 3")]
    assert articles[0].text.endswith("\nSecond paragraph.")
    assert [(type(e), e.line) for e in errors] == [(RecordError, 4)]


# -- HTML -----------------------------------------------------------------------------------------

def page(body: str, title: str = "Putin meets Macron") -> str:
    return (f"<html><head><title>{title}</title><meta property='og:site_name' content='Sputnik'>"
            f"<meta name='date' content='2022-02-07'></head><body><nav>Home | World</nav>"
            f"<article><h1>{title}</h1><p>{body}</p><p>Macron said talks would go on.</p>"
            f"</article><footer>Copyright</footer></body></html>")


def test_html_page_main_text_and_metadata(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(page(BODY), encoding="utf-8")
    (a,), errors = collect([path])
    assert BODY in a.text and "Copyright" not in a.text and not errors
    assert (a.title, a.published, a.outlet) == ("Putin meets Macron", "2022-02-07", "Sputnik")


@pytest.mark.parametrize("content", ["", "<html><body><nav>Home</nav></body></html>"])
def test_html_without_text_is_reported(tmp_path, content):
    path = tmp_path / "empty.html"
    path.write_text(content, encoding="utf-8")
    articles, errors = collect([path])
    assert articles == [] and len(errors) == 1
    assert isinstance(errors[0], EmptyInputError)


# -- WARC -----------------------------------------------------------------------------------------

def make_warc(records, *, gz: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    for url, status, ctype, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            url, "response", payload=io.BytesIO(body.encode()), http_headers=headers))
    return buf.getvalue()


WARC_RECORDS = [
    ("https://sputnik.com/1", "200 OK", "text/html; charset=utf-8", page(BODY)),
    ("https://sputnik.com/img.png", "200 OK", "image/png", "PNG"),
    ("https://sputnik.com/moved", "301 Moved", "text/html", page("moved " * 20)),
    ("https://sputnik.com/nav", "200 OK", "text/html", "<html><body>Home</body></html>"),
    ("https://sputnik.com/2", "200 OK", "text/html", page(BODY.replace("Monday", "Tuesday"))),
]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_keeps_valid_html_200_responses(tmp_path, gz):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(make_warc(WARC_RECORDS, gz=gz))
    articles, errors = collect([path])
    assert [(a.url, a.source) for a in articles] == [
        ("https://sputnik.com/1", "record 1"), ("https://sputnik.com/2", "record 5")]
    assert [(type(e), e.line) for e in errors] == [(RecordError, 4)]  # the page with no text


@pytest.mark.parametrize("gz", [False, True])
@pytest.mark.parametrize("cut", [150, 400])
def test_truncated_warc_record_reported_and_rest_kept(tmp_path, gz, cut):
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = make_warc(WARC_RECORDS[:1] + WARC_RECORDS[4:], gz=gz)
    path.write_bytes(data[:-cut])
    articles, errors = collect([path])
    assert [a.url for a in articles] == ["https://sputnik.com/1"]
    assert len(errors) == 1 and errors[0].line == 2 and "truncated" in errors[0].reason


def test_garbage_warc_is_reported(tmp_path):
    path = tmp_path / "junk.warc"
    path.write_bytes(b"this is not a warc file at all\n" * 10)
    articles, errors = collect([path])
    assert articles == [] and len(errors) == 1
