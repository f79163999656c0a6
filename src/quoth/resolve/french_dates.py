"""French dates and datelines, relative to the article's published date ``P``.

- "aujourd'hui", "ce matin", "ce soir" -> P; "hier" -> P-1; "avant-hier" -> P-2;
  "demain" -> P+1;
- a weekday ("lundi") -> the latest such day on or before P; "lundi dernier" -> the
  latest strictly before P; "lundi prochain" -> the next strictly after P;
- "le 7 février", "7 février 2022", "1er décembre 2019": an explicit date; without a year,
  the latest such date on or before P;
- datelines: "MOSCOU (Sputnik) -", "PARIS, 7 février (Reuters) -", "(AFP) -" (no place).

Only the reporting clause dates a statement: the sentence(s) around the cue, the
speaker and the content, with the content itself masked (``quoth.resolve.dates`` does the same
for English).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from quoth.records import Statement

__all__ = ["resolve_fr", "find_time", "date_statement", "find_dateline", "MONTHS", "WEEKDAYS"]

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTH = "|".join(MONTHS) + "|fevrier|aout|decembre"
_DAYS = "|".join(WEEKDAYS)
_RELATIVE = {"aujourd'hui": 0, "aujourd’hui": 0, "ce matin": 0, "ce soir": 0, "cet après-midi": 0,
             "hier": -1, "hier soir": -1, "avant-hier": -2, "demain": 1}
TIME = re.compile(
    rf"\b(?:(?P<d>\d{{1,2}})(?:er)?\s+(?P<m>{_MONTH})(?:\s+(?P<y>\d{{4}}))?"
    rf"|(?P<wd>{_DAYS})(?:\s+(?P<which>dernier|prochain))?"
    rf"|(?P<rel>avant-hier|hier soir|hier|demain|aujourd[’']hui|ce matin|ce soir|cet après-midi))\b",
    re.I)
_UPPER = "A-ZÀ-ÖØ-Ý"
DATELINE = re.compile(
    rf"^\s*(?:(?P<place>[{_UPPER}][{_UPPER}.'’ -]*[{_UPPER}])(?:\s*,\s*(?:\d{{1,2}}(?:er)?\s+\w+"
    rf"(?:\s+\d{{4}})?))?\s*)?\((?P<agency>[^()\n]{{2,40}})\)\s*[-–—]")


def resolve_fr(m: re.Match, published: date | None) -> str | None:
    """The ISO date a ``TIME`` match stands for (None when it needs P and has none)."""
    if m.group("d"):
        return _explicit(int(m.group("d")), m.group("m"), m.group("y"), published)
    if published is None:
        return None
    if m.group("rel"):
        return (published + timedelta(days=_RELATIVE[m.group("rel").lower()])).isoformat()
    return _weekday(WEEKDAYS.index(m.group("wd").lower()), m.group("which"), published)


def _explicit(day: int, month: str, year: str | None, p: date | None) -> str | None:
    month_no = _month_number(month)
    try:
        if year:
            return date(int(year), month_no, day).isoformat()
        if p is None:
            return None
        found = date(p.year, month_no, day)
        return (found if found <= p else date(p.year - 1, month_no, day)).isoformat()
    except ValueError:
        return None


def _month_number(month: str) -> int:
    low = month.lower().replace("fevrier", "février").replace("aout", "août")
    return MONTHS.index(low.replace("decembre", "décembre")) + 1


def _weekday(wd: int, which: str | None, p: date) -> str:
    back = (p.weekday() - wd) % 7
    if which and which.lower() == "prochain":
        return (p + timedelta(days=(wd - p.weekday()) % 7 or 7)).isoformat()
    if which and which.lower() == "dernier" and back == 0:
        back = 7
    return (p - timedelta(days=back)).isoformat()


def find_time(text: str, published: str | None) -> str | None:
    """The first French time expression in ``text``, resolved; None when there is none."""
    p = _published(published)
    for m in TIME.finditer(text):
        found = resolve_fr(m, p)
        if found:
            return found
    return None


def _published(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def date_statement(text: str, statement: Statement, published: str | None) -> Statement:
    """``statement`` with ``said_on`` from its reporting clause, when that holds a date."""
    from quoth.resolve.dates import reporting_window

    parts = list(statement.content.spans)
    for span in (statement.cue, statement.speaker.mention):
        if span is not None:
            parts.append((span.start, span.end))
    start, end = reporting_window(text, min(s for s, _ in parts), max(e for _, e in parts))
    masked = list(text[start:end])
    for s, e in statement.content.spans:
        for i in range(max(s, start), min(e, end)):
            masked[i - start] = " "
    said_on = find_time("".join(masked), published)
    return replace(statement, said_on=said_on) if said_on else statement


def find_dateline(text: str) -> str | None:
    """The place of a dateline opening the article's first or second line, else None."""
    for line in text.split("\n", 2)[:2]:
        m = DATELINE.match(line)
        if m:
            return m.group("place").strip() if m.group("place") else None
    return None
