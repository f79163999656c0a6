"""Speaker resolution: from a source mention to the canonical speaker in the article.

``SpeakerResolver(doc, article)`` is built once per parsed Doc and used by both
engines (rules and the trained tagger)::

    resolver = SpeakerResolver(doc, article)
    speaker = resolver.resolve(mention_start_char, mention_end_char, at_char)
    same = resolver.previous()          # for quotes that continue the last speaker
                                        # (mention = where that speaker was last named)

``resolve`` returns a ``quoth.records.Speaker``: ``name`` is the name as first
introduced in the article without its title ("Russian President Vladimir Putin"
-> name "Vladimir Putin", title "Russian President"); ``type`` is PERSON, ORG,
GPE or GROUP; ``mention`` is the span that names the source in that sentence.
``at_char`` is where the statement is (normally the mention's own start); only
entities introduced before it are candidates for pronouns and descriptions.
Every ``resolve`` call becomes the speaker ``previous()`` returns next.

How a mention is resolved (no neural coreference is installable offline):
- names: a later "Putin" links to the entity first introduced as "Vladimir Putin"
  (shared surname / name tokens);
- he/she/his/her: the most salient earlier PERSON (the last speaker or sentence
  subject before the mention's sentence, else the most recent PERSON);
- descriptions ("the Russian president", "his French counterpart", "the French
  leader"): the most recent PERSON whose title holds the mention's nationality
  and role words ("counterpart" also excludes the current speaker);
- plural common nouns ("officials", "sources", "experts") are GROUPs;
- organisations and places named by NER are ORG / GPE ("the Kremlin" -> ORG);
- a mention naming several entities is the one at its head ("Spotify, which has clashed
  with Apple"; "Kenneth Baer, a former Obama official"), a role with a name in apposition
  is that person ("its president, Christine Lagarde"), and a name inside a common noun's
  phrase is not the speaker ("Trump supporters", "documents filed with the NHTSA");
- bare "the company" / "the firm": the organisation named last;
- titles: the words before the name and what modifies them ("Senate Minority Leader"),
  else a role in apposition after it ("Tim Sweeney, the chief executive of Epic Games").
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from quoth.records import Article, Speaker, make_span
from quoth.nlp.tables import doc_text
from quoth.nlp.lexicon import (
    GENDERED_TITLES, GENERIC_ROLES, GROUP_NOUNS, HONORIFICS, ORG_NOUNS, PRONOUNS, ROLE_NOUNS,
    TITLE_WORDS,
)

RELATIVES = {"who", "which", "that", "whom"}

__all__ = ["SpeakerResolver"]


@dataclass
class _Entity:
    name: str
    type: str
    title: str | None
    words: set[str]
    mentions: list[int] = field(default_factory=list)  # start chars, in order
    gender: str | None = None  # "M" / "F" from honorifics, titles and his/her

    def speaker(self, mention) -> Speaker:
        return Speaker(self.name, self.type, self.title, mention)


class SpeakerResolver:
    """Maps source mentions in one Doc to canonical speakers (see module docstring)."""

    def __init__(self, doc, article: Article | None = None) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.entities: list[_Entity] = []
        self._by_token: dict[int, _Entity] = {}
        self._salient: list[tuple[int, int, _Entity]] = []  # (char, n, entity): subjects/speakers
        self._last: Speaker = Speaker()
        self._build()

    # -- public -------------------------------------------------------------------------
    def resolve(self, start: int, end: int, at_char: int | None = None) -> Speaker:
        """The Speaker for the mention ``text[start:end]`` (statement at ``at_char``)."""
        span = self.doc.char_span(start, end, alignment_mode="expand")
        mention = make_span(self.text, start, end)
        at = start if at_char is None else at_char
        speaker = self._resolve_span(span, mention, at) if span is not None and len(span) else Speaker(mention=mention)
        entity = self._entity_named(speaker.name)
        if entity is not None:
            bisect.insort(self._salient, (at, len(self._salient), entity))
        self._last = speaker
        return speaker

    def previous(self) -> Speaker:
        """The last resolved speaker, for a quote that continues it. Its ``mention`` is
        where that speaker was last named (PolNeAR links such quotes to that mention)."""
        return self._last

    # -- building ---------------------------------------------------------------------
    def _build(self) -> None:
        for ent in self.doc.ents:
            if ent.label_ in ("PERSON", "ORG", "GPE", "NORP") or ent.label_ == "FAC":
                self._add(ent)
        for ent in self.doc.ents:
            e = self._by_token.get(ent.start)
            if e is not None and e.type == "PERSON":
                e.gender = e.gender or _gender_near(ent)
                if ent.root.dep_.startswith("nsubj"):
                    self._salient.append((ent.start_char, len(self._salient), e))
        self._salient.sort(key=lambda p: p[:2])

    def _add(self, ent) -> None:
        toks = [t for t in ent if not (t.is_punct or t.lower_ in ("'s", "’s", "the"))]
        if ent.label_ == "PERSON":  # a headline's "Obama Says ..." is tagged one PERSON
            toks = toks[:next((k for k, t in enumerate(toks) if k and t.pos_ in ("VERB", "AUX")),
                              len(toks))]
        if not toks:
            return
        name = self.text[toks[0].idx:toks[-1].idx + len(toks[-1])]
        words = {t.lower_ for t in toks}
        label = "ORG" if ent.label_ in ("FAC", "NORP") else ent.label_
        if ent.label_ == "NORP":
            return
        entity = self._link(words, label) or self._new(name, label, ent)
        if label == "PERSON" and (entity.type != "PERSON" or _fuller(name, entity.name)):
            entity.type, entity.name = "PERSON", name  # the name as fully introduced
            entity.words |= words
        if entity.title is None and label == "PERSON":
            entity.title = _title_before(ent) or _title_after(ent)
        entity.mentions.append(ent.start_char)
        for t in ent:
            self._by_token[t.i] = entity

    def _link(self, words: set[str], label: str) -> _Entity | None:
        for e in reversed(self.entities):
            if words <= e.words or (e.type == "PERSON" and label in ("PERSON", "ORG", "GPE")
                                    and words & e.words and len(words) == 1):
                return e
            if label == "PERSON" == e.type and e.words <= words:
                return e
        return None

    def _new(self, name: str, label: str, ent) -> _Entity:
        e = _Entity(name, label, None, {w.lower() for w in name.split()})
        self.entities.append(e)
        return e

    def _entity_named(self, name: str | None) -> _Entity | None:
        return next((e for e in self.entities if e.name == name), None) if name else None

    # -- resolving --------------------------------------------------------------------
    def _resolve_span(self, span, mention, at: int) -> Speaker:
        root = span.root
        if root.lower_ in RELATIVES and root.head.dep_ == "relcl" and root.head.head.i < root.i:
            antecedent = root.head.head  # "Ban, who vowed ...": the noun the clause hangs on
            span = self.doc[antecedent.left_edge.i:antecedent.i + 1]
            root = span.root
        lemma = root.lemma_.lower()
        if root.i not in self._by_token and lemma in ORG_NOUNS | ROLE_NOUNS and root.tag_ in ("NN",):
            named = self._apposed(span, root)
            if named is not None:  # "its president, Christine Lagarde,": she is the speaker
                return named.speaker(mention)
            # "The Obama administration", "a spokesman for Clinton": not Obama, not Clinton
            if lemma in ORG_NOUNS:
                named = self._the_company(span, lemma)
                return named.speaker(mention) if named else Speaker(_strip_det(span), "ORG", None, mention)
            return self._description(span, mention)
        entity = self._named(span, at)
        if entity is not None:
            return entity.speaker(mention)
        low = root.lower_
        if low in PRONOUNS:
            return self._pronoun(low, span, mention)
        if root.tag_ in ("NNS", "NNPS") or low in GROUP_NOUNS:
            return Speaker(_strip_det(span), "GROUP", None, mention)
        if lemma in ROLE_NOUNS:
            return self._description(span, mention)
        kind = "PERSON" if root.tag_ == "NNP" else None
        return Speaker(_strip_det(span), kind, None, mention)

    def _the_company(self, span, lemma: str) -> _Entity | None:
        """"the company said": the organisation named last before it (an unnamed "company"
        would otherwise become one speaker across every article that says it)."""
        words = [t for t in span if not t.is_punct]
        if lemma in ANAPHORIC_ORG_NOUNS and len(words) == 2 and words[0].lower_ == "the":
            return self._recent_before(span.start_char, ("ORG",))
        return None

    def _named(self, span, at: int) -> _Entity | None:
        """The entity a name in ``span`` stands for: the one at the mention's head when it
        names several ("Spotify, which has clashed with Apple", "Putin's spokesman Dmitry
        Peskov"); else all its name words must fit (so "Bill Clinton" is not Hillary); among
        several, the one mentioned last before ``at``."""
        head = self._by_token.get(span.root.i)
        if head is not None and len({id(self._by_token[t.i]) for t in span if t.i in self._by_token}) > 1:
            return self._person_in_phrase(span) if head.type != "PERSON" else head
        if head is None and span.root.pos_ == "NOUN":  # "documents filed with the NHTSA",
            return self._apposed(span, span.root, people_only=True)  # "Trump supporters"
        proper = {t.lower_ for t in span if t.pos_ == "PROPN" and t.lower_ not in TITLE_WORDS}
        fits = [e for e in self.entities if e.type == "PERSON" and proper and proper <= e.words]
        if not fits:
            named = [self._by_token[t.i] for t in span if t.i in self._by_token]
            fits = [e for e in named if e.type == "PERSON"] or named
        if len(fits) > 1:
            fits.sort(key=lambda e: max([m for m in e.mentions if m <= at] or [-1]), reverse=True)
        return fits[0] if fits else None

    def _apposed(self, span, root, people_only: bool = False) -> _Entity | None:
        """The entity named in apposition inside the mention ("its president, Christine
        Lagarde"; "a spokesman for Clinton, Brian Fallon", where the parser may hang the name
        on "Clinton"; "the state company, Rosatom"). Beside a role noun the name is a
        person's, whatever the NER label ("The opposition leader, Kemi Badenoch", tagged a
        place), and the role words are the title when none is known. ``people_only``: a
        person's name only ("Another critic, Laurence H. Tribe")."""
        for t in span:
            e = self._by_token.get(t.i)
            if (t.dep_ == "appos" and span.start <= t.head.i < span.end and e is not None
                    and (e.type == "PERSON" or not people_only)):
                if root.lemma_.lower() in ROLE_NOUNS:
                    e.type = "PERSON"
                    if e.title is None:  # "A White House spokesperson" -> White House spokesperson
                        e.title = _role_phrase(root)
                return e
        return None

    def _person_in_phrase(self, span) -> _Entity | None:
        """The last person named before the mention's first comma, dash, bracket or "and",
        else the entity at its head: "Tulsa police Chief Chuck Jordan" is Jordan even where
        the parser makes "Tulsa" the head; "China, Pyongyang's only ally" is China."""
        cut = next((t.i for t in span if t.is_punct or t.dep_ == "cc"), span.end)
        people = [self._by_token[t.i] for t in span if t.i < cut and t.i in self._by_token
                  and self._by_token[t.i].type == "PERSON"]
        return people[-1] if people else self._by_token.get(span.root.i)

    def _pronoun(self, low: str, span, mention) -> Speaker:
        kind = PRONOUNS[low]
        if kind == "PERSON":
            gender = GENDERED.get(low)
            sent_start = span.sent.start_char
            e = (self._salient_before(sent_start, "PERSON", gender)
                 or self._recent_before(span.start_char, "PERSON", gender))
            named = _subject_name_before(span)
            if named is not None and (e is None or named[0] > _last_before(e, span.start_char)):
                return Speaker(named[1], "PERSON", None, mention)  # a name NER missed
            if e is not None and e.gender is None:
                e.gender = gender
            return e.speaker(mention) if e else Speaker(None, "PERSON", None, mention)
        if kind == "GROUP":
            e = self._salient_before(span.sent.start_char, ("ORG", "GPE"))
            return e.speaker(mention) if e else Speaker(None, "GROUP", None, mention)
        if kind == "ORG":
            e = self._salient_before(span.sent.start_char, ("ORG", "GPE"))
            return e.speaker(mention) if e else Speaker(None, None, None, mention)
        return Speaker(None, None, None, mention)  # I / we: the writer or an unnamed voice

    def _salient_before(self, char: int, types, gender: str | None = None) -> _Entity | None:
        types = (types,) if isinstance(types, str) else types
        chars = [c for c, _, _ in self._salient]
        i = bisect.bisect_left(chars, char)
        for _, _, e in reversed(self._salient[:i]):
            if e.type in types and _gender_fits(e, gender):
                return e
        return None

    def _recent_before(self, char: int, types, gender: str | None = None) -> _Entity | None:
        best, best_at = None, -1
        for e in self.entities:
            if e.type in types and _gender_fits(e, gender):
                before = [m for m in e.mentions if m < char]
                if before and before[-1] > best_at:
                    best, best_at = e, before[-1]
        return best

    def _description(self, span, mention) -> Speaker:
        role = span.root.lemma_.lower()
        mods = [t for t in span if t.i != span.root.i and not t.is_punct]
        wanted = {t.lower_ for t in mods if t.lower_ in TITLE_WORDS or t.ent_type_ == "NORP"}
        wanted -= GENERIC_ROLES
        exclude = self._last.name if role == "counterpart" else None
        best, best_at = None, -1
        gender = {"woman": "F", "man": "M"}.get(role)
        for e in self.entities:
            if e.type != "PERSON" or not e.title or e.name == exclude:
                continue
            if gender and e.gender != gender:  # "the woman": a woman, known to be one
                continue
            title = {w.lower() for w in e.title.split()}
            if not (wanted <= title) or (role not in GENERIC_ROLES and role not in title):
                continue
            before = [m for m in e.mentions if m < span.start_char]
            if before and before[-1] > best_at:
                best, best_at = e, before[-1]
        if best is not None:
            return best.speaker(mention)
        return Speaker(None, "PERSON", _strip_det(span), mention)


GENDERED = {"he": "M", "him": "M", "his": "M", "himself": "M",
            "she": "F", "her": "F", "hers": "F", "herself": "F"}


# roles that no suffix rule finds ("a senior fellow at the Hoover Institution")
_MORE_ROLES = frozenset({"fellow", "veteran", "architect", "associate"})

# words before a role noun that are no part of the title ("its", "the company's")
_NOT_TITLE = frozenset({"det", "poss", "case", "punct", "predet"})

# "the company said": these organisation nouns, bare, refer back to the last organisation named
ANAPHORIC_ORG_NOUNS = frozenset({"company", "firm"})


def _gender_fits(e: _Entity, gender: str | None) -> bool:
    return gender is None or e.gender is None or e.gender == gender


def _gender_near(ent) -> str | None:
    """Gender of a PERSON mention: an honorific or gendered title before it, or the
    his/her of the clause it is the subject of ("Merkel said her government ...")."""
    doc = ent.doc
    for t in doc[max(0, ent.start - 3):ent.start]:
        g = HONORIFICS.get(t.lower_) or GENDERED_TITLES.get(t.lower_)
        if g:
            return g
    if ent.root.dep_ in ("nsubj", "nsubjpass"):
        for t in ent.root.head.subtree:
            if t.i not in range(ent.start, ent.end) and t.lower_ in ("his", "her", "himself", "herself"):
                return GENDERED[t.lower_]
    return None


def _fuller(new: str, old: str) -> bool:
    """"Vladimir Putin" is a fuller form of "Putin"; a name ends where it ended ("Obama
    Speech", a headline's words tagged a person, is no fuller "Obama"), but for a suffix
    ("Joseph R. Biden Jr.")."""
    n, o = new.split(), old.split()
    if len(n) <= len(o) or not set(o) <= set(n):
        return False
    return not o or n[-1] == o[-1] or (n[-1].rstrip(".") in _NAME_SUFFIXES and n[-2] == o[-1])


_NAME_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


def _title_before(ent) -> str | None:
    """Title words right before a PERSON name: "Russian President" in "Russian President Vladimir Putin"."""
    doc = ent.doc
    i = ent.start

    def titled(t) -> bool:  # a title word, or a modifier of the title run ("Senate", "EU competition")
        return t.lower_ in TITLE_WORDS or t.ent_type_ == "NORP" or (
            t.tag_ == "NNP" and ent.start <= t.head.i < ent.end) or (
            t.dep_ in ("compound", "amod") and t.pos_ in ("PROPN", "NOUN", "ADJ")
            and i <= t.head.i < ent.end and i < ent.start)

    while i > 0 and (titled(doc[i - 1]) or (
            doc[i - 1].text == "-" and i > 1 and titled(doc[i - 2]))):  # Secretary-General
        i -= 1
    while i < ent.start and doc[i].lower_ in HONORIFICS:
        i += 1  # "Mr." is an honorific, not a title
    if i == ent.start:
        return None
    return doc[i:ent.start].text


def _title_after(ent) -> str | None:
    """A role in apposition after a PERSON name: "Alok Sharma, the summit president," ->
    summit president; "Tim Sweeney, the chief executive of Epic Games," -> chief executive
    of Epic Games (an "of"/"at"/"for" phrase kept only when it names an organisation or place)."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None  # only "Name, the role": the form news writes, and parses reliably
    role = next((t for t in doc[ent.end:min(len(doc), ent.end + 12)]
                 if t.dep_ == "appos" and ent.start <= t.head.i < ent.end and _a_role(t)
                 and t.left_edge.i == ent.end + 1), None)
    if role is None:
        return None
    text = _role_phrase(role)
    for prep in role.rights:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for") and obj is not None and (
                obj.ent_type_ in ("ORG", "GPE", "NORP", "FAC")):
            end = next((t.i for t in doc[obj.i:obj.right_edge.i + 1]
                        if t.is_punct or t.dep_ in ("relcl", "cc")), obj.right_edge.i + 1)
            text += " " + doc[prep.i:end].text
            break
    return text or None


def _role_phrase(role) -> str:
    """A role noun with the words before it that make up the title, without determiners and
    possessors: "its president" -> president; "the company's chief executive" -> chief
    executive; "A White House spokesperson" -> White House spokesperson."""
    words = role.doc[role.left_edge.i:role.i + 1]
    return " ".join(w.text for w in words if w.dep_ not in _NOT_TITLE and w.head.dep_ != "poss"
                    and not w.is_punct)


def _a_role(t) -> bool:
    """A common noun naming what a person is ("president", "adviser", "historian")."""
    lemma = t.lemma_.lower()
    return t.pos_ == "NOUN" and (lemma in ROLE_NOUNS or lemma in _MORE_ROLES
                                 or lemma.endswith(("er", "or", "ist", "ian", "ant", "ar")))


def _strip_det(span) -> str:
    toks = list(span)
    while toks and (toks[0].pos_ == "DET" or toks[0].lower_ in ("the", "a", "an")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return span.text
    return doc_text(span.doc)[toks[0].idx:toks[-1].idx + len(toks[-1])]


NOT_PEOPLE = frozenset({"GPE", "NORP", "LOC", "DATE", "TIME", "EVENT", "LAW", "WORK_OF_ART",
                        "PRODUCT", "FAC", "PERSON"})  # PERSON: the entity logic has those


def _subject_name_before(span) -> tuple[int, str] | None:
    """(char, name) of the proper-noun subject nearest before ``span`` in its sentence or
    the two before it, when NER tagged it as no person ("Kovac arrived ... she said")."""
    doc, sent = span.doc, span.sent
    first = sent.start
    for _ in range(2):
        if first == 0:
            break
        first = doc[first - 1].sent.start
    for tok in reversed(doc[first:span.start]):
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.pos_ == "PROPN" and tok.is_title:
            if tok.ent_type_ in NOT_PEOPLE:
                return None
            parts = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [tok]
            if tok.ent_type_ and len(parts) > 1:
                return None  # "the General Assembly": a named body, not a surname
            return parts[0].idx, doc.text[parts[0].idx:tok.idx + len(tok)]
    return None


def _last_before(entity: _Entity, char: int) -> int:
    """Where ``entity`` was last named before ``char`` (-1: not before it)."""
    return max((m for m in entity.mentions if m < char), default=-1)
