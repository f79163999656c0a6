"""Articles longer than the parser takes: extracted in parts cut at paragraph breaks outside
quotations, with every offset in the original text and no quote cut in two."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

import quoth.nlp.parts
from quoth.extraction import extract_text
from quoth.nlp.parts import split_points
from quoth.records import join_pieces

# Real paragraphs (PolNeAR train, politico 2016-03-10): a quote runs over a paragraph break.
RUBIO = (
    "“Trump says the things people want to say,” Rubio said. “But presidents can’t just say "
    "anything they want. It has consequences around the world.\n\n"
    "“I'm not interested in being politically correct. I'm just interested in being correct,\" "
    "he continued.\n\n"
    "Trump took a different tack on the issue.\n\n"
)


def parts_of(text: str, size: int) -> list[str]:
    return [text[s:e] for s, e in split_points(text, size)]


@pytest.mark.parametrize("size", [40, 120, 200, 260, 1000])
def test_parts_cover_the_text_in_order(size):
    text = RUBIO * 3
    points = list(split_points(text, size))
    assert points[0][0] == 0 and points[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(points, points[1:]))
    assert all(0 < e - s <= size for s, e in points)


def test_a_part_ends_after_a_closed_paragraph_not_inside_the_quote():
    # the window reaches into the third paragraph; the first ends inside the open quote
    two = RUBIO.index("Trump took")
    assert parts_of(RUBIO * 2, two + 20)[0].endswith("he continued.\n\n")
    # with no closed break in reach, a break inside the quote is the next best
    assert parts_of(RUBIO * 2, two - 20)[0].endswith("around the world.\n\n")


@pytest.mark.parametrize("text, size, end", [
    # no paragraph break: a line break, then a sentence end, then a space
    ("Putin said the talks had been useful.\nMacron agreed. " * 3, 60, "useful.\n"),
    ("Putin said the talks had been useful. Macron agreed with him " * 3, 50, "useful. "),
    ("Putin said the talks had been useful " * 3, 22, "talks "),
])
def test_without_a_paragraph_break_the_next_best_break(text, size, end):
    assert parts_of(text, size)[0].endswith(end)


def test_a_text_with_no_break_is_cut_at_the_size():
    assert [len(p) for p in parts_of("x" * 25, 10)] == [10, 10, 5]


@pytest.mark.data
@pytest.mark.parametrize("name, words", [
    ("politico_2016-03-10_trump-s-rivals-pull-their-punche.txt", "serious crisis within it"),
    ("west-journal_2016-01-23_watch-what-hillary-does-when-a-g.txt", "really complicated world"),
])
def test_a_quote_over_a_paragraph_break_is_found_whole_in_parts(polnear_dir, monkeypatch,
                                                                name, words):
    text = next(polnear_dir.glob(f"*/text/{name}")).read_text(encoding="utf-8")
    whole = extract_text(text, engine="rules")
    crossing = [s for s in whole.statements if words in s.content.text and "\n\n" in s.content.text]
    assert crossing, "the quote runs over a paragraph break"
    end = crossing[0].content.end
    # a part limit whose window ends inside the quote's second paragraph
    monkeypatch.setattr(quoth.nlp.parts, "PART_CHARS", end - 20)
    parted = extract_text(text, engine="rules")
    assert crossing[0].content.spans in [s.content.spans for s in parted.statements]
    assert_offsets_exact(text, parted.statements)


def assert_offsets_exact(text, statements):
    for st in statements:
        assert join_pieces(text, st.content.spans) == st.content.text
        assert (st.content.start, st.content.end) == (st.content.spans[0][0], st.content.spans[-1][1])
        for span in (st.cue, st.speaker.mention):
            if span is not None:
                assert text[span.start:span.end] == span.text
        for entity in st.about:
            assert text[entity.start:entity.end] == entity.text


@pytest.mark.model
def test_statements_in_every_part_with_exact_offsets(example_article, monkeypatch):
    text = example_article.read_text(encoding="utf-8")
    long = (text.strip() + "\n\n") * 4
    monkeypatch.setattr(quoth.nlp.parts, "PART_CHARS", len(text) // 2)
    result = extract_text(long, engine="rules")
    assert result.error is None
    assert_offsets_exact(long, result.statements)
    single = len(extract_text(text, engine="rules").statements)
    copies = [sum(i * len(long) // 4 <= s.content.start < (i + 1) * len(long) // 4
                  for s in result.statements) for i in range(4)]
    assert min(copies) >= single * 0.8, copies
    assert len({s.id for s in result.statements}) == len(result.statements)


@pytest.mark.slow
def test_cli_extracts_a_2mb_article_with_a_normal_one(tmp_path, example_article):
    text = example_article.read_text(encoding="utf-8")
    long = (text.strip() + "\n\n") * (2_000_000 // len(text) + 1)
    big = tmp_path / "long.txt"
    big.write_text(long, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    run = subprocess.run(
        [sys.executable, "-m", "quoth", "extract", str(big), str(example_article),
         "--format", "jsonl", "--engine", "fast"],
        capture_output=True, text=True, env=env, timeout=3600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    results = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(results) == 2
    statements = results[0]["statements"]
    assert len(statements) > 100
    for st in statements:
        c = st["content"]
        assert long[c["start"]:c["end"]] == c["text"]
    # statements throughout: in every tenth of the text
    tenths = {st["content"]["start"] * 10 // len(long) for st in statements}
    assert tenths == set(range(10))
    assert results[1]["statements"]
    assert re.search(r"2 articles, \d+ statements", run.stderr)
