"""Word-by-word differences between two versions of a statement (plain data).

``diff_words(a, b)`` returns ``[(op, text), ...]`` where ``op`` is one of:

- ``"same"``    words in both versions
- ``"missing"`` words of ``a`` that ``b`` leaves out (``b`` trimmed them)
- ``"added"``   words ``b`` has that ``a`` lacks
- ``"changed"`` words of ``a`` that ``b`` replaced; the replacement follows as ``"added"``

Matching ignores case and punctuation around words, so "Russia's" and "Russia’s,"
compare equal; the text shown is each version's own words. The CLI prints it with
``[-missing-]`` / ``{+added+}`` marks (:func:`render`); the web app styles the ops.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

__all__ = ["diff_words", "render", "OPS"]

OPS = ("same", "missing", "added", "changed")
_WORD = re.compile(r"\S+")


def _norm(word: str) -> str:
    w = unicodedata.normalize("NFKC", word).replace("’", "'").lower()
    return w.strip(".,;:!?\"“”‘'()[]—–-…")


def _join(words: list[str]) -> str:
    return " ".join(words)


def diff_words(a: str, b: str) -> list[tuple[str, str]]:
    """How version ``b`` differs from version ``a``, word by word."""
    wa, wb = _WORD.findall(a), _WORD.findall(b)
    sm = difflib.SequenceMatcher(None, [_norm(w) for w in wa], [_norm(w) for w in wb],
                                 autojunk=False)
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            out.append(("same", _join(wb[j1:j2])))
        elif tag == "delete":
            out.append(("missing", _join(wa[i1:i2])))
        elif tag == "insert":
            out.append(("added", _join(wb[j1:j2])))
        else:
            out.append(("changed", _join(wa[i1:i2])))
            out.append(("added", _join(wb[j1:j2])))
    return out


def render(ops: list[tuple[str, str]]) -> str:
    """A one-line text form: ``[-missing-]``, ``[~changed~]{+new+}``, ``{+added+}``."""
    marks = {"same": "{}", "missing": "[-{}-]", "added": "{{+{}+}}", "changed": "[~{}~]"}
    return " ".join(marks[op].format(text) for op, text in ops)
