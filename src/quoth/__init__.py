"""quoth: who said what, about whom, and when — attributed statements from news.

Public API::

    from quoth import read, extract, Article, Statement, Speaker
"""

from quoth.errors import QuothError
from quoth.model import Article, ArticleResult, Content, Entity, Span, Speaker, Statement

__version__ = "0.1.0"

__all__ = [
    "Article", "ArticleResult", "Content", "Entity", "Span", "Speaker", "Statement",
    "QuothError", "read", "extract",
]


def __getattr__(name):  # lazy: importing quoth must not load spaCy
    if name == "read":
        from quoth.read import read
        return read
    if name == "extract":
        from quoth.extract import extract
        return extract
    raise AttributeError(name)
