"""Rule-based stance extraction: who, in each paragraph, supports, opposes or stays neutral on what.

Every decision is made by a table or a rule that can be read:

1. **Cues** — the phrases of ``refdata/stance_cues.csv`` (see :mod:`cabletools.stance.lexicon`),
   found with one prefix-factored regex per text and checked phrase by phrase.
2. **Negation** — a negator (``not``, ``never``, ``rarely``, ``no`` …) among the four words before a
   cue, in the same clause, turns it into its ``negated`` label: "would not condemn" → oppose (the
   US asked for the condemnation), "very rarely supports" → oppose, "will not vote against" →
   support. A **governor** ("refused to", "declined to", "reluctant to") makes the action it governs
   opposed, whatever that action is.
3. **Who is speaking** — each sentence is cut into clauses (``;``, ``--``, ", but", "that" …); a
   clause belongs to its first actor mention: US side (we, the Ambassador, Poloff, DCM, names
   learned from "Classified By", the signature and US titles), a foreign actor (country names,
   demonyms, GOV/HMG-style acronyms, ministers, officials, names learned from foreign titles), or a
   pronoun resolved to the last person named. Clauses reported under a US frame ("the Ambassador
   urged that Vietnam condemn …") are talking points, not stances.
4. **Embassy voice** — inside an embassy Comment only explicit, unhedged statements about a named
   foreign actor count; outside quotes and reported speech, a hedge ("likely", "probably", "may")
   marks an embassy prediction and the cue is dropped. "Expect"/"expected" always drops it
   (a prediction about a third party is not that party's stance).
5. **Targets** — the words after the cue up to the clause's end; a bare "it", "the request", "our
   demarche" or nothing at all means the US request itself: ``US request (<subject>)``.
6. **actor_country** — the country of the actor mention (Russia for "the Russians", the EU for
   "EU officials"), else the host country of the post.

>>> import pandas as pd
>>> df = pd.DataFrame({"cable_id": ["08HANOI1002"], "country": ["Vietnam"],
...     "subject": ["VIETNAM REFUSES TO CONDEMN RUSSIA'S RECOGNITION OF ABKHAZIA"],
...     "body": ["¶1. (SBU) VFM Minh responded that Vietnam supports the Sarkozy plan, "
...              "but his government would not condemn Russia."]})
>>> extract_stances(df)[["para", "actor_country", "stance", "cue", "target"]].values.tolist()
[[0, 'Vietnam', 'oppose', 'refuses to', "condemn russia's recognition of abkhazia"], [1, 'Vietnam', 'support', 'supports', 'the sarkozy plan'], [1, 'Vietnam', 'oppose', 'not condemn', 'russia']]
"""
from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import pandas as pd

from cabletools.stance.lexicon import CueMatch, Lexicon, load_lexicon
from cabletools.stance.text import (HEADER_LINE_RE, clean_text, comment_spans, is_comment_heading,
                                    paragraph_units, split_sentences)

__all__ = ["extract_stances", "STANCE_COLUMNS", "STANCE_LABELS", "stances_in_text"]

STANCE_LABELS = ("support", "oppose", "neutral")
STANCE_COLUMNS = ["cable_id", "para", "actor", "actor_country", "target", "stance", "cue", "evidence", "score"]

# ------------------------------------------------------------------ actor vocabulary
_REPORT_VERBS = (
    "said|says|say|stated|states|noted|notes|told|tells|stressed|stresses|emphasized|emphasised|"
    "explained|added|asserted|replied|responded|respond|indicated|argued|claimed|insisted|maintained|"
    "affirmed|reaffirmed|confirmed|acknowledged|commented|observed|remarked|suggested|underscored|"
    "underlined|reiterated|conveyed|expressed|mentioned|assured|warned|complained|countered|cautioned|"
    "opined|believed|believes|thought|felt|feels|continued|agreed|recalled|pointed|predicted|"
    "announced|declared|described|characterized|welcomed|supported|opposed|rejected|refused|declined|"
    "accused|criticized|condemned|protested|reacted|demurred|urged|pledged|promised|asked|hoped|wanted|"
    "questioned|dismissed|doubted|offered|appreciated|thanked|objected|restated|voiced|registered|"
    "highlighted|revealed|contended|conceded|admitted|lamented|regretted|proposed|requested|called|"
    "would|will|also|then|quickly|flatly|firmly|strongly|further"
)
_REPORTING_ONLY_RX = re.compile(
    r"(?i)\b(?:said|says|stated|noted|told|stressed|emphasi[sz]ed|explained|added|asserted|replied|"
    r"responded|indicated|argued|claimed|insisted|maintained|affirmed|confirmed|acknowledged|commented|"
    r"observed|remarked|suggested|underscored|reiterated|conveyed|mentioned|assured|opined|continued|"
    r"according to|described|characterized|contended|conceded|admitted|recalled|pointed out|agreed)\b")
_COMMENT_HEDGE_RX = re.compile(
    r"\b(?:appears?|appeared|seems?|seemed|inclined|believe|believes|think|thinks|assess|suspect|view|"
    r"likely|unlikely|probably|possibly|may|might|could|would|expect|expects|hope|hopes|apparently|"
    r"presumably|evidently|clearly)\b")
# "..., said Ambassador X." / "..., the Ambassador said." at the end of a sentence: the speaker
_POSTPOSED_RX = re.compile(
    r"[,\"]\s*(?:(?P<a>(?:[\w.'/-]+\s+){0,4}?[\w.'/-]+)\s+(?:said|noted|added|stressed|explained|argued|"
    r"continued|emphasized|emphasised|observed|insisted|asserted|replied|responded|remarked|told\s+\w+)|"
    r"(?:said|noted|added|stressed|explained|argued|continued|emphasized|observed|insisted|asserted|"
    r"replied|remarked)\s+(?P<b>(?:[\w.'/-]+\s+){0,4}?[\w.'/-]+))\s*[.!]?[\"']?\s*$")
_EXPECT_RX = re.compile(r"\b(?:expect|expects|expected|expectation|predict|predicts|predicted|forecast|forecasts|"
                        r"anticipate|anticipates|anticipated)\b")

_US_TERMS = (
    r"we|us|our|ours|ourselves|U\.S\.|U\.S\.G\.|USG|the United States|United States|Washington|"
    r"the Ambassador|Ambassador|Amb\.|Charg[eé](?: d'Affaires)?|CDA|DCM|Deputy Chief of Mission|"
    r"Pol(?:itical)? ?Couns(?:elor)?|Deputy Political Counselor|Political Counselor|Economic Counselor|"
    r"Pol/?C|Pol/Econ|PolChief|Pol ?Chief|Poloffs?|Pol ?Off|Econoffs?|EconCouns|Emboffs?|Conoffs?|"
    r"Mgmt ?Off|Post|the Embassy|Embassy|Mission|USUN|USDEL|USEU|USNATO|USOSCE|the Department|"
    r"Department|A/S|DAS|DASD|PDAS|Deputy Secretary|Assistant Secretary|the Secretary|Secretary of State|"
    r"S/E|Special Envoy|Coordinator|CODEL|Codel|STAFFDEL|Staffdel|DATT|DAO|DEFATT|Defense Attache|"
    r"USCINCPAC|USCENTCOM|CENTCOM|AFRICOM|EUCOM|SOUTHCOM|PACOM|USAID|LEGATT|RSO|Admiral|ADM|"
    r"Senator|Sen\.|Congressman|Congresswoman|Principal Officer|Consul General|CG|"
    r"President (?:Bush|Clinton|Obama|Reagan|Carter)|(?:Dr\. )?(?:Rice|Powell|Albright|Clinton|Kerry)"
)
_FOREIGN_TITLES = (
    r"government|governments|govt|ministry|ministries|minister|ministers|MFA|MOFA|MRE|DFA|MOD|MOI|MOD|"
    r"Foreign Office|Foreign Ministry|FM|VFM|DFM|FonMin|PM|DPM|Prime Minister|President|Vice President|"
    r"VP|King|Queen|Sultan|Emir|Amir|Crown Prince|Sheikh|Premier|Chancellor|Cabinet|officials?|"
    r"spokes(?:man|woman|person)|director(?:-general)?|Director General|DG|DDG|desk officer|"
    r"deputy|counterparts?|interlocutors?|parliament|parliamentarians?|Parliamentary|legislators?|"
    r"lawmakers?|MPs?|Congress|Senate|Assembly|party|parties|diplomats?|delegations?|negotiators?|"
    r"envoys?|advis[eo]rs?|chief of staff|commander|chairman|chair|head|leaders?|leadership|"
    r"authorities|regime|junta|military|army|armed forces|generals?|police|PermRep|Permanent "
    r"Representative|PermSec|Permanent Secretary|Under Secretary|Undersecretary|U/S|Secretary General|"
    r"State Secretary|Foreign Secretary|ambassadors|Ambassador to|Mr\.|Mrs\.|Ms\.|Dr\.|contacts?|"
    r"the (?:two|three) (?:men|officials|sides)|both sides|all three|the two|the Kremlin"
)
_PRONOUNS = r"he|she|they|him|her"

_NAME_STOP = {
    "the", "a", "an", "he", "she", "they", "we", "it", "this", "that", "these", "those", "both", "neither",
    "none", "all", "some", "many", "most", "other", "others", "each", "however", "but", "and", "also",
    "in", "on", "at", "for", "with", "as", "by", "if", "when", "while", "after", "before", "during",
    "since", "although", "though", "because", "his", "her", "their", "its", "our", "your", "my", "there",
    "what", "which", "who", "whom", "why", "how", "where", "no", "not", "yes", "one", "two", "three",
    "comment", "summary", "end", "note", "begin", "text", "subject", "ref", "reftel", "septel", "tags",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "per", "following", "given", "asked", "according", "regarding", "asked", "further", "finally",
    "meanwhile", "instead", "still", "such", "only", "even", "then", "so", "yet", "thus", "accordingly",
    "un", "unsc", "unga", "unhrc", "hrc", "iaea", "eu", "nato", "oas", "cia", "fbi", "confidential",
    "secret", "unclassified", "unclas", "sensitive", "sipdis", "noforn", "limited", "official", "entire",
}
_US_TITLE_NAME_RX = re.compile(
    r"(?:\b(?:Ambassador|AMBASSADOR|Amb\.|DCM|Charg[eé]|CHARGE|CDA|Pol/?C|PolCouns|Poloff|PolOff|POLOFF|"
    r"Econoff|EconOff|Emboff|A/S|DAS|DASD|PDAS|Admiral|ADMIRAL|ADM|COL|Col\.|LTC|Senator|SENATOR|Sen\.|"
    r"Congressman|Congresswoman|Codel|CODEL|Deputy Secretary|Assistant Secretary|Consul General|"
    r"Principal Officer|Counselor|Attache|S/E|Special Envoy)\.?\s+)"
    r"((?:[A-Z][\w'-]*\.?\s+){0,3}[A-Z][\w'-]+)"
)
_FOREIGN_WINDOW_RX = re.compile(
    r"(?i)\b(?:permanent|foreign|state|general|under|vice|mfa|mre|ministry|government|their|his|her|"
    r"local|host|former|new)\s*$")
_CLASSIFIED_BY_RX = re.compile(r"(?i)classified\s+by\s*:?\s*([^\n]{0,120})")
_FOREIGN_TITLE_NAME_RX = re.compile(
    r"(?i:\b(?:minister|fm|vfm|dfm|pm|president|director|director[- ]general|dg|officer|spokesman|"
    r"spokeswoman|permanent secretary|foreign secretary|state secretary|secretary[- ]general|"
    r"under ?secretary|general secretary|ambassador|chief|head|deputy|advis[eo]r|chairman|king|sultan|emir|general|"
    r"negotiator|envoy|counselor|undersecretary|u/s|mp|senator|governor|mayor|commander|leader|"
    r"permrep|colonel|gen\.|mr\.|ms\.|mrs\.|dr\.)(?:\s+(?:of|for)\s+(?:[A-Z][\w-]+\s+){1,3}?)?\s+)"
    r"((?:[A-Z][\w'-]+\s+){0,3}[A-Z][\w'-]+)"
)
_TITLEISH = {
    "deputy", "chief", "of", "mission", "ambassador", "political", "counselor", "economic", "dcm", "charge",
    "affaires", "reason", "reasons", "state", "pol", "department", "officer", "section", "for", "per",
    "director", "acting", "minister", "foreign", "affairs", "vice", "prime", "general", "secretary",
    "permanent", "assistant", "under", "office", "ministry", "head", "desk", "the", "and", "a", "b", "d",
    "e", "c", "mfa", "u", "s", "us", "usg", "embassy", "post", "consul", "principal", "management",
    "public", "diplomacy", "pao", "rso", "defense", "attache", "econ", "polecon", "international",
    "organizations", "department's", "and/or", "classified", "by",
}
_QUOTE_RX = re.compile(r"\"[^\"]{1,600}?\"|``[^']{1,600}?''|“[^”]{1,600}?”")


_US_ORG_WORDS = {
    "we", "us", "our", "ours", "ourselves", "u.s.", "u.s.g.", "usg", "the united states", "united states",
    "washington", "post", "the embassy", "embassy", "mission", "usun", "usdel", "useu", "usnato", "usosce",
    "the department", "department", "codel", "staffdel", "uscincpac", "uscentcom", "centcom", "africom",
    "eucom", "southcom", "pacom", "usaid",
}


@dataclass(slots=True)
class _Mention:
    start: int
    end: int
    side: str          # "us", "foreign", "pronoun"
    text: str
    country: str | None
    kind: str          # country, org, group, title, name, pronoun, us


class _ActorModel:
    """Compiled actor vocabulary (built once per process)."""

    def __init__(self, lex: Lexicon):
        ci_words: dict[str, tuple[str, str]] = {}
        acronyms: dict[str, list[str]] = {}
        for country, kind, words in lex.actors:
            for w in words:
                if (w.isupper() and len(w) <= 6) or re.fullmatch(r"Go[A-Z]\w*|GO\w+|[A-Z]{2,}\w*[A-Z]\w*", w):
                    acronyms.setdefault(w, []).append(country)
                else:
                    ci_words.setdefault(w.lower(), (country, kind))
        self.ci_words = ci_words
        self.acronyms = acronyms
        ci_alt = "|".join(re.escape(w) for w in sorted(ci_words, key=len, reverse=True))
        acr_alt = "|".join(re.escape(w) for w in sorted(acronyms, key=len, reverse=True))
        self.rx = re.compile(
            r"(?<![\w-])(?:(?P<cty>(?i:" + ci_alt + r"))|(?P<acr>" + acr_alt + r")(?:'s)?"
            r"|(?P<us>" + _US_TERMS + r")|(?P<ttl>(?i:" + _FOREIGN_TITLES + r"))"
            r"|(?P<pro>(?i:" + _PRONOUNS + r")))(?![\w-]|\.\w)"
        )
        self.name_rx = re.compile(r"(?<![\w'-])([A-Z][A-Za-z'-]{2,})(?![\w'-])")
        self.verb_after_rx = re.compile(r"\s+(?:[a-z]+ly\s+)?(?i:" + _REPORT_VERBS + r")\b")

    def country_of(self, word: str, host: str | None) -> str | None:
        hit = self.ci_words.get(word.lower())
        if hit:
            return hit[0]
        cands = self.acronyms.get(word) or self.acronyms.get(word.rstrip("'s"))
        if not cands:
            return host
        if host in cands or len(cands) > 1:
            return host if host else cands[0]
        return cands[0]


_MODEL: _ActorModel | None = None


def _model() -> _ActorModel:
    global _MODEL
    if _MODEL is None:
        _MODEL = _ActorModel(load_lexicon())
    return _MODEL


# ------------------------------------------------------------------ per-cable names
_US_UNIT_TITLE_NAME_RX = re.compile(
    r"(?:\b(?:U\.S\.|US|American|AFRICOM|CENTCOM|EUCOM|PACOM|SOUTHCOM|NORTHCOM|USCINCPAC|USCENTCOM|USEUCOM|"
    r"USAFRICOM|USFOR-A|ISAF|MNF-I)\s+(?:[A-Z][\w/-]*\s+){0,3}?(?:General|GEN\.?|Gen\.|Admiral|ADM|Commander|"
    r"LTG|MG|BG|Col\.?|COL)\s+)([A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2})"
    r"|\b(?:General|GEN\.?|Gen\.|Admiral|Commander)\s+([A-Z][\w'-]+)\s+(?:of|from)\s+(?:U\.S\.\s+|the\s+)?"
    r"(?:Africa Command|AFRICOM|CENTCOM|Central Command|EUCOM|European Command|PACOM|Pacific Command|"
    r"SOUTHCOM|Southern Command)"
    r"|\b([A-Z][\w'-]+)\s+and\s+the\s+Ambassador\b|\bthe\s+Ambassador\s+and\s+(?:[A-Z][\w/.-]*\s+)?([A-Z][\w'-]+)"
)
_STOP_VERBISH_RX = re.compile(r"(?i)^(?:\w{3,}(?:ed|ing|ly)|said|told|was|were|is|are|had|has|have|would|will|"
                              r"could|can|did|does|met|made|gave|took|went|saw|felt|thought|also|then|and|of|in)$")


def _name_tokens(chunk: str) -> list[str]:
    """The name words at the start of `chunk` ("Tran Viet Hoang said" -> Tran, Viet, Hoang)."""
    out = []
    mod = _model()
    lex = load_lexicon()
    for w in chunk.split():
        w = w.strip(".,;:\"")
        if (not w or not w[0].isupper() or w.lower() in _NAME_STOP or w.lower() in _TITLEISH
                or _STOP_VERBISH_RX.match(w) or w.lower() in mod.ci_words or lex.match_cues(w.lower())
                or _REPORTING_ONLY_RX.fullmatch(w)):
            break
        possessive = w.lower().endswith("'s")
        if possessive:
            w = w[:-2]
        if len(w) > 2:
            out.append(w)
        if possessive:
            break
    return out


def _learn_names(body: str, signer: str | None) -> tuple[set[str], set[str]]:
    """Surnames of the US side and of foreign officials named with a title in this cable."""
    us: set[str] = set()
    foreign: set[str] = set()
    if signer:
        us.update(w for w in re.findall(r"[A-Za-z][\w'-]+", signer) if len(w) > 2)
    for m in _CLASSIFIED_BY_RX.finditer(body[:6000]):
        chunk = re.split(r"(?i)\b(?:reasons?|for reasons?|per|e\.o\.|1\.\d)\b|[;,(]", m.group(1))[0]
        for w in re.findall(r"[A-Z][\w'-]+", chunk):
            if w.lower() not in _TITLEISH and len(w) > 2:
                us.add(w)
    for m in _US_TITLE_NAME_RX.finditer(body):
        before = body[max(0, m.start() - 30): m.start()]
        if _FOREIGN_WINDOW_RX.search(before) or _is_demonym_tail(before):
            continue
        after = body[m.end(): m.end() + 40]
        if re.match(r"(?i)\s*(?:also\s+)?(?:told|informed|assured|briefed)\s+(?:us|poloff|the ambassador|emboff|dcm)", after):
            continue
        us.update(_name_tokens(m.group(1)))
    for m in _US_UNIT_TITLE_NAME_RX.finditer(body):
        us.update(_name_tokens(next(g for g in m.groups() if g)))
    for m in _FOREIGN_TITLE_NAME_RX.finditer(body):
        for w in _name_tokens(m.group(1)):
            if w not in us:
                foreign.add(w)
    foreign -= us
    return us, foreign


def _is_demonym_tail(before: str) -> bool:
    tail = before.rstrip().split()[-1:] if before.strip() else []
    return bool(tail) and tail[0].lower() in _model().ci_words


# ------------------------------------------------------------------ mentions
def _mentions(text: str, us_names: set[str], foreign_names: set[str], host: str | None) -> list[_Mention]:
    mod = _model()
    out: list[_Mention] = []
    upper = text.upper() == text
    for m in mod.rx.finditer(text):
        g = m.lastgroup
        w = m.group(g)
        if g == "cty":
            country, kind = mod.ci_words[w.lower()]
            out.append(_Mention(m.start(), m.end(), "foreign", w, country, kind))
        elif g == "acr":
            out.append(_Mention(m.start(), m.end(), "foreign", w, mod.country_of(w, host), "country"))
        elif g == "us":
            if w in ("Post", "Mission", "Department", "CG", "Coordinator") and m.start() > 0 and text[m.start() - 1] not in " (\"":
                continue
            if w.lower() == "us" and w == "US" and not text.isupper():
                pass
            if w in ("Ambassador", "AMBASSADOR", "Embassy", "EMBASSY", "Mission"):
                before = text[max(0, m.start() - 25): m.start()]
                if _is_demonym_tail(before) or _FOREIGN_WINDOW_RX.search(before):
                    out.append(_Mention(m.start(), m.end(), "foreign", w, host, "title"))
                    continue
                after = text[m.end(): m.end() + 60]
                nm = re.match(r"\s+((?:[A-Z][\w'-]+\s+){0,2}[A-Z][\w'-]+)", after)
                if nm and any(t in foreign_names for t in nm.group(1).split()) and not any(
                        t in us_names for t in nm.group(1).split()):
                    out.append(_Mention(m.start(), m.end() + nm.end(), "foreign", w + nm.group(0), host, "title"))
                    continue
                if re.match(r"(?i)\s+(?:[A-Z][\w'-]+\s+){0,2}(?:also\s+)?(?:told|informed|assured)\s+(?:us|poloff|emboff)", after):
                    out.append(_Mention(m.start(), m.end(), "foreign", w, host, "title"))
                    continue
                if re.match(r"(?i)\s+to\s+(?:the\s+)?(?:U\.?S|United States|Washington)", after):
                    out.append(_Mention(m.start(), m.end(), "foreign", w, host, "title"))
                    continue
            kind = "us" if w.lower() in _US_ORG_WORDS else "us_person"
            out.append(_Mention(m.start(), m.end(), "us", w, None, kind))
        elif g == "ttl":
            if w.lower() in ("president",) and re.match(r"\s+(?:Bush|Clinton|Obama|BUSH|CLINTON|OBAMA)", text[m.end():m.end() + 10]):
                out.append(_Mention(m.start(), m.end(), "us", w, None, "us_person"))
                continue
            out.append(_Mention(m.start(), m.end(), "foreign", w, host, "title"))
        else:
            out.append(_Mention(m.start(), m.end(), "pronoun", w, None, "pronoun"))
    for m in mod.name_rx.finditer(text):
        w = m.group(1)
        base = w[:-2] if w.endswith("'s") else w
        if base in us_names:
            out.append(_Mention(m.start(), m.end(), "us", w, None, "us_person"))
        elif base in foreign_names:
            out.append(_Mention(m.start(), m.end(), "foreign", w, host, "name"))
        elif not upper and base.lower() not in _NAME_STOP and mod.verb_after_rx.match(text, m.end()):
            out.append(_Mention(m.start(), m.end(), "foreign", w, host, "name"))
    out.sort(key=lambda x: (x.start, -(x.end - x.start)))
    merged: list[_Mention] = []
    last_end = -1
    for x in out:
        if x.start < last_end:
            continue
        merged.append(x)
        last_end = x.end
    return merged


# ------------------------------------------------------------------ clauses
# hard splits reset who is speaking; soft splits open a complement of the current speaker
_CLAUSE_SPLIT_RX = re.compile(
    r"(?P<hard>;|\s--\s|\s-\s|—|,\s+but\s|\s+but\s+|,\s+while\s|,\s+whereas\s|,\s+although\s|"
    r",\s+however,?\s|\.\s+however,?\s|,\s+and\s+(?=(?:[A-Z][\w'-]+\s+){1,3}(?:\w+ly\s+)?(?:said|noted|told|"
    r"responded|replied|added|stressed|agreed|indicated|stated|explained|asserted|emphasized)))"
    r"|(?P<soft>\s+that\s+|:\s+|,\s+saying\s|,\s+noting\s|,\s+adding\s|,\s+arguing\s|,\s+stressing\s|"
    r",\s+explaining\s|,\s+emphasizing\s|,\s+asserting\s)"
)
_LEAD_ADVERBIAL_RX = re.compile(
    r"^(?:(?:In|On|At|To|During|When|After|Before|Asked|Per|Following|Responding|Regarding|As for|"
    r"With|Under|Separately|Earlier|Later|Privately|Publicly|However|Finally|Moreover|Furthermore|"
    r"Nonetheless|Nevertheless|Also|Meanwhile|Turning|Referring|Pressed|Speaking|Given|Noting|While|"
    r"Although|Though|If|Because|Since|As|For|Of|Citing|Despite|Like|Unlike|Unless|Until|Once|Contrary|"
    r"In contrast|By contrast|Beyond|Besides|Apart|Aside|Throughout|Over|Among|Between|Through|Following|"
    r"Reviewing|Responding|Referring|Turning|Speaking|Commenting|Reacting|Replying|Discussing|Addressing|"
    r"Recalling|Citing|Echoing|Drawing|Looking|Building|Pointing|Expanding|Elaborating|Explaining|"
    r"Reflecting|Summing|Returning|Moving|Shifting|Acknowledging|Conceding|Recognizing|Asked|Pressed|"
    r"Told|Informed|Reminded|Questioned|Confronted|Challenged)\b"
    r"[^,;]{0,90},\s+)+", re.I)
_BOUNDARY_WORDS_RX = re.compile(
    r"[.;:!?]|\s--\s|—|\(|,\s+(?:but|and|which|while|as|because|since|although|though|saying|adding|"
    r"noting|stressing|who|whom|whose|where|in part|despite|given|so|even)\b|\s(?:but|because|since|although|"
    r"though|whereas|unless|until|so long as|as long as|which|who|whom|while|if|provided)\s")
_GENERIC_TARGET_RX = re.compile(
    r"^(?:it|this|that|these|those|them|this idea|that idea|the idea|so|as much|the same|"
    r"(?:the\s+|our\s+|this\s+|that\s+|these\s+|reftel\s+|ref\s+\w\s+|the\s+u\.?s\.?g?\.?\s+|u\.?s\.?g?\.?\s+|"
    r"the\s+us\s+|usg\s+|the\s+american\s+)+"
    r"(?:request|requests|proposal|proposals|position|positions|demarche|demarches|points|talking points|"
    r"initiative|approach|idea|suggestion|message|concerns?|views?|arguments?|non-paper|draft|plan|"
    r"decision|side|government|effort|efforts|priorities|request for support)|so|doing so|to do so|"
    r"them|us|the u\.?s\.?|the united states|the usg|washington)?\s*$")
_TARGET_LEAD_RX = re.compile(
    r"^(?:(?:to|for|of|with|on|about|over|at|in|toward|towards|regarding|concerning|that|by|from|the idea of|"
    r"any|again|also|fully|strongly|firmly|publicly|privately|openly|continue to|the\s+(?=(?:u\.s\.|usg)\s)|"
    r"u\.s\.-proposed|completely|totally|categorically|very|much|even|still|further|again,)\s+)+")
_INTENSIFIER_RX = re.compile(r"\b(?:strongly|firmly|categorically|fully|strong|totally|completely|absolutely|flatly|clearly|unequivocally|adamantly|vehemently)\s+(?:\w+\s+)?$")
_SPECIAL_NEG_RX = re.compile(r"\b(?:not only|not just|whether or not|if not|no one|no doubt|not least|no matter|not yet clear)\b")
_DEMARCHE_RX = re.compile(r"(?i)\b(?:demarche|d[ée]march|talking points|non-paper|reftel|ref [a-d]\b|request(?:ed)?|urged|asked|points|raised)")


def _clauses(sent: str) -> list[tuple[int, int, str | None]]:
    """(start, end, kind of the split that opened it: None / 'hard' / 'soft')."""
    out = []
    pos = 0
    kind = None
    for m in _CLAUSE_SPLIT_RX.finditer(sent):
        if m.start() <= pos:
            continue
        out.append((pos, m.start(), kind))
        kind = m.lastgroup
        pos = m.end()
    out.append((pos, len(sent), kind))
    return out


_OBLIQUE_BEFORE_RX = re.compile(
    r"(?i)\b(?:to|of|for|with|by|from|in|on|at|about|against|toward|towards|than|like|per|after|before|"
    r"between|among|including|unlike|via|regarding|concerning|under|over|into|upon|within|without|through|"
    r"during|despite|behind|across|told|asked|urged|informed|assured|thanked|briefed|met|pressed|called|"
    r"gave|give|given|sent|joined|accompanied|and|or|nor)\s+(?:the\s+|a\s+|an\s+)?$")


def _oblique(sent: str, x: _Mention, clause_start: int) -> bool:
    """A mention that cannot be the clause's subject: after a preposition or a verb ("told us")."""
    if x.text.lower() == "us" and not x.text.isupper():
        return True
    if x.text.lower() == "our" and x.start > clause_start + 1:
        return True
    return bool(_OBLIQUE_BEFORE_RX.search(sent[max(clause_start, x.start - 20): x.start]))


def _strip_lead(clause: str) -> int:
    m = _LEAD_ADVERBIAL_RX.match(clause)
    if not m:
        return 0
    # "According to Deady, ..." names the speaker: keep it
    if clause[: m.end()].lower().startswith("according to"):
        return 0
    return m.end()


def _target_text(low: str, orig: str, start: int, limit: int) -> str:
    seg = re.sub(r"\b(?:U\.S\.(?:G\.)?|U\.N\.|U\.K\.|E\.U\.)", lambda m: m.group(0).replace(".", ""),
                 orig[start:limit])
    m = _BOUNDARY_WORDS_RX.search(seg)
    if m and m.start() > 0:
        seg = seg[: m.start()]
    elif m and m.start() == 0:
        seg = ""
    words = seg.split()
    if len(words) > 12:
        seg = " ".join(words[:12])
    seg = seg.strip(" ,.\"'()[]")
    seg = _TARGET_LEAD_RX.sub("", seg.lower()).strip(" ,.\"'")
    return seg


# ------------------------------------------------------------------ the engine
@dataclass(slots=True)
class _Ctx:
    cable_id: str
    host: str | None
    subject: str
    us_names: set[str]
    foreign_names: set[str]
    demarche: bool
    last_person: _Mention | None = None   # for pronouns across sentences


_PERSON_KINDS = ("name", "title", "us_person")
_END_COMMENT_RX = re.compile(r"(?i)\bend\s+(?:of\s+)?(?:summary\s+and\s+)?comments?\b")


def _first_person(mentions: list[_Mention]) -> _Mention | None:
    """The first person named (a name, an official's title, a US officer): what "he" refers to."""
    return next((x for x in mentions if x.kind in _PERSON_KINDS), None)


def _implicit_target(ctx: _Ctx) -> str:
    topic = re.sub(r"^\s*(?:[A-Z0-9/&.'-]+(?:\s+[A-Z0-9/&.'-]+){0,3}\s*:\s+)+", "", ctx.subject or "").strip()
    topic = " ".join(topic.split()[:10]).lower()
    return f"US request ({topic})" if topic else "US request"


def _analyse_sentence(ctx: _Ctx, lex: Lexicon, sent: str, para: int, in_comment_at, sent_offset: int,
                      headline: bool, rows: list, trace: list | None = None) -> None:
    """Find the cues of one sentence and keep those that are a foreign actor's stance."""
    low = sent.lower()
    cues = lex.match_cues(low)
    mentions = _mentions(sent, ctx.us_names, ctx.foreign_names, ctx.host)
    if not cues:
        # still track the last person named, for pronouns in later sentences
        person = _first_person(mentions)
        if person is not None:
            ctx.last_person = person
        return

    def drop(cm: CueMatch, reason: str) -> None:
        if trace is not None:
            trace.append((para, sent, cm.text, cm.label, None, reason))

    quotes = [(m.start(), m.end()) for m in _QUOTE_RX.finditer(sent)]

    def in_quote(pos: int) -> bool:
        return any(a <= pos < b for a, b in quotes)

    reported = bool(_REPORTING_ONLY_RX.search(sent)) or bool(quotes)
    # a speaker named at the end of the sentence frames all of it ("..., said Ambassador X.")
    post = _POSTPOSED_RX.search(sent)
    if post:
        pstart = post.start("a") if post.group("a") else post.start("b")
        for x in mentions:
            if x.start >= pstart:
                side = x.side
                if side == "pronoun":
                    side = ctx.last_person.side if ctx.last_person is not None else None
                if side == "us":
                    for cm in cues:
                        drop(cm, "sentence reported by the US side (postposed speaker)")
                    if x.kind in _PERSON_KINDS:
                        ctx.last_person = x
                    return
                break
    clauses = _clauses(sent)
    # resolve who owns each clause: (owner mention, frame side, owner named explicitly)
    owners: list[tuple[_Mention | None, str | None, bool]] = []
    frame_side: str | None = None
    prev_owner: _Mention | None = None
    last_person = ctx.last_person
    for a, b, kind in clauses:
        skip = a + _strip_lead(sent[a:b])
        cands = [x for x in mentions if skip <= x.start < b and not in_quote(x.start)]
        first = next((x for x in cands if not _oblique(sent, x, skip)), None)
        if kind == "soft":
            if frame_side != "us":
                frame_side = prev_owner.side if prev_owner is not None else None
        else:
            frame_side = None
        explicit = first is not None and first.side != "pronoun"
        if first is not None and first.side == "pronoun":
            ante = last_person
            first = (_Mention(first.start, first.end, ante.side, ante.text, ante.country, ante.kind)
                     if ante is not None else None)
        owner = first if first is not None else prev_owner
        owners.append((owner, frame_side, explicit))
        prev_owner = owner
        person = _first_person([x for x in mentions if a <= x.start < b and not in_quote(x.start)])
        if person is not None:
            last_person = person
    ctx.last_person = last_person

    consumed_until = -1
    for cm in cues:
        if cm.start < consumed_until:
            drop(cm, "part of the governed action of a refusal")
            continue
        if cm.label == "none" and cm.negated == "none":
            drop(cm, "blocking phrase")
            continue
        ci = next(i for i, (a, b, _) in enumerate(clauses) if cm.start < b or i == len(clauses) - 1)
        a, b, _kind = clauses[ci]
        owner, frame_side, explicit = owners[ci]
        if frame_side == "us":
            drop(cm, "inside what the US side said")
            continue
        if owner is None:
            drop(cm, "no actor")
            continue
        if owner.side != "foreign":
            drop(cm, f"clause belongs to the US side ({owner.text})")
            continue
        comment = in_comment_at(sent_offset + cm.start)
        if headline:
            # a subject line needs the actor named before the cue or right after it
            if not any(x.side == "foreign" and x.start < cm.end + 30 for x in mentions):
                drop(cm, "subject line without an actor")
                continue
        # negation among the 4 words before the cue, inside the clause
        window = _SPECIAL_NEG_RX.sub(" ", low[max(a, cm.start - 45): cm.start])
        words_before = " ".join(window.split()[-4:])
        negs = lex.negator_rx.findall(words_before)
        negated = bool(negs)
        hedge_zone = low[a: cm.start]
        if _EXPECT_RX.search(hedge_zone) and not in_quote(cm.start):
            drop(cm, "expectation or prediction")
            continue
        hedged = bool(lex.hedge_rx.search(hedge_zone))
        if hedged and (headline or not (reported or in_quote(cm.start))):
            drop(cm, "embassy prediction (hedged, not reported speech)")
            continue
        if comment and (not explicit or hedged or _COMMENT_HEDGE_RX.search(hedge_zone)):
            drop(cm, "embassy comment")
            continue
        label = cm.label
        cue_text = sent[cm.start: cm.end]
        target_from = cm.end
        if cm.kind == "governor":
            if negated:
                drop(cm, "negated refusal")
                continue
            # "refused to condemn X": the governed action and its object are the target
            for other in cues:
                if cm.end <= other.start <= cm.end + 30:
                    consumed_until = max(consumed_until, other.end)
            tm = re.match(r"\s*(?:to\b\s*)?", low[cm.end:])
            if tm.group(0).strip():
                cue_text += " to"
            target_from = cm.end + tm.end()
        elif negated:
            label = cm.negated
            cue_text = f"{negs[-1]} {cue_text}"
        if label not in STANCE_LABELS:
            drop(cm, "cue counts only when negated" if not negated else "negated cue says nothing")
            continue
        if label == "neutral" and cm.cue.weight < 0.5 and not reported:
            drop(cm, "weak neutral cue outside reported speech")
            continue
        target = _target_text(low, sent, target_from, b if b > target_from else len(sent))
        if not target or _GENERIC_TARGET_RX.match(target):
            target = _implicit_target(ctx) if (ctx.demarche or not target) else target
        # the actor: nearest mention before the cue in the clause, else the owner
        actor = owner
        nearest = None
        for x in mentions:
            if a <= x.start < cm.start and not in_quote(x.start) and x.side != "pronoun":
                nearest = x
        if nearest is not None and nearest.side == "us" and cm.start - nearest.end <= 12:
            drop(cm, f"the US side's own position ({nearest.text} {cm.text})")
            continue
        if nearest is not None and nearest.side == "foreign":
            actor = nearest
        rel = re.search(r"\b(?:who|which)\s+(?:\w+\s+){0,2}$", low[a: cm.start])
        if rel and not in_quote(cm.start) or rel and in_quote(cm.start):
            ante = [x for x in mentions if x.end <= a + rel.start() and a + rel.start() - x.end <= 3]
            if not ante or ante[-1].side != "foreign":
                drop(cm, "relative clause about something that is not an actor")
                continue
            actor = ante[-1]
        score = cm.cue.weight
        if _INTENSIFIER_RX.search(low[max(a, cm.start - 30): cm.start]):
            score = min(1.0, score + 0.1)
        if comment:
            score *= 0.7
        if not explicit:
            score *= 0.9
        if headline:
            score *= 0.9
        lo = max(0, cm.start - 160)
        hi = min(len(sent), cm.end + 160)
        evidence = ("…" if lo else "") + sent[lo:hi].strip() + ("…" if hi < len(sent) else "")
        if trace is not None:
            trace.append((para, sent, cm.text, cm.label, label, f"actor {actor.text!r}"))
        rows.append((ctx.cable_id, para, actor.text, actor.country or ctx.host, target, label,
                     cue_text.lower(), evidence, round(score, 3)))


def _para0_text(text: str, subject: str | None) -> str:
    kept = []
    skipping_subject = False
    for line in text.split("\n"):
        if re.match(r"(?i)^\s*subj(?:ect)?\s*:", line):
            skipping_subject = True
            continue
        if skipping_subject and line.strip() and not HEADER_LINE_RE.match(line) and not re.match(r"^\s*$", line):
            if re.match(r"^\s*[A-Z0-9 ,.'/:;()&-]+\s*$", line) and len(line.strip()) < 70:
                continue
        skipping_subject = False
        if HEADER_LINE_RE.match(line):
            continue
        kept.append(line)
    prose = clean_text("\n".join(kept))
    # keep only text that reads like sentences (a summary before paragraph 1)
    if len(prose.split()) < 12:
        return ""
    return prose


_SUBJECT_RX = re.compile(r"(?im)^\s*SUBJ(?:ECT)?\s*:\s*(.+(?:\n(?!\s*(?:REF|CLASSIFIED|E\.O|TAGS|\d+\.|¶))[^\n]+){0,2})")


def stances_in_text(cable_id: str, body: str, *, subject: str | None = None, country: str | None = None,
                    signer: str | None = None, lexicon: Lexicon | None = None,
                    trace: list | None = None) -> list[tuple]:
    """Stance rows (tuples in :data:`STANCE_COLUMNS` order) for one cable body."""
    lex = lexicon or load_lexicon()
    body = body if isinstance(body, str) else ""
    subject = subject if isinstance(subject, str) else None
    signer = signer if isinstance(signer, str) else None
    country = country if isinstance(country, str) else None
    if not subject:
        m = _SUBJECT_RX.search(body[:5000])
        subject = " ".join(m.group(1).split()) if m else ""
    us_names, foreign_names = _learn_names(body, signer)
    ctx = _Ctx(cable_id, country, subject or "", us_names, foreign_names,
               demarche=bool(_DEMARCHE_RX.search(body[:20000])))
    rows: list[tuple] = []
    units = paragraph_units(body)
    comment_open = False
    if subject:
        _analyse_sentence(ctx, lex, " ".join(subject.split()), 0, lambda pos: False, 0, True, rows, trace)
    # an inline "Comment:" with no "End Comment" in its paragraph runs on only if one follows later
    ends_later = [bool(_END_COMMENT_RX.search(raw)) for _, _, raw in units]
    for k in range(len(ends_later) - 2, -1, -1):
        ends_later[k] = ends_later[k] or ends_later[k + 1]
    heading_comment = False
    for k, (n, heading, raw) in enumerate(units):
        if n == 0:
            raw = _para0_text(raw, subject)
            if not raw:
                continue
        text = clean_text(raw)
        if not text:
            continue
        if heading is not None:
            heading_comment = is_comment_heading(heading)
            comment_open = heading_comment
        spans, still_open = comment_spans(text, starts_in_comment=comment_open or heading_comment)
        comment_open = still_open and (heading_comment or (k + 1 < len(units) and ends_later[k + 1]))

        def in_comment(pos: int, _spans=spans) -> bool:
            return any(a <= pos < b for a, b in _spans)

        for s, e in split_sentences(text):
            _analyse_sentence(ctx, lex, text[s:e], n, in_comment, s, False, rows, trace)
    # one row per (para, actor_country, stance, target): keep the strongest
    best: dict[tuple, tuple] = {}
    for r in rows:
        key = (r[1], r[3], r[5], r[4])
        if key not in best or r[8] > best[key][8]:
            best[key] = r
    return list(best.values())


def _chunk_rows(args: tuple) -> list[tuple]:
    ids, bodies, subjects, countries, signers = args
    lex = load_lexicon()
    out: list[tuple] = []
    for cid, body, subj, ctry, sig in zip(ids, bodies, subjects, countries, signers):
        out.extend(stances_in_text(cid, body, subject=subj, country=ctry, signer=sig, lexicon=lex))
    return out


def _column(df: pd.DataFrame, name: str) -> list:
    if name not in df.columns:
        return [None] * len(df)
    return [None if (v is None or (isinstance(v, float) and v != v) or v is pd.NA) else str(v)
            for v in df[name].tolist()]


def extract_stances(df: pd.DataFrame, *, min_score: float = 0.0, workers: int | None = None,
                    chunksize: int = 2000) -> pd.DataFrame:
    """One row per stance found in the cables of `df` (columns :data:`STANCE_COLUMNS`).

    `df` needs ``cable_id`` and ``body``; ``subject``, ``country`` (host country of the post) and
    ``signer`` are used when present. ``para`` is the paragraph number as printed (0 = subject line
    and text before paragraph 1). ``score`` (0–1) is the cue's weight, lowered for embassy comments,
    inherited speakers and subject lines; `min_score` drops weaker rows. `workers` > 1 spreads
    large inputs over processes (default: all cores for 20,000 cables or more).
    """
    ids = _column(df, "cable_id")
    bodies = _column(df, "body")
    subjects = _column(df, "subject")
    countries = _column(df, "country")
    signers = _column(df, "signer")
    n = len(ids)
    if workers is None:
        workers = min(os.cpu_count() or 1, 8) if n >= 20000 else 1
    chunks = [(ids[i:i + chunksize], bodies[i:i + chunksize], subjects[i:i + chunksize],
               countries[i:i + chunksize], signers[i:i + chunksize]) for i in range(0, n, chunksize)]
    rows: list[tuple] = []
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(_chunk_rows, chunks):
                rows.extend(part)
    else:
        for ch in chunks:
            rows.extend(_chunk_rows(ch))
    out = pd.DataFrame(rows, columns=STANCE_COLUMNS)
    if min_score:
        out = out[out["score"] >= min_score]
    out["para"] = out["para"].astype("int64")
    out["score"] = out["score"].astype("float64")
    return out.reset_index(drop=True)
