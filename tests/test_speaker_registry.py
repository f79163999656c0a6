"""One speaker, one entity across articles (``quoth.store.speakers``): joins, aliases,
names, types and titles, and merge/split as inverses. Mentions are from PolNeAR news."""

from __future__ import annotations

import dataclasses

import pytest

from quoth.records import (
    Article, ArticleResult, Speaker, Statement, article_id, make_content, make_span, statement_id,
)
from quoth.store import Store


def said_by(mention: str, words: str, *, name: str | None = None, kind: str = "PERSON",
            title: str | None = None) -> ArticleResult:
    """An article '"<words>," said <mention> on Monday.' with one statement by ``mention``,
    whose in-article canonical name is ``name`` (default: the mention)."""
    text = f'"{words}," said {mention} on Monday.'
    aid = article_id(text)
    content = make_content(text, [(1, 1 + len(words))])
    ms = text.index(mention, len(words) + 2)
    speaker = Speaker(name or mention, kind, title, make_span(text, ms, ms + len(mention)))
    statement = Statement(statement_id(aid, content.spans), "direct", content, None, speaker, 0.8)
    return ArticleResult(Article(aid, text), (statement,))


@pytest.fixture
def store(tmp_path):
    with Store(str(tmp_path / "q.db")) as s:
        yield s


def listing(store: Store) -> list[tuple]:
    return sorted((s["name"], s["type"], tuple(sorted(s["titles"])), tuple(sorted(s["aliases"])),
                   s["count"]) for s in store.speakers()["speakers"])


def names(store: Store) -> dict[str, int]:
    return {s["name"]: s["count"] for s in store.speakers()["speakers"]}


# -- never two people in one speaker ---------------------------------------------------------
@pytest.mark.parametrize("first, second", [
    # a suffix tells father and son apart
    (("Donald Trump", None), ("Donald Trump Jr.", None)),
    (("Joseph R. Biden", None), ("Joseph R. Biden Sr.", None)),
    # an honorific's gender must agree with the speaker's
    (("Mr. Clinton", "Bill Clinton"), ("Mrs. Clinton", "Hillary Clinton")),
    # given names must agree: Bill is not Hillary, Ivanka is not Donald
    (("Hillary Clinton", None), ("Former President Bill Clinton", "Bill Clinton")),
    (("Ivanka Trump, the Republican presidential nominee's eldest daughter", "Ivanka Trump"),
     ("Republican nominee Donald Trump", "Donald Trump")),
])
def test_two_people_stay_two_speakers(store, first, second):
    store.add([said_by(first[0], "we will win this fight", name=first[1])])
    store.add([said_by(second[0], "the country deserves better", name=second[1])])
    assert len(names(store)) == 2


def test_honorific_of_the_other_gender_does_not_join(store):
    store.add([said_by("Mr. Clinton", "the economy is strong", name="Bill Clinton")])
    store.add([said_by("Mrs. Clinton", "I am running for president", name="Clinton")])
    assert names(store) == {"Bill Clinton": 1, "Clinton": 1}


def test_bare_surname_joins_only_an_unambiguous_person(store):
    store.add([said_by("Elijah E. Cummings", "the report is damning", name="Elijah Cummings")])
    store.add([said_by("Cummings", "we need the documents")])
    assert names(store) == {"Elijah Cummings": 2}
    store.add([said_by("Lawrence B. Cummings", "he was a partner", name="Lawrence B. Cummings")])
    store.add([said_by("Cummings", "the committee will vote")])  # which one? not guessed
    assert names(store) == {"Elijah Cummings": 2, "Lawrence B. Cummings": 1}


# -- a pair is a joint speaker, never an alias of one of them ---------------------------------
@pytest.mark.parametrize("mention, name", [
    ("Cummings and Conyers", "Elijah Cummings and John Conyers"),
    ("Both Mr. King and Mr. Schultz", "Larry King and Ed Schultz"),
])
def test_pair_is_a_joint_speaker(store, mention, name):
    store.add([said_by(mention, "the hearing was a farce", name=name, kind="GROUP")])
    entry = store.speakers()["speakers"][0]
    assert (entry["name"], entry["type"], entry["count"]) == (name, "GROUP", 1)


@pytest.mark.parametrize("mention, name, kind", [
    ("Donald Trump and Hillary Clinton", "Donald Trump", "PERSON"),    # a pair
    ("Cruz and his aides", "Ted Cruz", "PERSON"),
    ("His", "Donald Trump", "PERSON"),                                  # a pronoun
    ("The Republican", "Donald Trump", "PERSON"),                       # a role noun
    ("one West Virginia official", "Tom Clarke", "PERSON"),
    ("the CNN host", "Jake Tapper", "PERSON"),
    ("The company", "Wells Fargo", "ORG"),
    ("Former White House Doctor", "White House", "ORG"),
])
def test_pronouns_roles_and_pairs_are_no_aliases(store, mention, name, kind):
    store.add([said_by(mention, "we will not back down", name=name, kind=kind)])
    entry = store.speakers()["speakers"][0]
    assert entry["name"] == name and entry["aliases"] == [name]


def test_a_short_form_met_as_an_alias_joins_its_organisation(store):
    store.add([said_by("The United Nations Security Council", "the sanctions stay",
                       name="United Nations Security Council", kind="ORG")])
    store.add([said_by("the Security Council", "the vote is delayed",
                       name="United Nations Security Council", kind="ORG")])
    store.add([said_by("The Security Council", "the talks resume", name="Security Council",
                       kind="ORG")])
    assert names(store) == {"United Nations Security Council": 3}


def test_an_outlet_is_one_speaker_of_type_org(store):
    store.add([said_by("The Washington Post", "the figures are wrong", name="Washington Post")])
    store.add([said_by("Washington Post", "the memo was leaked", kind="PERSON")])
    entry = store.speakers()["speakers"][0]
    assert (len(names(store)), entry["type"], entry["count"]) == (1, "ORG", 2)


# -- names: boundary noise off, junk gets no speaker ------------------------------------------
@pytest.mark.parametrize("name, clean", [
    ("Rip Donald Trump", "Donald Trump"),
    ("Crooked Hillary Clinton", "Hillary Clinton"),
    ("Derelict Obama", "Obama"),
    ("a defiant Ted Cruz", "Ted Cruz"),
    ("Ted Cruz on Thursday", "Ted Cruz"),
    ("Clinton Speech", "Clinton"),
    ("Elizabeth Warren Hammers Wells Fargo CEO", "Elizabeth Warren"),
])
def test_names_are_cleaned_of_boundary_noise(store, name, clean):
    store.add([said_by(name, "the system is rigged")])
    assert list(names(store)) == [clean]


@pytest.mark.parametrize("name, kind", [
    ("The", None), ("who", "PERSON"), ("some", "GROUP"), ("46 percent", None),
    ("joint statement", None), ("Numbers", "GROUP"), ("New data on Thursday", None),
    ("A House panel", "PERSON"), ("Ivana Trump's brief", "PERSON"), ("Authorities", "GROUP"),
    ("Quinnipiac University poll released in late August", "ORG"),
    ("mining companies, including Patriot", "GROUP"), ("One Republican", "PERSON"),
    ("African American", "PERSON"),
])
def test_junk_names_get_no_speaker(store, name, kind):
    store.add([said_by(name, "the plan will cost billions", kind=kind)])
    assert names(store) == {}


@pytest.mark.parametrize("mention", ["New Poll", "he", "Scott's niece, state Del. Marcia Price"])
def test_a_speaker_left_unnamed_gets_no_speaker(store, mention):
    """The extractor leaves a speaker unnamed where it is unsure who it is: the store does
    not make one up from the mention's words."""
    result = said_by(mention, "the race is tight")
    (st,) = result.statements
    unnamed = dataclasses.replace(st, speaker=dataclasses.replace(st.speaker, name=None))
    store.add([dataclasses.replace(result, statements=(unnamed,))])
    assert names(store) == {}


# -- titles are roles, in normal case ---------------------------------------------------------
@pytest.mark.parametrize("mention, title, expected", [
    ("former Secretary of State John Kerry", None, ["Secretary of State"]),
    ("Spokeswoman Jessica Ditto", None, ["spokeswoman"]),
    ("Jon Husted", "State", []),
    ("Donald Trump", "Black Lawmakers", []),
    ("Mike Pence", "mate Gov.", ["Gov."]),
    ("Ash Carter", "SECRETARY", ["Secretary"]),
    ("Hillary Clinton", "Rival", []),
    ("Bill Clinton", "Former President", ["former President"]),
    ("Bill Clinton", "former President", ["former President"]),
    ("Jason Chaffetz", "panel Chairman Rep.", ["Chairman"]),
    ("Michael Flynn", "Lt. Gen.", ["Lt. Gen."]),
])
def test_titles_are_roles_in_normal_case(store, mention, title, expected):
    store.add([said_by(mention, "we will win this fight", title=title)])
    assert store.speakers()["speakers"][0]["titles"] == expected


def test_organisations_have_no_titles(store):
    store.add([said_by("The White House", "the talks went well", name="White House", kind="ORG",
                       title="White")])
    assert store.speakers()["speakers"][0]["titles"] == []


# -- merge and split are inverses; titles stay with their owner; clusters follow ---------------
def two_clintons(store):
    store.add([said_by("Former President Bill Clinton", "the law is crazy", name="Bill Clinton")])
    store.add([said_by("Secretary Hillary Clinton", "we will fix the law",
                       name="Hillary Clinton")])
    store.add([said_by("Democratic nominee Hillary Clinton", "I am with her",
                       name="Hillary Clinton")])


def test_merge_then_split_restores_both_speakers(store):
    two_clintons(store)
    before = listing(store)
    store.merge_speakers("Hillary Clinton", "Bill Clinton")
    assert len(listing(store)) == 1
    store.split_speaker("Hillary Clinton", ["Bill Clinton"], name="Bill Clinton")
    assert listing(store) == before


def test_split_then_merge_restores_the_speaker(store):
    two_clintons(store)
    store.merge_speakers("Hillary Clinton", "Bill Clinton")
    before = listing(store)
    store.split_speaker("Hillary Clinton", ["Former President Bill Clinton"], name="Bill Clinton")
    bill = store.speaker("Bill Clinton")
    assert bill["titles"] == ["former President"]  # the title went with its owner
    assert "former President" not in store.speaker("Hillary Clinton")["titles"]
    store.merge_speakers("Hillary Clinton", "Bill Clinton")
    assert listing(store) == before


def test_merge_and_split_reassign_clusters(store):
    words = "the law is crazy and it has to be fixed now"
    store.add([said_by("Vladimir Putin", words)])
    store.add([said_by("Vova Putin", words)])

    def clusters():
        return len({r[0] for r in store.conn.execute("SELECT cluster_id FROM statements")})

    assert clusters() == 2  # blocked by speaker: two speakers, two clusters
    store.merge_speakers("Vladimir Putin", "Vova Putin")
    assert clusters() == 1
    store.split_speaker("Vladimir Putin", ["Vova Putin"])
    assert clusters() == 2
