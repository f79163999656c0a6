"""What kind of statement each attribution is (``Statement.act``), the attributions that
are no statement, and the pieces of a quote broken by its attribution.

The sentences are real news sentences (PolNeAR dev, the example article, wire style);
each row says, for the attribution whose content holds a phrase, the act a reader would
give it: say (asserted), think (a belief), want (an eventuality), other (no
propositional content: a poll figure, an endorsement, an action, a bare topic).
"""

from __future__ import annotations

import pytest

from quoth.records import join_pieces
from quoth.resolve.act import Shape, choose_act, quoted_words

# (sentence, a phrase of the content, act)
ACT_TABLE = [
    ("Putin said that Russia was designated as an adversary.", "designated as an adversary", "say"),
    ('"The open door policy is quite free," Putin added.', "open door policy", "say"),
    ("Putin cited Iraq, Libya and Afghanistan as examples.", "Iraq, Libya", "say"),
    ('She called Wells Fargo\'s behavior "outrageous" and demanded that the bank fire its '
     "chief executive.", "outrageous", "say"),
    ("Many Democrats are afraid that Mrs. Clinton's large edge among African-American voters "
     "may be undercut by apathy and low voter turnout.", "large edge", "think"),
    ("Putin believes that Macron will have a hard time in negotiations.", "hard time", "think"),
    ("Mr. McKinley expects the cost of college to keep rising.", "cost of college", "think"),
    ("Graham urged Republicans to join the ranks of climate change believers.", "join the ranks",
     "want"),
    ("Trump promised to lift environmental regulations and open more federal land to drilling.",
     "lift environmental", "want"),
    ("Earlier this year, the NAACP called for a moratorium on charter schools.", "moratorium",
     "want"),
    ('She called Wells Fargo\'s behavior "outrageous" and demanded that the bank fire its '
     "chief executive.", "fire its chief", "want"),
    ('The Republican nominee vowed to harshly punish "those who violate classification rules."',
     "harshly punish", "want"),
    ("Republicans on the House Financial Services Committee approved a bill designed to "
     "hamstring the CFPB.", "a bill designed", "other"),
    ("Clinton's campaign sought to contrast her approach with what they call Republican Donald "
     'Trump\'s "self-centered message."', "contrast her approach", "other"),
    ("A spokeswoman for the company declined to comment.", "comment", "other"),
    ("Another RT America host, Abby Martin, denounced the annexation in an on-air diatribe.",
     "the annexation", "other"),
    ("Forty-six percent of likely voters backed Clinton, while 42 percent backed Trump.",
     "Clinton", "other"),
    ("Trump has questioned the integrity of the U.S. voting system.", "integrity", "other"),
    ('Blige sang Bruce Springsteen\'s "American Skin" to Hillary Clinton.', "American Skin",
     "other"),
    ("The ad then references FBI criticism of Clinton's use of a private email system while "
     "she was secretary of state.", "FBI criticism", "other"),
    ("The poll indicates a tightening race as Trump consolidates the support of the Republican "
     "Party.", "tightening race", "other"),
    ("A majority of voters expect Clinton to win Monday's debate, 44 percent to Trump's 34 "
     "percent.", "Clinton to win", "other"),
    ("Clinton talked about what she sees as the conditions for black Americans.",
     "conditions for black", "other"),
    ("He proposed dropping carried interest as promised, but analysts agreed it was still a "
     "top-heavy plan.", "top-heavy plan", "say"),
    ("Looking ahead to the future of the armed forces and the nation, Ham explained why he "
     "backs Trump over Democratic nominee Hillary Clinton.", "why he backs", "other"),
    ("On Sunday, the New York Times published portions of Trump's state tax returns from 1995 "
     "that showed the New York businessman and his companies lost nearly $916 million in a "
     "single year.", "portions of Trump", "other"),
    ("Mr. Obama scrutinized reports like the 2014 National Climate Assessment, which tied "
     "climate change to events like flooding in Miami and longer, hotter heat waves in the "
     "Southwest.", "2014 National Climate", "other"),
    ("The U.N., which in March imposed some of the harshest economic sanctions ever against "
     "North Korea, called an emergency meeting to discuss the test.", "emergency meeting",
     "other"),
    ("She has assumed a newly created role as state counselor.", "newly created role", "other"),
    ("Democratic leaders are increasingly worried about a lack of passion for Hillary Clinton "
     "among young black voters.", "lack of passion", "other"),
    ("Ronald Reagan was once asked how the Cold War would end.", "Cold War would end", "other"),
    # a content cut from its subject: no proposition a reader can read
    ("Twenty-nine people were injured tonight in a densely packed Chelsea neighborhood by an "
     "explosion that Mayor Bill de Blasio described as \u201can intentional act.\u201d",
     "an intentional act", "other"),
    ("When Ildefonso Guajardo Villarreal, the Mexican secretary of the economy, came to talk to "
     "me last week, I didn't expect him to drag up the old spat between Mexico and the United "
     "States over trucks.", "drag up the old spat", "other"),
]

# (sentence, the content text quoth must show: the pieces, not the attribution between)
PIECES_TABLE = [
    ('"This is a disgrace," the mayor said. "We will fight it in court."',
     '"This is a disgrace," … "We will fight it in court."'),
    ('"It is over!" protests the mayor. "We lost."', '"It is over!" … "We lost."'),
]


# (text, speaker name a pronoun source resolves to): the subject named just before, also
# where NER tags that name as no person
PRONOUN_TABLE = [
    ("It was under Mr. Ban's watch that the General Assembly established U.N. Women. He has "
     "championed gay rights. And in recent months, he said he backed the idea of a woman's "
     "succeeding him.", "Ban"),
    ('Kovac arrived in Zagreb on Monday. "We are ready for the talks," she said.', "Kovac"),
    ("Barbara Walters interviewed the candidate. Schultz then took the stage. "
     '"This was a mistake," he said.', "Schultz"),
    ("Stoltenberg spoke after the meeting. He said the alliance would not close its door.",
     "Stoltenberg"),
    ('Mayor Lee met the council. Later, Okafor addressed the crowd. "We will rebuild the '
     'bridge," he said.', "Okafor"),
]


@pytest.fixture(scope="module")
def found():
    from quoth.extraction import process_batch
    from quoth.records import Article, article_id

    texts = sorted({row[0] for row in ACT_TABLE + PIECES_TABLE + PRONOUN_TABLE})
    results = process_batch([Article(article_id(t), t) for t in texts])
    return {r.article.text: r.statements for r in results}


@pytest.mark.model
@pytest.mark.parametrize("sentence,phrase,act", ACT_TABLE, ids=[r[1] for r in ACT_TABLE])
def test_act_of_real_sentences(found, sentence, phrase, act):
    holding = [s for s in found[sentence] if phrase in s.content.text]
    assert holding, f"no statement holds {phrase!r}: {[s.content.text for s in found[sentence]]}"
    assert [s.act for s in holding] == [act]


@pytest.mark.model
@pytest.mark.parametrize("sentence,shown", PIECES_TABLE)
def test_a_broken_quote_shows_its_pieces(found, sentence, shown):
    (st,) = found[sentence]
    assert st.content.text == shown
    assert len(st.content.spans) == 2
    assert [sentence[s:e] for s, e in st.content.spans] == shown.split(" … ")
    assert st.speaker.mention.text == "the mayor" and st.act == "say"


@pytest.mark.model
@pytest.mark.parametrize("text,name", PRONOUN_TABLE)
def test_a_pronoun_is_the_subject_named_just_before(found, text, name):
    (st,) = found[text]
    assert st.speaker.mention.text.lower() in ("he", "she") and st.speaker.name == name


@pytest.mark.model
def test_act_is_in_the_output_contract(found):
    from quoth.records import Statement

    st = found[ACT_TABLE[0][0]][0]
    d = st.to_dict()
    assert d["act"] == "say" and Statement.from_dict(d) == st


# the rules on shapes alone: (shape, cue lemma, act)
SHAPES = [
    (Shape(words=4, clause=True), "say", "say"),
    (Shape(words=4, clause=True), "hope", "think"),
    (Shape(words=4, infinitive=True), "hope", "want"),
    (Shape(words=4, infinitive=True), "expect", "think"),
    (Shape(words=4, infinitive=True), "tell", "want"),
    (Shape(words=6, infinitive=True), "claim", "say"),
    (Shape(words=2, infinitive=True), "decline", "other"),
    (Shape(words=6, infinitive=True), "seek", "other"),
    (Shape(words=1), "back", "other"),
    (Shape(words=10, clause=True, relative=True), "tell", "other"),
    (Shape(words=6, clause=True, wh=True), "explain", "other"),
    (Shape(words=9, clause=True, wh=True), "question", "say"),
    (Shape(words=8, clause=True, narrator=True), "think", "other"),
    (Shape(words=1), "think", "other"),
    (Shape(words=3), "mention", "other"),
    (Shape(words=3), "cite", "say"),
    (Shape(words=3), "call for", "want"),
    (Shape(words=3), "offer", "other"),
    (Shape(words=9, clause=True, speaker_figure=True), "say", "other"),
    (Shape(words=5, figure=True), "show", "other"),
    (Shape(words=12, quoted=True, clause=True, quoted_words=12), None, "say"),
    (Shape(words=3, quoted=True, quoted_words=1), "refer to", "other"),
    (Shape(words=4), "fear", "think"),
    (Shape(words=4), "assume", "other"),
    (Shape(words=4), "consider", "other"),
    (Shape(words=5), "know as", "other"),
    (Shape(words=4), "encourage", "other"),
    (Shape(words=6, clause=True, wh=True, asked=True), "ask", "other"),
    (Shape(words=6, clause=True, wh=True), "ask", "say"),
]


@pytest.mark.parametrize("shape,cue,act", SHAPES)
def test_choose_act_from_shape_and_cue(shape, cue, act):
    assert choose_act(shape, cue) == act


@pytest.mark.parametrize("text,n", [
    ('Bruce Springsteen\'s "American Skin"', 0),
    ('Trump as a "con artist"', 2),
    ("his ''sex tape''", 2),
    ('called it "a true wake-up call" to his supporters', 5),
])
def test_quoted_words_leave_out_titles(text, n):
    assert quoted_words(text) == n


@pytest.mark.parametrize("text,pieces,joined", [
    ('"X," she said. "Y."', [(0, 4), (15, 19)], '"X," … "Y."'),
    ("one\n\ntwo", [(0, 3), (5, 8)], "one\n\ntwo"),
    ("Talks went well.", [(0, 16)], "Talks went well."),
])
def test_join_pieces(text, pieces, joined):
    assert join_pieces(text, pieces) == joined


@pytest.mark.parametrize("content,kind,cue,speaker,kept", [
    ("The", "indirect", True, True, False),
    ("which", "indirect", True, True, True),  # a pronoun content: kept, act other
    ("“American Skin (41 Shots)”", "direct", True, False, False),
    ("“Finally. Someone who thinks like me.”", "direct", False, False, False),
    ("“We will win.”", "direct", True, True, True),
    ("Russia's Key Security Concerns Ignored", "indirect", False, True, True),
])
def test_non_attributions_are_not_emitted(content, kind, cue, speaker, kept):
    from quoth.records import Speaker, Statement, make_content, make_span
    from quoth.resolve.act import is_attribution

    text = content + " Putin said."
    st = Statement("s", kind, make_content(text, [(0, len(content))]),
                   make_span(text, len(content) + 7, len(content) + 11) if cue else None,
                   Speaker("Vladimir Putin", "PERSON", None,
                           make_span(text, len(content) + 1, len(content) + 6)) if speaker
                   else Speaker(), 0.5)
    assert is_attribution(st) is kept
