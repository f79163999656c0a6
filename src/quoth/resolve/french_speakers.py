"""Who a French statement's speaker is: names, titles, roles and pronouns.

``FrenchSpeakers(doc, text)`` is built once per article; ``resolve(mention, at)``
turns the words naming a speaker into a ``Speaker``:

- a name (``Ana Sofia Cardenal``, ``Mme Cardenal``, ``M. Véran``): the fullest form the
  article gives for that surname; ``M.``/``Mme`` give the gender;
- a role with a name beside it anywhere in the article (``le ministre de la Santé
  Olivier Véran``, ``Vladimir Poutine, le président russe``): that person, the role as
  title; a role alone (``le philosophe``) is the last person named before it in the
  same or the previous paragraph, else the role itself;
- ``il``/``elle``/``lui``/``qui``: the last speaker of that gender in the paragraph, else
  an indefinite subject of the sentence before (``un chiraquien s'est souvenu …``), else
  the last speaker or person of that gender before it (gender from ``Mme``/``M.``, from
  ``a-t-elle``/``elle`` used for that person before, and from agreement such as
  ``professeure``); for an incise, "before" means before its quote;
- no words at all (a quote with no cue): the last person who spoke, not a thing
  (``leur étude``) nor the author of an embedded post;
- any other phrase (``un ténor de la droite``, ``les auteurs``) is the speaker as written.

Every name then goes through ``quoth.resolve.aliases.canonical``, so "Vladimir Poutine" is the
speaker "Vladimir Putin" and "l'Otan" is "NATO".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quoth.resolve.aliases import canonical
from quoth.records import Speaker, make_span
from quoth.nlp.french_lexicon import PRONOUNS, ROLE_WORDS, TITLES

__all__ = ["FrenchSpeakers"]

_UP = "A-ZÀ-ÖØ-Ý"
_NAME_RUN = re.compile(rf"(?:(?:M\.|Mme|Mlle)\s+)?[{_UP}][\w’'-]+"
                       rf"(?:\s+(?:(?:de|du|d[’'])\s*)?[{_UP}][\w’'-]+)*")
_TITLE = re.compile(r"^(M\.|Mme|Mlle|Monsieur|Madame|Mgr|Dr|Pr|Me)\s+")
_FEMININE = re.compile(r"\b(?:a-t-elle|elle|professeure|auteure|présidente|ministre déléguée|"
                       r"directrice|chercheuse|porte-parole|sénatrice|députée|conseillère)\b")
_ARTICLE_NAME = re.compile(rf"^(?:[Ll]e|[Ll]a|[Ll]es|[Ll][’'])\s*(?=[{_UP}])")
_ROLE_THEN_NAME = re.compile(rf"^(?P<role>.*[a-zà-ÿ]\S*)\s+(?P<name>{_NAME_RUN.pattern})$")
_LEAD_NOUN = re.compile(r"^(?:L[’']|Le\s|La\s|Les\s|Un\s|Une\s)\S*\s+(?:d[’']|de\s+|du\s+|des\s+)")
# "un chiraquien s'est souvenu", "une proche a raconté": an indefinite person as a subject
_INDEFINITE_SUBJECT = re.compile(
    r"(?:^|(?<=[\s,;\"»”]))(?P<np>(?P<det>[Uu]ne?)\s+[a-zà-ÿ][\w-]*"
    r"(?:\s+(?:de\s+la|de|du|des|d[’'])?\s*[a-zà-ÿ][\w-]*){0,3}?)"
    r"\s+(?:s[’']|se\s|a\s|avait\s|est\s|était\s)")
LOOKBACK = 1500  # characters searched back for the person a role or pronoun stands for
ORG_LABELS = {"ORG"}


@dataclass
class _Person:
    name: str
    start: int
    gender: str | None
    type: str = "PERSON"
    title: str | None = None


class FrenchSpeakers:
    """Speaker resolution for one French article."""

    def __init__(self, doc, text: str) -> None:
        self.text = text
        self.people = self._people(doc)
        self.said: list[tuple[_Person, int]] = []  # speakers so far, where each was named

    def _people(self, doc) -> list[_Person]:
        """Persons named in the article: the parser's PER names and capitalised runs of two
        words or more (the small French model misses many names)."""
        found: dict[int, _Person] = {}
        for ent in doc.ents:
            if ent.label_ in ("PER", "ORG") and ent.text[:1].isupper():
                kind = "PERSON" if ent.label_ == "PER" else "ORG"
                found[ent.start_char] = _Person(ent.text, ent.start_char, None, kind)
        for m in _NAME_RUN.finditer(self.text):
            name, start = _after_institution(self.text, m.group(), m.start())
            if len(name.split()) >= 2 and (start not in found or
                                           len(found[start].name) < len(name)):
                found[start] = _Person(name, start, None)
        people = sorted(found.values(), key=lambda p: p.start)
        for p in people:
            p.gender = _gender(p.name) or self._gender_near(p)
            p.name = _TITLE.sub("", p.name)
        return people

    def _gender_near(self, p: _Person) -> str | None:
        after = self.text[p.start + len(p.name):p.start + len(p.name) + 60]
        if re.match(r"\s*,\s*(?:la|une)\b|\s*,\s*[\w-]+e\b", after) or _FEMININE.match(after):
            return "f"
        return None

    def interviewee(self, mention_at: int) -> Speaker:
        """The person an interview is with: the person the article names most often."""
        counts: dict[str, int] = {}
        for p in self.people:
            if p.type == "PERSON":
                full = self._fullest(p.name, p.start).name
                counts[full] = counts.get(full, 0) + 1
        if not counts:
            return Speaker()
        name = max(counts, key=lambda n: (counts[n], len(n)))
        person = self._fullest(name, mention_at)
        self.said.append((person, mention_at))
        return Speaker(canonical(person.name), person.type, person.title, None)

    def resolve(self, mention: tuple[int, int] | None, at: int) -> Speaker:
        """The speaker named by ``text[mention]`` (None: the last speaker before ``at``)."""
        if mention is None:  # a quote with no cue: the last person who spoke
            found = self._said_before(None, people=True) or self._said_before(None)
            return self._remember(found[0] if found else None, None, at)
        words = self.text[mention[0]:mention[1]].strip()
        low = words.lower()
        if low == "qui":
            return self._remember(self._last_said(None), mention)
        if low in PRONOUNS or low == "eux":
            # names inside the quote an incise follows are no antecedents: look from its start
            return self._remember(self._antecedent(min(mention[0], at), PRONOUNS.get(low)),
                                  mention)
        m = _ROLE_THEN_NAME.match(words) if _is_role(words) else None
        if m and m.group("role").split()[-1].lower() not in ("de", "des", "du", "la", "d'"):
            return self._remember(self._fullest(m.group("name"), mention[0]), mention,
                                  title=m.group("role"))
        if _is_role(words):
            person = self._named_role(words, mention) or (
                self._before(mention[0], None) if _bare_role(words) else None)
            if person is not None:
                return self._remember(person, mention, title=words)
            return self._remember(_Person(words, mention[0], _role_gender(words), "PERSON",
                                          words), mention)
        named = _ARTICLE_NAME.match(words)
        if named:  # "le Kremlin", "l'Otan": a body named with its article
            return self._remember(self._fullest(words[named.end():], mention[0]), mention)
        if words[:1].isupper():
            return self._remember(self._fullest(words, mention[0]), mention)
        return self._remember(_Person(words, mention[0], None, _group_or_person(words)), mention)

    def resolve_aside(self, mention: tuple[int, int] | None, at: int) -> Speaker:
        """The author of an embedded post: quoted, but not the article's current speaker,
        so later pronouns and quotes with no cue do not go to them."""
        kept = len(self.said)
        speaker = self.resolve(mention, at)
        del self.said[kept:]
        return speaker

    def _remember(self, person: _Person | None, mention, at: int | None = None, *,
                  title: str | None = None) -> Speaker:
        if person is None:
            return Speaker(mention=make_span(self.text, *mention) if mention else None)
        self.said.append((person, mention[0] if mention else at))
        span = make_span(self.text, *mention) if mention else None
        return Speaker(canonical(person.name), person.type, title or person.title, span)

    def _last_said(self, gender: str | None) -> _Person | None:
        found = self._said_before(gender)
        return found[0] if found else None

    def _said_before(self, gender: str | None, *, people: bool = False
                     ) -> tuple[_Person, int] | None:
        """The last speaker (of ``gender``); ``people``: persons only, not things that
        "said" ("le livre", "le message", "leur étude")."""
        for person, where in reversed(self.said):
            if people and _is_thing(person.name):
                continue
            if gender is None or person.gender in (None, gender):
                return person, where
        return None

    def person_before_colon(self, at: int) -> tuple[int, int] | None:
        """The last person named in the sentence that a colon before ``at`` ends."""
        start = max(self.text.rfind(".", 0, at), self.text.rfind("\n", 0, at)) + 1
        found = [p for p in self.people if start <= p.start < at
                 and (p.type == "PERSON" or len(p.name.split()) >= 2)]
        if not found:
            return None
        where = self.text.find(found[-1].name, found[-1].start, at)
        return (where, where + len(found[-1].name)) if where >= 0 else None

    def _antecedent(self, at: int, gender: str | None) -> _Person | None:
        """A pronoun's person: the last speaker when named in the pronoun's paragraph,
        else the later of the last speaker and the last person named."""
        said = self._said_before(gender, people=True)
        if said is not None and "\n" not in self.text[said[1]:at]:
            return said[0]
        subject = self._indefinite_subject(at, gender)
        if subject is not None:
            return subject
        named = self._before(at, gender)
        if said is None or (named is not None and named.start > said[1]):
            return self._fullest(named.name, named.start) if named is not None else None
        return said[0]

    def _indefinite_subject(self, at: int, gender: str | None) -> _Person | None:
        """"Un chiraquien s'est souvenu du surnom … « … », a-t-il lâché": a person
        introduced as the indefinite subject of the sentence before ``at``."""
        before = self.text[:at].rstrip()
        start = max(before.rfind(c, 0, len(before) - 1) for c in ".!?") + 1
        m = _INDEFINITE_SUBJECT.search(before, start)
        if m is None:
            return None
        found = "f" if m.group("det").lower() == "une" else "m"
        if gender not in (None, found):
            return None
        return _Person(m.group("np"), m.start("np"), found)

    def _before(self, at: int, gender: str | None) -> _Person | None:
        for person in reversed(self.people):
            if at - LOOKBACK <= person.start < at and person.type == "PERSON" and \
                    (gender is None or person.gender in (None, gender)):
                return person
        return None

    def _fullest(self, words: str, at: int) -> _Person:
        """The fullest name the article gives for this name's surname."""
        gender = _gender(words)
        bare = _TITLE.sub("", words)
        surname = bare.split()[-1]
        best = None
        for person in self.people:
            if person.name.split()[-1] == surname and len(person.name) >= len(bare) and \
                    (best is None or len(person.name) > len(best.name)):
                best = person
        if best is None:
            return _Person(bare, at, gender, "PERSON" if " " in bare else _org_or_person(bare))
        if gender and best.gender is None:
            best.gender = gender
        return best

    def _named_role(self, role: str, mention: tuple[int, int]) -> _Person | None:
        """A person the article names right beside this role: "le ministre X" or "X, le
        ministre"."""
        body = re.escape(re.sub(r"^(?:le|la|l[’']|les|un|une)\s*", "", role, flags=re.I))
        for m in re.finditer(rf"{body}\s+(?P<n>{_NAME_RUN.pattern})|(?P<m>{_NAME_RUN.pattern})"
                             rf",\s+(?:le|la|l[’'])\s*{body}", self.text):
            name = m.group("n") or m.group("m")
            if name and len(name.split()) >= 2:
                return self._fullest(name, m.start())
        return None


def _after_institution(text: str, name: str, start: int) -> tuple[str, int]:
    """"le ministre de la Santé Olivier Véran": the name starts after the institution;
    "L’ouvrage d’Éric Chauvier": after the capitalised noun that opens the sentence."""
    lead = _LEAD_NOUN.match(name)
    if lead:
        return name[lead.end():], start + lead.end()
    if re.search(r"\b(?:de la|du|des|de l[’']|d[’'])\s*$", text[max(0, start - 8):start]):
        parts = name.split(maxsplit=1)
        if len(parts) == 2:
            return parts[1], start + len(name) - len(parts[1])
    return name, start


def _gender(name: str) -> str | None:
    m = _TITLE.match(name)
    return TITLES.get(m.group(1).lower()) if m else None


def _is_role(words: str) -> bool:
    parts = re.sub(r"^(?:le|la|l[’']|les)\s*", "", words, flags=re.I).split()
    return bool(parts) and words[:2].lower() in ("le", "la", "l'", "l’") and \
        parts[0].lower() in ROLE_WORDS


def _is_thing(name: str) -> bool:
    """"le livre", "leur étude", "le message": a definite phrase whose noun is no person."""
    words = name.replace("’", "'").split()
    if len(words) < 2 or words[0].lower() not in ("le", "la", "les", "leur", "son", "sa", "ce"):
        return False
    return words[1].lower() not in ROLE_WORDS


def _bare_role(words: str) -> bool:
    """"le philosophe", "le président russe" stand for someone named before; "le conseiller
    com du président" describes someone new."""
    return len(words.split()) <= 3 and not re.search(r"\b(?:de|du|des|d[’'])\b", words)


def _role_gender(role: str) -> str | None:
    low = role.lower()
    return "f" if low.startswith("la ") else "m" if low.startswith("le ") else None


def _group_or_person(words: str) -> str:
    return "GROUP" if words.lower().split()[0] in ("les", "des", "d'anciens", "d’anciens") \
        else "PERSON"


def _org_or_person(word: str) -> str:
    return "ORG" if word.isupper() and len(word) > 1 else "PERSON"
