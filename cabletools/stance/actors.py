"""Who is speaking: actor mentions in a sentence, and the names a cable gives its people.

A mention is a stretch of text naming someone who can hold a position:

* the **US side** — ``we``, ``the Ambassador``, ``Poloff``, ``DCM``, ``USG`` … and the surnames this
  cable gives US officers (the signature, the ``Classified By`` line, "Ambassador Ranneberger",
  "General Ward of Africa Command");
* a **foreign actor** — a country, demonym or government acronym from ``stance_actors.csv``
  (``Vietnam``, ``the Russians``, ``GOCR``, ``HMG``), an official's title (``the Foreign Minister``,
  ``MFA``, ``officials``), or a surname this cable gives a foreign official ("Desk Officer Tran
  Viet Hoang" → ``Hoang``), or a capitalised name followed by a reporting verb ("Kumar claimed");
* a **pronoun** (he, she, they) — resolved by the extractor to the last person named.

Word lists are matched with Aho-Corasick automata (one pass over a sentence, or over the whole
body for the titles learn_names looks at), so a sentence costs a few microseconds however long
the lists are.

>>> model = actor_model()
>>> [(m.text, m.side, m.country) for m in model.mentions("VFM Minh told us Vietnam would abstain", host="Vietnam")]
[('VFM', 'foreign', 'Vietnam'), ('Minh', 'foreign', 'Vietnam'), ('us', 'us', None), ('Vietnam', 'foreign', 'Vietnam')]
>>> us, foreign = model.learn_names("Classified By: Ambassador Michael Michalak. ...Desk Officer Tran Viet Hoang said", None)
>>> sorted(us), sorted(foreign)
(['Michael', 'Michalak'], ['Hoang', 'Tran', 'Viet'])
"""
from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from typing import NamedTuple

from cabletools.parse.words import matches_at
from cabletools.stance.lexicon import SubstringScan, WordFinder, WordSet, load_lexicon, trie_regex
from cabletools.stance.text import NOISE_HINTS, OTHER_SPACES

__all__ = ["Mention", "ActorModel", "actor_model", "actor_type", "PERSON_KINDS", "NON_STATE_GROUPS"]

#: US-side words matched in any letter case (lower-cased text).
US_WORDS = (
    "we", "us", "our", "ours", "ourselves", "u.s.", "u.s.g.", "usg", "the united states", "united states",
    "washington", "the ambassador", "ambassador", "amb.", "charge", "chargé", "charge d'affaires",
    "chargé d'affaires", "cda", "dcm", "deputy chief of mission", "consul general", "the consul general",
    "the deputy permanent representative", "deputy permanent representative", "the permanent representative", "polcouns", "pol couns",
    "political counselor", "deputy political counselor", "economic counselor", "pol/c", "polc",
    "pol/econ", "polchief", "pol chief", "poloff", "poloffs", "pol off", "econoff", "econoffs",
    "econcouns", "emboff", "emboffs", "conoff", "conoffs", "mgmt off", "the embassy", "usun", "usdel",
    "useu", "usnato", "usosce", "the department", "a/s", "das", "dasd", "pdas", "deputy secretary",
    "assistant secretary", "the secretary", "secretary of state", "s/e", "special envoy", "codel",
    "staffdel", "datt", "dao", "defatt", "defense attache", "uscincpac", "uscentcom", "centcom",
    "africom", "eucom", "southcom", "pacom", "usaid", "legatt", "admiral", "senator", "sen.", "africa command",
    "u.s. africa command", "central command", "european command", "pacific command", "southern command",
    "congressman", "congresswoman", "principal officer", "president bush", "president clinton",
    "president obama", "president reagan", "president carter",
)
#: US-side words matched only as written (capitalised they name the US post or office).
US_WORDS_EXACT = (
    "US", "Post", "POST", "Embassy", "EMBASSY", "Mission", "MISSION", "Department", "DEPARTMENT",
    "CG", "RSO", "Coordinator", "ADM", "COL", "Col.", "LTC",
)
#: Organisation-like US words (not persons: "he" never refers to them).
US_ORG_WORDS = {
    "we", "us", "our", "ours", "ourselves", "u.s.", "u.s.g.", "usg", "the united states", "united states",
    "washington", "post", "the embassy", "embassy", "mission", "usun", "usdel", "useu", "usnato", "usosce",
    "the department", "department", "codel", "staffdel", "uscincpac", "uscentcom", "centcom", "africom",
    "eucom", "southcom", "pacom", "usaid",
}
#: Titles and bodies of foreign officialdom (lower-cased).
FOREIGN_TITLES = (
    "government", "governments", "govt", "ministry", "ministries", "minister", "ministers", "mfa",
    "mofa", "mre", "dfa", "mod", "moi", "foreign office", "foreign ministry", "fm", "vfm", "dfm",
    "fonmin", "pm", "dpm", "prime minister", "president", "vice president", "vp", "king", "queen",
    "sultan", "emir", "amir", "crown prince", "sheikh", "premier", "chancellor", "cabinet", "official",
    "officials", "spokesman", "spokeswoman", "spokesperson", "director", "director-general",
    "director general", "dg", "ddg", "desk officer", "deputy", "counterpart", "counterparts",
    "interlocutor", "interlocutors", "parliament", "parliamentarian", "parliamentarians",
    "legislator", "legislators", "lawmaker", "lawmakers", "mp", "mps", "congress", "senate",
    "national assembly", "party", "parties", "delegation", "delegations", "negotiator", "negotiators",
    "envoy", "envoys", "advisor", "adviser", "advisors", "advisers", "chief of staff", "commander",
    "chairman", "leader", "leaders", "leadership", "authorities", "regime", "junta", "military",
    "army", "armed forces", "air force", "navy", "general staff", "coast guard", "security services",
    "intelligence services", "police", "permrep", "permanent representative", "permsec",
    "permanent secretary", "under secretary", "undersecretary", "u/s", "secretary general",
    "secretary-general", "state secretary", "foreign secretary", "ambassadors", "mr.", "mrs.", "ms.",
    "dr.", "both sides", "all three", "the two", "the kremlin", "statement", "communique", "communiqué",
    "press release", "declaration", "diplomatic note",
)
PRONOUNS = ("he", "she", "they")
#: Sources that are not political actors: what they say or report is not a stance (ANNOTATION_NOTES 2).
NON_ACTORS = (
    "journalist", "journalists", "reporter", "reporters", "the press", "press reports", "media",
    "editorial", "editorials", "analyst", "analysts", "observer", "observers", "contact", "contacts",
    "source", "sources", "academic", "academics", "scholar", "scholars", "expert", "experts",
    "businessman", "businessmen", "businesspeople", "business representatives", "business leaders",
    "business community", "amcham", "ngo", "ngos", "colleague", "colleagues", "diplomatic colleagues",
    "western diplomats", "diplomats", "diplomat", "union", "unions", "union leaders", "students",
    "activists", "activist", "bloggers", "commentators", "commentator", "think tank", "think tanks",
    "investors", "investor", "company", "companies", "firm", "firms", "bankers", "staff", "voters",
    "residents", "villagers", "the public", "public opinion", "polls", "poll", "rumors", "rumours",
)
#: Mention kinds that are persons (what "he"/"she" can refer to).
PERSON_KINDS = ("name", "title", "us_person")
#: Armed groups, militias, movements and religious figures: actors, but of no state (issue 13: Hizballah
#: reported by Embassy Tel Aviv is not Israel). Their rows carry their own name as ``actor_country``
#: and ``actor_type`` "non-state". Matched before the country words ("Hamas" is no government).
NON_STATE_GROUPS = {
    "Hizballah": ("hizballah", "hezbollah", "hizbollah", "hizbullah"),
    "Hamas": ("hamas",),
    "Islamic Jihad": ("islamic jihad", "palestinian islamic jihad", "pij"),
    "al-Qaida": ("al-qaida", "al-qaeda", "al qaida", "al qaeda", "al-qa'ida", "aqim", "aqap", "bin laden",
                 "usama bin laden", "osama bin laden"),
    "Taliban": ("taliban", "the taliban"),
    "FARC": ("farc",),
    "ELN": ("eln",),
    "LTTE": ("ltte", "tamil tigers"),
    "PKK": ("pkk",),
    "al-Shabaab": ("al-shabaab", "al-shabab", "shabaab", "al shabaab"),
    "Muslim Brotherhood": ("muslim brotherhood",),
    "Lord's Resistance Army": ("lord's resistance army", "lra"),
    "(armed group)": ("militia", "militias", "militants", "rebels", "rebel leaders", "insurgents", "guerrillas",
                      "guerrilla", "mujahideen", "warlords", "warlord"),
    "(religious leaders)": ("cleric", "clerics", "imam", "imams", "mufti", "religious leaders",
                            "religious leader"),
}
#: Government words the actor table lacks (Embassy Tel Aviv's "PA officials" are no Israeli officials).
EXTRA_COUNTRY_WORDS = [("Palestinian territories", "country", ["Palestinian Authority", "PA", "PNA"])]
#: Opposition parties and their leaders: counted by the guidelines (legislators and parties), filed
#: under the host country with ``actor_type`` "party".
PARTY_WORDS = ("opposition leader", "opposition leaders", "opposition party", "opposition parties",
               "opposition politicians", "opposition figures", "opposition deputies", "opposition mps",
               "ruling party", "party leader", "party leaders")
#: Words that may follow a demonym and still leave it the actor ("the Chinese side said").
_ACTOR_NOUNS_AFTER_DEMONYM = {"side", "delegation", "delegations", "counterpart", "counterparts", "team", "camp",
                              # a view is its holder's: "the Czech reading of …" (05PRAGUE44 ¶1)
                              "reading", "view", "views", "position", "positions", "stance", "response",
                              "reaction", "reply", "answer", "assessment", "thinking", "line", "attitude",
                              "decision", "vote", "votes"}
# a word after a demonym that shows the demonym is the subject, not an adjective ("the French said",
# "the Israelis would", "the Chinese also"): a verb form, an adverb, or a clause word
_SUBJECT_FOLLOWER_RX = re.compile(
    r"\s+(?:\w+ed|\w+ly|said|says|say|told|tell|is|are|was|were|has|have|had|will|would|can|could|cannot|should|"
    r"may|might|must|do|does|did|also|still|not|never|and|or|who|which|to|in|on|at|of|for|with|as|too|"
    r"themselves|itself|government|side|oppose|opposes|support|supports|reject|rejects|want|wants|"
    r"refuse|refuses|agree|agrees|accept|accepts|believe|believes|insist|insists|remain|remains)\b")


# between a country word and the title or name it qualifies: white space, "'s", capitalised words
# ("Syrian FM Muallem", "the Iranian Foreign Minister", "Egypt's Deputy FM")
_QUALIFIED_GAP_RX = re.compile(r"(?:'s)?\s+(?:[A-Z][\w.-]*\s+){0,3}")
# ... unless the country word names a portfolio: "the Ukraine desk officer", "EU Affairs Director"
# (04BRATISLAVA1043 ¶1-2: Slovak officials)
_PORTFOLIO_RX = re.compile(r"\b(?:Affairs|AFFAIRS|Desk|DESK|Department|Division|Bureau|Office|Section|Unit)\b")


def _titles_take_their_country(text: str, mentions: list[Mention]) -> list[Mention]:
    """Rule "a title belongs to the country before it": a title or name right after a country word
    (or after a title that took one) is that country's, not the host's ("Iranian officials" in a
    cable from Tel Aviv are Iran's; "PA officials" are the Palestinian Authority's).

    >>> ms = [Mention(0, 7, "foreign", "Iranian", "Iran", "country"), Mention(8, 17, "foreign", "officials", "Israel", "title")]
    >>> [m.country for m in _titles_take_their_country("Iranian officials said", ms)]
    ['Iran', 'Iran']
    """
    out = [mentions[0]]
    for x in mentions[1:]:
        prev = out[-1]
        if (x.side == "foreign" and x.kind in ("title", "name") and prev.side == "foreign"
                and prev.kind in ("country", "title", "name") and prev.country and prev.country != x.country
                and x.text.lower() not in ("desk officer", "desk", "director", "directors")
                and _QUALIFIED_GAP_RX.fullmatch(text, prev.end, x.start)
                and not _PORTFOLIO_RX.search(text, prev.end, x.start)):
            x = x._replace(country=prev.country)
        out.append(x)
    return out


def actor_type(kind: str) -> str:
    """The type of actor a mention kind names: what the guidelines count (government, party,
    organisation) or not (non-state).

    >>> actor_type("title"), actor_type("organization"), actor_type("nonstate"), actor_type("party")
    ('government', 'organisation', 'non-state', 'party')
    """
    return {"organization": "organisation", "nonstate": "non-state", "party": "party"}.get(kind, "government")

REPORTING_VERBS = (
    "said", "says", "stated", "states", "noted", "notes", "told", "tells", "stressed", "stresses",
    "emphasized", "emphasised", "explained", "added", "asserted", "replied", "responded", "indicated",
    "argued", "claimed", "insisted", "maintained", "affirmed", "reaffirmed", "confirmed", "acknowledged",
    "commented", "observed", "remarked", "suggested", "underscored", "underlined", "reiterated",
    "conveyed", "expressed", "mentioned", "assured", "warned", "complained", "countered", "cautioned",
    "opined", "believed", "believes", "thought", "felt", "feels", "continued", "agreed", "recalled",
    "pointed", "predicted", "announced", "declared", "described", "characterized", "welcomed",
    "supported", "opposed", "rejected", "refused", "declined", "accused", "criticized", "condemned",
    "protested", "reacted", "demurred", "urged", "pledged", "promised", "asked", "hoped", "wanted",
    "questioned", "dismissed", "doubted", "offered", "appreciated", "thanked", "objected", "restated",
    "voiced", "registered", "highlighted", "revealed", "contended", "conceded", "admitted", "lamented",
    "regretted", "proposed", "requested", "called", "would", "will", "could", "can", "cannot", "did", "does",
    "had", "has", "also", "then", "quickly", "flatly",
    "firmly", "strongly", "further",
    # a name before one of these speaks or takes a position too ("Singh advised that …", 06NEWDELHI4827;
    # "Wilson denounced …", 03NASSAU2124)
    "advised", "recommended", "answered", "signaled", "signalled", "hinted", "repeated", "shared",
    "demanded", "denounced", "praised", "vowed", "defended", "deplored", "endorsed", "backed", "favored",
    "favoured", "accepted", "approved", "disagreed", "sought",
)

_REPORTING_CORE = tuple(v for v in REPORTING_VERBS if v not in {
    "would", "will", "could", "can", "cannot", "did", "does", "had", "has", "also", "then", "quickly",
    "flatly", "firmly", "strongly", "further", "wanted", "hoped",
    "asked", "called", "supported", "opposed", "rejected", "refused", "declined", "welcomed",
    "demanded", "denounced", "praised", "vowed", "defended", "deplored", "endorsed", "backed", "favored",
    "favoured", "accepted", "approved", "disagreed", "sought"}) + ("according to",)

NAME_STOP = {
    "the", "a", "an", "he", "she", "they", "we", "it", "this", "that", "these", "those", "both", "neither",
    "none", "all", "some", "many", "most", "other", "others", "each", "however", "but", "and", "also",
    "in", "on", "at", "for", "with", "as", "by", "if", "when", "while", "after", "before", "during",
    "since", "although", "though", "because", "his", "her", "their", "its", "our", "your", "my", "there",
    "what", "which", "who", "whom", "why", "how", "where", "no", "not", "yes", "one", "two", "three",
    "comment", "summary", "end", "note", "begin", "text", "subject", "ref", "reftel", "septel", "tags",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "per", "following", "given", "asked", "according", "regarding", "further", "finally",
    "meanwhile", "instead", "still", "such", "only", "even", "then", "so", "yet", "thus", "accordingly",
    "un", "unsc", "unga", "unhrc", "hrc", "iaea", "eu", "nato", "oas", "cia", "fbi", "confidential",
    "secret", "unclassified", "unclas", "sensitive", "sipdis", "noforn", "limited", "official", "entire",
    "journalists", "analysts", "observers", "contacts", "sources", "press", "media", "voters", "reporters",
    "refugees", "families", "citizens", "residents", "villagers", "companies", "stowaways",
}
TITLEISH = {
    "deputy", "chief", "of", "mission", "ambassador", "political", "counselor", "economic", "dcm", "charge",
    "affaires", "reason", "reasons", "state", "pol", "department", "officer", "section", "for", "per",
    "director", "acting", "minister", "foreign", "affairs", "vice", "prime", "general", "secretary",
    "permanent", "assistant", "under", "office", "ministry", "head", "desk", "the", "and", "a", "b", "d",
    "e", "c", "mfa", "u", "s", "us", "usg", "embassy", "post", "consul", "principal", "management",
    "public", "diplomacy", "pao", "rso", "defense", "attache", "econ", "polecon", "international",
    "organizations", "department's", "and/or", "classified", "by", "trade", "finance", "justice",
    "interior", "commerce", "agriculture", "health", "education", "energy", "industry", "economy",
}

_US_TITLES_FOR_NAMES = (
    "ambassador", "amb.", "dcm", "charge", "chargé", "cda", "pol/c", "polc", "polcouns", "poloff",
    "econoff", "emboff", "a/s", "das", "dasd", "pdas", "admiral", "adm", "col", "col.", "ltc", "senator",
    "sen.", "congressman", "congresswoman", "codel", "deputy secretary", "assistant secretary",
    "consul general", "principal officer", "counselor", "attache", "s/e", "special envoy",
)
_FOREIGN_TITLES_FOR_NAMES = (
    "minister", "fm", "vfm", "dfm", "pm", "dpm", "vp", "president", "vice president", "director", "director-general",
    "director general",
    "dg", "officer", "spokesman", "spokeswoman", "permanent secretary", "foreign secretary",
    "state secretary", "secretary-general", "secretary general", "under secretary", "undersecretary",
    "general secretary", "ambassador", "chief", "head", "deputy", "advisor", "adviser", "chairman", "king",
    "sultan", "emir", "general", "negotiator", "envoy", "counselor", "u/s", "mp", "senator", "governor", "mfa",
    "mayor", "commander", "leader", "permrep", "colonel", "gen.", "mr.", "ms.", "mrs.", "dr.",
)
_NAME_AFTER_RX = re.compile(r"(?:\s+(?:of|for)\s+(?:[A-Z][\w-]+\s+){1,3}?)?\s+((?:[A-Z][\w'.-]*\s+){0,3}[A-Z][\w'-]+)")
_FOREIGN_WINDOW_RX = re.compile(
    r"\b(?:permanent|foreign|state|general|under|vice|mfa|mre|ministry|government|their|his|her|"
    r"local|host|former|new)\s*$")
_CLASSIFIED_BY_RX = re.compile(r"(?i)classified\s+by\s*:?\s*([^\n]{0,120})")
_CLASSIFIED_CUT_RX = re.compile(r"(?i)\b(?:reasons?|for reasons?|per|e\.o\.|1\.\d)\b|[;,(]|\.\s|\.\.")
_TOLD_US_RX = re.compile(r"\s*(?:also\s+)?(?:told|informed|assured|briefed)\s+(?:us|poloff|the ambassador|emboff|dcm)\b")
# "U.S. AFRICOM Commander General Ward", "General Ward of Africa Command": US officers
_MIL_TITLE_NAME_RX = re.compile(r"(?:General|GEN\.?|Gen\.|Admiral|ADM|Commander|LTG|MG|BG|Col\.?|COL)\s+([A-Z][\w'-]+)")
_US_UNIT_BEFORE_RX = re.compile(
    r"\b(?:U\.S\.|US|American|AFRICOM|CENTCOM|EUCOM|PACOM|SOUTHCOM|NORTHCOM|USCINCPAC|USCENTCOM|USEUCOM|"
    r"USAFRICOM|USFOR-A|ISAF|MNF-I)\s+(?:[A-Z][\w/-]*\s+){0,3}$")
_US_UNIT_AFTER_RX = re.compile(
    r"\s+(?:of|from)\s+(?:U\.S\.\s+|the\s+)?(?:Africa Command|AFRICOM|CENTCOM|Central Command|EUCOM|"
    r"European Command|PACOM|Pacific Command|SOUTHCOM|Southern Command)")
_APPOSITION_BEFORE_RX = re.compile(r"\b((?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+),\s+(?:the\s+|an?\s+|[A-Z]{2,5}\s+)?$")
_NAME_BEFORE_RX = re.compile(r"\b([A-Z][\w'-]+)\s+$")
_STOP_VERBISH_RX = re.compile(r"(?i)^(?:\w{3,}(?:ed|ing|ly)|said|told|was|were|is|are|had|has|have|would|will|"
                              r"could|can|did|does|met|made|gave|took|went|saw|felt|thought|also|then|and|of|in)$")
# (?<![\w'-])([A-Z][A-Za-z'-]{2,})(?![\w'-]), the look-behind after the capital (scanned faster)
_NAME_RX = re.compile(r"([A-Z](?<![\w'-].)[A-Za-z'-]{2,})(?![\w'-])")
_WORD_RX = re.compile(r"[A-Za-z][\w'-]+")
_CAP_WORD_RX = re.compile(r"[A-Z][\w'-]+")
_NAME_AFTER_AMB_RX = re.compile(r"\s+((?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)")
_AMB_TO_US_RX = re.compile(r"\s+to\s+(?:the\s+)?(?:u\.?s|united states|washington)")
_NEXT_WORD_RX = re.compile(r"\s+([a-z]+)")
_PEOPLE_WORDS = {
    "citizens", "voters", "people", "public", "nationals", "workers", "farmers", "refugees", "families",
    "businessmen", "businesspeople", "companies", "company", "firms", "press", "media", "journalists",
    "students", "activists", "ngos", "ngo", "analysts", "observers", "academics", "investors", "banks",
    "population", "society", "opinion", "newspapers", "newspaper", "commentators", "exporters", "importers",
    "producers", "fishermen", "migrants", "immigrants", "victims", "stowaways", "traffickers", "smugglers",
}
_AFTER_ACCORDING_RX = re.compile(r"according\s+to\s+$")
# a word spelt like an acronym: GoX…, GO…, or two capitals then another capital further on
# ([A-Z]{2,}\w*[A-Z]\w* with its runs read once: "GoI", "GOSL", "USAid", not "Ministry")
_MIXED_CAPS_WORD_RX = re.compile(r"Go[A-Z]\w*+|GO\w++|[A-Z]{2}[^\WA-Z]*+[A-Z]\w*+")
# the military titles that make _MIL_TITLE_NAME_RX worth running
_MIL_HINTS = ("General", "GEN", "Gen.", "Admiral", "ADM", "Commander", "COL", "Col.")
#: strings whose places in a cable body learn_names and the extractor need (see ActorModel.body_marks):
#: military titles, "Classified By", "the Ambassador", "comment", the page-break hints of clean_text and
#: the white space it needs to split on
# what each alternative of _MIL_TITLE_NAME_RX opens with: a match starts at one of these
_MIL_TITLE_STARTS = ("General", "GEN", "Gen.", "Admiral", "ADM", "Commander", "LTG", "MG", "BG", "Col", "COL")
BODY_MARK_STRINGS = (_MIL_HINTS + _MIL_TITLE_STARTS + ("lassified", "LASSIFIED", "the Ambassador", "omment", "OMMENT")
                     + NOISE_HINTS + OTHER_SPACES)


def _mil_titles(body: str, marks: dict[str, list[int]]):
    """``_MIL_TITLE_NAME_RX.finditer(body)``, tried only where one of its titles occurs (`marks`).

    The pattern opens with a set of capitals, which `re` tests at every character of the body."""
    return matches_at(_MIL_TITLE_NAME_RX, body, sorted({i for w in _MIL_TITLE_STARTS for i in marks.get(w, ())}))


def _classified_by(body: str, marks: dict[str, list[int]]):
    """The "Classified By:" lines in the first 6,000 characters (as ``_CLASSIFIED_BY_RX`` finds them).

    The case-blind regex is slow to scan with; it is tried only where "lassified" or "LASSIFIED"
    occurs (every spelling in the corpora: "Classified By", "CLASSIFIED BY", "classified by").
    """
    last = min(len(body), 6000) - 9          # "lassified" must lie inside body[:6000]
    starts = [i - 1 for key in ("lassified", "LASSIFIED") for i in marks.get(key, ()) if 1 <= i <= last]
    if not starts:
        return []
    starts.sort()
    return matches_at(_CLASSIFIED_BY_RX, body[:6000], starts)


class WordHits:
    """Sorted (start, end, word) hits of the three word lists over one text, sliceable by range."""

    __slots__ = ("lists", "starts")

    def __init__(self, vocab, exact, names):
        self.lists = (vocab, exact, names)
        self.starts = tuple([h[0] for h in lst] for lst in self.lists)

    def window(self, start: int, end: int):
        """The hits lying inside [start, end), with offsets relative to `start`."""
        out = []
        for lst, starts in zip(self.lists, self.starts):
            i = bisect_left(starts, start)
            j = bisect_left(starts, end)
            out.append([(s - start, e - start, w) for s, e, w in lst[i:j] if e <= end])
        return out


#: make a named tuple from a tuple of its fields without its Python-level __new__ (hot paths)
_new = tuple.__new__


class Mention(NamedTuple):
    """A stretch of a sentence that names an actor (a named tuple: cheap to create)."""

    start: int
    end: int
    side: str          # "us", "foreign", "other" (not a political actor) or "pronoun"
    text: str
    country: str | None
    kind: str          # country, organization, group, title, name, pronoun, us, us_person


def _mention_order(x: Mention) -> tuple[int, int]:
    """Left to right; at the same start, the longer mention first."""
    return (x[0], x[0] - x[1])


class ActorModel:
    """The compiled actor vocabulary; :func:`actor_model` returns the shared instance."""

    def __init__(self):
        lex = load_lexicon()
        vocab: dict[str, tuple[str, str | None, str]] = {}
        acronyms: dict[str, list[str]] = {}
        for group, words in NON_STATE_GROUPS.items():
            for w in words:
                vocab[w] = ("ns", group, "nonstate")
        for w in PARTY_WORDS:
            vocab[w] = ("pty", None, "party")
        for country, kind, words in list(lex.actors) + EXTRA_COUNTRY_WORDS:
            for w in words:
                if (w.isupper() and len(w) <= 6) or _MIXED_CAPS_WORD_RX.fullmatch(w):
                    acronyms.setdefault(w, []).append(country)
                else:
                    vocab.setdefault(w.lower(), ("cty", country, kind))
        for w in US_WORDS:
            vocab.setdefault(w, ("us", None, "us" if w in US_ORG_WORDS else "us_person"))
        for w in FOREIGN_TITLES:
            vocab.setdefault(w, ("ttl", None, "title"))
        for w in PRONOUNS:
            vocab.setdefault(w, ("pro", None, "pronoun"))
        for w in NON_ACTORS:
            vocab.setdefault(w, ("oth", None, "other"))
        self.vocab = vocab
        self.country_words = {w for w, v in vocab.items() if v[0] == "cty"}
        self.acronyms = acronyms
        exact = {w: ("us", None, "us" if w.lower() in US_ORG_WORDS else "us_person") for w in US_WORDS_EXACT}
        for w in acronyms:
            exact.setdefault(w, ("acr", None, "country"))
        self.exact = exact
        self.low_finder = WordFinder(vocab)
        self.exact_finder = WordFinder(exact, possessive=True)
        self.verb_after_rx = re.compile(r"\s++(?:[a-z]+ly\s++)?(?:" + trie_regex(REPORTING_VERBS) + r")\b")
        self.reporting_rx = re.compile(trie_regex(_REPORTING_CORE, before=r"[\w-]") + r"(?![\w-])")
        self.reporting_words = WordSet(_REPORTING_CORE)   # reporting_rx.search(low) is not None, faster
        self._us_titles = set(_US_TITLES_FOR_NAMES)
        self._foreign_titles = set(_FOREIGN_TITLES_FOR_NAMES)
        caps = set()
        for t in self._us_titles | self._foreign_titles:
            caps.add(" ".join(w[:1].upper() + w[1:] for w in t.split()))   # Foreign Secretary
            caps.add(t.upper())                                             # FOREIGN SECRETARY
            caps.add(t[:1].upper() + t[1:])                                 # Desk officer
        # case-sensitive and starting with a capital: `re` skips lower-case text quickly
        self.title_finder = WordFinder(caps)
        # one pass over a body finds the title words and the BODY_MARK_STRINGS (see scan_body)
        self._body_strings = list(dict.fromkeys(list(self.title_finder.words) + list(BODY_MARK_STRINGS)))
        self._title_set = set(self.title_finder.words)
        self._body_scan = SubstringScan(self._body_strings)
        self._name_cache: dict[str, list[str]] = {}

    # ---------------------------------------------------------------- countries
    def country_of(self, word: str, host: str | None) -> str | None:
        """The country a word names: a demonym's country, an acronym (host first), else the host."""
        hit = self.vocab.get(word.lower())
        if hit and hit[0] == "cty":
            return hit[1]
        base = word[:-2] if word.endswith("'s") else word
        cands = self.acronyms.get(base)
        if not cands:
            return host
        if host in cands or len(cands) > 1:
            return host if host else cands[0]
        return cands[0]

    def _demonym_tail(self, low_before: str) -> bool:
        words = low_before.split()
        return bool(words) and words[-1].strip(".,;:'s") in self.country_words

    # ---------------------------------------------------------------- names
    def _plain_name(self, chunk: str) -> bool:
        """Whether `chunk` is a person's name and nothing else: not in capitals, every word a name
        token, none a title ("Silvia Corado", not "Legal Adviser Ruiz" or "Human Rights Director")."""
        words = chunk.split()
        return (not chunk.isupper() and len(self._name_tokens(chunk)) == len(words)
                and not any(w.lower().strip(".,") in self._foreign_titles or w.lower().strip(".,") in self._us_titles
                            for w in words))

    def _name_tokens(self, chunk: str) -> list[str]:
        hit = self._name_cache.get(chunk)
        if hit is None:
            hit = self._name_cache[chunk] = self._name_tokens_uncached(chunk)
            if len(self._name_cache) > 50000:
                self._name_cache.clear()
        return hit

    def _name_tokens_uncached(self, chunk: str) -> list[str]:
        lex = load_lexicon()
        out = []
        for w in chunk.split():
            w = w.strip(".,;:\"")
            lw = w.lower()
            if (not w or not w[0].isupper() or lw in NAME_STOP or lw in TITLEISH or _STOP_VERBISH_RX.match(w)
                    or lw in self.country_words or lex.is_trigger(lw) or lw in REPORTING_VERBS):
                break
            possessive = lw.endswith("'s")
            if possessive:
                w = w[:-2]
            if len(w) > 2:
                out.append(w)
            if possessive:
                break
        return out

    def body_marks(self, body: str) -> dict[str, list[int]]:
        """Where each title word (:attr:`title_finder`'s) and each of :data:`BODY_MARK_STRINGS` occurs
        in `body`: {string: start offsets}, found in one Aho-Corasick pass."""
        return self._body_scan.positions(body)

    def _title_hits(self, body: str, marks: dict[str, list[int]]) -> list[tuple[int, int, str]]:
        """``title_finder.find_all(body)`` from `marks`: leftmost-longest, non-overlapping title words,
        then the whole-word checks (what the automaton and WordFinder do, in that order)."""
        occ = sorted((i, -len(w), w) for w, starts in marks.items() if w in self._title_set for i in starts)
        out = []
        n = len(body)
        last_end = 0
        for start, neg, w in occ:
            if start < last_end:
                continue
            end = start - neg
            last_end = end
            if start:
                c = body[start - 1]
                if c.isalnum() or c in "'-_":
                    continue
            if end < n:
                c = body[end]
                if c.isalnum() or c in "_-" or (c == "." and end + 1 < n and body[end + 1].isalnum()):
                    continue
            out.append((start, end, w))
        return out

    def learn_names(self, body: str, signer: str | None, low: str | None = None,
                    marks: dict[str, list[int]] | None = None) -> tuple[set[str], set[str]]:
        """Surnames of the US side and of foreign officials named with a title in `body`.

        `low` is ``body.lower()`` and `marks` :meth:`body_marks` of the body when the caller has
        them already.
        """
        us: set[str] = set()
        weak_us: set[str] = set()
        foreign: set[str] = set()
        strong_foreign: set[str] = set()
        if signer:
            us.update(w for w in _WORD_RX.findall(signer) if len(w) > 2)
        if marks is None:
            marks = self.body_marks(body)
        for m in _classified_by(body, marks):
            chunk = _CLASSIFIED_CUT_RX.split(m.group(1))[0]
            us.update(w for w in _CAP_WORD_RX.findall(chunk) if w.lower() not in TITLEISH and len(w) > 2)
        for st, en, title in (self._title_hits(body, marks) if self._body_scan._ac is not None
                              else self.title_finder.finditer(body)):
            if st and body[st - 1] == "/":
                continue
            nm = _NAME_AFTER_RX.match(body, en)
            if not nm:
                continue
            title = title.lower()
            if title == "mfa" and not self._plain_name(nm.group(1)):
                continue  # "MFA Silvia Corado" (03GUATEMALA932) names her; "MFA EXPRESSES DEEP CONCERN" no one
            if title in self._foreign_titles:
                ap = (_APPOSITION_BEFORE_RX.search(body, max(0, st - 60), st)
                      if body.find(",", max(0, st - 60), st) >= 0 else None)
                if ap:   # "Tran Viet Hoang, Desk Officer in the MFA"
                    foreign.update(self._name_tokens(ap.group(1)))
            if title in self._us_titles:
                if low is None:
                    low = body.lower()
                before = low[max(0, st - 30): st]
                if not (_FOREIGN_WINDOW_RX.search(before) or self._demonym_tail(before)
                        or _TOLD_US_RX.match(low, nm.end())):
                    (weak_us if title in ("ambassador", "counselor") else us).update(self._name_tokens(nm.group(1)))
                    continue
            if title in self._foreign_titles:
                names = self._name_tokens(nm.group(1))
                foreign.update(names)
                if title not in ("ambassador", "counselor", "chief", "head", "deputy", "mr.", "ms.", "mrs.", "dr.", "mfa"):
                    strong_foreign.update(names)
        mil = any(w in marks for w in _MIL_HINTS)
        for m in (_mil_titles(body, marks) if mil else ()):
            if m.start() and body[m.start() - 1].isalnum():
                continue
            before = body[max(0, m.start() - 40): m.start()]
            after = body[m.end(): m.end() + 40]
            if _US_UNIT_BEFORE_RX.search(before) or _US_UNIT_AFTER_RX.match(after):
                us.update(self._name_tokens(m.group(1)))
        for pat in (("and the Ambassador", "the Ambassador and") if "the Ambassador" in marks else ()):
            i = body.find(pat)
            while i >= 0:
                nm = (_NAME_BEFORE_RX.search(body, max(0, i - 40), i) if pat[0] == "a"
                      else _NAME_AFTER_RX.match(body, i + len(pat)))
                if nm:
                    us.update(self._name_tokens(nm.group(1)))
                i = body.find(pat, i + 1)
        # "MFA Deputy Director Rhadys Abreu" makes "Ambassador Abreu" a foreign ambassador
        us |= weak_us - strong_foreign
        foreign -= us
        return us, foreign

    # ---------------------------------------------------------------- mentions
    def scan(self, text: str, low: str) -> "WordHits":
        """Every word-list hit of a whole cable at once (one pass per list, cheaper than per sentence)."""
        return WordHits(list(self.low_finder.finditer(low)), list(self.exact_finder.finditer(text)),
                        [(m.start(), m.end(), m.group(1)) for m in _NAME_RX.finditer(text)])

    def mentions(self, text: str, low: str | None = None, us_names: set[str] = frozenset(),
                 foreign_names: set[str] = frozenset(), host: str | None = None,
                 hits: "WordHits | None" = None, offset: int = 0) -> list[Mention]:
        """The actor mentions of one sentence, left to right, without overlaps.

        `hits` (from :meth:`scan` of the text the sentence is part of, at `offset`) saves the scans.
        """
        if low is None:
            low = text.lower()
        upper = text.isupper()
        out: list[Mention] = []
        if hits is None:
            vocab_hits = self.low_finder.find_all(low)
            exact_hits = self.exact_finder.find_all(text)
            name_hits = None
        else:
            vocab_hits, exact_hits, name_hits = hits.window(offset, offset + len(text))
        vocab = self.vocab
        for s, e, w in vocab_hits:
            group, country, kind = vocab[w]
            orig = text[s:e]
            if group == "cty":
                nxt = _NEXT_WORD_RX.match(low, e)
                if nxt and nxt.group(1) in _PEOPLE_WORDS:   # "Honduran voters", "Chilean businessmen"
                    out.append(_new(Mention, (s, nxt.end(), "other", text[s:nxt.end()], country, "other")))
                    continue
                if nxt and not upper and text[nxt.start(1)].islower() and self._adjective_use(w, country, low, e, nxt.group(1)):
                    continue   # "North Korean provocations", "Israeli operations": not the actor
                out.append(_new(Mention, (s, e, "foreign", orig, country, kind)))
            elif group == "ns":
                out.append(_new(Mention, (s, e, "foreign", orig, country, "nonstate")))
            elif group == "pty":
                out.append(_new(Mention, (s, e, "foreign", orig, host, "party")))
            elif group == "us":
                if w in ("ambassador", "the ambassador", "the permanent representative", "deputy permanent representative",
                         "the deputy permanent representative", "consul general", "the consul general"):
                    side = self._ambassador_side(text, low, s, e, us_names, foreign_names)
                    if side == "foreign":
                        out.append(_new(Mention, (s, e, "foreign", orig, host, "title")))
                        continue
                out.append(_new(Mention, (s, e, "us", orig, None, kind)))
            elif group == "ttl":
                out.append(_new(Mention, (s, e, "foreign", orig, host, "title")))
            elif group == "oth":
                out.append(_new(Mention, (s, e, "other", orig, None, "other")))
            else:
                out.append(_new(Mention, (s, e, "pronoun", orig, None, "pronoun")))
        for s, e, w in exact_hits:
            group, _, kind = self.exact[w]
            if group == "us":
                if w == "US" and upper:
                    continue  # already found as "us" in the lower-cased pass
                if w in ("Post", "Mission", "Department", "Coordinator", "Embassy") and s > 0 \
                        and text[s - 1] not in " (\"":
                    continue
                if w in ("Embassy", "EMBASSY", "Mission", "MISSION") and self._demonym_tail(low[max(0, s - 25): s]):
                    out.append(_new(Mention, (s, e, "foreign", text[s:e], host, "title")))
                    continue
                out.append(_new(Mention, (s, e, "us", text[s:e], None, kind)))
            else:
                out.append(_new(Mention, (s, e, "foreign", text[s:e], self.country_of(w, host), "country")))
        if not upper or us_names or foreign_names:
            if name_hits is None:
                name_hits = [(m.start(), m.end(), m.group(1)) for m in _NAME_RX.finditer(text)]
            verb_after = self.verb_after_rx.match
            for s, e, w in name_hits:
                base = w[:-2] if w.endswith("'s") else w
                if base in us_names:
                    out.append(_new(Mention, (s, e, "us", w, None, "us_person")))
                elif base in foreign_names:
                    out.append(_new(Mention, (s, e, "foreign", w, host, "name")))
                elif not upper:
                    lb = base.lower()
                    if (lb not in NAME_STOP and lb not in vocab
                            and (verb_after(low, e) or (low.find("according", 0, s) >= 0
                                                         and _AFTER_ACCORDING_RX.search(low, 0, s)))):
                        out.append(_new(Mention, (s, e, "foreign", w, host, "name")))
        if len(out) > 1:
            out.sort(key=_mention_order)
        merged: list[Mention] = []
        last_end = -1
        for x in out:
            if x.start >= last_end:
                merged.append(x)
                last_end = x.end
        return _titles_take_their_country(text, merged) if len(merged) > 1 else merged

    def _adjective_use(self, word: str, country: str | None, low: str, end: int, next_word: str) -> bool:
        """Is a demonym here an adjective on a noun that is no actor ("North Korean provocations")?

        Country names ("Vietnam"), plural demonyms ("the Israelis") and demonyms before a title,
        a word for a delegation, a verb ("the French said") or a stance noun ("the French
        opposition to …", 05PARIS208 ¶6; "Dutch concerns", 06THEHAGUE2597 ¶1) stay actors."""
        if country is None or word == country.lower() or word.endswith("s"):
            return False
        if next_word in self.vocab or next_word in _ACTOR_NOUNS_AFTER_DEMONYM:
            return False
        if _SUBJECT_FOLLOWER_RX.match(low, end):
            return False
        # a stance noun names its holder: "the French opposition to …", "Dutch concerns"
        at = low.index(next_word, end)   # (the word after the demonym's white space)
        cues = load_lexicon().match_cues(low[at: at + 60])
        return not (cues and cues[0].start == 0 and cues[0].cue.label in ("support", "oppose", "neutral"))

    def _ambassador_side(self, text, low, s, e, us_names, foreign_names) -> str:
        """"the Turkish Ambassador", "Ambassador Abreu told us", "Ambassador to the U.S." are foreign."""
        before = low[max(0, s - 25): s]
        if self._demonym_tail(before) or _FOREIGN_WINDOW_RX.search(before):
            return "foreign"
        nm = _NAME_AFTER_AMB_RX.match(text, e, e + 60)
        if nm:
            toks = nm.group(1).split()
            if any(t in foreign_names for t in toks) and not any(t in us_names for t in toks):
                return "foreign"
            if _TOLD_US_RX.match(low, nm.end()):
                return "foreign"
        if _AMB_TO_US_RX.match(low, e, e + 30):
            return "foreign"
        return "us"


@lru_cache(maxsize=1)
def actor_model() -> ActorModel:
    """The shared, compiled :class:`ActorModel`."""
    return ActorModel()
