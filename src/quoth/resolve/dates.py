"""When and where a statement was said: ``said_on`` and ``occasion`` from plain text.

Pure functions over strings and character offsets (no spaCy): the extractor calls
:func:`date_statement` at the end of extraction, once per statement.

Rules (documented choices, each covered by tests/test_when.py):

- Only time expressions of the *reporting clause* count. Text inside the statement's
  content spans and inside quotation marks is ignored, so "the responses received on
  January 26" in the content never dates the utterance.
- Relative expressions resolve against the article's published date ``P``:
  "today"/"this morning"/"tonight" -> P; "yesterday"/"last night" -> P-1; "tomorrow" -> P+1;
  "N days/weeks ago" -> P minus that; "last week"/"last month" -> the calendar range;
  "earlier this week/month" -> range up to P.
- A weekday ("on Monday") is the most recent such day on or before P, unless the
  clause says future ("will", "plans to", "is scheduled to", "next") -> the next one
  on or after P. "last Monday" is the one strictly before P.
- Explicit dates: "January 26", "Jan. 26, 2016", "26 January 2016". Without a year,
  the latest such date on or before P (or the next on or after P when future).
- "in 2013" -> that year as a range ("in a 2013 interview" is left alone).
- A month without a day ("in December", "his December appearance", "last December",
  "late March", "December 2015"; not "the November election") -> that month as a range:
  the latest such month on or before P ("last": before P's month; future: the next), cut
  at P while it runs;
  "early"/"mid-"/"late" narrow it to days 1-10/11-20/21-end. Only a capitalised month
  after "in", "last", "during", "early"/"late", or a determiner or possessive before an
  occasion noun ("a December interview") counts (never the verb "may").
- Seasons (meteorological: spring March-May, summer June-August, fall September-November,
  winter December-February): "last summer"/"this past summer" -> the latest one over
  before P; "this summer" -> the one of P's year; "in/over/during the summer" -> the
  latest one begun by P (future: the next).
- All-caps words are names, not times ("USA TODAY reported").
- "N years ago" / "N decades ago" in the reporting clause ("in a 1986 interview,
  30 years ago, he said") -> the whole calendar year as a range. Inside the content
  (the usual case: "NATO promised 30 years ago ...") it dates the content's event,
  not the utterance, and is ignored like any other content date.
- When the statement's own sentence(s) hold no time expression, the sentence just before
  may set the scene, with a month or a season of a named occasion only ("during an
  awkward December appearance before ..."; ``statement_when``).
- A range is written ``"YYYY-MM-DD/YYYY-MM-DD"``. Without a published date, only
  expressions with an explicit year resolve.
- ``occasion`` is the event phrase ("at a press conference following the talks",
  "in an interview with CNN") or, failing that, a place right after the time
  ("on Tuesday in Kiev" -> "in Kiev").
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Sequence

from quoth.records import Statement

__all__ = ["When", "resolve", "date_statement", "statement_when", "reporting_window"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4,
    "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11,
    "nov": 11, "december": 12, "dec": 12,
}
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_MONTH_ALT = "|".join(_MONTH_NAMES)
_CALENDAR = r"(?:general\s+)?(?:elections?|primar(?:y|ies)|caucus(?:es)?|ballots?|votes?)\b"
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}  # first month
_MONTH = r"(?P<mon>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUM = r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty)"
_WORDNUM = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twenty": 20, "thirty": 30,
            "forty": 40, "fifty": 50}

_EVENT_NOUNS = (
    r"press\s+conference|news\s+conference|joint\s+press\s+conference|press\s+briefing|briefing|"
    r"rally|speech|interview|debate|town\s+hall|meeting|summit|hearing|event|statement|"
    r"address|appearance|talks|ceremony|forum|roundtable|fundraiser|convention|session|"
    r"campaign\s+stop|radio\s+show|broadcast|op-ed|tweet|post|luncheon|dinner|visit|"
    r"news\s+release|press\s+release|call|conversation"
)

# (name, pattern); order matters only for overlapping matches at the same start
_PATTERNS = [
    ("mdy", rf"\b{_MONTH}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"),
    ("dmy", rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?"),
    ("ago", rf"\b{_NUM}\s+(?P<unit>day|week|month|year|decade)s?\s+ago\b"),
    ("lastwd", r"\blast\s+(?P<wd>" + "|".join(WEEKDAYS) + r")\b"),
    ("nextwd", r"\bnext\s+(?P<wd>" + "|".join(WEEKDAYS) + r")\b"),
    ("wd", r"\b(?P<wd>" + "|".join(WEEKDAYS) + r")\b"),
    ("yesterday", r"\b(?:yesterday|last\s+night)\b"),
    ("tomorrow", r"\btomorrow\b"),
    ("today", r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|earlier\s+today)\b"),
    ("lastweek", r"\blast\s+week\b"),
    ("lastmonth", r"\blast\s+month\b"),
    ("thisweek", r"\b(?:earlier\s+)?this\s+week\b"),
    ("thismonth", r"\b(?:earlier\s+)?this\s+month\b"),
    ("weekend", r"\b(?:over\s+the|this\s+past|last)\s+weekend\b"),
    ("year", r"\bin\s+(?P<y>(?:19|20)\d\d)\b(?!\s*(?:percent|%))"),
    # a month without a day ("in December", "in late March 2016", "last December"); the
    # month must be capitalised and follow one of these words, so the verb "may" and names
    # ("Theresa May") never match; a day after it makes it "mdy" instead; "the November
    # election" is a date on the calendar, not a time said
    ("month", r"(?:\b(?P<pre>in|last|this\s+past|early|late|during)\s+(?:(?:early|late)\s+)?"
              r"|\bmid-)(?-i:(?P<mname>" + _MONTH_ALT + r"))\b"
              r"(?:,?\s+(?P<y>(?:19|20)\d\d)\b)?(?![\s,]*\d)(?!['’]s|\s+" + _CALENDAR + r")"),
    # ... or as the adjective of an occasion ("his awkward December appearance", "Trump's
    # December speech")
    ("month", r"\b(?P<pre>his|her|their|its|an?|the|that|[a-z]+['’]s)\s+"
              r"(?:(?-i:[a-z][a-z-]+)\s+)?(?-i:(?P<mname>" + _MONTH_ALT + r"))\s+"
              r"(?:(?-i:[a-z][a-z-]+)\s+)?(?:" + _EVENT_NOUNS + r")s?\b"),
    # a season: "last summer", "this past winter", "in the fall", "over the summer"
    ("season", r"\b(?P<pre>last|this\s+past|this|in\s+the|over\s+the|during\s+the|earlier\s+this)"
               r"\s+(?P<season>spring|summer|fall|autumn|winter)\b"),
]
_TIME_RE = [(name, re.compile(p, re.IGNORECASE)) for name, p in _PATTERNS]

# Words a match of each pattern must hold (case-folded; "0".."9": a digit), so a pattern
# whose words are all absent from a text is not run on it (the same matches, less work).
_DIGITS = tuple("0123456789")
_NEEDLES = {
    "mdy": tuple(MONTHS), "dmy": _DIGITS, "ago": ("ago",), "lastwd": WEEKDAYS,
    "nextwd": WEEKDAYS, "wd": WEEKDAYS, "yesterday": ("yesterday", "night"),
    "tomorrow": ("tomorrow",), "today": ("today", "morning", "afternoon", "evening", "tonight"),
    "lastweek": ("week",), "lastmonth": ("month",), "thisweek": ("week",),
    "thismonth": ("month",), "weekend": ("weekend",), "year": _DIGITS,
    "season": tuple(_SEASONS),
}

_FUTURE_RE = re.compile(
    r"\b(?:will|'ll|shall|plans?\s+to|planning\s+to|(?:is|are)\s+(?:scheduled|set|expected|due|"
    r"slated|going)\s+to|next)\b", re.IGNORECASE)

_OCCASION_RE = re.compile(
    r"\b(?:at|during|in|after|following)\s+(?:an?|the|his|her|their|its|a\s+joint|one)?\s*"
    r"(?:(?!(?:at|in|on|during|after|following)\b)[\w'’-]+\s+){0,3}?(?:" + _EVENT_NOUNS + r")s?\b[^,.;:!?\"“”]*"
    # "on" only before a medium ("on a conference call", "on his radio show"): "commented
    # on the meeting" names a topic, not an occasion
    r"|\bon\s+(?:an?|the|his|her|their|its)?\s*(?:[\w'’-]+\s+){0,2}?"
    r"(?:call|show|program|programme|broadcast|podcast|television|tv|radio|twitter|facebook)\b"
    r"[^,.;:!?\"“”]*",
    re.IGNORECASE)
_OCCASION_STOP = re.compile(
    r"\s+(?:that|who|which|where|when|saying|said|says|told|tells|and\s+(?:said|added))\b|"
    r"\s+(?:on|last|this|earlier|yesterday|today)\s+(?=\w)", re.IGNORECASE)
_PLACE_RE = re.compile(r"\s*,?\s*\b(in|at)\s+((?:[A-Z][\w.'’-]*)(?:\s+[A-Z][\w.'’-]*)*)")
_QUOTED_RE = re.compile(r"\"[^\"]*\"|“[^”]*”|‘[^’]{12,}’")


@dataclass(frozen=True)
class When:
    """When (ISO date or "start/end" range) and where a statement was said."""

    said_on: str | None = None
    occasion: str | None = None
    phrase: str | None = None  # the time expression it came from


def _masked(text: str, exclude: Iterable[tuple[int, int]]) -> str:
    """``text`` with excluded spans and quoted passages blanked out (offsets kept)."""
    chars = list(text)
    spans = list(exclude) + [m.span() for m in _QUOTED_RE.finditer(text)]
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            chars[i] = " "
    return "".join(chars)


def _may_match(name: str, text: str, lower: str) -> bool:
    """Can pattern ``name`` match in ``text``? (False only when a word it needs is absent.)"""
    if name == "month":  # the month name is matched case-sensitively
        return any(m in text for m in _MONTH_NAMES)
    return any(w in lower for w in _NEEDLES[name])


def _candidates(text: str) -> list[tuple[int, int, str, re.Match]]:
    """Non-overlapping time expressions, earliest and longest first."""
    lower = text.casefold()
    found = sorted(
        ((m.start(), -m.end(), name, m) for name, rx in _TIME_RE if _may_match(name, text, lower)
         for m in rx.finditer(text)),
        key=lambda t: (t[0], t[1]),
    )
    out: list[tuple[int, int, str, re.Match]] = []
    for start, neg_end, name, m in found:
        if (out and start < out[-1][1]) or _is_acronym(m.group(0)):
            continue
        out.append((start, -neg_end, name, m))
    return out


_AFTER_STOP = re.compile(r"[.;!?]|\b(?:that|said|says|told|tells)\b", re.IGNORECASE)


def _is_acronym(phrase: str) -> bool:
    """All-caps words ("USA TODAY") are names, not time expressions."""
    letters = [c for c in phrase if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)


def _is_future(text: str, start: int, end: int) -> bool:
    """Does the clause around the expression speak of the future? Looks ~60 chars back
    and ~50 on, the latter only up to a reporting verb or "that" ("On Tuesday, Macron
    plans to visit" is future; "said on Monday that he will" is not)."""
    before = re.split(r"[.;!?]", text[max(0, start - 60):start])[-1]
    after = text[end:end + 50]
    stop = _AFTER_STOP.search(after)
    after = after[: stop.start()] if stop else after
    return bool(_FUTURE_RE.search(before) or _FUTURE_RE.search(after))


def _iso(d: date) -> str:
    return d.isoformat()


def _rng(a: date, b: date) -> str:
    return f"{a.isoformat()}/{b.isoformat()}"


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _weekday(p: date, wd: int, *, future: bool, strict: bool = False) -> date:
    if future:
        delta = (wd - p.weekday()) % 7
        return p + timedelta(days=delta or (7 if strict else 0))
    delta = (p.weekday() - wd) % 7
    return p - timedelta(days=delta or (7 if strict else 0))


def _explicit(m: re.Match, p: date | None, future: bool) -> str | None:
    mon, day = MONTHS[m.group("mon").lower().rstrip(".")], int(m.group("d"))
    year = m.group("y")
    try:
        if year:
            return _iso(date(int(year), mon, day))
        if p is None:
            return None
        d = date(p.year, mon, day)
    except ValueError:
        return None
    if future and d < p:
        d = d.replace(year=p.year + 1)
    elif not future and d > p:
        d = d.replace(year=p.year - 1)
    return _iso(d)


def _ago(m: re.Match, p: date) -> str:
    n = m.group("n").lower()
    n = int(n) if n.isdigit() else _WORDNUM[n]
    unit = m.group("unit").lower()
    if unit in ("day", "week"):
        return _iso(p - timedelta(days=n * (7 if unit == "week" else 1)))
    if unit == "month":
        y, mo = divmod(p.year * 12 + p.month - 1 - n, 12)
        return _rng(date(y, mo + 1, 1), _month_end(y, mo + 1))
    y = p.year - n * (10 if unit == "decade" else 1)
    return _rng(date(y, 1, 1), date(y, 12, 31))


def _month_end(y: int, mo: int) -> date:
    nxt = date(y + mo // 12, mo % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _relative(name: str, m: re.Match, p: date, future: bool) -> str | None:
    monday = p - timedelta(days=p.weekday())
    if name in ("wd", "lastwd", "nextwd"):
        wd = WEEKDAYS.index(m.group("wd").lower())
        fut = future if name == "wd" else name == "nextwd"
        return _iso(_weekday(p, wd, future=fut, strict=name != "wd"))
    simple = {
        "yesterday": lambda: _iso(p - timedelta(days=1)),
        "today": lambda: _iso(p),
        "tomorrow": lambda: _iso(p + timedelta(days=1)),
        "lastweek": lambda: _rng(monday - timedelta(days=7), monday - timedelta(days=1)),
        "thisweek": lambda: _rng(monday, p),
        "thismonth": lambda: _rng(p.replace(day=1), p),
        "weekend": lambda: _rng(_weekday(p, 5, future=False), _weekday(p, 5, future=False)
                                + timedelta(days=1)),
        "ago": lambda: _ago(m, p),
    }
    if name == "lastmonth":
        first = p.replace(day=1) - timedelta(days=1)
        return _rng(first.replace(day=1), first)
    return simple[name]() if name in simple else None


def _month(m: re.Match, p: date | None, future: bool) -> str | None:
    """A month without a day: with a year, that month; "last" -> the latest such month
    before P's month; else the latest on or before P (up to P), or the next when future.
    "early"/"mid-"/"late" take days 1-10, 11-20, 21-end."""
    mon = _MONTH_NAMES.index(m.group("mname")) + 1
    pre = (m.group("pre") or "mid").lower()
    if m.groupdict().get("y"):
        y = int(m.group("y"))
    elif p is None:
        return None
    elif future and pre != "last":
        y = p.year if mon >= p.month else p.year + 1
    elif pre in ("last", "this past"):
        y = p.year if mon < p.month else p.year - 1
    else:
        y = p.year if mon <= p.month else p.year - 1
    lo, hi = date(y, mon, 1), _month_end(y, mon)
    part = re.search(r"\b(early|late)\s|\bmid-", m.group(0), re.IGNORECASE)  # "in late March"
    if part:
        lo, hi = {"early": (lo, lo.replace(day=10)),
                  "mid-": (lo.replace(day=11), lo.replace(day=20)),
                  "late": (lo.replace(day=21), hi)}[(part.group(1) or "mid-").lower()]
    if p is not None and not future and lo <= p < hi:
        hi = p
    return _rng(lo, hi) if lo <= hi else None


def _season_range(first_month: int, year: int) -> tuple[date, date]:
    """The season starting in ``first_month`` of ``year`` (winter runs into the next year)."""
    end_y, end_m = divmod(year * 12 + first_month - 1 + 2, 12)
    return date(year, first_month, 1), _month_end(end_y, end_m + 1)


def _season(m: re.Match, p: date, future: bool) -> str | None:
    """"last summer"/"this past summer" -> the latest such season over before P;
    "this summer" -> the one of P's year (winter: the one P is in or the next);
    "in/over/during the summer" -> the latest one begun by P, or the next when future.
    A season still running at P ends at P unless the clause speaks of the future."""
    first = _SEASONS[m.group("season").lower()]
    pre = " ".join(m.group("pre").lower().split())
    # the instances around P: started the year before, this year, next year
    runs = [_season_range(first, y) for y in (p.year - 2, p.year - 1, p.year, p.year + 1)]
    if pre in ("last", "this past"):
        lo, hi = [r for r in runs if r[1] < p][-1]
    elif pre in ("this", "earlier this"):
        lo, hi = next(r for r in runs if r[1] >= p)
        if pre == "earlier this" and lo > p:
            return None
        if not future and lo > p:
            return None
    elif future:
        lo, hi = next(r for r in runs if r[1] >= p)
    else:
        lo, hi = [r for r in runs if r[0] <= p][-1]
    if not future and lo <= p < hi:
        hi = p
    return _rng(lo, hi)


def _date_of(name: str, m: re.Match, text: str, p: date | None) -> str | None:
    future = _is_future(text, m.start(), m.end())
    if name in ("mdy", "dmy"):
        return _explicit(m, p, future)
    if name == "month":
        return _month(m, p, future)
    if name == "season":
        return None if p is None else _season(m, p, future)
    if name == "year":
        y = int(m.group("y"))
        return _rng(date(y, 1, 1), date(y, 12, 31))
    return None if p is None else _relative(name, m, p, future)


def _occasion(masked: str, after_time: int | None) -> str | None:
    """The event phrase of the reporting clause, else a place just after the time."""
    for m in _OCCASION_RE.finditer(masked):
        phrase = m.group(0)
        stop = _OCCASION_STOP.search(phrase, 1)
        phrase = phrase[: stop.start()] if stop else phrase
        phrase = phrase.strip(" ,")
        if len(phrase.split()) >= 2:
            return phrase
    if after_time is not None:
        m = _PLACE_RE.match(masked, after_time)
        if m:
            return f"{m.group(1)} {m.group(2)}".rstrip(".")
    return None


def resolve(
    text: str,
    published: str | None,
    *,
    exclude: Sequence[tuple[int, int]] = (),
    near: int | None = None,
    kinds: frozenset[str] | None = None,
) -> When:
    """When and where the utterance reported in ``text`` happened.

    ``text``: the sentence(s) holding the statement; ``published``: "YYYY-MM-DD" or None;
    ``exclude``: char spans of ``text`` to ignore (the content); ``near``: char offset of
    the cue — the time expression closest to it wins. Quoted passages are always ignored.
    ``kinds``: only these kinds of expression count (names in ``_PATTERNS``).
    """
    masked = _masked(text, exclude)
    p = _parse_published(published)
    cands = [c for c in _candidates(masked) if kinds is None or c[2] in kinds]
    if near is not None:
        cands.sort(key=lambda c: min(abs(c[0] - near), abs(c[1] - near)))
    said_on, phrase, end = None, None, None
    for start, stop, name, m in cands:
        said_on = _date_of(name, m, masked, p)
        if said_on is not None:
            phrase, end = m.group(0), stop
            break
    return When(said_on, _occasion(masked, end), phrase)


_SENT_END = re.compile(r"(?<=[.!?”\"])\s+(?=[“\"A-Z])|\n")


@functools.lru_cache(maxsize=8)
def _sentence_ends(text: str) -> list[int]:
    """Where each sentence break ends, found once per article text."""
    return [m.end() for m in _SENT_END.finditer(text)]


def reporting_window(text: str, start: int, end: int) -> tuple[int, int]:
    """Expand ``[start, end)`` to the sentence boundaries around it (plain-text heuristic)."""
    ends = _sentence_ends(text)
    i = bisect.bisect_right(ends, start)
    left = ends[i - 1] if i else 0
    right = next((m.start() for m in _SENT_END.finditer(text, end)), len(text))
    return left, right


# a sentence before the statement's own sets the scene only with a month or a season and
# an occasion ("Trump failed to allay concerns during an awkward December appearance.
# ... Trump suggested that ..."); a day there ("the prime minister's Dec. 28 meeting with
# Trump", "on Monday") more often dates another event, and so did a bare month or season
# in a sample of PolNeAR statements (most of 10 wrong)
SCENE_KINDS = frozenset(("month", "season"))


def statement_when(
    text: str,
    parts: Sequence[tuple[int, int]],
    content: Sequence[tuple[int, int]],
    published: str | None,
    *,
    cue: int | None = None,
) -> When:
    """When and where a statement of the article ``text`` was said.

    ``parts``: char spans of the statement (content, cue, speaker mention); ``content``:
    the content's spans (ignored); ``cue``: the cue's offset. Reads the sentence(s) around
    ``parts``; when they hold no time expression, the sentence just before may set the
    scene with a month or a season (``SCENE_KINDS``, not in the future) of an occasion
    ("during an awkward December appearance before the Republican Jewish Coalition").
    """
    lo, hi = reporting_window(text, min(s for s, _ in parts), max(e for _, e in parts))
    exclude = [(s - lo, e - lo) for s, e in content]
    w = resolve(text[lo:hi], published, exclude=exclude,
                near=None if cue is None else cue - lo)
    if w.said_on is None and lo > 0:
        plo, _ = reporting_window(text, lo - 1, lo - 1)
        scene = resolve(text[plo:lo], published, kinds=SCENE_KINDS,
                        exclude=[(s - plo, e - plo) for s, e in content if s < lo])
        prev = text[plo:lo]
        if (scene.said_on is not None and scene.occasion is not None
                and not _is_future(prev, *_span_of(prev, scene.phrase))):
            w = replace(w, said_on=scene.said_on, phrase=scene.phrase)
    return w


def _span_of(text: str, phrase: str | None) -> tuple[int, int]:
    i = text.find(phrase or "")
    return (i, i + len(phrase or "")) if i >= 0 else (0, 0)


def date_statement(text: str, statement: Statement, published: str | None) -> Statement:
    """``statement`` with ``said_on``/``occasion`` filled from the article ``text``.

    Looks at the sentence(s) covering the cue, the speaker mention and the content,
    ignoring the content itself, and failing a time there at the sentence before
    (``statement_when``). Returns the statement unchanged when nothing is found.
    """
    parts = [statement.content.spans[0], statement.content.spans[-1]]
    for span in (statement.cue, statement.speaker.mention):
        if span is not None:
            parts.append((span.start, span.end))
    w = statement_when(text, parts, statement.content.spans, published,
                       cue=statement.cue.start if statement.cue else None)
    if w.said_on is None and w.occasion is None:
        return statement
    return replace(statement, said_on=w.said_on, occasion=w.occasion)
