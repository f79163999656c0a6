"""Token-level pieces of a source mention for speaker resolution: a name's own tokens,
a title before or after a name, a role's phrase, a mention that names no one."""

from __future__ import annotations

from quoth.nlp.lexicon import HONORIFICS, ROLE_NOUNS, TITLE_WORDS
from quoth.nlp.tables import doc_text
from quoth.resolve.speaker_names import EPITHETS, PARTICLES, WEEKDAYS

__all__ = ["fuller", "title_before", "title_after", "role_phrase", "a_role", "strip_det",
           "name_tokens", "is_fragment"]

# words before a role noun that are no part of the title ("its", "the company's")
_NOT_TITLE = frozenset({"det", "poss", "case", "punct", "predet"})

# roles that no suffix rule finds ("a senior fellow at the Hoover Institution")
_MORE_ROLES = frozenset({"fellow", "veteran", "architect", "associate"})

def fuller(new: str, old: str) -> bool:
    """"Vladimir Putin" is a fuller form of "Putin"; a name ends where it ended ("Obama
    Speech", a headline's words tagged a person, is no fuller "Obama"), but for a suffix
    ("Joseph R. Biden Jr.")."""
    n, o = new.split(), old.split()
    if len(n) <= len(o) or not set(o) <= set(n):
        return False
    return not o or n[-1] == o[-1] or (n[-1].rstrip(".") in _NAME_SUFFIXES and n[-2] == o[-1])


_NAME_SUFFIXES = frozenset({"Jr", "Sr", "II", "III", "IV"})


def title_before(ent) -> str | None:
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


def title_after(ent) -> str | None:
    """A role in apposition after a PERSON name: "Alok Sharma, the summit president," ->
    summit president; "Tim Sweeney, the chief executive of Epic Games," -> chief executive
    of Epic Games (an "of"/"at"/"for" phrase kept only when it names an organisation or place)."""
    doc = ent.doc
    if ent.end + 1 >= len(doc) or doc[ent.end].text != ",":
        return None  # only "Name, the role": the form news writes, and parses reliably
    role = next((t for t in doc[ent.end:min(len(doc), ent.end + 12)]
                 if t.dep_ == "appos" and ent.start <= t.head.i < ent.end and a_role(t)
                 and t.left_edge.i == ent.end + 1), None)
    if role is None:
        return None
    text = role_phrase(role)
    for prep in role.rights:
        obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if prep.dep_ == "prep" and prep.lower_ in ("of", "at", "for") and obj is not None and (
                obj.ent_type_ in ("ORG", "GPE", "NORP", "FAC") or obj.pos_ == "PROPN"
                or _role_object(prep, obj)):
            end = next((t.i for t in doc[obj.i:obj.right_edge.i + 1]  # not inside a name:
                        if (t.is_punct or t.dep_ in ("relcl", "cc")) and t.ent_iob_ != "I"),
                       obj.right_edge.i + 1)  # "the Center for Strategic and International..."
            text += " " + doc[prep.i:end].text
            break
    return text or None


def _role_object(prep, obj) -> bool:
    """A bare noun that completes the role: "chief of staff", "director of communications"."""
    return prep.lower_ == "of" and obj.pos_ == "NOUN" and obj.left_edge.i == obj.i == prep.i + 1


def role_phrase(role) -> str:
    """A role noun with the words before it that make up the title, without determiners and
    possessors: "its president" -> president; "the company's chief executive" -> chief
    executive; "A White House spokesperson" -> White House spokesperson."""
    words = [w for w in role.doc[role.left_edge.i:role.i + 1]
             if w.text == "-" or (w.dep_ not in _NOT_TITLE and w.head.dep_ != "poss"
                                  and not w.is_punct)]  # "South Florida-based": its hyphen
    return "".join(w.text + (w.whitespace_ and " ") for w in words).strip()


def a_role(t) -> bool:
    """A common noun naming what a person is ("president", "adviser", "historian")."""
    lemma = t.lemma_.lower()
    return t.pos_ == "NOUN" and (lemma in ROLE_NOUNS or lemma in _MORE_ROLES
                                 or lemma.endswith(("er", "or", "ist", "ian", "ant", "ar")))


def strip_det(span) -> str:
    toks = list(span)
    while toks and (toks[0].pos_ == "DET" or toks[0].lower_ in ("the", "a", "an")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if not toks:
        return None
    return doc_text(span.doc)[toks[0].idx:toks[-1].idx + len(toks[-1])]


def name_tokens(toks: list) -> list:
    """A name's tokens without the noise the NER leaves at its edges: an epithet ("Rip",
    "Crooked"), lower-case words ("a defiant"), a trailing day or time word ("Monday")."""
    while len(toks) > 1 and toks[0].whitespace_ and (toks[0].lower_ in EPITHETS or (
            toks[0].is_lower and toks[0].lower_ not in PARTICLES)):
        toks = toks[1:]
    while len(toks) > 1 and toks[-2].whitespace_ and (
            toks[-1].lower_ in WEEKDAYS or toks[-1].is_lower):
        toks = toks[:-1]
    return toks


# sources that name no one: a figure, a quantifier, an unresolved relative, a document
_QUANTIFIERS = frozenset({"some", "many", "most", "few", "several", "all", "both", "others",
                          "one", "none", "who", "which", "that", "whom", "this", "these", "those",
                          "each", "any", "anyone", "everyone"})
DOCUMENT_NOUNS = frozenset({"statement", "ad", "advertisement", "book", "memo", "letter",
                            "report", "document", "filing", "complaint", "brief", "release",
                            "tweet", "post", "video", "email", "e-mail", "message", "note",
                            "transcript", "article", "column", "editorial", "story", "data",
                            "figure", "figures", "number", "numbers", "percent", "%",
                            "headline", "website", "page", "site", "poll", "polls", "survey",
                            "surveys", "study", "studies"})


def is_fragment(span) -> bool:
    """A source that names no one: "46 percent", "some", "The", "the statement", "a book",
    "New data on Thursday" (a document or figure with no person or organisation in it)."""
    words = [t for t in span if not t.is_punct]
    if not words or all(t.pos_ == "DET" for t in words):
        return True
    root = span.root
    if root.like_num or any(t.like_num and t.head.i == root.i for t in words) and (
            root.lower_ in ("percent", "%")):
        return True
    if len(words) == 1 and root.lower_ in _QUANTIFIERS and not (
            root.head.dep_ == "relcl" and root.head.head.i < root.i):
        return True  # "who" with an antecedent is resolved to it
    if root.lemma_.lower() in DOCUMENT_NOUNS or root.lower_ in DOCUMENT_NOUNS:
        return not any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") for t in words)
    return False
