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
  (shared surname / name tokens); names lose their NER boundary noise (an epithet, a
  trailing day); a suffix keeps "Donald Trump Jr." apart, and an honorific's or given
  name's gender must agree ("Mrs. Clinton" is not Bill). A bare surname fitting several
  people is the one named in this or the previous sentence, else the one introduced first;
- a pair ("Cummings and Conyers") is a joint GROUP speaker named "Elijah Cummings and John
  Conyers"; a source that names no one ("46 percent", "some", "the statement") has no name;
- he/she/his/her: a PERSON subject earlier in the pronoun's own sentence, else the most
  salient earlier PERSON (the last speaker or sentence subject before the mention's
  sentence, else the most recent PERSON); left unnamed where another person of fitting
  gender is named after that one in this sentence or the two before (a subject outranks
  an object, a name inside what is said does not count), and where the pronoun's own
  reported clause names that person (``unbound``);
- sources that name no one a reader can look up are left unnamed, so their statements are
  kept but not shown: "it" (as often a report or the writer's own subject as a body);
  common nouns only ("the bank", "her campaign", "not everyone"; a
  plural group such as "critics" keeps its name), a passive cue's subject (``unsourced``);
  a document speaks for the organisation named as its author ("the IMF report");
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
import re
from dataclasses import dataclass, field, replace

from quoth.nlp.lexicon import (
    GENDERED_TITLES, GENERIC_ROLES, GROUP_NOUNS, HONORIFICS, ORG_NOUNS, PRONOUNS, ROLE_NOUNS,
    TITLE_WORDS,
)
from quoth.nlp.tables import doc_text
from quoth.records import Article, Speaker, Statement, make_span
from quoth.resolve.first_names import GIVEN_NAME_GENDER
from quoth.resolve.mentions import (
    DOCUMENT_NOUNS, fuller, is_fragment, name_tokens, role_phrase, strip_det, title_after,
    title_before,
)
from quoth.resolve.speaker_names import HEADLINE_WORDS, clean_title

RELATIVES = {"who", "which", "that", "whom"}

__all__ = ["SpeakerResolver", "unbound", "unsourced"]


@dataclass
class _Entity:
    name: str
    type: str
    title: str | None
    words: set[str]
    mentions: list[int] = field(default_factory=list)  # start chars, in order
    full_mentions: list[int] = field(default_factory=list)  # ... of a name beyond the surname
    gender: str | None = None  # "M" / "F" from honorifics, titles and his/her
    given_gender: str | None = None  # "M" / "F" by the given name: agreement only

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
        self._said: tuple = ()  # the content pieces of the statement being resolved
        self._build()

    # -- public -------------------------------------------------------------------------
    def resolve(self, start: int, end: int, at_char: int | None = None,
                said: tuple = ()) -> Speaker:
        """The Speaker for the mention ``text[start:end]`` (statement at ``at_char``, its
        content's pieces ``said``: a person named there is not who says it)."""
        self._said = tuple(said)
        span = self.doc.char_span(start, end, alignment_mode="expand")
        mention = make_span(self.text, start, end)
        at = start if at_char is None else at_char
        if span is not None and len(span):
            speaker = self._vouched(self._resolve_span(span, mention, at), span)
        else:
            speaker = Speaker(mention=mention)
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
            toks = toks[:next((k for k, t in enumerate(toks) if k and (
                t.pos_ in ("VERB", "AUX") or t.lower_ in HEADLINE_WORDS)), len(toks))]
        toks = name_tokens(toks)
        if not toks:
            return
        name = self.text[toks[0].idx:toks[-1].idx + len(toks[-1])]
        words = {t.lower_ for t in toks}
        label = "ORG" if ent.label_ in ("FAC", "NORP") else ent.label_
        if ent.label_ == "NORP":
            return
        gender = (_gender_near(ent) or (GIVEN_NAME_GENDER.get(toks[0].lower_) if len(toks) > 1
                                        else None)) if label == "PERSON" else None
        entity = self._link(words, label, gender, ent) or self._new(name, label, ent)
        if label == "PERSON" and (entity.type != "PERSON" or fuller(name, entity.name)):
            entity.type, entity.name = "PERSON", name  # the name as fully introduced
            entity.words |= words
        if label == "PERSON" and entity.gender is None:
            entity.gender = _gender_near(ent)
        if entity.title is None and label == "PERSON":
            entity.title = clean_title(title_before(ent) or title_after(ent))
        if label == "PERSON" and entity.given_gender is None and (
                len(toks) > 1 or entity.words == words):  # also one known by a given name
            entity.given_gender = GIVEN_NAME_GENDER.get(toks[0].lower_)  # alone ("Melanie")
        entity.mentions.append(ent.start_char)
        if len(words) > 1:
            entity.full_mentions.append(ent.start_char)
        for t in ent:
            self._by_token[t.i] = entity

    def _link(self, words: set[str], label: str, gender: str | None = None,
              ent=None) -> _Entity | None:
        """The entity a new name mention joins: one whose name words hold it (a bare "Putin"),
        or a person whose name it holds ("Vladimir Putin" after "Putin"). A bare surname
        that fits several people joins the one its honorific's gender fits, else the one
        introduced first ("Clinton" in an article about Hillary that names Bill too)."""
        fits = []
        for e in reversed(self.entities):
            if _suffixes_differ(words, e.words):
                continue  # Donald Trump Jr. is not Donald Trump
            if label == "GPE" == e.type and words != e.words:
                continue  # "Mexico" is not "Mexico City"
            if label == "ORG" and len(words) > 1 and ent is not None and not _in_order(ent, e.name):
                continue  # "The Tax Policy Center" is not the "Center for Federal Tax Policy"
            if words <= e.words or (e.type == "PERSON" and label in ("PERSON", "ORG", "GPE")
                                    and words & e.words and len(words) == 1):
                fits.append(e)
            elif label == "PERSON" == e.type and e.words <= words and _gender_fits(e, gender):
                return e  # "Mrs. Clinton" met first is not the Bill Clinton named later
        fits = [e for e in fits if e.type != "PERSON" or _gender_fits(e, gender)]
        people = [e for e in fits if e.type == "PERSON"]
        if len(people) > 1 and len(words) == 1:
            known = [e for e in people if gender and (e.gender or e.given_gender) == gender]
            if known or ent is None:
                return (known or people)[-1]  # reversed order: the last is the first introduced
            return self._likeliest(people, ent, ent.start_char, True)[0]
        return fits[0] if fits else None

    def _new(self, name: str, label: str, ent) -> _Entity:
        e = _Entity(name, label, None, {w.lower() for w in name.split()})
        self.entities.append(e)
        return e

    def _entity_named(self, name: str | None) -> _Entity | None:
        return next((e for e in self.entities if e.name == name), None) if name else None

    # -- resolving --------------------------------------------------------------------
    def _resolve_span(self, span, mention, at: int) -> Speaker:
        joint = self._joint(span, mention, at)
        if joint is not None:
            return joint
        if is_fragment(span):  # "46 percent", "some", "the statement", "The"
            return Speaker(None, None, None, mention)
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
                return named.speaker(mention) if named else Speaker(strip_det(span), "ORG", None, mention)
            return self._description(span, mention)
        entity = self._named(span, at)
        if entity is not None:
            return entity.speaker(mention)
        low = root.lower_
        if low in PRONOUNS:
            return self._pronoun(low, span, mention)
        if root.tag_ in ("NNS", "NNPS") or low in GROUP_NOUNS:
            return Speaker(strip_det(span), "GROUP", None, mention)
        if lemma in ROLE_NOUNS:
            return self._description(span, mention)
        kind = "PERSON" if root.tag_ == "NNP" else None
        return Speaker(strip_det(span), kind, None, mention)

    def _joint(self, span, mention, at: int) -> Speaker | None:
        """A mention coordinating several parties ("Cummings and Conyers", "Both Mr. King
        and Mr. Schultz", "Cruz and his aides") is a joint speaker: a GROUP named by its
        members' canonical names joined with "and" (a member that names nobody is written
        as in the text), never one of them."""
        root = span.root
        conjs = [t for t in root.conjuncts if span.start <= t.i < span.end]
        if any(t.dep_ == "appos" and t.head.i == root.i for t in span):
            return None  # "China, Pyongyang's only ally and its lifeline": one party described
        if not conjs or not any(t.dep_ == "cc" and t.head.i in (root.i, *[c.i for c in conjs])
                                for t in span):
            return None
        names = []
        for head in sorted([root, *conjs], key=lambda t: t.i):
            e = self._by_token.get(head.i)
            if (e is None or e.type == "PERSON") and head.pos_ == "PROPN":
                e = self._named(self.doc[head.left_edge.i:head.i + 1], at) or e
            names.append(e.name if e is not None else strip_det(
                self.doc[head.left_edge.i:head.i + 1]) or head.text)
        if len(names) < 2 or len(set(names)) < 2:
            return None
        return Speaker(" and ".join([", ".join(names[:-1]), names[-1]]), "GROUP", None, mention)

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
        gender = next((HONORIFICS[t.lower_] for t in span if t.lower_ in HONORIFICS), None)
        if gender and len(fits) > 1:  # "Mrs. Clinton": not a man
            fits = [e for e in fits if (e.gender or e.given_gender) == gender] or [
                e for e in fits if _gender_fits(e, gender)] or fits
        if len(fits) > 1:
            fits = self._likeliest(fits, span, at, len(proper) == 1)
            if len(proper) == 1:  # the next bare "Johnson" continues this one
                fits[0].full_mentions.append(span.start_char)
        return fits[0] if fits else None

    def _likeliest(self, fits: list[_Entity], span, at: int, bare: bool) -> list[_Entity]:
        """Several people fit the name: the one named since the start of the previous
        sentence's paragraph (for a bare surname, named in full or by a bare surname already
        resolved: "Secretary Jeh Johnson ... Johnson tells ... Johnson said"), and for a bare
        surname with none such, the one introduced first; else the last named."""
        sent = span.sent
        since = self.doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
        since = self.text.rfind("\n", 0, since) + 1  # that sentence's paragraph
        fits.sort(key=lambda e: max([m for m in e.mentions if m <= at] or [-1]), reverse=True)
        named = (lambda e: e.full_mentions) if bare else (lambda e: e.mentions)
        recent = [e for e in fits if any(since <= m <= at for m in named(e))]
        if bare and len(recent) != 1:
            return sorted(fits, key=lambda e: min(e.mentions or [at]))
        return recent or fits

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
                        e.title = role_phrase(root)
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
            e = (self._subject_before(span, gender)
                 or self._salient_before(sent_start, "PERSON", gender)
                 or self._recent_before(span.start_char, "PERSON", gender))
            named = _subject_name_before(span)
            if named is not None and _given_gender(named[1]) not in (None, gender):
                named = None  # "Kevin ... she said": not him
            sure = e is not None and gender is not None and (e.gender or e.given_gender) == gender
            later = named is not None and (e is None or not self._subject_since(e, named[0], span))
            if later and not sure:  # a name NER missed, unless a person is named after it
                unsure = self._rival(span, gender, False, None, named[0])
                return Speaker(None if unsure else named[1], "PERSON", None, mention)
            if e is not None and self._rival(span, gender, sure, e):
                return Speaker(None, "PERSON", None, mention)  # two people fit: name neither
            if e is not None and e.gender is None:
                e.gender = gender
            return e.speaker(mention) if e else Speaker(None, "PERSON", None, mention)
        if kind == "GROUP":
            e = self._salient_before(span.sent.start_char, ("ORG", "GPE"))
            return e.speaker(mention) if e else Speaker(None, "GROUP", None, mention)
        if kind == "ORG":  # "it" is left unnamed: as often a report, a plan or the
            return Speaker(None, None, None, mention)  # writer's own subject as a body
        return Speaker(None, None, None, mention)  # I / we: the writer or an unnamed voice

    def _vouched(self, speaker: Speaker, span) -> Speaker:
        """The speaker as a reader may see it: no name where its own words name no one, a
        document's author for the document, a name that runs on cut back."""
        if _names_no_one(speaker, span):
            return replace(speaker, name=None)
        if speaker.name and speaker.name in span.text and not span.root.ent_type_ \
                and span.root.lemma_.lower() in DOCUMENT_NOUNS:
            speaker = self._author(speaker, span)
        return replace(speaker, name=_cut_run_on(speaker.name))

    def _author(self, speaker: Speaker, span) -> Speaker:
        """A document as the source ("a Quinnipiac University poll released in late August",
        "the IMF report", "a new report by Politico"): the one organisation named as its
        author speaks; with none or several, no one a reader can look up does ("documents
        filed with the Federal Aviation Administration": the FAA received them)."""
        authors = [t for t in span if _authors(t, span.root)]
        named = {id(e): e for e in (self._by_token.get(t.i) for t in authors)
                 if e is not None and e.type in ("ORG", "GPE")}
        if len(named) != 1 or any(t.conjuncts for t in authors):  # "by Harvard and ..."
            return replace(speaker, name=None)
        (e,) = named.values()
        return e.speaker(speaker.mention)

    def _subject_since(self, e: _Entity, char: int, span) -> bool:
        """Is ``e`` a subject between ``char`` and the pronoun ``span`` (so it, not a
        subject NER missed at ``char``, is the one a pronoun takes up)?"""
        first = self.doc.char_span(char, char + 1, alignment_mode="expand")
        first = first.start if first is not None else 0
        return any(self._by_token.get(t.i) is e and _subject(t) for t in self.doc[first:span.start])

    def _subject_before(self, span, gender: str | None) -> _Entity | None:
        """A person named as a subject earlier in the pronoun's own sentence, whose gender
        fits ("Kerry said the United States would act, and he urged North Korea to ...")."""
        for t in reversed(self.doc[span.sent.start:span.start]):
            e = self._by_token.get(t.i)
            if e is not None and e.type == "PERSON" and _subject(t) and _gender_fits(e, gender) \
                    and not self._in_said(t.idx):
                return e
        return None

    def _rival(self, span, gender: str | None, known: bool, chosen: _Entity | None,
               since_char: int = -1) -> bool:
        """Is another person, whose gender fits (``known``: is known to be ``gender``),
        named after ``chosen`` (or after ``since_char``) and before the pronoun ``span``,
        in its sentence or the two before? Then two people fit and the pronoun is left
        unnamed: "Kerry ... he urged" is not Ban, named two paragraphs up. A person named in
        what is said does not count ("'... to work for Obama,' he said"), and the chosen
        person counts as named where a bare surname of theirs stands untagged ("Ham said")."""
        first = span.sent.start
        for _ in range(2):
            first = self.doc[first - 1].sent.start if first > 0 else first
        window = [t for t in self.doc[first:span.start] if not self._in_said(t.idx)]
        if chosen is not None:
            since_char = max([t.idx for t in window if t.lower_ in chosen.words
                              and t.pos_ == "PROPN"] + [since_char])
        if chosen is not None and self._outranked(window, chosen):
            return True
        since_sent = self.doc.char_span(since_char, since_char + 1, alignment_mode="expand")
        since_sent = since_sent.sent.start if since_sent is not None else -1
        for t in window:
            e = self._by_token.get(t.i)
            if e is None or e.type != "PERSON" or t.idx <= since_char:
                continue
            if t.sent.start == since_sent and not _subject(t):
                continue  # "Ham made it clear ... under President Barack Obama": Ham
            if known:  # of the known gender, or a subject whose gender is not known
                fits = (e.gender or e.given_gender or (gender if _subject(t) else None)) == gender
            else:
                fits = _gender_fits(e, gender)
            if fits and not (chosen is not None and e.words & chosen.words):
                return True
        return False

    def _outranked(self, window, chosen: _Entity) -> bool:
        """Is ``chosen`` named in ``window`` only as an object, while a proper noun that is
        not ``chosen`` is a subject there ("Ham made it clear ... under President Barack
        Obama. '...,' he told the host": not Obama)?"""
        named = [t for t in window if self._by_token.get(t.i) is chosen]
        if not named or any(_subject(t) for t in named):
            return False
        return any(_subject(t) and t.pos_ == "PROPN" and t.lower_ not in chosen.words
                   and not t.ent_type_ for t in window)  # a name NER missed

    def _in_said(self, char: int) -> bool:
        return any(s <= char < e for s, e in self._said)

    def _salient_before(self, char: int, types, gender: str | None = None) -> _Entity | None:
        """The last subject or speaker before ``char`` of one of ``types`` whose gender fits.
        For a gendered pronoun, one known to be of that gender (honorific, given name, an
        earlier pronoun) and named in this or the previous paragraph wins over a nearer one
        of unknown gender ("Sen. Claire McCaskill scolded Dr. Oz ... she said")."""
        types = (types,) if isinstance(types, str) else types
        chars = [c for c, _, _ in self._salient]
        i = bisect.bisect_left(chars, char)
        window = self.text.rfind("\n", 0, max(0, self.text.rfind("\n", 0, char))) + 1
        unknown = None
        for at, _, e in reversed(self._salient[:i]):
            if e.type not in types or not _gender_fits(e, gender):
                continue
            if gender is None or (e.gender or e.given_gender) == gender:
                return e if unknown is None or at >= window else unknown
            unknown = unknown or e
        return unknown

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
        # a noun naming what the role leads ("the band leader") must be in the title too
        wanted |= {t.lower_ for t in mods if t.dep_ == "compound" and t.head.i == span.root.i
                   and t.pos_ == "NOUN"}
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
        return Speaker(None, "PERSON", strip_det(span), mention)


# entity labels that name something a reader can look up (not DATE, CARDINAL, ...)
NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART"})
# a source held by a possessive is someone's ("their attorneys", "her campaign"); these
# sources stand for no one at all ("not everyone")
POSSESSIVES = frozenset({"his", "her", "their", "its", "our", "my", "your"})
NO_ONE = frozenset({"not", "no", "nobody", "everyone", "everybody", "anyone", "anybody",
                    "let's", "let’s"})  # "Let's say you think ...": the writer


def _cut_run_on(name: str | None) -> str | None:
    """A name that runs on into an apposition or a bracket, common words and all, is cut to
    the proper name before it ("China, Pyongyang's only ally and its economic lifeline" ->
    "China"); where that is a possessive's phrase ('Scott's niece, state Del. Marcia "Cia"
    Price (D-Newport News') it names no one a reader can look up. A pair's name ("Elijah
    Cummings, John Conyers and Adam Schiff") and a group's ("Officials at Homeland Security
    Investigations, a division of ...") are kept."""
    if not name or ("," not in name and "(" not in name):
        return name
    if not any(w[:1].islower() and w not in _NAME_SMALL for w in re.findall(r"[\w'’.-]+", name)):
        return name
    head = re.split(r",\s|\s\(", name)[0].split()
    if any(w.endswith(("'s", "’s")) for w in head):
        return None
    if all(w[:1].isupper() or w in _NAME_SMALL for w in head):
        return " ".join(head)
    return name


_NAME_SMALL = frozenset({"and", "of", "the", "for", "de", "del", "der", "van", "von", "bin",
                         "al", "la", "le", "da", "du", "dos", "y", "ibn", "abu", "jr.", "sr."})


def _names_no_one(speaker: Speaker, span) -> bool:
    """Does a source named by its own words, all common nouns, stand for no one a reader
    can look up ("the bank", "the ruling", "her campaign", "the billionaire estate mogul",
    "a review of records")? Then the statement is kept but not shown. A group named as
    such names someone ("critics", "state regulators", "another source"), unless a
    possessive holds it ("their attorneys"), it joins things ("a civil complaint and a
    criminal complaint") or it names no one ("not everyone", "Let's say ...")."""
    name = speaker.name
    if name and " and " in name and not any(c.isupper() for c in name):
        return True  # things joined ("a 52-count civil complaint ... and a 15-count complaint")
    if not name or name not in span.text:
        return False  # resolved to an entity named elsewhere
    first = span.text.split()[0].lower()
    if first in NO_ONE or name.split()[0].lower() in NO_ONE:
        return True
    if any(t.ent_type_ in NAMED or (t.pos_ == "PROPN" and t.text[:1].isupper()
                                    and not t.ent_type_) for t in span):
        return False  # a name; a figure or a date is none ("the 34-year-old mother of three")
    head = span.root if span.root.pos_ in ("NOUN", "PROPN") else span[-1]  # "show insiders"
    group = speaker.type == "GROUP" or head.tag_ in ("NNS", "NNPS")  # "protesters marching ..."
    return not (group and first not in POSSESSIVES and " and " not in name)


def unsourced(statement: Statement, text: str) -> Statement:
    """A passive cue's subject is not its source ("The efforts are expected to continue",
    "Putin is thought to favour ..."): the source, if any, is its agent ("is expected by
    analysts"). A passive statement whose source is not introduced by "by" loses the
    speaker's name, as does one continuing the last speaker (no mention of its own)."""
    cue, mention = statement.cue, statement.speaker.mention
    if cue is None or statement.speaker.name is None or not PASSIVE_CUE.search(cue.text):
        return statement
    if mention is not None and text[max(0, mention.start - 4):mention.start].strip().lower() == "by":
        return statement
    return replace(statement, speaker=replace(statement.speaker, name=None, title=None))


PASSIVE_CUE = re.compile(r"^(?:is|are|was|were|be|been|being|has been|have been|had been)\s+"
                         r"(?:\w+ly\s+|not\s+|also\s+|still\s+|widely\s+)*(?:thought|expected|"
                         r"believed|said|reported|understood|considered|seen|known|estimated|"
                         r"predicted|projected|rumou?red|alleged|presumed|feared)$", re.I)


def unbound(statement: Statement) -> Statement:
    """A pronoun source is not a person its own reported clause names ("She noted that
    Trump also supported the invasion": she is not Trump; "He said Obama hopes ..."): such
    a speaker loses its name. A quote is left alone (speakers name themselves in quotes)."""
    speaker, mention = statement.speaker, statement.speaker.mention
    if statement.kind == "direct" or speaker.name is None or mention is None \
            or mention.text.lower() not in GENDERED:
        return statement
    named = {w for w in re.findall(r"[A-Z][\w'-]+", speaker.name) if len(w) > 2}
    said = set(re.findall(r"[A-Z][\w-]+", statement.content.text))
    if not named & said:
        return statement
    return replace(statement, speaker=replace(speaker, name=None, type="PERSON", title=None))


GENDERED = {"he": "M", "him": "M", "his": "M", "himself": "M",
            "she": "F", "her": "F", "hers": "F", "herself": "F"}


# "the company said": these organisation nouns, bare, refer back to the last organisation named
ANAPHORIC_ORG_NOUNS = frozenset({"company", "firm"})


_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})


def _authors(t, root) -> bool:
    """Does name token ``t`` say who wrote the document ``root``: a modifier of it ("the IMF
    report", "Quinnipiac University poll", "the Times's article") or after "by" / "from"
    ("a new report by Politico")?"""
    while t.dep_ in ("compound", "flat") and t.head.i != t.i and t.head.i != root.i:
        t = t.head
    if t.head.i == root.i:
        return t.dep_ in ("compound", "poss", "nmod", "amod", "npadvmod")
    prep = t.head
    return t.dep_ == "pobj" and prep.lower_ in ("by", "from") and prep.head.i == root.i


def _in_order(ent, name: str) -> bool:
    """Are the words of the mention ``ent`` (no article) a run of the words of ``name``, or
    the reverse ("the Post" in "The Washington Post")?"""
    words = [t.lower_ for t in ent if t.lower_ != "the" and not t.is_punct]
    other = [w.lower() for w in name.split() if w.lower() != "the"]
    short, long_ = sorted((words, other), key=len)
    return any(long_[k:k + len(short)] == short for k in range(len(long_) - len(short) + 1))


def _suffixes_differ(a: set[str], b: set[str]) -> bool:
    """Two full names that differ in a suffix ("Donald Trump Jr." / "Donald Trump")."""
    return (a & _SUFFIXES) != (b & _SUFFIXES) and len(a - _SUFFIXES) > 1 and len(b - _SUFFIXES) > 1


def _gender_fits(e: _Entity, gender: str | None) -> bool:
    known = e.gender or e.given_gender
    return gender is None or known is None or known == gender


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
            if tok.ent_type_ in NOT_PEOPLE or tok.ent_type_ == "PERSON":
                return None  # a body, or a person the resolver knows (its gender is checked)
            parts = [t for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"] + [tok]
            if tok.ent_type_ and len(parts) > 1:
                return None  # "the General Assembly": a named body, not a surname
            return parts[0].idx, doc.text[parts[0].idx:tok.idx + len(tok)]
    return None


def _subject(t) -> bool:
    """Is token ``t`` (part of a name) its clause's subject?"""
    while t.dep_ in ("compound", "flat") and t.head.i != t.i:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass")


def _given_gender(name: str) -> str | None:
    """The gender a name's first word gives, where it is a known given name."""
    return GIVEN_NAME_GENDER.get(name.split()[0].lower()) if name.split() else None
