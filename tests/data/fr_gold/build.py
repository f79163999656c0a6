"""Build ``gold.jsonl`` from the annotation table below (see README.md for the rubric).

Each French page in ../shared/data/fr is read through quoth's own reader
(``quoth.readers.read``); every annotation names its pieces by a quoted anchor, and
this script turns each anchor into exact character offsets into the reader's
text. An anchor must occur exactly once in the page (after ``after`` when given),
or the build stops. Apostrophes are matched ' = ’ (a same-length fold, so
offsets are unchanged); the stored text is always the reader's own.

    PYTHONPATH=src python tests/data/fr_gold/build.py /work/shared/data/fr
"""

from __future__ import annotations

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# (file, kind, act, speaker name, speaker mention anchor, [content anchors], after)
# ``after``: an anchor that the mention and content are searched after (None: whole text).
FC = "franceculture.fr.idees.html"
GA = "gala.fr.surnom.html"
SA = "sciencesetavenir.fr.rumeur.html"
STATEMENTS = [
    # --- France Culture, "Prendre la parole" (a press review: many quoted authors)
    (FC, "indirect", "say", "Paul Valadier", "le philosophe",
     ["le recours immodéré aux « commissions spéciales » comme un recul de la décision politique"], None),
    (FC, "indirect", "say", "Esope", "Esope",
     ["La langue est la meilleure et la pire des choses"], None),
    (FC, "mixed", "say", "Esope", "Esope",
     ["C’est le lien de la vie civile, l’outil de la raison et de la science, mais c’est aussi "
      "la cause de toutes les disputes, la source « de la calomnie et du mensonge »"], None),
    (FC, "direct", "say", "Élysée", "la communication du Palais",
     ["« Emmanuel Macron se dit “calme et déterminé” »"], None),
    (FC, "direct", "say", "Emmanuel Macron", "[Emmanuel Macron] se dit",
     ["“calme et déterminé”"], None),
    (FC, "indirect", "say", "Raphaël Garrigos et Isabelle Roberts", "Raphaël Garrigos et Isabelle Roberts",
     ["dans la doctrine élyséenne, ce sont les guillemets qui authentifient la citation et les propos"], None),
    (FC, "direct", "say", "le conseiller com du président", "le conseiller com du président",
     ["« qu’Emmanuel Macron est, ouvrez les guillemets, « disposé à améliorer » le projet présenté "
      "par son Premier ministre »"], None),
    (FC, "direct", "say", "Emmanuel Macron", "[Emmanuel Macron] est, ouvrez",
     ["« disposé à améliorer »"], None),
    (FC, "mixed", "say", "Éric Chauvier", "[le livre] dénonçait",
     ["le caractère « intimidant » de certains mots – comme celui de « crise » – que l’on prononce "
      "pour décourager toute tentative de compréhension de ce qu’il recouvre"], None),
    (FC, "direct", "say", "Éric Chauvier", "observe-t-[il]",
     ["« Il faudrait rendre grâce à la science d’avoir dispensé avec autant de générosité son langage "
      "conceptuel, de l’avoir fait choir de ses tours d’ivoire pour guider les âmes errantes",
      "Riche de tant de citoyens éclairés, la démocratie ne pourrait que mieux s’en porter. »"],
     None),
    (FC, "mixed", "say", "Éric Chauvier", "il [lui] faut",
     ["« loin de l’éden de lumière attendu », il lui faut au contraire « y reconnaître le point "
      "culminant d’un état d’aliénation généralisé, qui soutient la démocratie comme le cul-de-jatte "
      "porte l’aveugle dans une forêt en feu. »"], None),
    (FC, "indirect", "say", "Éric Chauvier", "[Éric Chauvier] souligne",
     ["la concomitance de leur essor avec la crise de 2008"], None),
    (FC, "mixed", "say", "Éric Chauvier", "[Éric Chauvier] souligne",
     ["Face à « l’éther glauque désigné du mot de crise, un processus cognitif et langagier » "
      "serait-il à l’œuvre ?"], None),
    (FC, "mixed", "say", "Éric Chauvier", "selon [lui]",
     ["La hausse vertigineuse des abonnés à Facebook ou Twitter depuis lors illustrerait",
      "l’expression d’un « état de malaise » généralisé qu’on aurait fait passer pour de la "
      "communication"], None),
    (FC, "direct", "say", "Éric Chauvier", "[Éric Chauvier] souligne",
     ["« la nécessité impérieuse de se réapproprier le langage »"], None),
    (FC, "direct", "say", "Effeuillage", "la revue Effeuillage",
     ["« Comment le grain d’une voix peut-il faire la couleur d’une radio ? »"], None),
    (FC, "direct", "say", "Kriss Graffiti", "Kriss Graffiti",
     ["« une voix en mini-jupe », « intime et rieuse. Un mélange de charme, d’ironie et "
      "d’autodérision »"], None),
    (FC, "indirect", "think", "Mathilde Wattecamps", "pour [Mathilde Wattecamps]",
     ["le média audio permet un traitement différent des sujets par rapport au caractère "
      "instantané de la télévision et de l’image"], None),
    (FC, "direct", "say", "Mathilde Wattecamps", "pour [Mathilde Wattecamps]",
     ["« le long terme ne peut être géré que par le langage »"], None),
    (FC, "indirect", "think", "Tout le monde", "Tout le monde",
     ["l’importance de débattre"], None),
    # --- Gala, "Jacques Chirac lui donnait un surnom peu flatteur"
    (GA, "mixed", "say", "un dirigeant de LREM", "un dirigeant de LREM",
     ["Qualifié de \"gourou de la majorité\""], None),
    (GA, "direct", "say", "un proche d'Edouard Philippe", "un proche d'Edouard Philippe",
     ["\"Vachement bon en manœuvres politiques\""], None),
    (GA, "mixed", "think", "d'anciens amis", "d'anciens amis",
     ["n'en gardent \"pas tous un souvenir impérissable\""], None),
    (GA, "direct", "say", "un chiraquien", "a-t-[il] lâché",
     ["\"Chirac le surnommaitle Grand Con, parce qu'il est grand et qu'il est con\""], None),
    (GA, "direct", "say", "un ténor de la droite", "un ténor de la droite",
     ["\"Malgré le peu d'estime qu'il lui portait, Chirac l'a tout de même soutenu en 1999 pour la "
      "course à la présidence du RPR − qu'il a perdue face à Michèle Alliot-Marie − et l'a nommé "
      "ministre\""], None),
    (GA, "direct", "say", "un ténor de la droite", "met-[il] en perspective",
     ["\"Cela relativise tout ça\""], None),
    # --- Sciences et Avenir, "comment une rumeur devient réalité"
    (SA, "mixed", "say", "OMS", "l'OMS",
     ["\"infodémie massive\""], None),
    (SA, "direct", "say", "Elon Musk", "[Elon Musk] (@elonmusk)",
     ["Maybe worth considering chloroquine for C19 https://t.co/LEYob7Jofr"], None),
    (SA, "direct", "say", "Donald Trump", "Donald J. Trump",
     ["HYDROXYCHLOROQUINE & AZITHROMYCIN, taken together, have a real chance to be one of the "
      "biggest game changers in the history of medicine. The FDA has moved mountains - Thank You! "
      "Hopefully they will BOTH (H works better with A, International Journal of Antimicrobial "
      "Agents)....."], None),
    (SA, "direct", "say", "Ana Sofia Cardenal", "Ana Sofia Cardenal",
     ["“La désinformation a été une des caractéristiques de la pandémie, ce qui est grave dans un "
      "contexte où ces fausses informations peuvent avoir des vraies répercussions sur la santé",
      "Dans certains cas, il s'agissait de “fake news”, des fausses informations créées avec le "
      "but de tromper le public, mais il y avait aussi des informations non vérifiées, comme "
      "l'hydroxychloroquine ou l'ibuprofène, qui n'ont pas comme objectif de tromper, mais qui "
      "peuvent avoir le même impact que les infox.”"], None),
    (SA, "direct", "say", "Olivier Véran", "[Olivier Véran] (@olivierveran)",
     ["La prise d'anti-inflammatoires (ibuprofène, cortisone, ...) pourrait être un facteur "
      "d'aggravation de l’infection. En cas de fièvre, prenez du paracétamol.\nSi vous êtes déjà "
      "sous anti-inflammatoires ou en cas de doute, demandez conseil à votre médecin."], None),
    (SA, "direct", "say", "Ana Sofia Cardenal", "Mme Cardenal",
     ["\"Normalement, ce sont les utilisateurs ordinaires qui aident à propager la désinformation, "
      "mais l'information sur l'ibuprofène a été une exception en France, où elle a été propulsée "
      "par la source la plus fiable possible, le ministre de la Santé Olivier Véran\""], None),
    (SA, "indirect", "say", "les auteurs", "leur étude",
     ["la popularité du sujet a explosé suite à ce tweet le 14 mars, passant de près de 0 à "
      "60.000 tweets en langue française en une journée"], None),
    (SA, "direct", "say", "Ana Sofia Cardenal", "Mme Cardenal",
     ["\"Le message disait que cette information venait d'une étude de l'université de Vienne "
      "(Autriche), mais cette université a très vite démenti. Ainsi, cela n'a pas été pris au "
      "sérieux en Allemagne\""], None),
    (SA, "indirect", "say", "message vocal sur WhatsApp", "Le message",
     ["cette information venait d'une étude de l'université de Vienne (Autriche)"], None),
    (SA, "mixed", "say", "Ana Sofia Cardenal", "Mme Cardenal",
     ["l'affaire prend une tournure différente chez nous avec \"le tweet du ministre français\""], None),
    (SA, "direct", "say", "Ana Sofia Cardenal", "Mme Cardenal",
     ["\"Lutter contre les fausses informations est très difficile, surtout si elles viennent d'une "
      "source crédible. Dans ce cas, il est nécessaire que cette source rectifie ou tempère ses "
      "propos, chose qui n'a pas été faite en France\""], None),
    (SA, "indirect", "think", "les auteurs", "pour [les auteurs]",
     ["le ministre de la Santé n'est pas le seul fautif et son tweet n'aurait pas eu un tel impact "
      "si cette information avait été vérifiée par les médias ou les experts"], None),
    (SA, "direct", "think", "les auteurs", "pour [les auteurs]",
     ["\"Il est possible qu'en France il existait déjà un certain consensus sur la dangerosité de ce "
      "médicament, ce qui pourrait expliquer que cette information ait été acceptée si facilement "
      "par les autres sources fiables.\""], None),
    (SA, "indirect", "think", "ANSM", "l'Agence nationale de sécurité du médicament et des produits de santé (ANSM)",
     ["l'ibuprofène était déjà considéré comme potentiellement dangereux lors d'une infection"], None),
    (SA, "indirect", "say", "étude danoise", "une étude danoise",
     ["non, l'ibuprofène, ainsi que d'autres anti-inflammatoires non stéroïdiens, n'est pas "
      "dangereux pour les patients atteints de Covid-19"], None),
]

# (file, type, anchor): quoted passages that are NOT statements (scare quotes, terms
# cited as words, names of works or operations); a finder that emits one of these
# alone as a statement's content is wrong.
NEGATIVES = [
    (FC, "scare", "« commissions spéciales »"),
    (FC, "scare", "« éléments de langage »"),
    (FC, "scare", "« clés en main »"),
    (FC, "scare", "« mais »"),
    (FC, "scare", "« guillemetgate »"),
    (FC, "scare", "« selon l’Élysée »"),
    (FC, "scare", "« crise »"),
    (FC, "scare", "« mots pétrifiés »"),
    (FC, "scare", "« rhétorique de l’urgence »"),
    (FC, "scare", "« profils »"),
    (FC, "title", "« la fabrique d’un phonostyle radiophonique féminin »"),
    (FC, "scare", "« alternatives, dissonantes, minoritaires et engagées »"),
    ("dalloz-actualite.fr.raoult.html", "title", "« un tuba pour intuber »"),
    (GA, "scare", "\"rapport de force\""),
    ("infocomcgt.fr.caisse.html", "scare", "« gilets jaunes »"),
    ("infocomcgt.fr.caisse.html", "scare", "« gilets rouges »"),
    ("infocomcgt.fr.caisse.html", "title",
     "“Comment seront redistribués aux grévistes les dons collectés par la caisse de solidarité "
     "CGT Info’Com ?”"),
    ("infocomcgt.fr.caisse.html", "title",
     "“Mobilisation contre la réforme des retraites, comment les grévistes comptent tenir "
     "financièrement”"),
    ("infocomcgt.fr.caisse.html", "title",
     "“Mobilisation contre la réforme des retraites… comment les grévistes s’organisent pour "
     "tenir financièrement ?”"),
    ("infocomcgt.fr.caisse.html", "title", "“Des gamers soutiennent la grève… sur Twitch”"),
    (SA, "scare", "“fake news”"),
]


def fold(text: str) -> str:
    """Apostrophes matched either way; one character for one, so offsets hold."""
    return text.replace("’", "'")


def locate(text: str, anchor: str, *, start: int = 0) -> tuple[int, int]:
    """The one place of ``anchor`` in ``text`` (at or after ``start``); the build stops
    when it is missing or occurs twice."""
    hay, needle = fold(text), fold(anchor)
    at = hay.find(needle, start)
    if at < 0:
        raise SystemExit(f"anchor not found: {anchor!r}")
    if start == 0 and hay.find(needle, at + 1) >= 0:
        raise SystemExit(f"anchor occurs twice: {anchor!r}")
    return at, at + len(needle)


def locate_mention(text: str, anchor: str) -> tuple[int, int]:
    """A mention anchor may bracket the mention inside its context: ``selon [lui]``."""
    if "[" not in anchor:
        return locate(text, anchor)
    pre, rest = anchor.split("[", 1)
    inner, post = rest.split("]", 1)
    start, _ = locate(text, pre + inner + post)
    return start + len(pre), start + len(pre) + len(inner)


def span(text: str, start: int, end: int) -> dict:
    return {"start": start, "end": end, "text": text[start:end]}


def statement_record(text: str, row: tuple) -> dict:
    name, kind, act, who, mention, pieces, _ = row
    spans = [locate(text, piece) for piece in pieces]
    return {"file": name, "type": "statement", "kind": kind, "act": act,
            "speaker": {"name": who, "mention": span(text, *locate_mention(text, mention))},
            "content": {"spans": [list(s) for s in spans],
                        "text": " … ".join(text[s:e] for s, e in spans)}}


def build(data_dir: str) -> list[dict]:
    from quoth.readers import read

    texts = {os.path.basename(a.path): a for a in read([data_dir])}
    out = []
    for row in STATEMENTS:
        out.append(dict(statement_record(texts[row[0]].text, row), article=texts[row[0]].id))
    for name, kind, anchor in NEGATIVES:
        text = texts[name].text
        out.append({"file": name, "article": texts[name].id, "type": "negative", "kind": kind,
                    "span": span(text, *locate(text, anchor))})
    return out


def main(argv: list[str]) -> int:
    data_dir = argv[1] if len(argv) > 1 else os.path.join(HERE, "../../../../shared/data/fr")
    records = build(data_dir)
    with open(os.path.join(HERE, "gold.jsonl"), "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    n = sum(r["type"] == "statement" for r in records)
    print(f"{n} statements, {len(records) - n} negatives")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
