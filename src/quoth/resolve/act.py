"""What kind of statement an attribution is (``Statement.act``), and which found
attributions are no attribution at all.

``act`` is one of ``ACTS``:

- ``say``: something asserted ("said", "told", "wrote", "denied", "according to");
- ``think``: a belief ("thinks", "believes", "fears", "expects", "doubts");
- ``want``: an eventuality wished for or committed to ("called for", "urged", "vowed",
  "plans", "wants to", "threatened to");
- ``other``: an attribution with no propositional content: a poll figure, the
  endorsement of a name ("backed Clinton"), an action ("approved a move", "sought to
  blunt"), a bare topic ("denounced the bank"), "declined to comment".

The choice reads the cue's lemma (``cue_lemma``) and the content's shape (``Shape``:
a clause, a to-infinitive, a noun phrase, a figure; quoted or not) and applies the rules
of ``choose_act`` in order: it is a lexicon and shape rules, tested on real sentences
(tests/test_act.py), not a trained model. ``is_attribution`` is False for found text
that no reader calls an attribution: a lone function word ("The") and a short
quoted title with no cue and no speaker (a work's title in quote marks).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from quoth.records import Statement
from quoth.nlp.tables import token_table

__all__ = ["ACTS", "DEFAULT_ACTS", "Shape", "shape_of", "cue_lemma", "choose_act",
           "is_attribution", "classify"]

ACTS = ("say", "think", "want", "other")
DEFAULT_ACTS = ("say", "think", "want")  # what the default views show

# beliefs: the content is what the source holds true
THINK_CUES = frozenset({
    "think", "believe", "fear", "expect", "doubt", "hope", "feel", "worry", "suspect",
    "assume", "consider", "know", "understand", "wonder", "imagine", "suppose", "realize",
    "realise", "recognize", "recognise", "trust", "reckon", "figure", "guess", "see", "view",
    "regard", "anticipate", "predict", "sense", "convinced", "confident", "concerned",
    "sure", "certain", "worried", "afraid", "aware", "skeptical", "optimistic",
    "pessimistic", "hopeful", "fearful", "be convinced", "be confident", "be concerned",
    "express hope", "express concern", "express confidence", "express doubt", "feel like",
})
# eventualities: what the source wants, demands or commits to
WANT_CUES = frozenset({
    "want", "call for", "call on", "urge", "demand", "promise", "vow", "plan", "pledge",
    "threaten", "intend", "propose", "push", "push for", "press", "press for", "request",
    "recommend", "wish", "prefer", "order", "instruct", "direct", "advise", "encourage",
    "implore", "beg", "appeal", "insist on", "aim", "seek to", "commit",
    "offer", "swear", "need", "would like", "like", "love", "plead", "lobby", "petition",
    "invite", "challenge", "dare", "ask for", "hope to",
})
# actions and stances whose content is a person, a thing or a deed, not a proposition:
# other unless their content is a clause
ACTION_CUES = frozenset({
    "back", "endorse", "support", "approve", "seek", "try", "attempt", "vote", "choose",
    "favor", "favour", "oppose", "denounce", "condemn", "praise", "blame", "attack",
    "criticize", "criticise", "slam", "reject", "applaud", "welcome", "mock", "decline",
    "refuse", "fail", "sign", "veto", "block", "sue", "thank", "congratulate", "defend",
    "target", "lead", "win", "lose", "trail", "discuss", "debate", "address", "tout",
    "highlight", "embrace", "hail", "laud", "lambaste", "blast", "berate", "chide",
    "scold", "rebuke", "ridicule", "dismiss", "question", "investigate", "review", "cite as",
    "push back", "campaign", "rally", "boycott", "protest", "celebrate", "honor", "honour",
    "decline comment", "refuse comment", "ask about", "talk about", "speak about",
    "focus on", "comment on", "weigh in", "react", "respond to", "reserve",
})
# speech verbs whose noun-phrase content is still what was said ("cited Iraq, Libya,
# Afghanistan as examples", "called it a sham", "described the talks as frank")
NAMING_CUES = frozenset({
    "cite", "call", "describe", "name", "list", "quote", "dub", "label", "term", "brand",
    "characterize", "characterise", "deem", "accuse", "according to", "liken", "compare",
})
# say-verbs whose to-infinitive content is a wish for someone else to act ("told them to
# leave", "warned officials to boost security")
DIRECTIVE_CUES = frozenset({"tell", "ask", "warn", "say", "write", "call", "encourage",
                            "advise", "remind", "instruct", "order", "caution", "agree"})
# want-verbs whose noun-phrase object is a thing given or liked, not an eventuality
WANT_NOT_NP = frozenset({"offer", "like", "love", "need", "agree", "invite", "challenge",
                         "commit", "direct", "press", "push", "encourage"})
# a topic, not what was said: "talked about what he sees as ...", "asked about the plan"
TOPIC_CUES = frozenset({"talk about", "speak about", "ask about", "focus on", "comment on",
                        "speak of", "talk of", "write about", "reference", "refer to",
                        "worry about", "know as"})
# beliefs whose noun-phrase object is itself a proposition ("fears a trade war"); other
# belief verbs with a noun phrase name a thing held or taken ("assumed a new role",
# "did not consider Mr. Clarke a realistic option")
THINK_NP = frozenset({"fear", "expect", "predict", "anticipate", "doubt", "foresee", "forecast",
                      "suspect"})
REFUSALS = frozenset({"decline", "refuse", "decline comment", "refuse comment"})
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
# a reported content that opens on one of these is a noun phrase, whatever adjunct clause
# hangs off it ("a tightening race as Trump consolidates ..."), unless a verb of its own
# is the cue's complement (a parse that takes "obsession" in "say Trump's obsession ...
# is an insult" for the object)
NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM", "DET", "ADJ"})
QUESTION_CUES = frozenset({"ask", "question", "wonder", "inquire", "query"})
NARRATORS = frozenset({"i", "we", "you", "me", "us"})  # a source with no name: the writer
NOUN_DEPS = frozenset({"dobj", "pobj", "attr", "appos", "compound", "nsubj", "nsubjpass"})
# a noun-phrase content headed by one of these is an event set up, not something said
# ("called an emergency meeting", "called a vote")
EVENT_NOUNS = frozenset({"meeting", "election", "vote", "strike", "session", "conference",
                         "referendum", "hearing", "summit", "truce", "ceasefire", "halt",
                         "investigation", "inquiry", "recess", "rally"})
ADJUNCTS = frozenset({"advcl", "relcl", "acl", "prep", "pcomp", "advmod", "npadvmod", "conj"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
# a content of one of these words alone is no attribution ("The": a parse or tagging slip)
FUNCTION_WORDS = frozenset({"the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "for",
                            "with", "by", "at", "from", "as"})
FIGURE = re.compile(r"\d\s*(?:%|percent|per cent|points?\b)|\bpercent\b", re.I)
POLLED = re.compile(r"\b(?:majority|plurality|minority|percent|half|third|quarter|fifth|"
                    r"tenth)s? of\b|\brespondents\b|\d+ (?:in|of) (?:\d+|ten)\b", re.I)
WORD = re.compile(r"\w+")
WH_WORDS = frozenset({"why", "how", "what", "whether", "where", "which", "who"})
ASKED = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?asked\b", re.I)
QUOTED = re.compile(r"[\"“«]([^\"“”«»]+)[\"”»]|''([^']+)''|‘([^‘’]+)’")


@dataclass(frozen=True)
class Shape:
    """The content's shape: its word count, and whether it is quoted (``kind`` direct or
    mixed), a clause (a verb with a subject, or a finite verb, heads a piece), a
    to-infinitive, a figure; whether the speaker's mention is a figure ("46 percent")."""

    words: int
    quoted: bool = False
    clause: bool = False
    infinitive: bool = False
    figure: bool = False
    speaker_figure: bool = False  # a poll's figure or population: "46 percent", "a majority"
    quoted_words: int = 0  # words inside quote marks, not counting a title ("American Skin")
    event: bool = False  # a noun phrase naming an event set up: "an emergency meeting"
    narrator: bool = False  # the source is the writer or the reader: "I", "we", "you"
    relative: bool = False  # a relative clause of a noun before it: "that was held on a boat"
    wh: bool = False  # opens on why / how / what: "explained why he backs Trump"
    asked: bool = False  # the source was asked (a passive cue): the content is the question
    headless: bool = False  # cut from its subject: "but ditched her escort", "has seemed"


def choose_act(shape: Shape, cue: str | None) -> str:
    """say / think / want / other from the content's shape and the cue's lemma."""
    cue = (cue or "").lower()
    head = cue.split()[0] if cue else ""
    if shape.words <= 1 and not shape.quoted:
        return "other"  # a pronoun or one word: "He thinks so", "which the bank detailed"
    if shape.narrator or (shape.relative and not shape.quoted):
        return "other"  # the writer's own view ("I didn't expect him to", "Do you know"), or
        # a noun's relative clause ("told reporters after the meeting [that was held ...]")
    if shape.wh and not shape.quoted and head not in QUESTION_CUES:
        return "other"  # a topic: "explained why he backs Trump", "has yet to explain how"
    if shape.asked and not shape.quoted:
        return "other"  # the question put to the source: "Reagan was once asked how ..."
    if shape.headless:
        return "other"  # no proposition a reader can read: "as 'an intentional act.'"
    if shape.event and not (shape.clause or shape.infinitive):
        return "other"  # "called an emergency meeting"
    if shape.speaker_figure or (shape.figure and shape.words <= 6 and not shape.clause):
        return "other"  # a poll or a count: "46 percent backed Clinton"
    if cue in REFUSALS or head in REFUSALS:
        return "other"  # "declined to comment", "refused to say whether"
    if cue in TOPIC_CUES and shape.quoted_words < 4:
        return "other"  # "talked about what he sees as the conditions", "asked about"
    if shape.infinitive:
        if head in ("claim", "profess", "purport", "pretend"):
            return "say"  # "claim to find Clinton more palatable"
        if _in(THINK_CUES, cue, head) and head != "hope":
            return "think"  # "expects to win"
        if head == "hope" or _in(WANT_CUES, cue, head) or _in(DIRECTIVE_CUES, cue, head):
            return "want"  # "hopes to win", "told them to leave"
        return "other"  # "sought to blunt", "tried to", "set about to"
    if shape.clause or (shape.quoted and shape.words >= 4 and shape.quoted_words >= 4):
        return _mind(cue, head)
    if not cue and shape.words >= 3:
        return "say"  # a form with no cue word: "Putin: Russia's Key Security Concerns Ignored"
    if _in(NAMING_CUES, cue, head) or shape.quoted_words >= 2:
        return "say"  # "cited Iraq as an example", 'called it "a true wake-up call"'
    if _in(WANT_CUES, cue, head) and not _in(WANT_NOT_NP, cue, head):
        return "want"  # "called for a moratorium", "demanded more details"
    if _in(THINK_NP, cue, head) and shape.words >= 3:
        return "think"  # "fears a trade war"
    return "other"  # a bare topic, a name, a deed: "denounced the bank", "backed Clinton"


def _mind(cue: str, head: str) -> str:
    if _in(WANT_CUES, cue, head):
        return "want"
    if _in(THINK_CUES, cue, head):
        return "think"
    return "say"


def _in(words: frozenset, cue: str, head: str) -> bool:
    """Is the cue in ``words``: a known phrase by itself ("call for"), else by its head."""
    if cue in words:
        return True
    return head in words and (" " not in cue or cue not in _PHRASES)


_PHRASES = frozenset(p for group in (THINK_CUES, WANT_CUES, ACTION_CUES, NAMING_CUES)
                     for p in group if " " in p)


def is_attribution(statement: Statement) -> bool:
    """False for found text no reader calls an attribution: a content of one function
    word ("The"), a short quote with neither cue nor speaker, a work's title in quote
    marks."""
    words = WORD.findall(statement.content.text)
    if len(words) <= 1 and (not words or words[0].lower() in FUNCTION_WORDS):
        return False
    speaker = statement.speaker
    unattributed = statement.cue is None and speaker.name is None and speaker.mention is None
    if unattributed and statement.kind == "direct" and len(words) <= 6:
        return False  # an unattributed quoted fragment
    if statement.kind == "direct" and len(words) <= 8 and _title(words) \
            and not statement.content.text.rstrip("\"'”’»").endswith((".", "?", "!", ",")):
        return False  # a work's title in quote marks: '"American Skin (41 Shots)"'
    return True


def classify(doc, statements: Iterable[Statement]) -> Iterator[Statement]:
    """Each attribution of ``doc`` with its ``act`` set; non-attributions left out."""
    for st in statements:
        if not is_attribution(st):
            continue
        yield replace(st, act=choose_act(shape_of(doc, st), cue_lemma(doc, st)))


def _tokens(doc, start: int, end: int) -> range:
    """Token indices of ``doc`` overlapping chars ``start``..``end``."""
    idx = token_table(doc).idx
    lo = max(0, bisect.bisect_right(idx, start) - 1)
    if lo < len(idx) and idx[lo] + len(doc[lo]) <= start:
        lo += 1
    return range(lo, bisect.bisect_left(idx, end))


def cue_lemma(doc, st: Statement) -> str | None:
    """The cue's lemma: its head word's, with a particle or preposition that follows it
    ("call for", "according to"), or with a noun object ("express hope")."""
    if st.cue is None:
        return None
    t = token_table(doc)
    toks = [i for i in _tokens(doc, st.cue.start, st.cue.end) if not t.is_punct[i]]
    if not toks:
        return None
    inside = set(toks)
    heads = [i for i in toks if t.head[i] not in inside or t.head[i] == i]
    head = next((i for i in heads if t.pos[i] in ("VERB", "AUX", "ADJ")), heads[0])
    lemma = t.lemma[head]
    if lemma == "accord" or t.lower[head] == "according":
        return "according to"
    if lemma == "be" and len(toks) > 1:  # "is convinced"
        adj = next((i for i in toks if t.pos[i] == "ADJ" or t.tag[i] == "VBN"), None)
        return t.lemma[adj] if adj is not None else lemma
    after = [i for i in toks if i > head and t.dep[i] in ("prt", "prep", "dobj", "pobj", "xcomp", "aux")]
    if after and t.dep[after[0]] in ("prt", "prep"):
        return f"{lemma} {t.lower[after[0]]}"
    if after and t.dep[after[0]] == "dobj" and t.pos[after[0]] == "NOUN":
        return f"{lemma} {t.lemma[after[0]]}"
    return lemma


def shape_of(doc, st: Statement) -> Shape:
    """The content's ``Shape``, read off the parse of its pieces."""
    t = token_table(doc)
    toks = [i for s, e in st.content.spans for i in _tokens(doc, s, e)]
    inside = set(toks)
    words = sum(1 for i in toks if not (t.is_punct[i] or t.is_space[i]))
    roots = [i for i in toks if (t.head[i] not in inside or t.head[i] == i)
             and not (t.is_punct[i] or t.is_space[i])]
    nominal = st.kind == "indirect" and bool(roots) and t.pos[roots[0]] in NOMINAL
    heads = [i for i in roots if not (nominal and t.dep[i] in ADJUNCTS)]
    infinitive = any(_infinitive(t, i, inside) for i in heads)
    opens_that = bool(toks) and t.lower[toks[0]] == "that" and t.dep[toks[0]] == "mark"
    clause = not infinitive and (opens_that or any(_clausal(t, i, inside) for i in heads)
                                 or (not nominal and _subject_verb(t, inside)))
    mention = st.speaker.mention
    return Shape(
        words=words,
        quoted=st.kind in ("direct", "mixed"),
        clause=clause,
        infinitive=infinitive,
        figure=bool(FIGURE.search(st.content.text)),
        speaker_figure=bool(mention is not None and (FIGURE.search(mention.text)
                                                     or POLLED.search(mention.text))),
        quoted_words=quoted_words(st.content.text),
        event=nominal and t.lemma[roots[0]] in EVENT_NOUNS,
        wh=bool(toks) and t.lower[toks[0]] in WH_WORDS,
        asked=st.cue is not None and bool(ASKED.search(st.cue.text)),
        headless=st.kind != "direct" and bool(toks) and _headless(t, toks[0], inside),
        relative=bool(toks) and t.dep[toks[0]] in ("nsubj", "nsubjpass")
        and t.lower[toks[0]] in ("that", "which", "who") and t.dep[t.head[toks[0]]] == "relcl",
        narrator=st.speaker.name is None and mention is not None
        and mention.text.lower() in NARRATORS,
    )


def quoted_words(text: str) -> int:
    """Words inside quote marks in ``text``, leaving out quoted titles (every word
    capitalised: 'Springsteen's "American Skin"')."""
    n = 0
    for match in QUOTED.finditer(text):
        words = WORD.findall(next(g for g in match.groups() if g is not None))
        if not _title(words):
            n += len(words)
    return n


def _title(words: list[str]) -> bool:
    """Every word of four letters or more capitalised, as in a title ("Gone With the Wind")."""
    return all(w[0].isupper() or w[0].isdigit() for w in words if len(w) >= 4)


def _clausal(t, i: int, inside: set[int]) -> bool:
    """Does token ``i`` head a clause: a verb that is finite, has a finite auxiliary
    ("would pay"), a subject, or a "that" ("that the campaign stop using")?"""
    if t.pos[i] not in ("VERB", "AUX") or t.dep[i] in NOUN_DEPS:
        return False  # "scrutinized [reports] like ...": a noun tagged as a verb
    if t.tag[i] in FINITE_TAGS:
        return True
    for k in inside:
        if k == i or t.head[k] != i:
            continue
        if t.dep[k] in SUBJECTS or (t.dep[k] in ("aux", "auxpass") and t.tag[k] in FINITE_TAGS):
            return True
        if t.dep[k] == "mark" and t.lower[k] in ("that", "whether", "if"):
            return True
    return False


def _subject_verb(t, inside: set[int]) -> bool:
    """A finite verb with its subject inside the content, outside a relative clause (a
    parse that hangs the content's verb off a word outside it)."""
    for k in inside:
        v = t.head[k]
        if t.dep[k] in ("nsubj", "nsubjpass") and v in inside and t.pos[v] in ("VERB", "AUX") \
                and t.dep[v] not in ("relcl", "acl", "advcl", "pcomp", "pobj") \
                and (t.tag[v] in FINITE_TAGS or any(t.head[a] == v and t.tag[a] in FINITE_TAGS
                                                    for a in inside)):
            return True
    return False


def _headless(t, first: int, inside: set[int]) -> bool:
    """Does the content open where its subject was cut off: on "but", "and", "or" or "as"
    with no clause of its own ("but ditched her NYPD escort", 'as "an intentional act."'),
    or on a finite verb whose
    subject is outside it ("has recently seemed supportive of Mr. Trump")?"""
    if t.lower[first] in ("but", "and", "or", "as"):
        if t.lower[first] == "as" and first + 1 in inside and t.lower[first + 1] == "for":
            return False  # "As for complexity, ...": a topic set up, then the claim
        return not _subject_verb(t, inside)  # "But a campaign operative decided ...": whole
    if t.tag[first] not in FINITE_TAGS or t.pos[first] not in ("VERB", "AUX"):
        return False
    verb = first if t.dep[first] not in ("aux", "auxpass") else t.head[first]
    return not any(t.head[k] == verb and t.dep[k] in SUBJECTS for k in inside)


def _infinitive(t, i: int, inside: set[int]) -> bool:
    if t.pos[i] not in ("VERB", "AUX"):
        return False
    return any(t.head[k] == i and t.lower[k] == "to" and t.dep[k] == "aux" for k in inside) \
        or (t.tag[i] == "VB" and min(inside) < i and t.lower[min(inside)] == "to")
