"""A small statement database for the web tests, built through the store's public API.

Statements are written by hand (no spaCy): each names its content pieces, cue
and speaker mention by the words, and the offsets are found in the text, so
``text[start:end]`` always holds what the test expects.
"""

from __future__ import annotations

from quoth.records import (Article, ArticleResult, Entity, Speaker, Statement, article_id,
                         make_content, make_span, statement_id)

HOSTILE_TITLE = "<script>alert(1)</script> Payload test"
HOSTILE_QUOTE = "<img src=x onerror=alert(1)> and <script>alert(1)</script> are just text"

ARTICLES = [
    {
        "title": "Putin: Russia's Key Security Concerns Ignored by US, NATO",
        "outlet": "Sputnik", "published": "2022-02-07", "url": "https://example.org/a1",
        "text": (
            "MOSCOW - Russia's key concerns were ignored by the US and NATO, Russian President "
            "Vladimir Putin said on Monday.\n\n"
            "\"It is precisely these central concerns of ours that turned out to be ignored by "
            "NATO,\" Putin said. \"We have never argued with this.\"\n\n"
            "French President Emmanuel Macron told reporters that Europe needs a new security "
            "order with Russia.\n"
        ),
        "statements": [
            dict(content=["Russia's key concerns were ignored by the US and NATO"], cue="said",
                 mention="Russian President Vladimir Putin", name="Vladimir Putin",
                 title="President", kind="indirect", about=[("NATO", "ORG"), ("US", "GPE")]),
            dict(content=["It is precisely these central concerns of ours that turned out to be "
                          "ignored by NATO,", "We have never argued with this."],
                 cue="said|. \"We", mention="Putin| said. \"We", name="Vladimir Putin",
                 kind="direct", about=[("NATO", "ORG")]),
            dict(content=["Europe needs a new security order with Russia"], cue="told",
                 mention="French President Emmanuel Macron", name="Emmanuel Macron",
                 title="President", kind="indirect", about=[("Europe", "LOC"), ("Russia", "GPE")]),
        ],
    },
    {
        "title": "Stoltenberg says NATO door stays open",
        "outlet": "Reuters", "published": "2022-01-20", "url": "https://example.org/a2",
        "text": (
            "BRUSSELS - NATO Secretary General Jens Stoltenberg said the alliance's door remains "
            "open to new members.\n\n"
            "\"NATO will not compromise on the right of every nation to choose its path,\" "
            "Stoltenberg said. Putin said the open door policy threatens Russia.\n"
        ),
        "statements": [
            dict(content=["the alliance's door remains open to new members"], cue="said",
                 mention="NATO Secretary General Jens Stoltenberg", name="Jens Stoltenberg",
                 title="Secretary General", kind="indirect", about=[("NATO", "ORG")]),
            dict(content=["NATO will not compromise on the right of every nation to choose its "
                          "path,"], cue="said|. Putin", mention="Stoltenberg| said. Putin",
                 name="Jens Stoltenberg", kind="direct", about=[("NATO", "ORG")]),
            dict(content=["the open door policy threatens Russia"], cue="said| the open",
                 mention="Putin| said the", name="Vladimir Putin", kind="indirect",
                 about=[("Russia", "GPE")]),
        ],
    },
    {
        "title": HOSTILE_TITLE,
        "outlet": "Example <b>Outlet</b>", "published": "2022-03-01",
        "url": "https://example.org/a3",
        "text": f"A spokesperson said \"{HOSTILE_QUOTE}\" in a statement.\n",
        "statements": [
            dict(content=[HOSTILE_QUOTE], cue="said", mention="A spokesperson",
                 name="<img src=x onerror=alert(1)>", kind="direct", about=[]),
        ],
    },
]


def _find(text: str, needle: str, after: int = 0) -> tuple[int, int]:
    """Offsets of ``needle`` in ``text``; ``a|. b`` finds ``a`` followed by ``. b``."""
    head, _, tail = needle.partition("|")
    probe = head + tail
    start = text.index(probe, after)
    return start, start + len(head)


def _statement(text: str, aid: str, spec: dict) -> Statement:
    pieces, pos = [], 0
    for piece in spec["content"]:
        start, end = _find(text, piece, pos)
        pieces.append((start, end))
        pos = end
    cue = make_span(text, *_find(text, spec["cue"]))
    mention = make_span(text, *_find(text, spec["mention"]))
    about = tuple(Entity(t, label, *_find(text, t, pieces[0][0])) for t, label in spec["about"])
    return Statement(
        id=statement_id(aid, pieces), kind=spec["kind"], content=make_content(text, pieces),
        cue=cue, speaker=Speaker(spec["name"], "PERSON", spec.get("title"), mention),
        confidence=0.9, about=about,
    )


def results() -> list[ArticleResult]:
    out = []
    for spec in ARTICLES:
        text = spec["text"]
        aid = article_id(text)
        article = Article(id=aid, text=text, title=spec["title"], outlet=spec["outlet"],
                          published=spec["published"], url=spec["url"])
        out.append(ArticleResult(article, tuple(_statement(text, aid, s)
                                                for s in spec["statements"])))
    return out


def build_db(path: str) -> list[ArticleResult]:
    """Write the three articles to a new database at ``path``; returns what was written."""
    from quoth.store import Store

    written = results()
    with Store(path) as store:
        store.add(written)
    return written


VARIANT = {
    "title": "Putin says NATO ignored Moscow's concerns",
    "outlet": "TASS", "published": "2022-02-08", "url": "https://example.org/a4",
    "text": ("MOSCOW - \"It is precisely these central concerns of ours that turned out to be "
             "ignored,\" Vladimir Putin said.\n"),
    "statements": [
        dict(content=["It is precisely these central concerns of ours that turned out to be "
                      "ignored,"], cue="said", mention="Vladimir Putin", name="Vladimir Putin",
             kind="direct", about=[]),
    ],
}


def add_variant_and_cluster(path: str) -> ArticleResult:
    """Add a second outlet's report of Putin's quote, then cluster the database."""
    from quoth.store import Store
    from quoth.store.clusters import assign_clusters

    text = VARIANT["text"]
    aid = article_id(text)
    article = Article(id=aid, text=text, title=VARIANT["title"], outlet=VARIANT["outlet"],
                      published=VARIANT["published"], url=VARIANT["url"])
    result = ArticleResult(article, tuple(_statement(text, aid, s)
                                          for s in VARIANT["statements"]))
    with Store(path) as store:
        store.add([result])
        if hasattr(store, "assign_clusters"):
            store.assign_clusters()
        else:
            assign_clusters(store.conn)
    return result
