"""Person names, pure functions: strip titles/roles, normalise, split first names from surname.

``parse_name("Russian President Vladimir Putin")`` ->
``Name(full="Vladimir Putin", first=("vladimir",), surname="putin", titles=("President",),
honorific=None)``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from quoth.resolve.speaker_names import clean_name, clean_title

__all__ = ["Name", "parse_name", "normalise", "first_names_compatible"]

# Role words that may precede a name; multi-word roles are matched word by word.
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "secretary", "chancellor", "senator", "sen",
    "sen.", "representative", "rep", "rep.", "congressman", "congresswoman", "governor", "gov",
    "gov.", "mayor", "general", "gen", "gen.", "admiral", "colonel", "col.", "captain", "capt.",
    "judge", "justice", "chief", "king", "queen", "prince", "princess", "pope", "ambassador",
    "spokesman", "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "chair",
    "speaker", "leader", "commissioner", "attorney", "deputy", "foreign", "defense", "defence",
    "state", "former", "ex", "acting", "candidate", "nominee", "democratic", "republican",
    "gop", "presidential", "house", "senate", "majority", "minority", "u.s.", "us", "state's",
    "sheriff", "officer", "police", "professor", "prof.", "dr", "dr.", "reverend", "rev.",
    "sir", "dame", "lord", "lady", "ceo", "founder", "executive", "press", "white",
    "the", "then", "then-", "top", "senior", "campaign", "manager", "adviser", "advisor",
    "aide", "economist", "analyst", "lawmaker", "lt.", "sgt.", "sergeant", "lieutenant",
    "premier", "emir", "sheikh", "ayatollah", "supreme", "crown", "first", "of",
    "managing",
}
HONORIFICS = {"mr": "m", "mr.": "m", "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f",
              "miss": "f", "mme": "f", "mme.": "f", "m.": "m", "herr": "m", "frau": "f"}
SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "md"}
# a headline verb glued to a name by the finder ("Obama Says") is not part of it
REPORTING = {"says", "said", "tells", "told", "adds", "added", "claims", "claimed", "warns",
             "warned", "insists", "argues", "writes", "wrote", "asks", "asked", "notes",
             "explains", "slams", "blasts", "urges", "vows", "admits", "denies", "calls"}
_NATIONALITY = re.compile(r"^[A-Z][a-z]+(an|ian|ese|ish|i|ch|ic)$")
# an organisation's acronym qualifying a role: "NATO Secretary General", "UN Secretary-General"
_ACRONYM = re.compile(r"^[A-Z](?:[A-Z&]|\.[A-Z])+\.?$")


def _is_title(word: str) -> bool:
    """A role word, also hyphenated ("Secretary-General", "Vice-President")."""
    low = word.lower()
    return low in TITLE_WORDS or (
        "-" in low.strip("-") and all(p in TITLE_WORDS for p in low.split("-")))


@dataclass(frozen=True)
class Name:
    full: str  # the name without titles, as written
    first: tuple[str, ...]  # normalised given names/initials ("vladimir",) or ()
    surname: str  # normalised last name ("" when none)
    titles: tuple[str, ...]  # roles as written ("President",)
    honorific: str | None  # "m" / "f" from Mr./Mrs./Ms., else None
    suffix: str = ""  # normalised "jr" / "sr" / "ii": Donald Trump Jr. is not Donald Trump

    @property
    def key(self) -> str:
        return normalise(self.full)


def normalise(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: the matching key of a name."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"['’`]s\b", "", text.lower())
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def parse_name(text: str) -> Name:
    """Split a person mention into titles, honorific, given names, surname and suffix; the
    name is cleaned of the words around it that are no part of it (``clean_name``)."""
    words = re.sub(r"['’]s$", "", (text or "").strip()).replace(",", " ").split()
    while len(words) > 1 and words[0][:1].islower() and any(w[:1].isupper() for w in words):
        words = words[1:]  # "a man named Tom Clarke" -> "Tom Clarke"
    titles: list[str] = []
    honorific = None
    while len(words) > 1:
        low = words[0].lower()
        if low in HONORIFICS:
            honorific = HONORIFICS[low]
        elif _is_title(words[0]) or (
                (_NATIONALITY.match(words[0]) or _ACRONYM.match(words[0]))
                and _is_title(words[1])):
            if low not in {"the", "then", "then-"}:
                titles.append(words[0])
        else:
            break
        words = words[1:]
    while len(words) > 1 and words[-1].lower() in REPORTING:
        words = words[:-1]
    words = clean_name(" ".join(words)).split() or words
    suffix = ""
    if len(words) > 1 and words[-1].lower().rstrip(".") in ("jr", "sr", "ii", "iii", "iv"):
        suffix = words[-1].lower().rstrip(".")
    while len(words) > 1 and words[-1].lower() in SUFFIXES - _KEPT_SUFFIXES:
        words = words[:-1]
    full = " ".join(words)
    parts = [p for p in normalise(full).split() if p not in ("jr", "sr", "ii", "iii", "iv")]
    surname = parts[-1] if parts else ""
    return Name(full, tuple(parts[:-1]), surname, _title_phrase(titles), honorific, suffix)


# a suffix tells two people apart (Donald Trump Jr.); degrees do not
_KEPT_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _title_phrase(titles: list[str]) -> tuple[str, ...]:
    """Keep the role (drop nationality adjectives): ["Russian", "President"] -> ("President",)."""
    roles = [t for t in titles if _is_title(t)]
    title = clean_title(" ".join(roles)) if roles else None
    return (title,) if title else ()


def first_names_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """True when given names may be the same person: equal, or one an initial of the other.

    Empty given names are compatible with anything (a bare surname).
    """
    if not a or not b:
        return True
    x, y = a[0], b[0]
    if x == y or (len(x) == 1 and y.startswith(x)) or (len(y) == 1 and x.startswith(y)):
        return True
    short, long_ = sorted((a, b), key=len)  # "Hillary" within "Crooked Hillary"
    return len(short) < len(long_) and all(n in long_ for n in short if len(n) > 1)
