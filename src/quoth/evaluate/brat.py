"""Attribution corpora in brat standoff, laid out like PolNeAR.

    CORPUS_DIR/text/NAME.txt
    CORPUS_DIR/attributions/NAME_ANNOTATOR.ann   (or NAME.ann)

Text-bound annotations ``T1<TAB>Source 89 106<TAB>The New York Post`` (spans may
be discontinuous: ``315 448;463 553``) are linked by events
``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1`` (``Content2`` etc. add
pieces; ``Attribution-no-source`` events have no Source). When several .ann
files annotate one text, the first annotator listed for it in ``metadata.tsv``
(column ``annotators``, ``|``-separated) wins, else the first file alphabetically.
Malformed lines are reported (file, line, why) to ``on_error`` and skipped.
"""

from __future__ import annotations

import csv
import os
import re
from dataclasses import dataclass
from typing import Callable, Iterator

from quoth.errors import InputError, RecordError

__all__ = [
    "GoldAttribution", "GoldDocument", "parse_ann", "iter_corpus", "check_corpus", "choose_ann",
]

Spans = tuple[tuple[int, int], ...]
OnError = Callable[[InputError], None]

_TEXTBOUND = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_EVENT = re.compile(r"^(E\d+)\t(.*)$")


@dataclass(frozen=True)
class GoldAttribution:
    """One gold attribution: content, cue and source pieces as (start, end) offsets."""

    content: Spans
    cue: Spans = ()
    source: Spans = ()


@dataclass(frozen=True)
class GoldDocument:
    name: str
    text_path: str
    ann_path: str | None
    attributions: tuple[GoldAttribution, ...]


def parse_ann(lines, *, source: str, text: str | None = None,
              on_error: OnError = lambda e: None) -> list[GoldAttribution]:
    """The attributions in brat standoff ``lines`` (checked against ``text`` when given)."""
    spans: dict[str, Spans] = {}
    events: list[tuple[int, str]] = []
    for number, raw in enumerate(lines, 1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line[0] not in "TE":
            continue  # notes, relations, attributes: not needed here
        if line[0] == "E":
            match = _EVENT.match(line)
            if match:
                events.append((number, match.group(2)))
            else:
                on_error(RecordError(source, "The event line is malformed.", line=number))
            continue
        found = _textbound(line, number, source=source, text=text, on_error=on_error)
        if found:
            spans[found[0]] = found[1]
    out = []
    for number, body in events:
        gold = _event(body, spans, number, source=source, on_error=on_error)
        if gold is not None:
            out.append(gold)
    return out


def _textbound(line, number, *, source, text, on_error):
    match = _TEXTBOUND.match(line)
    if not match:
        on_error(RecordError(source, "The text-bound line is malformed.", line=number))
        return None
    pieces = tuple(tuple(int(x) for x in part.split()) for part in match.group(3).split(";"))
    if any(end < start for start, end in pieces):
        on_error(RecordError(source, "The span ends before it starts.", line=number))
        return None
    if text is not None and " ".join(text[s:e] for s, e in pieces) != match.group(4):
        on_error(RecordError(source, "The span's text does not match the article.", line=number))
        return None
    return match.group(1), pieces


def _event(body, spans, number, *, source, on_error) -> GoldAttribution | None:
    roles: dict[str, list[tuple[int, int]]] = {"Content": [], "Cue": [], "Source": []}
    for arg in body.split():
        role, _, ref = arg.partition(":")
        kind = role.rstrip("0123456789")
        if kind not in roles:
            continue  # the trigger (Attribution / Attribution-no-source)
        if ref not in spans:
            on_error(RecordError(source, f"The event refers to {ref}, which is missing.",
                                 line=number))
            return None
        roles[kind].extend(spans[ref])
    if not roles["Content"]:
        on_error(RecordError(source, "The attribution has no content.", line=number))
        return None
    return GoldAttribution(*(tuple(sorted(roles[k])) for k in ("Content", "Cue", "Source")))


def annotator_order(corpus_dir: str) -> dict[str, list[str]]:
    """filename -> annotators, from metadata.tsv in or next to ``corpus_dir`` (may be empty)."""
    for candidate in (os.path.join(corpus_dir, "metadata.tsv"),
                      os.path.join(os.path.dirname(os.path.abspath(corpus_dir)), "metadata.tsv")):
        if os.path.isfile(candidate):
            with open(candidate, encoding="utf-8", newline="") as handle:
                rows = csv.DictReader(handle, delimiter="\t")
                return {row["filename"]: re.split(r"[|,;\s]+", row.get("annotators") or "")
                        for row in rows if row.get("filename")}
    return {}


def choose_ann(name: str, ann_files: list[str], order: dict[str, list[str]]) -> str | None:
    """The .ann file to score ``name`` against (see the module docstring)."""
    candidates = sorted(f for f in ann_files
                        if f == f"{name}.ann" or (f.startswith(f"{name}_") and f.endswith(".ann")
                                                  and "_" not in f[len(name) + 1:-4]))
    for annotator in order.get(name, []):
        if f"{name}_{annotator}.ann" in candidates:
            return f"{name}_{annotator}.ann"
    return candidates[0] if candidates else None


def check_corpus(corpus_dir: str) -> None:
    """Raise InputError unless ``corpus_dir`` has text/ and attributions/ folders."""
    for sub in ("text", "attributions"):
        if not os.path.isdir(os.path.join(corpus_dir, sub)):
            raise InputError(corpus_dir, f"This is not a brat corpus: it has no {sub}/ folder.")


def iter_corpus(corpus_dir: str, *, limit: int | None = None,
                on_error: OnError = lambda e: None) -> Iterator[tuple[str, GoldDocument]]:
    """(text, gold document) for each text in ``corpus_dir`` that has annotations, by name."""
    check_corpus(corpus_dir)
    text_dir = os.path.join(corpus_dir, "text")
    ann_dir = os.path.join(corpus_dir, "attributions")
    ann_files = sorted(os.listdir(ann_dir))
    order = annotator_order(corpus_dir)
    done = 0
    for entry in sorted(os.listdir(text_dir)):
        if not entry.endswith(".txt") or (limit is not None and done >= limit):
            continue
        document = _load(corpus_dir, entry[:-4], ann_files, order, on_error)
        if document is not None:
            done += 1
            yield document


def _load(corpus_dir, name, ann_files, order, on_error):
    text_path = os.path.join(corpus_dir, "text", name + ".txt")
    ann = choose_ann(name, ann_files, order)
    if ann is None:
        on_error(InputError(text_path, "This text has no .ann file."))
        return None
    ann_path = os.path.join(corpus_dir, "attributions", ann)
    try:
        with open(text_path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        with open(ann_path, encoding="utf-8", newline="") as handle:
            gold = parse_ann(handle, source=ann_path, text=text, on_error=on_error)
    except (OSError, UnicodeDecodeError) as exc:
        on_error(InputError(text_path, f"The file cannot be read ({exc})."))
        return None
    return text, GoldDocument(name, text_path, ann_path, tuple(gold))
