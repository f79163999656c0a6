"""A database holding English and French reports of the same event (the Putin-Macron press
conference of 7 February 2022): one speaker per person, a language facet counting both,
search that folds accents, and unsupported languages stored and counted."""

from __future__ import annotations

import pytest

from conftest import EXAMPLE_ARTICLE

FRENCH = """Poutine et Macron à Moscou : « Nous ne voulons pas la guerre »
MOSCOU (Sputnik) - Le président russe Vladimir Poutine a reçu lundi son homologue français Emmanuel Macron au Kremlin pour plus de cinq heures de discussions sur la sécurité en Europe.
« Un certain nombre de ses idées, de ses propositions, sont encore prématurées, mais il est possible qu'elles servent de base à nos démarches communes », a déclaré Vladimir Poutine lors d'une conférence de presse.
Emmanuel Macron a affirmé que la sécurité de l'Europe passait par un dialogue exigeant avec la Russie.
« Nous avons des points de convergence », a-t-il ajouté.
Selon l'Otan, les troupes russes sont toujours massées à la frontière ukrainienne.
"""
RUSSIAN = ("Президент России Владимир Путин заявил в понедельник, что переговоры с Эммануэлем "
           "Макроном в Кремле были полезными и что он готов рассмотреть его предложения.\n")


@pytest.fixture(scope="module")
def mixed_db(tmp_path_factory):
    from quoth.store.ingest import ingest

    folder = tmp_path_factory.mktemp("mixed")
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "ru.txt").write_text(RUSSIAN, encoding="utf-8")
    db = str(folder / "q.db")
    summary = ingest([str(EXAMPLE_ARTICLE), str(folder / "fr.txt"), str(folder / "ru.txt")],
                     db, engine="rules", progress=False)
    return db, summary


@pytest.mark.model
def test_one_speaker_per_person_across_languages(mixed_db):
    from quoth.store import Store

    db, _ = mixed_db
    with Store(db, readonly=True) as store:
        hits = store.search(None, limit=200)["hits"]
        by_lang = {(h["speaker"], h["lang"]) for h in hits}
        assert ("Vladimir Putin", "en") in by_lang and ("Vladimir Putin", "fr") in by_lang
        assert ("Emmanuel Macron", "en") in by_lang and ("Emmanuel Macron", "fr") in by_lang
        names = [s["value"] for s in store.search(None, limit=1)["facets"]["speaker"]]
        assert "Vladimir Poutine" not in names and names.count("Vladimir Putin") == 1


@pytest.mark.model
def test_language_facet_counts_both(mixed_db):
    from quoth.store import Store

    db, _ = mixed_db
    with Store(db, readonly=True) as store:
        facet = {f["value"]: f["count"] for f in store.search(None)["facets"]["lang"]}
        assert facet["en"] > 0 and facet["fr"] > 0
        french = store.search(None, lang="fr", limit=100)
        assert french["total"] == facet["fr"] and all(h["lang"] == "fr" for h in french["hits"])
        assert store.stats()["languages"] == {"en": 1, "fr": 1, "ru": 1}


@pytest.mark.model
def test_search_folds_accents(mixed_db):
    from quoth.store import Store

    db, _ = mixed_db
    with Store(db, readonly=True) as store:
        plain = store.search("securite", lang="fr")
        accented = store.search("sécurité", lang="fr")
        assert plain["total"] >= 1 and plain["total"] == accented["total"]
        assert "sécurité" in plain["hits"][0]["content"]


@pytest.mark.model
def test_unsupported_language_stored_and_summarised(mixed_db):
    _, summary = mixed_db
    assert summary.new == 3
    assert "1 article in languages quoth does not extract: ru 1" in str(summary)
    assert summary.to_dict()["languages"] == {"en": 1, "fr": 1, "ru": 1}


@pytest.mark.model
def test_web_search_offers_a_language_facet(mixed_db):
    from quoth.store import Store
    from quoth.web.links import facet_lists
    from quoth.web.views import clean_filters, search_view

    db, _ = mixed_db
    with Store(db, readonly=True) as store:
        view = search_view(store, None, clean_filters({"lang": "fr"}))
        assert view["total"] and all(h["lang"] == "fr" for h in view["hits"])
        language = next(f for f in facet_lists(view, "/search") if f["name"] == "lang")
        assert language["label"] == "Language"
        assert [(i["value"], i["on"]) for i in language["items"]] == [("fr", True)]
        assert "lang=fr" not in language["items"][0]["url"]  # the link turns the filter off
