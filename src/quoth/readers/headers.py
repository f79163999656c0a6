"""Article metadata from the header conventions wire copy carries. The text is never rewritten.

Recognised, in the first lines of an article:

- a first line ``date YYYY-MM-DD Title`` (published date + title; leading spaces allowed);
- a timestamp line ``22:33 GMT 07.02.2022 (Updated: 22:48 GMT 07.02.2022)``
  (day-first; published and updated kept apart, as ISO-8601);
- a dateline ``MOSCOW, (Sputnik) -`` / ``WASHINGTON (Reuters) —`` /
  ``PARIS, Feb 7 (AFP) -`` (place + outlet);
- otherwise a short first line followed by more text is the title (as in PolNeAR).

``parse_headers(text)`` returns a ``Headers`` record whose spans are character
offsets into ``text`` itself, so ``text[start:end]`` is the field as written
(a title broken over lines is returned with its whitespace collapsed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Headers", "parse_headers"]

HEADER_LINES = 8  # metadata is looked for in this many first non-empty lines
MAX_TITLE = 250  # a longer first line is body text, not a title

_DATE_LINE = re.compile(r"[ \t]*date[ \t]+(\d{4}-\d{2}-\d{2})[ \t]+(\S[^\n]*?)[ \t]*$", re.I)
_STAMP = r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(GMT|UTC|Z)?\s+(\d{1,2})[./](\d{1,2})[./](\d{4})"
_TIMESTAMP = re.compile(
    r"[ \t]*" + _STAMP + r"(?:\s*\(\s*Updated:?\s*" + _STAMP + r"\s*\))?[ \t]*$", re.I)
_DATELINE = re.compile(
    r"[ \t]*(?P<place>[A-Z][A-Z.'\u2019-]*(?:[ \t]+[A-Z][A-Z.'\u2019-]*)*"
    r"(?:,[ \t]+[A-Z][A-Za-z.]*(?:[ \t]+[A-Z][A-Za-z.]*)*)??)"
    r"(?:,?[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?)?"
    r",?[ \t]*\((?P<outlet>[^()\n]{2,40})\)[ \t]*[-\u2013\u2014]+")


@dataclass(frozen=True)
class Headers:
    title: str | None = None
    title_span: tuple[int, int] | None = None
    published: str | None = None  # YYYY-MM-DD
    published_at: str | None = None  # ISO-8601 with time, when the timestamp line gives one
    updated: str | None = None  # ISO-8601
    dateline: str | None = None  # the place, as written
    outlet: str | None = None
    dateline_span: tuple[int, int] | None = None  # the whole "MOSCOW, (Sputnik) -"
    body_start: int = 0  # offset of the first line that is not a header line

    def as_extra(self) -> tuple[tuple[str, str], ...]:
        """The fields Article has no slot for, as ``Article.extra`` pairs."""
        pairs = [("published_at", self.published_at)]
        if self.title_span:
            pairs.append(("title_span", f"{self.title_span[0]}-{self.title_span[1]}"))
        return tuple((k, v) for k, v in pairs if v)


def parse_headers(text: str) -> Headers:
    """Metadata found in the first lines of ``text`` (see the module docstring)."""
    fields: dict = {}
    lines = list(_first_lines(text, HEADER_LINES))
    consumed: set[int] = set()  # indices of lines that are header lines
    for index, (start, line) in enumerate(lines):
        if (index == 0 and _date_line(line, start, fields)) or (
                "published_at" not in fields and _timestamp(line, fields)):
            consumed.add(index)
            fields["body_start"] = start + len(line)
        elif "dateline" not in fields and _dateline(line, start, fields):
            consumed.add(index)
            break
    if "title" not in fields and lines and 0 not in consumed:
        _plain_title(text, lines, fields)
    return Headers(**fields)


def _first_lines(text: str, limit: int):
    """(offset, line) for the first ``limit`` non-blank lines, line ends excluded."""
    found = 0
    for match in re.finditer(r"[^\r\n]*", text):
        line = match.group()
        if not line.strip():
            continue
        yield match.start(), line
        found += 1
        if found >= limit:
            return


def _date_line(line: str, start: int, fields: dict) -> bool:
    match = _DATE_LINE.match(line)
    if not match:
        return False
    fields["published"] = match.group(1)
    fields["title"] = match.group(2)
    fields["title_span"] = (start + match.start(2), start + match.end(2))
    return True


def _timestamp(line: str, fields: dict) -> bool:
    match = _TIMESTAMP.match(line)
    if not match:
        return False
    published = _iso(*match.groups()[:7])
    if published is None:
        return False
    fields["published_at"] = published
    fields.setdefault("published", published[:10])
    if match.group(8):
        fields["updated"] = _iso(*match.groups()[7:14])
    return True


def _iso(hour, minute, second, zone, day, month, year) -> str | None:
    h, mi, s, d, mo = int(hour), int(minute), int(second or 0), int(day), int(month)
    if not (h < 24 and mi < 60 and s < 60 and 1 <= d <= 31 and 1 <= mo <= 12):
        return None
    suffix = "Z" if zone else ""
    return f"{int(year):04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{suffix}"


def _dateline(line: str, start: int, fields: dict) -> bool:
    match = _DATELINE.match(line)
    if not match:
        return False
    fields["dateline"] = match.group("place").strip()
    fields["outlet"] = match.group("outlet").strip()
    fields["dateline_span"] = (start + match.start("place"), start + match.end())
    return True


def _plain_title(text: str, lines: list, fields: dict) -> None:
    """A short first line with more text after it is the title (PolNeAR style).

    A title broken over up to three lines (``Headline; \nSubhead.``) counts as one
    when a blank line ends it; the title's whitespace is then collapsed, and its
    span covers the lines as written.
    """
    start, line = lines[0]
    if len(lines) < 2 or len(line.strip()) > MAX_TITLE:
        return
    end = start + len(line.rstrip())
    block = re.match(r"(?:[^\r\n]*\S[^\r\n]*(?:\r?\n|\r)){1,3}?[ \t]*(?:\r?\n|\r)",
                     text[start:])
    if block and len(block.group().strip()) <= MAX_TITLE and text[start + block.end():].strip():
        end = start + len(block.group().rstrip())
    lead = len(line) - len(line.lstrip())
    fields["title"] = " ".join(text[start + lead:end].split())
    fields["title_span"] = (start + lead, end)
