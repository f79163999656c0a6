"""quoth: who said what, about whom, and when — attributed statements from news.

Public API::

    import quoth

    result = quoth.extract_text(text)                 # one article from a string
    for result in quoth.extract("articles/"):         # files, folders, Articles, or a mix
        for s in result.statements:
            print(s.speaker.name, s.content.text)
    articles = quoth.read("story.txt")                # Article records, no extraction
    store = quoth.Store("quoth.db")                   # search, speakers, statements

The records (``Article``, ``ArticleResult``, ``Statement``, ``Speaker``, ``Content``,
``Span``, ``Entity``) are plain frozen dataclasses; every error quoth raises is a
``QuothError``. Importing quoth loads nothing heavy: spaCy loads on the first extraction.
"""

from importlib import metadata as _metadata

from quoth.engines import DEFAULT_ENGINE, ENGINES
from quoth.errors import QuothError
from quoth.records import Article, ArticleResult, Content, Entity, Span, Speaker, Statement

try:
    __version__ = _metadata.version("quoth")
except _metadata.PackageNotFoundError:  # run from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "extract", "extract_text", "read", "Store",
    "Article", "ArticleResult", "Content", "Entity", "Span", "Speaker", "Statement",
    "QuothError", "ENGINES", "DEFAULT_ENGINE", "__version__",
]

_LAZY = {  # public name -> the module that defines it, imported on first use
    "extract": "quoth.extraction",
    "extract_text": "quoth.extraction",
    "read": "quoth.readers",
    "Store": "quoth.store",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'quoth' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
