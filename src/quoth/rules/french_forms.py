"""French statement forms around quotes: incises, colons, "selon X" after a quote,
headlines, embedded posts, and quotes that continue the last speaker.

Each finder yields ``FrCandidate`` records (character offsets into the article text);
speakers are resolved later (``quoth.resolve.french_speakers``). Forms::

    « … », a-t-il déclaré. / « … », affirme-t-elle. / « … », poursuit le ministre.
    « … – observe-t-il … – … »      “…, rappelle Ana Sofia Cardenal, professeure. …”
    X a déclaré : « … »   qui développe : « … »   Poutine : « … »   X lâche « qu'… »
    X laissait filtrer cette information : « … »
    « … » selon X         — Elon Musk (@elonmusk) March 16, 2020   (the post above)
    a quote that is a sentence of its own, with no cue: more of the last speaker
    (a post's author does not count: an embed does not take up the article's thread);
    a sentence with no cue quoting more than a scare quote's words, its quote not governed
    by a subject's own verb: more of the last speaker too (``mixed``).

A short quote (``SCARE_WORDS`` words or fewer) with no cue is a scare quote or a
title and is not a statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from quoth.nlp.french_lexicon import CUE_FORM, act_of_form
from quoth.rules.candidate import Pieces
from quoth.rules.french_quotes import FrQuote, sentence_spans, word_count

__all__ = ["FrCandidate", "quote_candidates", "post_candidates", "interview_candidates",
           "nested_candidates", "fragment_candidates", "AUX", "NAME", "NP", "SUBJECT"]

SCARE_WORDS = 4
CONTINUE_WORDS = 6
_UP = "A-ZÀ-ÖØ-Ý"
NAME = (rf"(?:(?:M\.|Mme|Mlle|Mgr|Dr|Pr)\s+)?(?:[{_UP}]\.|[{_UP}][\w'’-]*)"
        rf"(?:\s+(?:(?:de|du|des|d[’']|van|von|di|da|le|la)\s*)?(?:[{_UP}]\.|[{_UP}][\w'’-]*))*")
_DET = (r"(?:(?:[Ll]e|[Ll]a|[Ll]es|[Uu]n|[Uu]ne|[Dd]es|[Cc]e|[Cc]ette|[Ss]on|[Ss]a|[Ss]es|"
        r"[Ll]eur|[Ll]eurs)\s+|[Ll][’']|[Dd][’'](?:anciens|autres)\s+)")
_STOP = (r"(?:sur|dans|lors|après|avant|pendant|devant|au|aux|à|en|qui|que|quand|lorsque|et|"
         r"mais|car|début|fin|mi-\w+|hier|aujourd'hui|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
         r"dimanche|le \d+|ce \w+|\d+|,|\.|;|:|$)")
NP = rf"(?:{NAME}|{_DET}[\w'’-]+(?:\s+(?!{_STOP}\b)[\w'’-]+){{0,6}}?(?=\s*{_STOP}))"
SUBJECT = rf"(?:{_DET}[\w'’-]+(?:\s+[\w'’-]+){{0,6}}?|{NAME})"
_PRO = r"(?:il|elle|ils|elles|on)"
# time words between an incise's verb and its speaker: "a déclaré lundi Vladimir Poutine"
_WHEN = (r"(?:(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|hier|aujourd[’']hui|"
         r"encore|aussi|alors|ensuite|soir|matin)\s+)*")
# after a closing mark: ", a-t-il déclaré" / ", affirme-t-elle" / ", poursuit le ministre"
_AFTER = re.compile(
    rf"\s*[,–—-]?\s*(?:(?P<aux>a|avait|ont|avaient|aura)(?:-t)?-(?P<p1>{_PRO})\s+(?P<v1>[\w'’]+)"
    rf"|(?P<v2>[\w'’]+)(?:-t)?-(?P<p2>{_PRO})\b"
    rf"|(?P<aux3>a|avait|ont)\s+(?P<v3>[\w'’]+)\s+{_WHEN}(?P<np3>{NP})"
    rf"|(?:comme\s+)?(?P<v4>[\w'’]+)\s+{_WHEN}(?P<np4>{NP}))")
# inside a quote: "…, rappelle Ana Sofia Cardenal, professeure de …. Dans …" / "– observe-t-il …"
_INSIDE = re.compile(
    rf"(?P<sep>,|\s[–—-])\s*(?:(?P<v2>[\w'’]+)(?:-t)?-(?P<p2>{_PRO})\b[^.!?–—]*?"
    rf"|(?P<v4>[\w'’]+)\s+(?P<np4>{NAME})(?:,[^.!?–—]*)?)(?P<end>[.!?]\s|\s[–—-]\s)")
_SELON_AFTER = re.compile(rf"\s*,?\s*(?:selon|d[’']après)\s+(?P<np>{NP}|lui|elle|eux|elles)")
# a past tense's auxiliary, optional: "a déclaré", "avaient jugé"
AUX = r"(?:(?:a|avait|ont|avaient)\s+)?"
_BEFORE = re.compile(
    rf"(?:(?P<np>{SUBJECT}|qui|il|elle|ils|elles)\s+{AUX}(?P<v>[\w'’]+)"
    rf"(?:\s+(?:encore|aussi|alors|ensuite|même))?\s*:?\s*|(?P<head>{NAME})\s*:\s*)$")
# "la communication du Palais laissait filtrer cette information : « … »": a cue verb and
# its object before the colon
_BEFORE_OBJECT = re.compile(
    rf"(?<![\w'’])(?P<np>{SUBJECT})\s+{AUX}(?P<v>{CUE_FORM})"
    rf"\s+[\w'’-]+(?:\s+[\w'’-]+){{0,5}}\s*:\s*$")
_POST = re.compile(rf"^[—–-]\s*(?P<name>{NAME})\s*\(@\w+\)\s+.*\d{{4}}\s*$")


@dataclass
class FrCandidate(Pieces):
    """A statement before its speaker is resolved (offsets into the article text)."""

    spans: list[tuple[int, int]]
    kind: str
    act: str
    cue: tuple[int, int] | None = None
    mention: tuple[int, int] | None = None  # the speaker's words in the text
    continues: bool = False  # no cue: the speaker of the statement before
    interviewee: bool = False  # an answer in an interview: the person interviewed
    after_colon: bool = False  # "… pour X que … : « … »": a person named before the colon
    embedded: bool = False  # an embedded post: its author does not take up the thread
    quotes: list[FrQuote] = field(default_factory=list)


def quote_candidates(text: str, quotes: list[FrQuote]) -> Iterator[FrCandidate]:
    """A statement for each outer quote with a cue, or one that continues a speaker."""
    for q in quotes:
        if q.depth:
            continue
        found = (_incise_inside(text, q) or _incise_after(text, q) or _selon_after(text, q)
                 or _before(text, q) or _continuation(text, q))
        if found is not None:
            found.quotes.append(q)
            yield found


def post_candidates(text: str) -> Iterator[FrCandidate]:
    """An embedded post: the line above ``— Name (@handle) date``."""
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    for i, line in enumerate(lines):
        m = _POST.match(line)
        if not m or i == 0 or not lines[i - 1].strip():
            continue
        start, end = offsets[i - 1], offsets[i - 1] + len(lines[i - 1].rstrip())
        name = (offsets[i] + m.start("name"), offsets[i] + m.end("name"))
        yield FrCandidate([(start, end)], "direct", "say", cue=None, mention=name, embedded=True)


_QUESTION = re.compile(r"^\s*(?:Q|Question)\s*[:.–—-]\s*\S")
_ANSWER = re.compile(r"^\s*(?:R|Réponse)\s*[:.–—-]\s*")
_DASH = re.compile(r"^\s*[—–]\s+(?!\d)")  # a dialogue dash; "- 6 décembre : …" is a list


def interview_candidates(text: str) -> Iterator[FrCandidate]:
    """Answers in an interview: "R : …" lines, and in a run of dash lines, the line after a
    question ("— … ?")."""
    lines = text.split("\n")
    offsets = _line_offsets(lines)
    asked = False
    for i, line in enumerate(lines):
        answer = _ANSWER.match(line) or (asked and _DASH.match(line))
        if answer and len(line.strip()) > answer.end() + 10:
            start, end = offsets[i] + answer.end(), offsets[i] + len(line.rstrip())
            yield FrCandidate([(start, end)], "direct", "say", interviewee=True)
        asked = bool(_QUESTION.match(line) or (_DASH.match(line) and line.rstrip().endswith("?")))


def _line_offsets(lines: list[str]) -> list[int]:
    out, at = [], 0
    for line in lines:
        out.append(at)
        at += len(line) + 1
    return out


def _incise_after(text: str, q: FrQuote) -> FrCandidate | None:
    m = _AFTER.match(text, q.end, min(len(text), q.end + 160))
    if m is None or "\n" in text[q.end:m.end()]:
        return None
    verb = next(v for v in ("v1", "v2", "v3", "v4") if m.group(v))
    act = act_of_form(m.group(verb))
    if act is None:
        return None
    who = next(g for g in ("p1", "p2", "np3", "np4") if m.group(g))
    return FrCandidate([(q.start, q.end)], "direct", act, cue=m.span(verb), mention=m.span(who))


def _incise_inside(text: str, q: FrQuote) -> FrCandidate | None:
    inner_start, inner_end = q.inner
    m = _INSIDE.search(text, inner_start + 1, inner_end)
    if m is None:
        return None
    verb = "v2" if m.group("v2") else "v4"
    act = act_of_form(m.group(verb))
    if act is None or m.end("end") >= inner_end:
        return None
    who = "p2" if m.group("p2") else "np4"
    first = (q.start, m.start("sep"))
    rest = m.end("end") if m.group("end").strip() in "–—-" else m.start("end") + 1
    while rest < q.end and text[rest].isspace():
        rest += 1
    if first[1] <= first[0] or rest >= q.end:
        return None
    return FrCandidate([first, (rest, q.end)], "direct", act, cue=m.span(verb),
                       mention=m.span(who))


def _selon_after(text: str, q: FrQuote) -> FrCandidate | None:
    m = _SELON_AFTER.match(text, q.end, min(len(text), q.end + 120))
    if m is None:
        return None
    start = _quote_run_start(text, q.start)
    return FrCandidate([(start, q.end)], "direct", "say", cue=None, mention=m.span("np"))


def _quote_run_start(text: str, start: int) -> int:
    """« a », « b » selon X: the run of quotes separated by commas ends at X."""
    m = re.search(r"(«[^«»]*»|\"[^\"]*\")\s*,\s*$", text[max(0, start - 200):start])
    return start - (len(text[max(0, start - 200):start]) - m.start()) if m else start


def _before(text: str, q: FrQuote) -> FrCandidate | None:
    """A cue before the quote: "X a déclaré : « … »", "X lâche « … »", "Poutine : « … »",
    "X laissait filtrer cette information : « … »"."""
    line_start = text.rfind("\n", 0, q.start) + 1
    window = text[max(line_start, q.start - 160):q.start]
    offset = q.start - len(window)
    m = _BEFORE.search(window)
    if m is not None and m.group("head"):
        if m.start() != 0 and text[offset + m.start() - 1] not in "\n":
            return None  # "Poutine : « … »" heads its line
        return FrCandidate([(q.start, q.end)], "direct", "say",
                           mention=(offset + m.start("head"), offset + m.end("head")))
    if m is None or act_of_form(m.group("v")) is None:
        m = _BEFORE_OBJECT.search(window)
    if m is None or act_of_form(m.group("v")) is None:
        return None
    return FrCandidate([(q.start, q.end)], "direct", act_of_form(m.group("v")),
                       cue=(offset + m.start("v"), offset + m.end("v")),
                       mention=(offset + m.start("np"), offset + m.end("np")))


def _continuation(text: str, q: FrQuote) -> FrCandidate | None:
    """A quote that is a sentence of its own and long enough to be speech."""
    if word_count(text[q.start:q.end]) < CONTINUE_WORDS:
        return None
    before = text[:q.start].rstrip(" \t")
    if before and before[-1] not in "\n.!?:":
        return None
    if before.endswith(":") and not re.search(r"[a-zà-ÿ]\s*:$", before):
        return None  # "6 décembre 2019 : “…”" lists a title
    after = text[q.end:q.end + 3].lstrip(" \t")
    if after and after[0] not in "\n.!?" and not text[q.end - 2] in ".!?":
        return None
    return FrCandidate([(q.start, q.end)], "direct", "say", continues=True,
                       after_colon=before.endswith(":"))


_PREPOSITION = r"à|au|aux|de|du|des|d[’']|en|pour|par|sur|avec|dans|contre|comme|selon|vers"
# a subject and its verb right before a quote: "Laura Frémy analyse « … »"
_GOVERNED = re.compile(rf"(?<![\w'’])(?:{SUBJECT})\s+(?:n[’'](?:en|y)?\s*|ne\s+|en\s+)?"
                       rf"(?!(?:{_PREPOSITION})\s*$)[\w'’-]+\s*$")
# a connective before a sentence's quote is no part of what was said: "D'où « … »"
_CONNECTIVE = re.compile(r"^(?:Mais|Et|Or|Donc|Ainsi|Puis|Car|D[’']où|D[’']ailleurs)\s*,?\s*$")


def fragment_candidates(text: str, quotes: list[FrQuote]) -> Iterator[FrCandidate]:
    """A sentence with no cue that quotes more than a scare quote's words ("C'est le lien
    de la vie civile, … la source « de la calomnie et du mensonge »"): more of the last
    speaker, ``mixed`` (or ``direct`` where only a connective stands outside the quote)."""
    for start, end in sentence_spans(text):
        held = [q for q in quotes if not q.depth and start <= q.start and q.end <= end]
        if not any(word_count(text[q.start:q.end]) > SCARE_WORDS for q in held):
            continue
        long = next(q for q in held if word_count(text[q.start:q.end]) > SCARE_WORDS)
        if text[start:held[0].start].rstrip().endswith(":"):
            continue  # "6 décembre 2019 : “…”" lists a title; colons are _continuation's
        if _GOVERNED.search(text, start, long.start):
            continue  # "d'anciens amis n'en gardent « … »": the clause has its own subject
        body_end = start + len(text[start:end].rstrip(" .!?\n"))
        body_end = max(body_end, held[-1].end)
        if _CONNECTIVE.match(text[start:held[0].start]):
            start = held[0].start
        direct = len(held) == 1 and (held[0].start, held[0].end) == (start, body_end)
        yield FrCandidate([(start, body_end)], "direct" if direct else "mixed", "say",
                          continues=True, quotes=held)


_NESTED_NAME = re.compile(rf"(?P<name>{NAME})[^«»“”\"‹›.!?]{{0,60}}$")


def nested_candidates(text: str, quotes: list[FrQuote],
                      outer: list[FrCandidate]) -> Iterator[FrCandidate]:
    """A quote inside a quote with a person named just before it, inside the outer quote
    (« Emmanuel Macron se dit “calme et déterminé” »): that person's own statement."""
    for q in quotes:
        if not q.depth:
            continue
        host = next((c for c in outer if c.kind != "indirect" and c.start < q.start
                     and q.end <= c.end), None)
        if host is None:
            continue
        m = _NESTED_NAME.search(text, host.start + 1, q.start)
        if m and len(m.group("name").split()) >= 2:
            yield FrCandidate([(q.start, q.end)], "direct", "say", mention=m.span("name"))
