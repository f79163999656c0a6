"""Languages, French dates and datelines, aliases: tables of real news text."""

from __future__ import annotations

import pytest

from quoth.resolve.aliases import alias_key, canonical
from quoth.nlp.lang import detect, unsupported_note, unsupported_summary
from quoth.resolve.french_dates import TIME, find_dateline, find_time, resolve_fr

EN = ("Russian President Vladimir Putin said on Monday that the talks with French President "
      "Emmanuel Macron had been useful, and that he was ready to look at some of his proposals.")
FR = ("Le président russe Vladimir Poutine a affirmé lundi que ses discussions avec Emmanuel "
      "Macron avaient été utiles, et qu'il était prêt à examiner certaines de ses propositions.")
RU = ("Президент России Владимир Путин заявил в понедельник, что переговоры с Эммануэлем "
      "Макроном были полезными и что он готов рассмотреть некоторые его предложения.")
DE = ("Der russische Präsident Wladimir Putin sagte am Montag, die Gespräche mit dem "
      "französischen Präsidenten Emmanuel Macron seien nützlich gewesen.")


@pytest.mark.parametrize("text, lang", [
    (EN, "en"), (FR, "fr"), (RU, "ru"), (DE, "de"), ("12 345 — 678", None),
    # a short sentence: too few words to tell, so no language (the English extractor reads it)
    ("Putin cited Iraq, Libya and Afghanistan as examples.", None),
    ("Poutine : « La sécurité de la Russie est ignorée »", "fr"),
])
def test_detect(text, lang):
    assert detect(text) == lang


def test_unsupported_summary_counts_languages():
    assert unsupported_summary(["en", "ru", "fr", "de", "ru", None]) == \
        "3 articles in languages quoth does not extract: ru 2, de 1"
    assert unsupported_summary(["en", "fr"]) is None
    assert unsupported_note("ru") == "not extracted: the article is in ru; quoth extracts en, fr"


@pytest.mark.parametrize("name, canon", [
    ("Vladimir Poutine", "Vladimir Putin"), ("l’Otan", "NATO"), ("l'OTAN", "NATO"),
    ("Organisation mondiale de la santé", "World Health Organization"),
    ("Emmanuel Macron", "Emmanuel Macron"), (None, None)])
def test_bundled_aliases(name, canon):
    assert canonical(name) == canon


def test_user_alias_file_wins(tmp_path, monkeypatch):
    extra = tmp_path / "mine.tsv"
    extra.write_text("# mine\nPoutine\tV. V. Putin\nDmitri Medvedev\tDmitry Medvedev\n",
                     encoding="utf-8")
    monkeypatch.setenv("QUOTH_ALIASES", str(extra))
    assert canonical("Poutine") == "V. V. Putin"
    assert canonical("Dmitri Medvedev") == "Dmitry Medvedev"
    assert alias_key("l’Élysée") == "elysee"


# published Tuesday 8 February 2022
@pytest.mark.parametrize("phrase, iso", [
    ("lundi", "2022-02-07"), ("mardi", "2022-02-08"), ("mardi dernier", "2022-02-01"),
    ("lundi prochain", "2022-02-14"), ("hier", "2022-02-07"), ("avant-hier", "2022-02-06"),
    ("aujourd’hui", "2022-02-08"), ("demain", "2022-02-09"), ("le 7 février", "2022-02-07"),
    ("7 février 2022", "2022-02-07"), ("1er décembre 2019", "2019-12-01"),
    ("le 18 décembre", "2021-12-18")])
def test_french_dates(phrase, iso):
    from datetime import date

    m = TIME.search(phrase)
    assert m is not None and resolve_fr(m, date(2022, 2, 8)) == iso


def test_a_date_without_published_needs_a_year():
    assert find_time("a déclaré lundi", None) is None
    assert find_time("a déclaré le 7 février 2022", None) == "2022-02-07"


@pytest.mark.parametrize("text, place", [
    ("MOSCOU (Sputnik) - Vladimir Poutine a reçu Emmanuel Macron.", "MOSCOU"),
    ("PARIS, 7 février (Reuters) - Emmanuel Macron s'est rendu à Moscou.", "PARIS"),
    ("Titre de l'article\nGENÈVE, 8 février 2022 (AFP) — Les discussions reprennent.", "GENÈVE"),
    ("(AFP) - Les discussions reprennent.", None),
    ("Le président a parlé (longuement) - puis il est parti.", None)])
def test_french_datelines(text, place):
    assert find_dateline(text) == place


@pytest.mark.model
def test_french_statement_is_dated_by_its_reporting_clause():
    from quoth.extraction import extract_text

    text = ("MOSCOU (Sputnik) - « La Russie ne veut pas la guerre », a déclaré lundi Vladimir "
            "Poutine lors d'une conférence de presse avec Emmanuel Macron le 7 février.")
    result = extract_text(text, published="2022-02-08", engine="rules")
    assert result.article.lang == "fr" and result.article.dateline == "MOSCOU"
    st = next(s for s in result.statements if "pas la guerre" in s.content.text)
    assert st.speaker.name == "Vladimir Putin" and st.said_on == "2022-02-07"


@pytest.mark.model
def test_an_unsupported_language_is_noted_never_silent():
    from quoth.cli.extract import format_table
    from quoth.extraction import extract_text

    result = extract_text(RU, engine="rules")
    assert result.article.lang == "ru" and result.statements == ()
    assert result.note and "ru" in result.note and result.error is None
    assert "not extracted: the article is in ru" in format_table(result)
    assert result.to_dict()["article"]["lang"] == "ru"


@pytest.mark.model
def test_forced_language_is_kept():
    from quoth.extraction import process_batch
    from quoth.records import Article, article_id

    article = Article(id=article_id(FR), text=FR, lang="de")
    assert process_batch([article], engine="rules")[0].note.startswith("not extracted")
