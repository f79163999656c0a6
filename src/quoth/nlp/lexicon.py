"""Word lists for speaker mentions and titles (English).

Cue verbs live in ``quoth/data/cues.txt`` (see ``quoth.rules.cues``); these are
the nouns and pronouns that name or describe a source.
"""

from __future__ import annotations

__all__ = [
    "ABOUT_LABELS",
    "PRONOUNS", "ROLE_NOUNS", "GENERIC_ROLES", "GROUP_NOUNS", "ORG_NOUNS", "TITLE_WORDS",
    "HONORIFICS", "GENDERED_TITLES",
]

# pronoun -> the kind of source it can stand for
PRONOUNS = {
    "he": "PERSON", "she": "PERSON", "him": "PERSON", "her": "PERSON",
    "his": "PERSON", "hers": "PERSON", "himself": "PERSON", "herself": "PERSON",
    "they": "GROUP", "them": "GROUP", "it": "ORG",
    "i": None, "we": None, "you": None, "me": None, "us": None,
}

# nouns that describe a person by role: "the Russian president", "his counterpart"
ROLE_NOUNS = {
    "president", "leader", "counterpart", "minister", "chancellor", "premier",
    "secretary", "spokesman", "spokeswoman", "spokesperson", "senator", "governor",
    "mayor", "ambassador", "envoy", "diplomat", "official", "head", "chief", "director",
    "chairman", "chairwoman", "chair", "candidate", "nominee", "congressman",
    "congresswoman", "representative", "lawmaker", "king", "queen", "prince", "pope",
    "general", "commander", "prosecutor", "judge", "attorney", "lawyer", "adviser",
    "advisor", "aide", "ceo", "founder", "author", "analyst", "expert", "professor",
    "economist", "writer", "reporter", "journalist", "businessman", "billionaire",
    "businesswoman", "actor", "actress", "star", "politician", "democrat", "republican",
    "frontrunner", "front-runner", "contender", "host", "anchor", "woman", "man",
    "executive", "officer", "manager", "strategist", "researcher", "scientist", "physician",
    "doctor", "nurse", "teacher", "owner", "partner", "editor",
}

# roles that fit anyone with a title ("the French leader" may be a president)
GENERIC_ROLES = {"leader", "counterpart", "official", "head", "chief", "politician", "man",
                 "woman", "host", "star"}

# plural or collective common nouns naming a group of sources
GROUP_NOUNS = {
    "official", "officials", "source", "sources", "expert", "experts", "analyst",
    "analysts", "critic", "critics", "observer", "observers", "people", "residents",
    "lawmakers", "democrats", "republicans", "supporters", "opponents", "voters",
    "economists", "scientists", "researchers", "activists", "protesters", "witnesses",
    "investigators", "authorities", "leaders", "members", "diplomats", "politicians",
    "aides", "advisers", "advisors", "polls", "poll", "survey", "surveys", "studies",
}

# singular common nouns naming an organisation
ORG_NOUNS = {
    "ministry", "government", "department", "agency", "committee", "party", "campaign",
    "company", "administration", "office", "embassy", "kremlin", "court", "council",
    "commission", "parliament", "congress", "senate", "house", "cabinet", "firm",
    "group", "organization", "organisation", "union", "alliance", "bloc", "board",
    "newspaper", "paper", "network", "report", "statement", "study", "poll", "survey",
    "police", "military", "army", "team", "white", "pentagon", "bureau", "service",
}

# words that make up titles before a name ("Russian President", "Foreign Minister")
TITLE_WORDS = {
    "president", "vice", "prime", "minister", "foreign", "defense", "defence", "finance",
    "secretary", "state", "general", "deputy", "chancellor", "premier", "spokesman",
    "spokeswoman", "spokesperson", "senator", "sen.", "rep.", "gov.", "governor", "mayor",
    "ambassador", "envoy", "chief", "head", "chairman", "chairwoman", "director", "king",
    "queen", "prince", "pope", "judge", "justice", "attorney", "former", "ex", "acting",
    "leader", "candidate", "presidential", "democratic", "republican", "gop", "house",
    "speaker", "majority", "minority", "whip", "executive", "officer", "ceo", "adviser",
    "advisor", "security", "national", "commander", "lt.", "col.", "gen.", "dr.", "mr.",
    "mrs.", "ms.", "sir", "lord", "press", "white", "u.s.", "us", "foreign", "affairs",
    "interior", "economy", "economic", "trade", "health", "energy", "labour", "labor",
    "nominee", "hopeful", "frontrunner", "front-runner", "vice-presidential", "senior",
    "representative", "congressman", "congresswoman", "assemblyman", "assemblywoman",
    "councilman", "councilwoman", "sheriff", "commissioner", "superintendent",
}

HONORIFICS = {"mr.": "M", "mr": "M", "sir": "M", "lord": "M", "mrs.": "F", "mrs": "F",
              "ms.": "F", "ms": "F", "lady": "F", "madam": "F"}

GENDERED_TITLES = {
    "spokeswoman": "F", "chairwoman": "F", "congresswoman": "F", "businesswoman": "F",
    "queen": "F", "princess": "F", "actress": "F", "mother": "F", "wife": "F",
    "spokesman": "M", "chairman": "M", "congressman": "M", "businessman": "M",
    "king": "M", "prince": "M", "actor": "M", "father": "M", "husband": "M",
}


# entity labels that make up a statement's "about" facet
ABOUT_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC", "EVENT", "LAW", "PRODUCT"})
