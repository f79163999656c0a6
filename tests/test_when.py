"""Tables for quoth.resolve.dates: the day (or range) a statement was said, and its occasion."""

from __future__ import annotations

import pytest

from quoth.records import Speaker, Statement, make_content, make_span
from quoth.resolve.dates import date_statement, reporting_window, resolve

P = "2016-01-28"  # a Thursday

SAID_ON = [
    # weekdays: most recent on or before the published date
    ("Trump said on Monday that the wall would be built.", P, "2016-01-25"),
    ("Clinton told reporters on Tuesday in Iowa that she was confident.", P, "2016-01-26"),
    ("Sanders said Thursday he would stay in the race.", P, "2016-01-28"),
    ("Rubio said on Friday that taxes were too high.", P, "2016-01-22"),
    ("Cruz said last Thursday he would not attend.", P, "2016-01-21"),
    # future tense: the next such day on or after the published date
    ("Trump will visit Iowa on Tuesday, his campaign said.", P, "2016-02-02"),
    ("Clinton is scheduled to speak on Saturday.", P, "2016-01-30"),
    ("On Tuesday, Macron plans to visit Kiev.", "2022-02-07", "2022-02-08"),
    ("On Monday, Trump said the wall will be built.", P, "2016-01-25"),
    ("Trump said he would skip the debate next Monday.", P, "2016-02-01"),
    # yesterday, today
    ("Yesterday, Trump said the polls were rigged.", P, "2016-01-27"),
    ("Clinton said last night that she was ready.", P, "2016-01-27"),
    ("Sanders told a crowd this morning that change was coming.", P, "2016-01-28"),
    ("Macron will meet Zelenskyy tomorrow, his office said.", P, "2016-01-29"),
    # explicit dates, with and without a year
    ("Trump said on January 26 that he would not debate.", P, "2016-01-26"),
    ("Trump said on Jan. 26, 2016, that he would not debate.", "2016-03-01", "2016-01-26"),
    ("Clinton said on December 30 that her lead was safe.", P, "2015-12-30"),
    ("Speaking on 12 January 2016, Kerry said the deal held.", P, "2016-01-12"),
    ("Kerry said on Sept. 3 that talks were on.", P, "2015-09-03"),
    ("Clinton will speak in Ohio on February 3.", P, "2016-02-03"),
    # ranges
    ("Trump said last week that he would win.", P, "2016-01-18/2016-01-24"),
    ("Clinton said earlier this week that she was ready.", P, "2016-01-25/2016-01-28"),
    ("Sanders said last month that the system was rigged.", P, "2015-12-01/2015-12-31"),
    ("Trump said two days ago that he was leading.", P, "2016-01-26"),
    ("In an interview 30 years ago, Trump said he would never run.", P, "1986-01-01/1986-12-31"),
    ("In the New York magazine interview in 2013, he admitted it.", P, "2013-01-01/2013-12-31"),
    # a month without a day: the latest such month on or before P, cut at P while it runs
    ("Cruz said in December that he would win.", P, "2015-12-01/2015-12-31"),
    ("Cruz said in January that he would win.", P, "2016-01-01/2016-01-28"),
    ("Trump suggested during his awkward December appearance that he would win.", P,
     "2015-12-01/2015-12-31"),
    ("Trump's December speech, he said, was his best.", P, "2015-12-01/2015-12-31"),
    ("In a December interview with the AP, Trump said the deal was bad.", P,
     "2015-12-01/2015-12-31"),
    ("Trump said last December that he would win.", "2016-12-20", "2015-12-01/2015-12-31"),
    ("Clinton said in late November that she was ready.", P, "2015-11-21/2015-11-30"),
    ("Clinton said in early November that she was ready.", P, "2015-11-01/2015-11-10"),
    ("Sanders said in mid-October that he was ready.", P, "2015-10-11/2015-10-20"),
    ("Sanders said in March 2014 that he was ready.", P, "2014-03-01/2014-03-31"),
    ("Clinton will campaign in Ohio in March, her aides said.", P, "2016-03-01/2016-03-31"),
    # seasons (meteorological): "last" = the latest one over before P
    ("Trump said last summer that he would win.", P, "2015-06-01/2015-08-31"),
    ("Trump said last summer that he would win.", "2016-10-02", "2016-06-01/2016-08-31"),
    ("Trump said this past winter that he would win.", "2016-03-18", "2015-12-01/2016-02-29"),
    ("Trump said in the fall that he would win.", P, "2015-09-01/2015-11-30"),
    ("Over the summer, Trump said he would win.", "2016-08-10", "2016-06-01/2016-08-10"),
    ("Clinton said this spring that she was ready.", "2016-04-10", "2016-03-01/2016-04-10"),
    ("Clinton will campaign in Ohio in the fall, her aides said.", P, "2016-09-01/2016-11-30"),
]


@pytest.mark.parametrize("text,published,expected", SAID_ON)
def test_said_on(text, published, expected):
    assert resolve(text, published).said_on == expected


NO_DATE = [
    # no time reference at all
    ("Trump said the wall would be built.", P),
    ("“We will win,” Clinton said.", P),
    # the only date is inside the quotation, so it dates the content, not the utterance
    ("“On Monday we will win Iowa,” Trump said.", P),
    ('"We signed it on January 26," Kerry said.', P),
    # a newspaper's name is not "today"
    ("The latest USA TODAY poll found voters split, Gallup said.", P),
    # relative expressions cannot resolve without a published date
    ("Trump said on Monday that the wall would be built.", None),
    ("Trump said in December that the wall would be built.", None),
    # the verb "may", a name, a lower-case month word, "the fall of": not months or seasons
    ("Trump said he may build the wall.", P),
    ("Theresa May said the talks went well.", P),
    ("Clinton said the march on Washington was peaceful.", P),
    ("Trump said the fall of Mosul was a disaster.", P),
    # a month naming a date on the calendar, not when it was said
    ("Trump said it ahead of the November election.", P),
    ("Clinton said in the November election she would win Ohio.", P),
    ("Sanders said the June primary would decide it.", P),
]


@pytest.mark.parametrize("text,published", NO_DATE)
def test_no_time_reference_is_null(text, published):
    assert resolve(text, published).said_on is None


def test_date_inside_indirect_content_is_ignored_when_spans_are_given():
    text = "Putin said that the responses received on January 26 ignored Russia's concerns."
    start = text.index("the responses")
    assert resolve(text, P).said_on == "2016-01-26"  # without spans it cannot tell
    assert resolve(text, P, exclude=[(start, len(text) - 1)]).said_on is None


def test_years_ago_inside_content_does_not_date_the_utterance():
    text = "Putin said on Monday that NATO promised 30 years ago not to expand."
    start = text.index("NATO")
    assert resolve(text, "2022-02-09", exclude=[(start, len(text) - 1)]).said_on == "2022-02-07"


SCENE = "Trump failed to allay concerns during an awkward December appearance. "


@pytest.mark.parametrize("before,expected", [
    # no time in the statement's own sentence: a month or season of an occasion just
    # before sets the scene
    (SCENE, "2015-12-01/2015-12-31"),
    ("In a December interview with the AP, Trump questioned the deal. ", "2015-12-01/2015-12-31"),
    ("Last summer, at a rally in Iowa, Trump mocked him. ", "2015-06-01/2015-08-31"),
    # a bare month or season there, with no occasion, more often dates something else
    ("Last summer the campaign was young. ", None),
    ("In November the polls tightened. ", None),
    # a day there more often dates another event ("the prime minister's Dec. 28 meeting")
    ("The prime minister's Dec. 28 meeting with Trump was scheduled. ", None),
    ("On Monday the talks began. ", None),
    # a future month dates a plan, not the utterance
    ("Trump will visit Israel in December. ", None),
    # two sentences back is too far
    (SCENE + "The room was full. ", None),
])
def test_scene_setting_sentence_before(before, expected):
    from quoth.resolve.dates import statement_when

    text = before + "As the audience sat stunned, Trump suggested that he did not want their money."
    start = text.index("he did not")
    w = statement_when(text, [(start, len(text) - 1)], [(start, len(text) - 1)], "2016-03-18")
    assert w.said_on == expected


def test_own_sentence_time_wins_over_scene():
    from quoth.resolve.dates import statement_when

    text = SCENE + "On Monday, Trump said that he did not want their money."
    start = text.index("he did not")
    w = statement_when(text, [(start, len(text) - 1)], [(start, len(text) - 1)], "2016-03-18")
    assert w.said_on == "2016-03-14"


def test_cue_nearest_expression_wins():
    text = "On Monday the talks began; Putin said on Tuesday that they failed."
    assert resolve(text, "2022-02-10", near=text.index("said")).said_on == "2022-02-08"


OCCASION = [
    ("Putin said at a press conference following the talks that NATO ignored Russia.",
     "at a press conference following the talks"),
    ("Macron said on Tuesday in Kiev that the talks went well.", "in Kiev"),
    ("Trump said in an interview with CNN on Monday that he would win.",
     "in an interview with CNN"),
    ("Speaking at a rally in Ohio, Clinton said the economy was strong.", "at a rally in Ohio"),
    ("Trump said the wall would be built.", None),
    ("Clinton said on Monday that she was ready.", None),
    ("Putin commented on the meeting with Macron.", None),
    ("Trump said on a conference call with supporters that he would win.",
     "on a conference call with supporters"),
]


@pytest.mark.parametrize("text,expected", OCCASION)
def test_occasion(text, expected):
    assert resolve(text, "2022-02-09").occasion == expected


def test_date_statement_fills_fields_from_article_text():
    text = ("MOSCOW, Feb 8 - Trade talks resumed. Putin told reporters on Monday at a joint "
            "press conference that Russia's concerns were ignored on January 26. Other news.")
    c0 = text.index("Russia's")
    content = make_content(text, [(c0, text.index(". Other"))])
    cue = make_span(text, text.index("told"), text.index("told") + 4)
    st = Statement("s1", "indirect", content, cue, Speaker("Vladimir Putin", "PERSON"), 0.9)
    out = date_statement(text, st, "2022-02-08")
    assert (out.said_on, out.occasion) == ("2022-02-07", "at a joint press conference")


def test_date_statement_without_time_returns_same_statement():
    text = "Putin said Russia's concerns were ignored."
    content = make_content(text, [(11, len(text) - 1)])
    st = Statement("s1", "indirect", content, make_span(text, 6, 10), Speaker("Putin"), 0.9)
    assert date_statement(text, st, "2022-02-08") is st


@pytest.mark.parametrize("text,start,expected", [
    ("One. Two said three. Four.", 5, "Two said three."),
    ("First line\nTrump said so.\nLast", 12, "Trump said so."),
])
def test_reporting_window(text, start, expected):
    lo, hi = reporting_window(text, start, start + 3)
    assert text[lo:hi] == expected
