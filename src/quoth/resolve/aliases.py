"""Speaker aliases: one person or organisation under several names (across languages).

``canonical(name)`` gives the canonical name an alias file lists for ``name``
("Vladimir Poutine" -> "Vladimir Putin", "l'Otan" -> "NATO"), else ``name``
unchanged. The bundled ``quoth/data/aliases.tsv`` is read first, then every file
named in ``QUOTH_ALIASES`` (paths joined by ``os.pathsep``), so a user line wins.
Format and matching rules: see the head of ``aliases.tsv``.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from importlib import resources

__all__ = ["canonical", "alias_key", "load_aliases"]

ENV = "QUOTH_ALIASES"
_ARTICLE = re.compile(r"^(?:l'|le |la |les )", re.I)


def alias_key(name: str) -> str:
    """``name`` folded: lower case, no accents, straight apostrophes, no leading article."""
    text = unicodedata.normalize("NFKD", name.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return _ARTICLE.sub("", " ".join(text.split()))


def canonical(name: str | None) -> str | None:
    """The canonical name for ``name`` (unchanged when no alias file lists it)."""
    if not name:
        return name
    return load_aliases(os.environ.get(ENV, "")).get(alias_key(name), name)


@functools.lru_cache(maxsize=8)
def load_aliases(user_files: str = "") -> dict[str, str]:
    """alias key -> canonical name, from the bundled file then ``user_files``."""
    table: dict[str, str] = {}
    bundled = resources.files("quoth") / "data" / "aliases.tsv"
    _read(bundled.read_text(encoding="utf-8"), table)
    for path in filter(None, user_files.split(os.pathsep)):
        with open(path, encoding="utf-8") as fh:
            _read(fh.read(), table)
    return table


def _read(text: str, table: dict[str, str]) -> None:
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#") or "\t" not in line:
            continue
        alias, name = (part.strip() for part in line.split("\t", 1))
        if alias and name:
            table[alias_key(alias)] = name
