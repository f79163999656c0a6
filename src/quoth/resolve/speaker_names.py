"""Speaker names and titles as a reader should see them: pure string functions.

The NER and the finder hand over names with their boundary noise; these functions take it
off and say whether what is left is a name at all::

    clean_name("Rip Donald Trump")            -> "Donald Trump"      (an epithet)
    clean_name("a defiant Ted Cruz on Monday") -> "Ted Cruz"          (article, adjective, time)
    clean_name("Clinton Speech")              -> "Clinton"           (a headline's noun)
    clean_name("Elizabeth Warren Hammers Wells Fargo CEO") -> "Elizabeth Warren"
    person_name("A House panel")              -> False               (a common noun's phrase)
    clean_title("SECRETARY")                  -> "Secretary";  clean_title("State") -> None
    joint("Cummings and Conyers")             -> True                (two people, one mention)

Used by the in-article resolver and by the store, which keeps a cross-article speaker only
for a name that passes.
"""

from __future__ import annotations

import re

__all__ = ["clean_name", "person_name", "proper_name", "clean_title", "joint", "is_outlet"]

# words a writer puts before a name that are no part of it ("Crooked Hillary", "Rip Trump")
EPITHETS = frozenset({
    "rip", "crooked", "derelict", "lyin", "lyin'", "crazy", "sleepy", "little", "low-energy",
    "pocahontas", "goofy", "crazed", "say", "dear", "poor", "late", "disgraced",
})
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
TIME_WORDS = frozenset(WEEKDAYS + (
    "today", "yesterday", "tonight", "morning", "afternoon", "evening", "night", "earlier",
    "later", "week", "weekend", "month", "year", "on", "last", "this", "late", "early", "in",
))
# a headline's words after a name ("Clinton Speech", "Warren Hammers Wells Fargo CEO")
HEADLINE_WORDS = frozenset({
    "speech", "reveals", "hammers", "slams", "blasts", "says", "said", "tells", "told", "warns",
    "urges", "vows", "admits", "denies", "calls", "claims", "insists", "rips", "mocks", "attacks",
    "defends", "effort", "effort", "campaign's", "responds", "fires", "hits", "pledges", "plans",
    "wants", "accuses", "praises", "demands", "explains", "adds", "asks", "notes", "writes",
    "interview", "statement", "remarks", "comments", "unveils", "announces", "backs", "endorses",
})
PARTICLES = frozenset({"de", "del", "della", "der", "den", "van", "von", "bin", "ibn", "al",
                       "el", "la", "le", "da", "dos", "du", "st.", "of", "y", "ben", "abu"})
_SUFFIX = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
_ORG_SMALL = frozenset({"of", "for", "and", "the", "on", "de", "in", "at", "&", "to", "du", "des"})
_COORD = re.compile(r"(?:\band\b|&|\bor\b|\bboth\b|\bwith\b|\bplus\b)", re.I)


def joint(text: str) -> bool:
    """A mention that names more than one party ("Cummings and Conyers", "Both Mr. King
    and Mr. Schultz", "Cruz and his aides")."""
    return bool(_COORD.search(text or ""))


def clean_name(text: str) -> str:
    """``text`` without the words around a name that are not part of it (see the module
    docstring); possessive "'s" off; returns "" when nothing is left."""
    words = re.sub(r"['’]s$", "", " ".join((text or "").split())).split()
    while words and (words[0].lower().strip(",") in EPITHETS or (
            words[0][:1].islower() and words[0].lower() not in PARTICLES)
            and any(w[:1].isupper() for w in words[1:])):
        words = words[1:]  # "Rip", "a defiant", "the"
    for k, w in enumerate(words):
        if k and w.lower().strip(",.") in HEADLINE_WORDS and w[:1].isupper():
            words = words[:k]
            break
    while len(words) > 1 and words[-1].lower().strip(",.") in TIME_WORDS:
        words = words[:-1]  # "Ted Cruz on Monday", "Obama Tuesday night"
    return " ".join(words).strip(" ,;:-")


_DETERMINERS = frozenset({"the", "a", "an", "one", "two", "three", "another", "some", "many",
                          "every", "each", "no", "any", "several", "most", "all", "both", "this",
                          "that", "these", "those", "other", "such"})
_DEMONYMS = frozenset({"African", "American", "Asian", "European", "Hispanic", "Latino", "Latina",
                       "Mexican", "Muslim", "Christian", "Jewish", "Arab", "Black", "White",
                       "Republican", "Democrat", "Democratic", "Conservative", "Liberal"})


def person_name(text: str) -> bool:
    """A person's name: one to five words, each capitalised, an initial, a particle ("de",
    "bin") or a suffix ("Jr."); no digits ("A House panel", "Ivana Trump's brief",
    "52-count civil complaint" are not)."""
    words = (text or "").split()
    if not 1 <= len(words) <= 5 or any(c.isdigit() for c in text):
        return False
    if words[0].lower() in _DETERMINERS or all(w in _DEMONYMS for w in words):
        return False  # "One Republican", "African American"
    return all(w[:1].isupper() or w.lower() in PARTICLES or w.lower() in _SUFFIX
               for w in words) and words[0][:1].isupper()


def proper_name(text: str) -> bool:
    """An organisation's or place's name: its words capitalised but for small function
    words ("Commission on Presidential Debates"); not a description ("Quinnipiac
    University poll released in late August")."""
    words = (text or "").split()
    if not words or len(words) > 10 or not words[0][:1].isupper() and not words[0][:1].isdigit():
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _ORG_SMALL or not w[:1].isalpha()
               for w in words) and words[-1].lower() not in _ORG_SMALL


# role words: a title holds at least one ("Secretary of State", "spokesman", "Sen.")
ROLE_WORDS = frozenset({
    "president", "minister", "secretary", "chancellor", "senator", "sen.", "sen", "rep.", "rep",
    "representative", "congressman", "congresswoman", "governor", "gov.", "gov", "mayor",
    "general", "gen.", "admiral", "colonel", "col.", "captain", "capt.", "judge", "justice",
    "chief", "king", "queen", "prince", "princess", "pope", "ambassador", "envoy", "spokesman",
    "spokeswoman", "spokesperson", "director", "chairman", "chairwoman", "chair", "speaker",
    "leader", "commissioner", "attorney", "sheriff", "officer", "professor", "prof.", "dr.",
    "ceo", "cfo", "coo", "founder", "executive", "manager", "adviser", "advisor", "aide",
    "economist", "analyst", "lawmaker", "lt.", "sgt.", "sergeant", "lieutenant", "premier",
    "emir", "sheikh", "ayatollah", "candidate", "nominee", "host", "anchor", "correspondent",
    "editor", "reporter", "columnist", "commentator", "moderator", "fellow", "scholar", "head",
    "member", "partner", "owner", "president-elect", "strategist", "pollster", "consultant",
    "lawyer", "prosecutor", "counsel", "widow", "winner", "veteran", "expert", "deputy",
    "treasurer", "comptroller", "clerk", "delegate", "organizer", "activist", "author",
    "official", "chairperson", "vice", "superintendent", "commander", "dean", "rabbi",
    "bishop", "cardinal", "reverend", "rev.", "pastor", "councilman", "councilwoman",
    "businessman", "businesswoman", "developer", "billionaire", "actor", "actress", "physician",
    "doctor", "nurse", "teacher", "researcher", "scientist", "associate", "staffer", "writer",
    "journalist", "historian", "architect", "coach", "attorney-general", "secretary-general",
    "vice-president", "mp", "mep", "minister-president", "cofounder", "co-founder", "investor",
})
# capitalised only because a sentence starts with it ("Spokeswoman Jessica Ditto")
_COMMON_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "adviser", "advisor",
                           "aide", "analyst", "economist", "candidate", "nominee", "lawyer",
                           "attorney", "strategist", "pollster", "consultant", "developer",
                           "businessman", "businesswoman", "host", "anchor", "reporter"})
# abbreviated forms of address that follow a fuller role before a name
_ADDRESS_FORMS = frozenset({"rep.", "sen.", "gov.", "dr.", "gen.", "lt.", "sgt.", "capt.", "col."})
_QUALIFIERS = frozenset({"former", "then", "then-", "ex", "ex-", "acting", "interim", "the", "a",
                         "an", "longtime", "late", "outgoing", "incoming", "retired"})


def _role(word: str) -> bool:
    low = word.lower().strip(",")
    return low in ROLE_WORDS or (("-" in low) and any(p in ROLE_WORDS for p in low.split("-")))


def clean_title(title: str | None) -> str | None:
    """A title as a role, in normal case, or None: it must hold a role word ("Republican",
    "State", "Close", "former", "Rival" are none); a plural is no title ("Black Lawmakers");
    a fragment before a capitalised role goes ("mate Gov." -> "Gov."); ALL CAPS is written
    as a title ("SECRETARY" -> "Secretary"); a common role capitalised by a sentence start
    is lower case ("Spokeswoman" -> "spokeswoman")."""
    words = " ".join((title or "").split()).strip(" ,;:-").split()
    while words and (words[0].lower() in ("the", "a", "an") or (
            words[0][:1].islower() and not _role(words[0]) and words[0] not in _QUALIFIERS
            and any(w[:1].isupper() for w in words[1:]) and words[0].lower() not in ("of",))):
        words = words[1:]
    while words and words[-1].lower() in ("of", "for", "at", "and", "the", "in", ","):
        words = words[:-1]
    if (len(words) > 1 and words[-1].lower() in _ADDRESS_FORMS and _role(words[-2])
            and words[-2].lower() not in _ADDRESS_FORMS):
        words = words[:-1]  # "Oversight Committee Chairman Rep." -> "... Chairman"
    if not words or not any(_role(w) for w in words if w.lower() not in _QUALIFIERS):
        return None
    if words[-1].lower().endswith("s") and words[-1].lower()[:-1] in ROLE_WORDS:
        return None  # "Black Lawmakers", "Presidential candidates"
    if len(words) > 14:
        return None
    words = [w.capitalize() if w.isalpha() and w.isupper() and len(w) > 3 and not _acronym(w)
             else w for w in words]
    if words[0].lower() in _COMMON_ROLES | _QUALIFIERS and words[0][:1].isupper() and all(
            w[:1].islower() for w in words[1:]) or words[0].lower() in _QUALIFIERS:
        words[0] = words[0].lower()  # "Former President" -> "former President"
    return " ".join(words)


def _acronym(word: str) -> bool:
    return word.strip(".,").lower() in ("ceo", "cfo", "coo", "nypd", "naacp", "nato", "fbi",
                                        "cia", "dnc", "rnc", "imf", "gop", "usa", "epa")


# news outlets, websites and fact-checkers: organisations, whatever the NER says
_OUTLET_LAST = frozenset({"post", "times", "news", "journal", "tribune", "herald", "gazette",
                          "telegraph", "chronicle", "magazine", "daily", "weekly", "press",
                          "review", "report", "hedge", "examiner", "inquirer", "register"})
_OUTLET_ALONE = frozenset({"reuters", "politico", "politifact", "cnn", "msnbc", "nbc", "abc",
                           "cbs", "fox", "bbc", "npr", "pbs", "bloomberg", "axios", "breitbart",
                           "buzzfeed", "vox", "slate", "salon", "rt", "sputnik", "tass", "afp",
                           "ap", "upi", "newsweek", "huffpost", "wikileaks", "snopes", "gallup",
                           "tmz", "infowars", "drudge", "mediaite", "cnbc", "c-span",
                           "univision", "guardian", "observer", "independent", "economist"})
_ORG_LAST = frozenset({"inc", "inc.", "corp", "corp.", "co", "co.", "llc", "ltd", "ltd.", "plc",
                       "group", "energy", "media", "network", "networks", "bank", "university",
                       "institute", "foundation", "center", "centre", "council", "committee",
                       "association", "agency", "department", "commission", "congress", "court",
                       "party", "administration", "campaign", "coal", "oil", "gas", "motors",
                       "airlines", "pharmaceuticals", "holdings", "partners", "capital",
                       "industries", "systems", "technologies", "communications", "strategies"})


def is_outlet(name: str) -> bool:
    """An organisation by its name's words: a news outlet, website or fact-checker ("The
    Washington Post", "Politifact", "Zero Hedge", "Breitbart.com") or a company or body
    ("Peabody Energy", "Congress"): never a person."""
    words = [w.lower().strip(".,") for w in (name or "").split()]
    if words and words[0] in ("the", "a", "an"):
        words = words[1:]
    if not words:
        return False
    last = words[-1]
    if last.endswith((".com", ".org", ".net")) or last in _ORG_LAST:
        return True
    return (len(words) > 1 and last in _OUTLET_LAST) or (len(words) == 1 and last in _OUTLET_ALONE)
