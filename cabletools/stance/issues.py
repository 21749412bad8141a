"""One issue per stance: what a stance is about, from its target and evidence, then its cable's subject and TAGS.

:func:`assign_issues` reads four signals in this order and keeps the first that names an issue
of :data:`ISSUES`:

1. the stance's **target** (for ``US request (<subject>)`` targets, the subject in brackets);
2. the stance's own **evidence** (its sentence around the cue), when the rows have one: what the
   stance itself says beats anything said of the whole cable;
3. the cable's **subject** line: its words are about the cable's business, a TAG often is not;
   but a subject naming two issues or more (``CT COOPERATION; ARTICLE 98; DIPLOMATIC POUCH``)
   says nothing about which stance is which: those stances get ``"other"``;
4. the cable's topical **TAGS**: each issue lists the TAGS that mean it (``PHUM`` -> Human rights,
   ``KNNP`` -> Nonproliferation, every economic-affairs subject tag of
   :func:`cabletools.refdata.tag_table` -> Trade/economy); the TAGS are also read as words, like
   a target (``WAR CRIMES``, ``HUMAN RIGHTS``, ``TRADE`` written in place of codes). The TAGS
   count only when they mean **one** issue: a cable tagged PTER and PHUM says nothing about which
   of its stances is which, so its remaining stances get ``"other"`` rather than a guess. A
   country's geographic TAG (``IZ``) is no evidence at all: every cable from or about the country
   carries it. Trade/economy gives way to any other TAG's issue: economic TAGS (ECON, EAID …) sit
   on most cables as a matter of course.

Within a signal the first issue of :data:`ISSUES` that matches wins. Nothing matching:
``"other"``.

**A country is never its own issue by name.** An issue about a country (Iraq, Iran, Burma …) lists
its *owners* (the countries it is about), their *names* (``iraq``) and its *terms* (words that
make a text about the issue whoever speaks: ``taliban`` for Afghanistan, ``darfur`` for Sudan).
For a stance whose ``actor_country`` is an owner, only the terms count: not the owner's names in
the target or subject, and not the TAGS (a cable from Kabul is tagged ``AF`` whatever Kabul said).
So "Afghanistan backs the Doha Round proposal" is about trade, not about Afghanistan, while Iran
on "the IAEA Board resolution" stays under Iran. An issue of two countries (Israel/Palestine,
Lebanon/Syria) splits its names by owner: Israel on "Gaza" or Syria on "Lebanon" is under that
issue, by the other country's name.

>>> st = pd.DataFrame({"cable_id": ["A", "A", "B"], "actor_country": ["Afghanistan", "Japan", "Iran"],
...     "target": ["Afghan elections", "the Afghan elections", "the IAEA Board resolution"]})
>>> assign_issues(st).tolist()
['Democracy', 'Afghanistan', 'Iran']
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["Issue", "ISSUES", "TOPICS", "OTHER", "assign_issues"]

#: The issue of a stance no signal places.
OTHER = "other"


@dataclass(frozen=True)
class Issue:
    """One issue: its name, the regular expressions that put a text under it (case-insensitive,
    searched in lower-cased text) and the TAGS that mean it.

    `names` are the names of the `owners` (the countries the issue is about): they do not count for
    the owners' own stances, nor do `tags`. `terms` count for every stance. An issue with several
    owners (Israel/Palestine) can give each owner its own names in `owner_names` (aligned with
    `owners`): then a stance of one owner is placed by the other owners' names and geographic TAGS
    (Israel on "Gaza", Syria on "Lebanon"), never by its own.
    """

    name: str
    terms: str = ""
    names: str = ""
    owners: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    owner_names: tuple[str, ...] = ()

    @property
    def pattern(self) -> str:
        """`terms` and `names` as one regular expression."""
        return "|".join(p for p in (self.names, self.terms) if p)


#: The issues, most specific first (the first matching issue of a signal wins). Written for the
#: questions US demarches of 1990–2010 raise most; pass ``topics=`` to use your own.
ISSUES: tuple[Issue, ...] = (
    Issue("Georgia/Russia", r"abkhaz|ossetia|sarkozy plan|six-point", r"georgia|saakashvili", ("Georgia",)),
    Issue("Kosovo", r"\bkfor\b|ahtisaari", r"kosovo", ("Kosovo",), ("KFOR",)),
    Issue("Iran", r"iaea board", r"\biran|tehran", ("Iran",)),
    Issue("North Korea", r"six.party", r"\bdprk\b|north korea|pyongyang", ("North Korea",)),
    Issue("Burma", r"aung san suu kyi", r"burma|myanmar|burmese|\bspdc\b", ("Burma",)),
    Issue("Cuba", "", r"\bcuba|havana|castro", ("Cuba",)),
    Issue("Israel/Palestine", r"goldstone|middle east|anti-semitism|unrwa|peace process|road ?map",
          r"israel|palestin|gaza|west bank|hamas|fatah", ("Israel", "Palestinian territories"),
          ("KPAL", "KWBG", "PLO", "KBCT"), (r"israel", r"palestin|gaza|west bank|hamas|fatah")),
    Issue("Lebanon/Syria", r"unifil|hizballah|hezbollah|1559", r"lebanon|lebanese|syria|hariri|damascus",
          ("Lebanon", "Syria"), owner_names=(r"lebanon|lebanese|hariri", r"syria|damascus")),
    Issue("Iraq", r"saddam", r"\biraq|baghdad", ("Iraq",)),
    Issue("Afghanistan", r"taliban|\bisaf\b|\bprt\b", r"afghan|karzai|kabul", ("Afghanistan",)),
    Issue("Sudan", r"darfur|\bgoss\b|\bspla|\bunamid\b", r"sudan|khartoum", ("Sudan", "South Sudan")),
    Issue("Terrorism", r"terror|bin laden|al-qa|\baqim\b|1373|extremis", tags=("PTER", "KTFN", "KPRP", "KVPR")),
    Issue("Nonproliferation", r"nuclear|proliferation|manpads|\bnpt\b|safeguards agreement|\biaea\b|\bpsi\b|\bwmd\b|"
                              r"ballistic missile|missile tech|missile defen|\bmtcr\b|disarmament|arms control|chemical weapons|"
                              r"biological weapons|\bctbt\b",
          tags=("KNNP", "MNUC", "PARM", "KACT", "KBIO", "KCFE", "KTBT", "KRAD", "KSTC", "PSI", "MTCRE", "ETTC",
                "KGIC")),
    Issue("Trafficking", r"traffick|\btip\b", tags=("KTIP",)),
    Issue("Narcotics", r"narcotic|cocaine|heroin|drug", tags=("SNAR",)),
    Issue("Cloning", r"cloning"),
    Issue("ICC/war crimes", r"\bicc\b|international criminal court|rome treaty|article 98|war crime|\bicty\b|"
                            r"\bictr\b|genocide", tags=("KICC", "KAWC")),
    Issue("Human rights", r"human rights|third committee|\bhrc\b|rapporteur|no-action|defamation of religion|"
                          r"death penalty|unhrc|unchr|religious freedom|torture|political prisoner",
          tags=("PHUM", "KIRF", "KWMN", "HUMANR")),
    Issue("Refugees/migration", r"refugee|asylum|unhcr|migra|displaced", tags=("PREF", "SMIG")),
    Issue("Environment", r"climate|kyoto|copenhagen|emission|environment|whaling|\bcites\b",
          tags=("SENV", "KGHG")),
    Issue("UN reform/budget", r"security council reform|\bu\.?n\.? reform|unsc reform|\bu\.?n\.? staff|"
                              r"\bu\.?n\.? budget|united nations budget|regular budget|scales? of assessment|"
                              r"fifth committee|\bu\.?n\.? secretariat|management reform",
          tags=("KUNR",)),
    Issue("Democracy", r"democracy caucus|democra|\belection|electoral", tags=("KDEM",)),
    Issue("Trade/economy", r"trade|tariff|investment|\bwto\b|doha|financ|economic|\bida\b|\bimf\b|free trade|"
                           r"\bfta\b|\bftaa\b|privati|open skies|aviation|econom", tags=("KIPR", "KTDB", "KIDE", "KPRV")),
    Issue("Military cooperation", r"ship visit|overflight|bases? agreement|troop|peacekeep|military|navy|"
                                  r"air force|acsa|cismoa|exercise|\bsofa\b|\bnato\b",
          tags=("MARR", "MOPS", "MASS", "MCAP", "MPOS", "MAPP", "KPKO", "NATO")),
)

#: Each issue of :data:`ISSUES` as one regular expression (name -> pattern): the shape ``topics=``
#: takes.
TOPICS: dict[str, str] = {i.name: i.pattern for i in ISSUES}

_US_REQUEST = re.compile(r"^us request \((.*)\)$")


@lru_cache(maxsize=1)
def _economic_tags() -> tuple[str, ...]:
    from cabletools.refdata import tag_table

    table = tag_table()
    return tuple(table.loc[table["field"] == "Economic affairs", "code"])


@lru_cache(maxsize=1)
def _country_tags() -> dict[str, tuple[str, ...]]:
    """country name -> its geographic TAGS (Iraq -> IZ), from :func:`cabletools.refdata.tag_table`."""
    from cabletools.refdata import tag_table

    table = tag_table()
    geo = table[(table["kind"] == "geographic") & table["country"].notna()]
    out: dict[str, tuple[str, ...]] = {}
    for code, country in zip(geo["code"], geo["country"]):
        out[country] = out.get(country, ()) + (code,)
    out["Palestinian territories"] = out.get("Gaza Strip", ()) + out.get("West Bank", ())
    return out


@dataclass(frozen=True)
class _NameUnit:
    """Names and TAGS of an issue that one group of owners may not use for its own stances."""

    issue: int  # position of the issue in the list of issues
    names: str
    owners: tuple[str, ...]
    codes: frozenset[str]


def _name_units(issues: Sequence[Issue]) -> list[_NameUnit]:
    """Each issue's names and TAGS, split by owner when the issue has `owner_names`.

    >>> shared = Issue("I/P", names="i|p", owners=("I", "P"), owner_names=("i", "p"))
    >>> [(u.names, u.owners) for u in _name_units([shared])]
    [('', ('I', 'P')), ('i', ('I',)), ('p', ('P',))]
    """
    units = []
    for j, issue in enumerate(issues):
        if not issue.owner_names:
            units.append(_NameUnit(j, issue.names, issue.owners, frozenset(_tags_of(issue))))
            continue
        if len(issue.owner_names) != len(issue.owners):
            raise ValueError(f"issue {issue.name!r}: owner_names must name each of its owners")
        units.append(_NameUnit(j, "", issue.owners, frozenset(issue.tags)))  # topical TAGS: every owner's
        units += [_NameUnit(j, names, (owner,), frozenset(_country_tags().get(owner, ())))
                  for owner, names in zip(issue.owners, issue.owner_names)]
    return units


def _per_issue(unit_hits: np.ndarray, units: Sequence[_NameUnit], n_issues: int) -> np.ndarray:
    """(rows × units) booleans OR-ed into (rows × issues)."""
    out = np.zeros((unit_hits.shape[0], n_issues), dtype=bool)
    for u, unit in enumerate(units):
        out[:, unit.issue] |= unit_hits[:, u]
    return out


def _tags_of(issue: Issue) -> set[str]:
    """The TAGS that mean `issue`: its own, its owners' geographic TAGS, economic ones for trade."""
    codes = set(issue.tags)
    for country in issue.owners:
        codes.update(_country_tags().get(country, ()))
    if issue.name == "Trade/economy":
        codes.update(_economic_tags())
    return codes


def _as_issues(topics) -> tuple[Issue, ...]:
    if topics is None:
        return ISSUES
    if isinstance(topics, Mapping):
        return tuple(Issue(name, terms=rx) for name, rx in topics.items())
    return tuple(topics)


def _term_name_hits(texts: pd.Series, issues: Sequence[Issue],
                    units: Sequence[_NameUnit]) -> tuple[np.ndarray, np.ndarray]:
    """(rows × issues) booleans: the row's text matches the issue's terms; (rows × units): it
    matches the unit's names. Each distinct text is searched once."""
    codes, uniques = pd.factorize(texts.fillna("").astype(str), sort=False)
    uniq = pa.array(np.asarray(uniques, dtype=object), type=pa.string())
    terms = np.zeros((len(uniq) + 1, len(issues)), dtype=bool)  # the last row: a missing text
    names = np.zeros((len(uniq) + 1, len(units)), dtype=bool)
    for j, issue in enumerate(issues):
        if issue.terms and len(uniq):
            terms[:-1, j] = _matches(uniq, issue.terms)
    for u, unit in enumerate(units):
        if unit.names and len(uniq):
            names[:-1, u] = _matches(uniq, unit.names)
    return terms[codes], names[codes]


def _text_hits(texts: pd.Series, issues: Sequence[Issue], units: Sequence[_NameUnit],
               own: np.ndarray) -> np.ndarray:
    """(rows × issues) booleans: the row's text matches the issue by its terms, or by names the
    row's actor does not own."""
    terms, names = _term_name_hits(texts, issues, units)
    return terms | _per_issue(names & ~own, units, len(issues))


def _matches(texts: pa.Array, pattern: str) -> np.ndarray:
    """Does each text match `pattern` (anywhere, ignoring case)? RE2 through pyarrow: linear time."""
    found = pc.match_substring_regex(texts, pattern, ignore_case=True)
    return found.to_numpy(zero_copy_only=False).astype(bool)


def _owned(countries: pd.Series, units: Sequence[_NameUnit]) -> np.ndarray:
    """(rows × units) booleans: the row's actor_country is one of the unit's owners."""
    codes, uniques = pd.factorize(countries.astype(object), sort=False)
    table = np.array([[c in u.owners for u in units] for c in uniques] + [[False] * len(units)], dtype=bool)
    return table[codes]  # code -1 (missing country) takes the last row: owns nothing


def _cable_rows(stances: pd.DataFrame, cables: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct cables of `cables` and, per stance, the position of its cable among them
    (-1: not in `cables`)."""
    meta = cables[[c for c in ("cable_id", "tags", "subject") if c in cables.columns]]
    meta = meta[meta["cable_id"].isin(stances["cable_id"].unique())].drop_duplicates("cable_id")
    meta = meta.reset_index(drop=True)
    where = pd.Index(meta["cable_id"]).get_indexer(stances["cable_id"])
    return meta, where


def _tag_hits(tags: pd.Series, issues: Sequence[Issue], units: Sequence[_NameUnit], *,
              topical_only: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cable: a TAG code of the unit (rows × units); the TAGS, read as words, matching the
    issue's terms (rows × issues); matching the unit's names (rows × units). `topical_only`: a
    country's geographic TAG (``IZ``) counts for nothing, since every cable from or about a
    country carries it whatever its stances are about."""
    lists = [list(t) if isinstance(t, (list, tuple, np.ndarray)) else [] for t in tags]
    geographic = {c for codes in _country_tags().values() for c in codes} if topical_only else set()
    geographic -= {c for issue in issues for c in issue.tags}  # KWBG, KPAL: listed by an issue itself
    meaning: dict[str, np.ndarray] = {}  # TAG -> the units it belongs to
    for u, unit in enumerate(units):
        for code in unit.codes - geographic:
            meaning.setdefault(code, np.zeros(len(units), dtype=bool))[u] = True
    none = np.zeros(len(units), dtype=bool)
    coded = np.array([np.logical_or.reduce([meaning.get(t, none) for t in tl] or [none]) for tl in lists],
                     dtype=bool).reshape(len(lists), len(units))
    # TAGS read as words too: "HUMAN RIGHTS" (parsed as HUMAN, RIGHTS), "WAR CRIMES", "TRADE"
    words = pd.Series([" ".join(t for t in tl if isinstance(t, str)) for tl in lists], dtype=object)
    terms, names = _term_name_hits(words, issues, units)
    return coded, terms, names


def _pick(per_cable: np.ndarray, where: np.ndarray) -> np.ndarray:
    """Rows of `per_cable` for each stance (`where`: its cable's position, -1: no such cable)."""
    padded = np.vstack([per_cable, np.zeros((1, per_cable.shape[1]), dtype=bool)])
    return padded[where]


def _first(hits: np.ndarray, names: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """The first issue hit in each row, else the row's `fallback`."""
    found = hits.any(axis=1)
    return np.where(found, names[hits.argmax(axis=1)] if hits.shape[1] else fallback, fallback)


def _yield_economy(hits: np.ndarray, names: np.ndarray) -> np.ndarray:
    """TAG hits where Trade/economy gives way to any other issue: economic TAGS (ECON, EAID …) sit
    on most cables as a matter of course, so they name the issue only when nothing else does.

    >>> _yield_economy(np.array([[True, True], [False, True]]), np.array(["Environment", "Trade/economy"]))
    array([[ True, False],
           [False,  True]])
    """
    economy = np.flatnonzero(names == "Trade/economy")
    if not len(economy):
        return hits
    out = hits.copy()
    others = np.delete(hits, economy, axis=1).any(axis=1)
    out[:, economy] &= ~others[:, None]
    return out


def assign_issues(stances: pd.DataFrame, cables: pd.DataFrame | None = None, *,
                  topics: Mapping[str, str] | Sequence[Issue] | None = None) -> pd.Series:
    """One issue per stance row (a Series named ``issue``, aligned to ``stances.index``).

    The target first, then the stance's ``evidence`` (when `stances` has it), then the cable's
    subject line and topical TAGS (from `cables`: cable_id, tags, subject; without them the
    stance alone), TAGS only when they mean one issue; an issue about a country never comes from that
    country's own names or TAGS (see the module docstring). `topics` replaces :data:`ISSUES`: a
    ``{name: regex}`` mapping (matched as written, no owners, no TAGS) or a sequence of
    :class:`Issue`.

    >>> st = pd.DataFrame({"cable_id": ["A", "B"], "actor_country": ["Iraq", "Iraq"],
    ...                    "target": ["the Iraqi proposal", "US request (iraq demarche)"]})
    >>> cables = pd.DataFrame({"cable_id": ["A", "B"], "tags": [["IZ", "PTER"], ["IZ"]], "subject": ["X", "Y"]})
    >>> assign_issues(st, cables).tolist()
    ['Terrorism', 'other']
    """
    issues = _as_issues(topics)
    index = stances.index
    if len(stances) == 0:
        return pd.Series([], index=index, dtype=object, name="issue")
    names = np.array([i.name for i in issues] or [OTHER], dtype=object)
    countries = stances["actor_country"] if "actor_country" in stances.columns else pd.Series(None, index=index)
    units = _name_units(issues)
    own = _owned(countries, units)
    target = stances["target"] if "target" in stances.columns else pd.Series("", index=index)
    target = target.fillna("").astype(str).str.lower()
    inner = target.str.extract(_US_REQUEST, expand=False)
    signals = [(_text_hits(inner.where(inner.notna(), target), issues, units, own), False)]
    if "evidence" in stances.columns:  # the stance's own sentence, before anything cable-wide
        signals.append((_text_hits(stances["evidence"], issues, units, own), False))
    if cables is not None and "cable_id" in cables.columns and "cable_id" in stances.columns:
        meta, where = _cable_rows(stances, cables)
        if "subject" in meta.columns:  # the subject's words before the TAGS
            terms, subject_names = _term_name_hits(meta["subject"], issues, units)
            foreign = _pick(subject_names, where) & ~own
            signals.append((_pick(terms, where) | _per_issue(foreign, units, len(issues)), True))
        if "tags" in meta.columns:  # topical TAGS only, and only when they mean one issue
            coded, terms, word_names = _tag_hits(meta["tags"], issues, units, topical_only=True)
            foreign = _pick(coded | word_names, where) & ~own
            signals.append((_yield_economy(_pick(terms, where) | _per_issue(foreign, units, len(issues)), names),
                            True))
    out = np.full(len(stances), OTHER, dtype=object)
    todo = np.ones(len(stances), dtype=bool)
    for hits, one_only in signals:
        hits = hits & todo[:, None]
        if one_only:  # a subject or TAGS meaning two issues or more: "other" rather than a guess
            conflict = hits.sum(axis=1) > 1
            hits[conflict] = False
            todo &= ~conflict
        out = _first(hits, names, out)
        todo &= ~hits.any(axis=1)
    return pd.Series(out, index=index, dtype=object, name="issue")
