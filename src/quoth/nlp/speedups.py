"""Only do work that is needed: the same annotations from spaCy's two slowest Python steps.

In en_core_web_sm the ``attribute_ruler`` (a Matcher of 179 patterns run over
every token, then one Span and one attribute write per match) and the rule
``lemmatizer`` (Python per token) cost about a fifth of the pipeline's time,
while almost all their work repeats: the outcome for a token depends only on a
few of its attributes. ``speed_up(nlp)`` swaps each for a cached equivalent:

- attribute ruler: single-token patterns are matched once per distinct
  ``(TAG, LOWER key, DEP, IS_SPACE)`` key (by the ruler's own Matcher, on a one-token
  span, so the pattern semantics are spaCy's; the LOWER key is the word where a
  pattern names it, else which pattern regexes it matches), the few multi-token patterns by a
  small Matcher over the doc; the matched attributes are merged per token in the
  ruler's order (later patterns win) and written once.
- lemmatizer: a lemma is computed once per ``(ORTH, POS, MORPH)`` (exactly what
  spaCy's rule lemmatizer depends on) and written for the whole doc in one call.

Both keep every token annotation identical to the components they replace:
``tests/test_run_fastpath.py`` compares POS, MORPH, LEMMA, TAG and DEP of every
token on real text, and ``bench/throughput.py`` reports the time saved. A
pipeline whose ruler uses other pattern keys, or a lemmatizer not in ``rule``
mode, is left as it is.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Any

__all__ = ["speed_up", "CachedAttributeRuler", "CachedLemmatizer"]

log = logging.getLogger("quoth.run")

CACHE_LIMIT = 8_192  # entries per cache generation: at most 2 x this many kept (flat memory)
_SINGLE_KEYS = {"TAG", "LOWER", "DEP", "IS_SPACE"}
_LAST_FLAG = 63  # attribute ids up to here are lexeme flags (spacy.attrs)


class _Cache:
    """A dict bounded to ``2 * CACHE_LIMIT`` entries: when the young generation is full it
    becomes the old one (and the old one is dropped); a hit in the old one moves back to
    the young one, so frequent keys stay while one-off names (new in every article) go."""

    def __init__(self) -> None:
        self.young: dict = {}
        self.old: dict = {}

    def get(self, key):
        value = self.young.get(key)
        if value is None:
            value = self.old.pop(key, None)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key, value) -> None:
        if len(self.young) >= CACHE_LIMIT:
            self.old, self.young = self.young, {}
        self.young[key] = value

    def __len__(self) -> int:
        return len(self.young) + len(self.old)


def speed_up(nlp) -> list[str]:
    """Replace ``attribute_ruler`` and ``lemmatizer`` in ``nlp`` by cached equivalents.

    Returns the names of the components replaced (none when they do not fit).
    """
    done = []
    for name, make in (("attribute_ruler", CachedAttributeRuler.wrap),
                       ("lemmatizer", CachedLemmatizer.wrap)):
        if name in nlp.pipe_names:
            fast = make(nlp.get_pipe(name))
            if fast is not None:
                nlp.replace_pipe(name, _registered(fast))
                done.append(name)
    return done


def _registered(component):
    """``replace_pipe`` wants a factory name; register one per instance."""
    from spacy.language import Language

    name = f"quoth_fast_{type(component).__name__.lower()}_{id(component)}"
    Language.factory(name, func=lambda nlp, name: component)  # noqa: ARG005
    return name


class CachedAttributeRuler:
    """Callable ``Doc -> Doc`` giving the same result as the wrapped AttributeRuler."""

    def __init__(self, ruler, single: dict[int, list], multi: dict[int, list]) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.single = Matcher(ruler.vocab)
        self.multi = Matcher(ruler.vocab)
        for attr_id, patterns in single.items():
            self.single.add(str(attr_id), patterns)
        for attr_id, patterns in multi.items():
            self.multi.add(str(attr_id), patterns)
        self.keys = _Cache()  # (TAG, LOWER key, DEP, IS_SPACE) -> ids of the patterns matched
        self.lower_key = _LowerKey.of(ruler.vocab, single)
        self.merged: dict[tuple[int, ...], tuple] = {}
        self.columns = sorted({a for attrs in ruler.attrs for a in attrs})

    @classmethod
    def wrap(cls, ruler) -> "CachedAttributeRuler | None":
        single, multi = {}, {}
        for attr_id in range(len(ruler.attrs)):
            _, patterns = ruler.matcher.get(str(attr_id))
            if any(len(p) > 1 for p in patterns):
                multi[attr_id] = patterns
            elif all(set(p[0]) <= _SINGLE_KEYS for p in patterns):
                single[attr_id] = patterns
            else:
                log.info("attribute ruler pattern %s uses other keys; not replaced", attr_id)
                return None
        if not all(isinstance(a, int) and a > _LAST_FLAG for attrs in ruler.attrs for a in attrs):
            log.info("attribute ruler sets lexeme or extension attributes; not replaced")
            return None
        return cls(ruler, single, multi)

    def __call__(self, doc):
        import numpy
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        if not len(doc):
            return doc
        extra = self._multi_matches(doc)
        keys = doc.to_array([TAG, LOWER, DEP, IS_SPACE]).tolist()
        out = doc.to_array(self.columns).tolist()  # the attributes patterns set, as they are
        lower_key = self.lower_key
        for i, (tag, lower, dep, space) in enumerate(keys):
            key = (tag, lower_key(lower), dep, space)
            ids = self.keys.get(key)
            if ids is None:
                ids = self._match_one(doc, i, key)
            if i in extra:
                ids = tuple(sorted(ids + tuple(extra[i])))
            row = out[i]
            for col, value in self._merge(ids):
                row[col] = value
        # Token-level attributes only (ids above the lexeme flags), so writing the
        # whole columns back equals the ruler's per-token set_token_attrs.
        doc.from_array(self.columns, numpy.asarray(out, dtype="uint64"))
        return doc

    def _multi_matches(self, doc) -> dict[int, list[int]]:
        extra: dict[int, list[int]] = defaultdict(list)
        if len(self.multi):
            for match_id, start, end in self.multi(doc, allow_missing=True):
                attr_id = int(self.ruler.vocab.strings[match_id])
                i = range(start, end)[self.ruler.indices[attr_id]]
                extra[i].append(attr_id)
        return extra

    def _match_one(self, doc, i: int, key: tuple) -> tuple[int, ...]:
        strings = self.ruler.vocab.strings
        found = self.single(doc[i:i + 1], allow_missing=True)
        ids = tuple(sorted(int(strings[m]) for m, _, _ in found))
        self.keys.put(key, ids)
        return ids

    def _merge(self, ids: tuple[int, ...]) -> tuple[tuple[int, int], ...]:
        """(column, value) pairs the patterns ``ids`` set, later patterns winning."""
        pairs = self.merged.get(ids)
        if pairs is None:
            attrs: dict[int, int] = {}
            for attr_id in ids:  # sorted: later patterns take precedence, as in the ruler
                attrs.update(self.ruler.attrs[attr_id])
            pairs = tuple((self.columns.index(a), v) for a, v in attrs.items())
            self.merged[ids] = pairs
        return pairs

    def pipe(self, docs, **_kw):  # nlp.pipe calls this when present: it must be ours
        for doc in docs:
            yield self(doc)

    def __getattr__(self, name: str) -> Any:  # scoring, serialisation: the wrapped ruler's
        return getattr(self.ruler, name)


class _LowerKey:
    """What the single-token patterns can tell apart about a token's LOWER: the string
    itself when a pattern names it, else only which of the patterns' regexes it
    matches. Tokens with equal keys match the same patterns, so one lookup serves all
    the words no pattern names (most of them) instead of one per distinct word."""

    def __init__(self, vocab, literals: set[str], regexes: list[str]) -> None:
        self.strings = vocab.strings
        self.literals = {vocab.strings.add(w) for w in literals}
        self.regexes = [re.compile(r) for r in regexes]
        self.memo = _Cache()

    @classmethod
    def of(cls, vocab, single: dict[int, list]):
        """The key function for these patterns (identity when a LOWER test is of another kind)."""
        literals: set[str] = set()
        regexes: list[str] = []
        for patterns in single.values():
            for pattern in patterns:
                spec = pattern[0].get("LOWER")
                if spec is None:
                    continue
                if isinstance(spec, str):
                    literals.add(spec)
                elif isinstance(spec, dict) and set(spec) == {"IN"}:
                    literals.update(spec["IN"])
                elif isinstance(spec, dict) and set(spec) == {"REGEX"}:
                    regexes.append(spec["REGEX"])
                else:
                    return _identity
        return cls(vocab, literals, regexes)

    def __call__(self, lower: int):
        if lower in self.literals:
            return lower
        key = self.memo.get(lower)
        if key is None:
            text = self.strings[lower]
            key = tuple(bool(r.search(text)) for r in self.regexes)
            self.memo.put(lower, key)
        return key


def _identity(value):
    return value


class CachedLemmatizer:
    """Callable ``Doc -> Doc`` giving the same lemmas as a rule-mode Lemmatizer."""

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.cache = _Cache()  # (ORTH, POS, MORPH) -> lemma

    @classmethod
    def wrap(cls, lemmatizer) -> "CachedLemmatizer | None":
        if getattr(lemmatizer, "mode", None) != "rule":
            return None
        return cls(lemmatizer)

    def __call__(self, doc):
        import numpy
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        if not len(doc):
            return doc
        overwrite = self.lemmatizer.overwrite
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        add = doc.vocab.strings.add
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if overwrite or lemma == 0:
                text = self.cache.get((orth, pos, morph))
                if text is None:
                    text = self._lemma(doc[i], (orth, pos, morph))
                lemmas[i] = add(text)
        doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))
        return doc

    def _lemma(self, token, key: tuple[int, int, int]) -> str:
        text = self.lemmatizer.lemmatize(token)[0]
        self.cache.put(key, text)
        return text

    def pipe(self, docs, **_kw):
        for doc in docs:
            yield self(doc)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.lemmatizer, name)
