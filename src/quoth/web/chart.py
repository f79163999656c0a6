"""A statements-over-time bar chart, laid out in Python and drawn as inline SVG.

:func:`timeline` takes ``(date, count)`` pairs (ISO dates; a ``start/end`` range
counts at its start; undated pairs are ignored), fills empty days/weeks/months
with zero so gaps are visible, and returns plain geometry that the template
draws: bars, y-axis ticks and a few x-axis labels. No HTML is built here.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

__all__ = ["parse_day", "bucket_start", "choose_unit", "timeline"]

UNITS = ("day", "week", "month")
WIDTH, HEIGHT = 760, 220
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 40, 12, 12, 34
MAX_X_LABELS = 8


def parse_day(value: Any) -> dt.date | None:
    """The date a ``said_on``/``published`` value points at, or None."""
    if not value:
        return None
    text = str(value).split("/", 1)[0].strip()
    for fmt, size in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        try:
            return dt.datetime.strptime(text[:size], fmt).date()
        except ValueError:
            continue
    return None


def bucket_start(day: dt.date, unit: str) -> dt.date:
    if unit == "week":
        return day - dt.timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: dt.date, unit: str) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=1)
    if unit == "week":
        return day + dt.timedelta(days=7)
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def choose_unit(first: dt.date, last: dt.date) -> str:
    """Days for up to ~3 months, weeks for up to ~3 years, months beyond."""
    span = (last - first).days
    return "day" if span <= 92 else "week" if span <= 3 * 366 else "month"


def _counts(points: Iterable[tuple[Any, int]], unit: str | None) -> tuple[str, dict[dt.date, int]]:
    days: dict[dt.date, int] = {}
    for value, count in points:
        day = parse_day(value)
        if day is not None:
            days[day] = days.get(day, 0) + int(count)
    if not days:
        return unit or "day", {}
    unit = unit if unit in UNITS else choose_unit(min(days), max(days))
    buckets: dict[dt.date, int] = {}
    for day, count in days.items():
        key = bucket_start(day, unit)
        buckets[key] = buckets.get(key, 0) + count
    return unit, buckets


def _label(day: dt.date, unit: str) -> str:
    if unit == "month":
        return day.strftime("%b %Y")
    return day.isoformat()


def _y_ticks(top: int) -> list[int]:
    step = max(1, -(-top // 4))
    return list(range(0, top + 1, step))


def timeline(points: Iterable[tuple[Any, int]], *, unit: str | None = None) -> dict[str, Any]:
    """Bar-chart geometry for statement counts per day/week/month."""
    unit, buckets = _counts(points, unit)
    chart: dict[str, Any] = {"unit": unit, "width": WIDTH, "height": HEIGHT, "bars": [],
                             "yticks": [], "xlabels": [], "total": sum(buckets.values())}
    if not buckets:
        return chart
    keys = [min(buckets)]
    while keys[-1] < max(buckets):
        keys.append(_next(keys[-1], unit))
    top = max(buckets.values())
    ticks = _y_ticks(top)
    ymax = max(ticks[-1], top)
    plot_w, plot_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    slot = plot_w / len(keys)
    bar_w = max(1.0, slot * 0.8)
    base = PAD_TOP + plot_h
    for i, key in enumerate(keys):
        count = buckets.get(key, 0)
        h = plot_h * count / ymax
        chart["bars"].append({
            "x": round(PAD_LEFT + i * slot + (slot - bar_w) / 2, 2), "y": round(base - h, 2),
            "w": round(bar_w, 2), "h": round(h, 2), "count": count,
            "start": key.isoformat(), "label": _label(key, unit),
        })
    chart["yticks"] = [{"value": v, "y": round(base - plot_h * v / ymax, 2)} for v in ticks]
    every = max(1, -(-len(keys) // MAX_X_LABELS))
    chart["xlabels"] = [{"x": round(PAD_LEFT + (i + 0.5) * slot, 2), "text": _label(k, unit)}
                        for i, k in enumerate(keys) if i % every == 0]
    chart.update(left=PAD_LEFT, right=WIDTH - PAD_RIGHT, base=base, top=PAD_TOP)
    return chart
