"""Speaker resolution: mentions to canonical speakers (``quoth.resolve.speakers``)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

TWO_PRESIDENTS = (
    "Russian President Vladimir Putin met French President Emmanuel Macron in Moscow. "
)


def speaker_of(text: str, phrase: str):
    """The speaker of the statement whose content holds ``phrase``."""
    from quoth.extraction import extract_text

    found = [s for s in extract_text(text, engine="rules").statements if phrase in s.content.text]
    assert len(found) == 1, [s.content.text for s in extract_text(text, engine="rules").statements]
    return found[0].speaker


@pytest.mark.parametrize("text,phrase,name,title,mention", [
    # the name as first introduced, the title kept apart
    ("Russian President Vladimir Putin said that talks were useful.", "talks were useful",
     "Vladimir Putin", "Russian President", "Russian President Vladimir Putin"),
    # a later surname links to the full name
    (TWO_PRESIDENTS + "Putin said that talks were useful.", "talks were useful",
     "Vladimir Putin", "Russian President", "Putin"),
    ("Putin spoke first. Russian President Vladimir Putin said that talks were useful.",
     "talks were useful", "Vladimir Putin", "Russian President", "Russian President Vladimir Putin"),
    # descriptions: nationality + role words match the title the person was introduced with
    (TWO_PRESIDENTS + "The Russian president said that talks were useful.", "talks were useful",
     "Vladimir Putin", "Russian President", "The Russian president"),
    (TWO_PRESIDENTS + "The French leader said that talks were useful.", "talks were useful",
     "Emmanuel Macron", "French President", "The French leader"),
    (TWO_PRESIDENTS + "Putin said that it went well. His French counterpart said that talks "
     "were useful.", "talks were useful", "Emmanuel Macron", "French President",
     "His French counterpart"),
    ("President Putin said that talks were useful.", "talks were useful", "Putin", "President",
     "President Putin"),
    # the words modifying a title belong to it
    ("Senate Minority Leader Mitch McConnell said that talks were useful.", "talks were useful",
     "Mitch McConnell", "Senate Minority Leader", "Senate Minority Leader Mitch McConnell"),
    ("EU competition chief Margrethe Vestager said that talks were useful.", "talks were useful",
     "Margrethe Vestager", "EU competition chief", "EU competition chief Margrethe Vestager"),
    # a role with a name in apposition: the named person, the role as title
    ("The bank left rates unchanged, and its president, Christine Lagarde, warned that the "
     "fight was not yet won.", "the fight was not yet won", "Christine Lagarde", "president",
     "its president, Christine Lagarde"),
    ("A spokesman for Clinton, Brian Fallon, said that she would testify.", "she would testify",
     "Brian Fallon", "spokesman", "A spokesman for Clinton, Brian Fallon"),
    # ... and a later bare role finds her again; someone's doctor is not that someone
    ("The company's chief executive, Satya Nadella, told analysts that growth would slow. "
     "The chief executive also said that hiring would continue.", "hiring would continue",
     "Satya Nadella", "chief executive", "The chief executive"),
    # a name beside a role is a person's, though the NER tags "Kemi Badenoch" a place
    ("The opposition leader, Kemi Badenoch, said that voters had been misled.",
     "voters had been misled", "Kemi Badenoch", "opposition leader",
     "The opposition leader, Kemi Badenoch"),
])
def test_names_titles_descriptions(text, phrase, name, title, mention):
    s = speaker_of(text, phrase)
    assert (s.name, s.type, s.title, s.mention.text) == (name, "PERSON", title, mention)


@pytest.mark.parametrize("text,phrase,name", [
    # pronoun: the last speaker/subject before the sentence, not a name in its own clause
    ("Russian President Vladimir Putin said that NATO ignored Russia. At a press conference "
     "after talks with French President Emmanuel Macron, he recalled that the talks were long.",
     "the talks were long", "Vladimir Putin"),
    # pronoun gender: "she" skips the man most recently named
    ("Chancellor Angela Merkel said her government was ready. Then Mr. John Baker spoke. "
     "She said that the talks were long.", "the talks were long", "Angela Merkel"),
    ("Mr. John Baker said that it was late. He added that the talks were long.",
     "the talks were long", "John Baker"),
    # "she" is the woman named before, not a man named since whose gender is unknown
    ("Sen. Claire McCaskill scolded Dr. Oz at the hearing. Oz defended his show. \"I don't "
     "understand why you need to go there,\" she said.", "need to go there", "Claire McCaskill"),
    # a subject NER missed still takes a later pronoun of no known conflict
    ("Kovac arrived in Zagreb on Monday. She said that the talks would go on.",
     "the talks would go on", "Kovac"),
    # the subject of the pronoun's own sentence, not the speaker of the paragraph before
    ('"I count on the Security Council to remain united," Secretary-General Ban Ki-moon told '
     "reporters.\n\nSecretary of State John F. Kerry said the United States would work with "
     'other Security Council members to take "robust steps" in response, and he urged North '
     "Korea to resume denuclearization talks it abandoned in 2009.", "to resume denuclearization",
     "John F. Kerry"),
    # a person named in the pronoun's own reported clause is not its speaker
    ("At the forum, Clinton called her vote in favor of the Iraq War a mistake, but she noted "
     "that Trump also initially supported the invasion in 2003.", "Trump also initially",
     "Clinton"),
    ("White House spokesman Josh Earnest said Monday that President Barack Obama has long "
     "called for tax fairness. He said Obama hopes that his successor will push for the same "
     "goals.", "Obama hopes that", None),
    # a person known by a given name alone has that name's gender: "she" is not Kevin
    ("\u201cI would,\u201d Melanie said to the TV. Kevin was snoring.\n\n\u201cYou winning?\u201d "
     "she said, but Kevin was drifting off again.", "You winning", "Melanie"),
    # a subject NER missed outranks a person named after it as an object: two fit, no name
    ("In an interview, Ham made it clear he had major misgivings about the armed forces under "
     "President Barack Obama at the time of his retirement.\n\n\u201cNow that I don\u2019t "
     "have to be politically correct anymore,\u201d he told the host, \u201cit was "
     "demoralizing to work for Obama.\u201d", "demoralizing", None),
])
def test_pronouns(text, phrase, name):
    assert speaker_of(text, phrase).name == name


@pytest.mark.parametrize("text,phrase,name,kind", [
    ("Officials said that the bridge will open in May.", "bridge", "Officials", "GROUP"),
    ("Experts believe the bridge will open in May.", "bridge", "Experts", "GROUP"),
    ("The bridge will open in May, sources said.", "bridge", "sources", "GROUP"),
    # an organisation named by a common noun alone names no one to look up: not shown
    ("The ministry said that the bridge will open in May.", "bridge", None, "ORG"),
    ("Microsoft said that the bridge will open in May.", "bridge", "Microsoft", "ORG"),
    ("The bridge will open in May, according to the United Nations.", "bridge",
     "United Nations", "ORG"),
    ("Critics said that the program was an easy way to gain citizenship.", "easy way",
     "Critics", "GROUP"),
    # a passive cue's source is its agent after "by"
    ("The talks are expected by analysts to continue into May.", "to continue", "analysts",
     "GROUP"),
])
def test_groups_and_organisations(text, phrase, name, kind):
    s = speaker_of(text, phrase)
    assert (s.name, s.type) == (name, kind)


@pytest.mark.model
@pytest.mark.parametrize("text", [
    "New Poll: Minor Post-Debate Bump For Clinton\n\nThe race is tight.",
    "Poll: Clinton and Trump in dead heat heading into first debate\n\nThe race is tight.",
])
def test_a_headline_poll_names_no_one(text):
    """A headline's "New Poll:", which the NER takes for a person, names no one (and so,
    in the store, is no speaker: tests/test_speaker_registry.py)."""
    from quoth.extraction import extract_text

    found = [s for s in extract_text(text).statements if s.speaker.mention is not None]
    assert found and all(s.speaker.name is None for s in found)


# a name that runs on into an apposition is cut to the proper name before it, or, where that
# is a possessive's phrase, names no one
@pytest.mark.parametrize("name,cut", [
    ("China, Pyongyang's only ally and its economic lifeline", "China"),
    ('Scott\'s niece, state Del. Marcia "Cia" Price (D-Newport News', None),
    ("Proponents, including the United States Conference of Mayors", "Proponents"),
    ("Elijah Cummings, John Conyers and Adam Schiff", "Elijah Cummings, John Conyers and Adam Schiff"),
    ("Officials at Homeland Security Investigations, a division of Immigration and Customs "
     "Enforcement", "Officials at Homeland Security Investigations, a division of Immigration "
     "and Customs Enforcement"),
    ("Vladimir Putin", "Vladimir Putin"),
])
def test_names_that_run_on(name, cut):
    from quoth.resolve.speakers import _cut_run_on

    assert _cut_run_on(name) == cut





@pytest.mark.parametrize("text,phrase,name,kind,title", [
    # all name words must fit: "Bill Clinton" is not the Hillary Clinton named last
    ("Hillary Clinton spoke first. Former President Bill Clinton said that the law was crazy.",
     "the law was crazy", "Bill Clinton", "PERSON", "former President"),
    # an organisation named after a person is not that person
    ("President Barack Obama spoke. The Obama administration said that the law works.",
     "the law works", "Obama administration", "ORG", None),
    # a relative pronoun stands for the noun its clause hangs on
    ("Secretary-General Ban Ki-moon, who vowed to fight climate change, spoke on Monday.",
     "to fight climate change", "Ban Ki-moon", "PERSON", "Secretary-General"),
    # an honorific is not a title
    ("Mr. John Baker said that the talks were long.", "the talks were long", "John Baker",
     "PERSON", None),
])
def test_name_fit_organisations_relatives(text, phrase, name, kind, title):
    s = speaker_of(text, phrase)
    assert (s.name, s.type, s.title) == (name, kind, title)


def test_continuation_speaker_points_at_the_earlier_mention():
    text = '"The bridge will open in May," Anne Lee said.\n"It will carry four lanes."'
    s = speaker_of(text, "four lanes")
    assert (s.name, s.mention.text, s.mention.start) == ("Anne Lee", "Anne Lee", text.index("Anne"))


def test_resolver_api_for_other_engines(nlp):
    from quoth.records import Article, article_id
    from quoth.resolve.speakers import SpeakerResolver

    text = TWO_PRESIDENTS + "The French leader said the talks were useful."
    doc = nlp(text)
    resolver = SpeakerResolver(doc, Article(article_id(text), text))
    start = text.index("The French leader")
    s = resolver.resolve(start, start + len("The French leader"), start)
    assert (s.name, s.title, s.mention.text) == ("Emmanuel Macron", "French President", "The French leader")
    assert resolver.previous() == s


@pytest.mark.parametrize("text, mention, name", [
    # the entity at the mention's head, not one named in its relative clause or apposition
    ("Spotify, which has clashed with Apple for years, said it welcomed the investigation.",
     "Spotify, which has clashed with Apple for years", "Spotify"),
    ('"We will win," said Kenneth Baer, a former Obama administration official.',
     "Kenneth Baer, a former Obama administration official", "Kenneth Baer"),
    ("China, Pyongyang's only ally, said it opposed the test.",
     "China, Pyongyang's only ally", "China"),
    # a person named after place and role words, however the parser hangs them
    ('"We will achieve justice in this case," Tulsa police Chief Chuck Jordan said Monday.',
     "Tulsa police Chief Chuck Jordan", "Chuck Jordan"),
    # a name inside a common noun's phrase is not the speaker, unless in apposition
    ("Donald Trump spoke. Trump supporters said that the rally was great.", "Trump supporters",
     "Trump supporters"),
    # a document speaks for the organisation that wrote it, not one it was sent to
    ("The fault was rare, according to documents filed with the Federal Aviation Administration.",
     "documents filed with the Federal Aviation Administration", None),
    ("Clinton led by 5 points, according to a Quinnipiac University poll released in late "
     "August.", "a Quinnipiac University poll released in late August", "Quinnipiac University"),
    ("Democratic party insiders are worried, according to a new report by Politico.",
     "a new report by Politico", "Politico"),
    ("Poor children do better, according to a 2014 study by Harvard and the University of "
     "California at Berkeley.", "a 2014 study by Harvard and the University of California at "
     "Berkeley", None),
    ("Another critic, Laurence H. Tribe, said that it was wrong.",
     "Another critic, Laurence H. Tribe", "Laurence H. Tribe"),
    # "the company" is the organisation named last before it
    ("Apple rejected the claims. The EU disagreed. Apple shares fell, and the company said it "
     "would appeal.", "the company", "Apple"),
    ("Analysts were unsure. The company said it would appeal.", "The company", None),
    # a headline's "Obama Says" (one PERSON to the NER) names Obama, and stays his name
    ("Obama Says African-American Museum Will Tell of 'Suffering and Delight.'\n\nOn Saturday, "
     "Mr. Obama said it would open.", "Mr. Obama", "Obama"),
])
def test_mentions_naming_several_entities(nlp, text, mention, name):
    from quoth.records import Article, article_id
    from quoth.resolve.speakers import SpeakerResolver

    resolver = SpeakerResolver(nlp(text), Article(article_id(text), text))
    start = text.index(mention)
    at = start + len(mention) + 1  # the statement comes after its source here
    assert resolver.resolve(start, start + len(mention), at).name == name


@pytest.mark.parametrize("text, phrase, name, title", [
    # "Name, the role,": the role is the title, with the organisation it belongs to
    ("Alok Sharma, the summit president, said that he was deeply sorry.", "deeply sorry",
     "Alok Sharma", "summit president"),
    ("Tim Sweeney, the chief executive of Epic Games, said that the rules were unfair.",
     "the rules were unfair", "Tim Sweeney", "chief executive of Epic Games"),
    # a bare noun completing the role, a hyphenated modifier
    ("John D. Podesta, a chief of staff to President Bill Clinton, said that the plan was "
     "sound.", "the plan was sound", "John D. Podesta", "chief of staff"),
    ("Leslie Wimes, a South Florida-based president of the Democratic African-American Women "
     "Caucus, said that voters were angry.", "voters were angry", "Leslie Wimes",
     "South Florida-based president of the Democratic African-American Women Caucus"),
    # "the woman" is a woman known to be one, not the last person with a title
    ("Anne Lee, a reporter, met a voter. The woman said that she would not vote.",
     "she would not vote", None, "woman"),
])
def test_titles_in_apposition_after_the_name(text, phrase, name, title):
    s = speaker_of(text, phrase)
    assert (s.name, s.title) == (name, title)


@pytest.mark.parametrize("text, phrase, name", [
    # a suffix: the son is not the father
    ("Donald Trump spoke in Ohio. Donald Trump Jr. said that the campaign was strong.",
     "the campaign was strong", "Donald Trump Jr."),
    # an honorific's gender: Mrs. Clinton is not the Bill Clinton named before her
    ("Mrs. Clinton praised the plan. Bill Clinton spoke later. Mrs. Clinton said that the "
     "plan would work.", "the plan would work", "Clinton"),
    # pronoun gender by the given name: "she" is not Bill
    ("Bill Clinton spoke first. Hillary Clinton arrived later. She said that the clot was "
     "dangerous.", "the clot was dangerous", "Hillary Clinton"),
    # two people with one surname in one article: the one named nearby, else the first
    ("Rep. Bobby Scott threw open his family's back yard. Currently, there are two black "
     "senators: Cory Booker and Tim Scott. The crowd cheered. Later, Scott said that he "
     "would run.", "he would run", "Bobby Scott"),
    ("Libertarian presidential candidate Gary Johnson's doctor called him fit.\n\n"
     "Homeland Security Secretary Jeh Johnson says hackers are taking aim at election "
     "officials.\n\nJohnson said that the attack was serious. Johnson said that local "
     "officials should be vigilant.", "local officials should be vigilant", "Jeh Johnson"),
    # a bare surname continues the person it named in the paragraph before, sentences later
    ("Libertarian candidate Gary Johnson spoke in Ohio.\n\nHomeland Security Secretary Jeh "
     "Johnson says hackers are taking aim at state and local election officials.\n\n"
     "Johnson tells MSNBC's \u201cMorning Joe\u201d on Friday that the attack is under "
     "investigation. Last month, the FBI warned state elections officials to boost their "
     "election security. Johnson did not identify a location in his remarks.\n\nJohnson said "
     "local election officials should reach out to the federal government.",
     "local election officials should reach out", "Jeh Johnson"),
])
def test_one_speaker_one_person(text, phrase, name):
    assert speaker_of(text, phrase).name == name


@pytest.mark.parametrize("text, phrase", [
    # a role noun that names what the role leads is not any titled person
    ("President Bill Clinton signed the crime bill. Later the band leader called Democratic "
     "bigwigs to the stage and said that it was their time.", "it was their time"),
])
def test_description_of_someone_else_is_not_a_titled_person(text, phrase):
    assert speaker_of(text, phrase).name is None



@pytest.mark.parametrize("text, phrase, name", [
    # a coordinated pair is a joint speaker naming both, never one of them
    ("Rep. Elijah Cummings and Rep. John Conyers wrote to the FBI. Cummings and Conyers said "
     "that the director had misled Congress.", "the director had misled Congress",
     "Elijah Cummings and John Conyers"),
])
def test_pairs_are_joint_speakers(text, phrase, name):
    s = speaker_of(text, phrase)
    assert (s.name, s.type) == (name, "GROUP")


@pytest.mark.parametrize("text, phrase", [
    # a fragment source names no one
    ("46 percent said that the economy was getting worse.", "the economy was getting worse"),
    ("The statement said that the company had done nothing wrong.", "had done nothing wrong"),
    ("Some say that the deal is dead.", "the deal is dead"),
    # a source that names no one a reader can look up keeps its mention, not a name (the
    # statement is kept, not shown): common nouns, a possessive's group, things joined
    ("The bank said that it had fired the thousands of employees from 2011 to 2016.",
     "fired the thousands"),
    ("Their attorneys said that the family came away with more questions than answers.",
     "more questions"),
    ("Not everyone agrees that the program should end.", "program should end"),
    ("The developers engaged in a massive fraudulent scheme, according to a 52-count civil "
     "complaint filed by the federal Securities and Exchange Commission and a 15-count "
     "complaint by Vermont.", "massive fraudulent"),
    # a passive cue's subject is not its source
    ("The efforts are expected to continue leading up to election day, with both President "
     "Barack Obama and his wife Michelle on the trail.", "to continue"),
])
def test_fragment_sources_name_no_one(text, phrase):
    assert speaker_of(text, phrase).name is None


@pytest.mark.parametrize("text, phrase, name, title", [
    # boundary noise off the name; a title in normal case
    ("Crooked Hillary Clinton said that the rules did not apply to her.", "did not apply",
     "Hillary Clinton", None),
    ("Spokeswoman Jessica Ditto said that the talks would go on.", "the talks would go on",
     "Jessica Ditto", "spokeswoman"),
])
def test_names_and_titles_cleaned(text, phrase, name, title):
    s = speaker_of(text, phrase)
    assert (s.name, s.title) == (name, title)


@pytest.mark.parametrize("text, mention, name", [
    # an apposition with "and" inside describes one party: no joint speaker
    ("China, Pyongyang's only ally and its economic lifeline to the outside world, said it "
     "opposed the test.", "China, Pyongyang's only ally and its economic lifeline to the "
     "outside world", "China"),
])
def test_apposition_is_not_a_pair(text, mention, name):
    from quoth.extraction import extract_text

    (s,) = [s.speaker for s in extract_text(text, engine="rules").statements]
    assert s.name == name
