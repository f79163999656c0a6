"""The plain records that cross quoth's module borders, and their JSON form.

Everything here is a frozen dataclass of str/int/float/None/tuples, so records
pickle cleanly for Dask workers and serialise to the output contract::

    {"article": {...}, "statements": [{...}, ...]}

Offsets are character offsets into ``Article.text`` exactly as decoded, so
``article.text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable

__all__ = [
    "Span",
    "Content",
    "Speaker",
    "Entity",
    "Statement",
    "Article",
    "ArticleResult",
    "KINDS",
    "ACTS",
    "SPEAKER_TYPES",
    "article_id",
    "statement_id",
    "make_span",
    "make_content",
    "join_pieces",
]

KINDS = ("direct", "indirect", "mixed")
ACTS = ("say", "think", "want", "other")  # what kind of statement (quoth.resolve.act)
SPEAKER_TYPES = ("PERSON", "ORG", "GPE", "GROUP")


@dataclass(frozen=True)
class Span:
    """A piece of the article text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Span | None":
        return None if d is None else cls(d["start"], d["end"], d["text"])


@dataclass(frozen=True)
class Content:
    """What was said. ``spans`` lists the pieces of a discontinuous content
    (``"X," he said. "Y."``); ``start``/``end`` cover the whole, and ``text`` is the
    pieces joined (``join_pieces``): the attribution between them is left out."""

    start: int
    end: int
    text: str
    spans: tuple[tuple[int, int], ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "spans": [list(s) for s in self.spans],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Content":
        spans = tuple(tuple(s) for s in d.get("spans") or [(d["start"], d["end"])])
        return cls(d["start"], d["end"], d["text"], spans)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Speaker:
    """Who said it: the canonical entity in this article and the mention that names it."""

    name: str | None = None
    type: str | None = None  # one of SPEAKER_TYPES or None
    title: str | None = None
    mention: Span | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "type": self.type,
            "title": self.title,
            "mention": self.mention.to_dict() if self.mention else None,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> "Speaker":
        d = d or {}
        return cls(d.get("name"), d.get("type"), d.get("title"), Span.from_dict(d.get("mention")))


@dataclass(frozen=True)
class Entity:
    """A named entity a statement is about (the "about" facet)."""

    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, NORP, LOC, ...
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Entity":
        return cls(d["text"], d["label"], d["start"], d["end"])


@dataclass(frozen=True)
class Statement:
    """One attributed statement. ``kind`` is one of KINDS; ``act`` one of ACTS: ``say``,
    ``think``, ``want`` are statements, ``other`` an attribution with no propositional
    content (a poll figure, an endorsement, an action, a bare topic). Default views show
    ``shown`` statements only: a statement (not ``other``; None: not classified, from a
    record written before ``act`` existed) tied to a speaker quoth could name."""

    id: str
    kind: str
    content: Content
    cue: Span | None
    speaker: Speaker
    confidence: float
    about: tuple[Entity, ...] = ()
    said_on: str | None = None  # ISO date or "YYYY-MM-DD/YYYY-MM-DD" range
    occasion: str | None = None
    act: str | None = None

    @property
    def shown(self) -> bool:
        """In the default views: a statement (not ``other``) by a speaker quoth named."""
        return self.act != "other" and self.speaker.name is not None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "act": self.act,
            "content": self.content.to_dict(),
            "cue": self.cue.to_dict() if self.cue else None,
            "speaker": self.speaker.to_dict(),
            "confidence": round(float(self.confidence), 4),
        }
        if self.about:
            d["about"] = [e.to_dict() for e in self.about]
        if self.said_on is not None or self.occasion is not None:
            d["said_on"] = self.said_on
            d["occasion"] = self.occasion
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Statement":
        return cls(
            id=d["id"],
            kind=d["kind"],
            content=Content.from_dict(d["content"]),
            cue=Span.from_dict(d.get("cue")),
            speaker=Speaker.from_dict(d.get("speaker")),
            confidence=float(d.get("confidence", 0.0)),
            about=tuple(Entity.from_dict(e) for e in d.get("about") or ()),
            said_on=d.get("said_on"),
            occasion=d.get("occasion"),
            act=d.get("act"),
        )


@dataclass(frozen=True)
class Article:
    """One news article: its text exactly as decoded, and the metadata found for it.

    ``path`` is the input path as given (``-`` for stdin); ``source`` says where
    inside that input the article came from (``"line 12"``, ``"record 3"``) when
    one file holds many articles. ``lang`` is the article's language, detected by
    the extractor unless given (``--lang``).
    """

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    published: str | None = None  # YYYY-MM-DD
    updated: str | None = None  # ISO-8601
    outlet: str | None = None
    dateline: str | None = None
    url: str | None = None
    source: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=(), compare=False)
    lang: str | None = None  # ISO 639-1 code (quoth.nlp.lang); None until detected

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "published": self.published,
            "updated": self.updated,
            "outlet": self.outlet,
            "dateline": self.dateline,
            "url": self.url,
            "lang": self.lang,
        }

    def with_(self, **changes: Any) -> "Article":
        return replace(self, **changes)


@dataclass(frozen=True)
class ArticleResult:
    """An article and the statements found in it: what every runner produces. ``error``
    says why none could be extracted (the extractor failed on this article: reported,
    counted and not stored, so a later run tries it again); None when extraction ran.
    ``note`` says why an article that is stored has no statements by design (its
    language is one quoth does not extract)."""

    article: Article
    statements: tuple[Statement, ...]
    error: str | None = None
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "article": self.article.to_dict(),
            "statements": [s.to_dict() for s in self.statements],
        }
        if self.error is not None:
            out["error"] = self.error
        if self.note is not None:
            out["note"] = self.note
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any], text: str) -> "ArticleResult":
        a = d["article"]
        article = Article(
            id=a["id"], text=text, path=a.get("path"), title=a.get("title"),
            published=a.get("published"), updated=a.get("updated"), outlet=a.get("outlet"),
            dateline=a.get("dateline"), url=a.get("url"), lang=a.get("lang"),
        )
        return cls(article, tuple(Statement.from_dict(s) for s in d["statements"]), d.get("error"),
                   d.get("note"))


def article_id(text: str) -> str:
    """A stable id for an article: the first 16 hex digits of the SHA-1 of its text."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def statement_id(article: str, spans: Iterable[tuple[int, int]]) -> str:
    """A stable id for a statement: article id + its content spans."""
    key = article + ":" + ";".join(f"{s}-{e}" for s, e in spans)
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def make_span(text: str, start: int, end: int) -> Span:
    """A Span over ``text[start:end]`` (the only way spans should be built)."""
    return Span(start, end, text[start:end])


def make_content(text: str, spans: Iterable[tuple[int, int]]) -> Content:
    """A Content over sorted, non-empty pieces of ``text`` (``text``: ``join_pieces``)."""
    pieces = tuple(sorted((s, e) for s, e in spans if e > s))
    if not pieces:
        raise ValueError("content needs at least one non-empty span")
    return Content(pieces[0][0], pieces[-1][1], join_pieces(text, pieces), pieces)


def join_pieces(text: str, pieces: Iterable[tuple[int, int]]) -> str:
    """The content's pieces as one text: where words stand between two pieces (the
    attribution of ``"X," she said. "Y."``) they are joined by " … "; where only spaces
    or punctuation do, the text between them is kept as it is."""
    out: list[str] = []
    last = None
    for s, e in pieces:
        if last is not None:
            gap = text[last:s]
            out.append(" … " if _WORDY.search(gap) else gap)
        out.append(text[s:e])
        last = e
    return "".join(out)


_WORDY = re.compile(r"\w")
