"""Unit tables for the web's pure helpers: text segments, snippets, the timeline chart."""

from __future__ import annotations

import datetime as dt

import pytest

from quoth.web.chart import choose_unit, parse_day, timeline
from quoth.web.highlight import segments, snippet_markup
from quoth.web.links import pager, query_url
from quoth.web.views import clean_filters, variants_of
from quoth.errors import UsageError


def _stmt(sid, spans, cue=None, mention=None, speaker="A", speaker_id=None):
    return {
        "id": sid, "spans": [list(s) for s in spans], "content_start": spans[0][0],
        "content_end": spans[-1][1], "cue_start": cue and cue[0], "cue_end": cue and cue[1],
        "speaker_mention_start": mention and mention[0],
        "speaker_mention_end": mention and mention[1], "speaker": speaker,
        "speaker_id": speaker_id,
    }


TEXT = '"We will win," Smith said, "and soon."'


def _marked(segs, sid, role):
    return "".join(s["text"] for s in segs if (sid, role) in s["marks"])


def test_segments_rebuild_the_text_and_mark_each_role():
    stmt = _stmt("s1", [(1, 13), (28, 37)], cue=(21, 25), mention=(15, 20))
    segs = segments(TEXT, [stmt])
    assert "".join(s["text"] for s in segs) == TEXT
    assert _marked(segs, "s1", "content") == "We will win,and soon."
    assert _marked(segs, "s1", "cue") == "said"
    assert _marked(segs, "s1", "source") == "Smith"
    assert [s["starts"] for s in segs if s["starts"]] == [["s1"]]


def test_overlapping_statements_keep_both_marks_and_prefer_the_inner_one():
    outer = _stmt("out", [(0, 38)], speaker="B")
    inner = _stmt("in", [(1, 12)], speaker="A")
    segs = segments(TEXT, [outer, inner])
    assert "".join(s["text"] for s in segs) == TEXT
    assert _marked(segs, "out", "content") == TEXT[:38]
    assert _marked(segs, "in", "content") == TEXT[1:12]
    both = [s for s in segs if len(s["sids"]) == 2]
    assert both and all(s["sid"] == "in" for s in both)
    assert {s["colour"] for s in segs if s["sid"] == "out"} != {s["colour"] for s in both}


@pytest.mark.parametrize("spans", [[(30, 99)], [(-5, 3)], [(5, 5), (7, 9)]])
def test_out_of_range_or_empty_spans_are_clipped(spans):
    segs = segments(TEXT, [_stmt("x", spans)])
    assert "".join(s["text"] for s in segs) == TEXT


def test_same_speaker_same_colour_by_id():
    a = _stmt("a", [(1, 5)], speaker="Putin", speaker_id=1)
    b = _stmt("b", [(28, 31)], speaker="Vladimir Putin", speaker_id=1)
    c = _stmt("c", [(15, 20)], speaker="Smith", speaker_id=2)
    segs = segments(TEXT, [a, b, c])
    colour = {s["sid"]: s["colour"] for s in segs if s["sid"]}
    assert colour["a"] == colour["b"] != colour["c"]


@pytest.mark.parametrize("snippet, expected", [
    ("plain", "plain"),
    ("a \x02NATO\x03 b", "a <mark>NATO</mark> b"),
    ("<script>\x02x\x03</script>", "&lt;script&gt;<mark>x</mark>&lt;/script&gt;"),
    ("\x02open only", "<mark>open only</mark>"),
    ("stray\x03 close", "stray close"),
    ("\x02a\x02b\x03", "<mark>ab</mark>"),
    ("bell\x07 & <b>", "bell &amp; &lt;b&gt;"),
    (None, ""),
])
def test_snippet_markup_escapes_then_marks(snippet, expected):
    assert str(snippet_markup(snippet)) == expected


@pytest.mark.parametrize("value, expected", [
    ("2022-02-07", dt.date(2022, 2, 7)),
    ("2022-02-07/2022-02-09", dt.date(2022, 2, 7)),
    ("2022-02", dt.date(2022, 2, 1)),
    ("2022", dt.date(2022, 1, 1)),
    ("soon", None), (None, None), ("", None),
])
def test_parse_day(value, expected):
    assert parse_day(value) == expected


@pytest.mark.parametrize("days, unit", [(10, "day"), (92, "day"), (200, "week"), (2000, "month")])
def test_choose_unit(days, unit):
    start = dt.date(2020, 1, 1)
    assert choose_unit(start, start + dt.timedelta(days=days)) == unit


def test_timeline_fills_gaps_and_scales_bars():
    chart = timeline([("2022-01-01", 2), ("2022-01-04", 4), (None, 9), ("bad", 1)])
    assert chart["unit"] == "day" and chart["total"] == 6
    assert [b["count"] for b in chart["bars"]] == [2, 0, 0, 4]
    tall = max(chart["bars"], key=lambda b: b["h"])
    assert tall["count"] == 4 and chart["bars"][0]["h"] == pytest.approx(tall["h"] / 2)
    assert chart["bars"][1]["h"] == 0
    xs = [b["x"] for b in chart["bars"]]
    assert xs == sorted(xs) and chart["yticks"][0]["value"] == 0


def test_timeline_by_week_and_month():
    points = [("2022-01-03", 1), ("2022-01-09", 1), ("2022-01-10", 1), ("2022-03-01", 5)]
    weekly = timeline(points, unit="week")
    assert weekly["bars"][0]["start"] == "2022-01-03" and weekly["bars"][0]["count"] == 2
    monthly = timeline(points, unit="month")
    assert [b["count"] for b in monthly["bars"]] == [3, 0, 5]
    assert timeline([])["bars"] == []


def test_query_url_and_pager():
    assert query_url("/search", {"q": "a b", "kind": None}, page=2) == "/search?q=a+b&page=2"
    assert query_url("/search", {}) == "/search"
    p = pager(5, 20, 10, 200, lambda n: f"/p{n}")
    assert p["window"] == [1, None, 3, 4, 5, 6, 7, None, 20]
    assert (p["first"], p["last"]) == (41, 50)


@pytest.mark.parametrize("raw", [{"kind": "loud"}, {"date_from": "2022/01/01"},
                                 {"date_to": "tomorrow"}, {"act": "shout"}])
def test_clean_filters_rejects_bad_values(raw):
    with pytest.raises(UsageError):
        clean_filters(raw)


def test_clean_filters_blanks_become_none():
    assert clean_filters({"speaker": "  ", "kind": "direct"}) == {
        "speaker": None, "about": None, "outlet": None, "kind": "direct", "act": None,
        "lang": None,
        "date_from": None, "date_to": None}


def test_variants_come_from_the_store_when_present():
    assert variants_of({"id": "a"}) == []
    st = {"id": "a", "variants": [{"id": "a"}, {"id": "b"}]}
    assert [v["id"] for v in variants_of(st)] == ["b"]

    class FakeStore:
        def cluster(self, sid):
            return {"variants": [{"id": sid}, {"id": "d", "diff": [["same", "x"]]}]}

    st = {"id": "a", "cluster_id": 3}
    assert [v["id"] for v in variants_of(st, FakeStore())] == ["d"]
    assert variants_of({"id": "a", "cluster_id": None}, FakeStore()) == []
