"""The stance lexicon: cue phrases and actor words, written by us, read from package CSVs.

Two tables in ``cabletools/refdata`` hold every word the extractor decides on, so a reader can
see (and edit) why a sentence was labelled as it was:

``stance_cues.csv`` — columns ``phrase, kind, label, negated, weight, note``.

* ``kind`` is ``cue`` (a stance predicate), ``judgement`` (an evaluation — "flawed", "vital",
  "unacceptable" — that is the speaker's even when it is said of something else: "Schuwer agreed
  that the mandate was flawed"), ``governor`` (a refusal that takes a ``to``-infinitive:
  "refused to condemn" — the governed action is opposed), ``negator`` (flips the cue that follows
  in the same clause) or ``hedge`` (marks an embassy prediction when no foreign speaker reports it).
* ``label`` is the stance of the plain cue, ``negated`` the stance when a negator governs it
  (``none`` drops the cue: "did not thank" says nothing).
* ``weight`` (0–1) is the cue's strength; it becomes the row's ``score``.
* ``phrase`` syntax: ``|`` separates alternative phrases; inside a phrase, words are separated by
  spaces; ``a/b/c`` are alternatives for one word; ``word*`` matches any ending; ``~N`` skips up to
  N words. ``vote/votes/voted ~1 for/with`` matches "voted for", "will vote again with".
  ``left >> right``: the words before ``>>`` must come just before ``right`` (``could/would ~1 not >>
  comment``); only ``right``'s first word is searched for, so common words like "not" or "would"
  are never scanned for on their own.

``stance_actors.csv`` — columns ``actor_country, kind, words``: the names, demonyms, government
acronyms (GOV, GOCR, HMG …) and a few metonyms (Kremlin, Elysee) that name a country or an
organisation as the actor of a stance.

>>> lex = load_lexicon()
>>> [(c.label, c.negated) for c in lex.match_cues("vietnam very rarely supports such resolutions")]
[('support', 'oppose')]
>>> lex.match_cues("he could not comment on it")[0].label
'neutral'
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

__all__ = ["Cue", "CueMatch", "Lexicon", "WordFinder", "load_lexicon", "compile_phrase", "trie_regex",
           "literal_first", "SubstringScan", "WordSet"]


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of ``stance_cues.csv``."""

    phrase: str
    kind: str
    label: str
    negated: str
    weight: float
    note: str


#: make a named tuple from a tuple of its fields without its Python-level __new__ (hot paths)
_new = tuple.__new__


class CueMatch(NamedTuple):
    """A cue found in a (lower-cased) text: where, which row, and the words matched.

    A named tuple: made tens of times per cable, it must be cheap to create.
    """

    start: int
    end: int
    cue: Cue
    text: str

    @property
    def label(self) -> str:
        return self.cue.label

    @property
    def negated(self) -> str:
        return self.cue.negated

    @property
    def kind(self) -> str:
        return self.cue.kind


def _word_rx(word: str) -> str:
    alts = []
    for alt in word.split("/"):
        if alt.endswith("*"):
            alts.append(re.escape(alt[:-1]) + r"[\w'-]*")
        else:
            alts.append(re.escape(alt))
    alts.sort(key=len, reverse=True)
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def compile_phrase(phrase: str) -> str:
    """The regular expression (no flags, lower-case text) for one alternative of a phrase.

    >>> bool(re.fullmatch(compile_phrase("vote/voted ~1 for"), "voted again for"))
    True
    """
    parts: list[str] = []
    for tok in phrase.split():
        if re.fullmatch(r"~\d", tok):
            parts.append(r"(?:[\w'.-]+\s+){0,%s}" % tok[1:])
        else:
            parts.append(_word_rx(tok))
    out = ""
    for i, p in enumerate(parts):
        out += p
        if i < len(parts) - 1 and not p.startswith(r"(?:[\w'.-]+\s+){"):
            out += r"\s+"
    return out


def _first_words(phrase: str) -> list[str]:
    return phrase.split()[0].split("/")


def literal_first(alternatives: str, before: str) -> str:
    r"""``(?<!before)(?:a|b|…)`` rewritten so that ``re`` can skip ahead to possible first characters.

    `alternatives` is ``|``-separated regex source whose alternatives each start with one plain
    character; `before` is a one-character class the text before a match must not end with. A
    leading look-behind makes ``re`` try the whole pattern at every position; here each
    alternative matches its first character and then looks behind it (``(?<!before.)``), so the
    pattern opens with plain characters and ``re`` scans for them in C. Same matches, same order.

    >>> literal_first("not|never", r"[\w-]")
    '(?:n(?<![\\w-].)ot|n(?<![\\w-].)ever)'
    >>> [m.group() for m in re.finditer(literal_first("not|never", r"[\w-]") + r"(?![\w-])", "not knot never")]
    ['not', 'never']
    """
    out = []
    for alt in alternatives.split("|"):
        k = 2 if alt.startswith("\\") else 1
        if not alt or alt[k:k + 1] in ("?", "*", "+", "{") or alt[0] in "([.^$":
            raise ValueError(f"alternative {alt!r} does not start with one plain character")
        out.append(f"{alt[:k]}(?<!{before}.){alt[k:]}")
    return "(?:" + "|".join(out) + ")"


def trie_regex(words, before: str | None = None) -> str:
    r"""A prefix-factored alternation of `words` (much faster in `re` than a flat list).

    A word ending in ``*`` matches any continuation of letters. With `before` (a one-character
    class), no match may follow such a character; it is checked after the first character, as in
    :func:`literal_first`.

    >>> trie_regex(["vote", "voted", "veto"])
    'v(?:eto|ote(?:d)?)'
    >>> trie_regex(["vote", "voted", "veto"], before=r"\w")
    '(?:v(?<!\\w.)(?:eto|ote(?:d)?))'
    """
    trie: dict = {}
    for w in words:
        star = w.endswith("*")
        w = w.rstrip("*")
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node["$" if not star else "*"] = True

    def build(node: dict) -> str:
        branches = []
        end = node.get("$") or node.get("*")
        if node.get("*"):
            return r"[\w'-]*"
        for ch in sorted(k for k in node if k not in ("$", "*")):
            branches.append(re.escape(ch) + build(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    if before is None:
        return build(trie)
    return "(?:" + "|".join(re.escape(ch) + f"(?<!{before}.)" + build(trie[ch])
                            for ch in sorted(k for k in trie if k not in ("$", "*"))) + ")"


def _keep_best(found: list[CueMatch], best: tuple, low: str) -> bool:
    """Append the best cue at a trigger, (key, start, end, cue), to `found` unless it starts
    inside the last one found; one that starts with it and reaches further replaces it
    ("refused to comment" replaces "refused"). True when it was kept."""
    _, start, end, cue = best
    if found and start < found[-1].end:
        if start > found[-1].start:
            return False
        found.pop()
    found.append(_new(CueMatch, (start, end, cue, low[start:end])))
    return True


class Lexicon:
    """Compiled cue phrases, negators, hedges and actor words.

    ``match_cues(low)`` finds the cues in lower-cased text, longest match first, without overlaps.
    """

    def __init__(self, cues: list[Cue], actors: list[tuple[str, str, list[str]]]):
        self.cues = cues
        self.actors = actors
        self.negator_words = sorted(
            {w for c in cues if c.kind == "negator" for w in c.phrase.split("/")}, key=len, reverse=True)
        self.hedge_words = sorted(
            {w for c in cues if c.kind == "hedge" for w in c.phrase.split("/")}, key=len, reverse=True)
        # one compiled regex per cue row; a trie of all trigger words finds candidate positions
        self._by_first: dict[str, list[tuple]] = {}
        firsts: set[str] = set()
        self._star_firsts: list[tuple[str, list]] = []
        self._cache: dict[str, list] = {}
        for cue in cues:
            if cue.kind not in ("cue", "governor", "judgement"):
                continue
            for alt in cue.phrase.split("|"):
                left, _, right = alt.rpartition(">>")
                right = right.strip()
                left = left.strip()
                left_rx = None
                left_near: tuple[str, ...] | None = None   # a word the window before must hold
                left_end: tuple[str, ...] | None = None    # a word the window before must end with
                if left:
                    tail = r"$" if left.split()[-1].startswith("~") else r"\s+$"
                    left_rx = re.compile(r"(?<![\w'-])" + compile_phrase(left) + tail)
                    words = [t for t in left.split() if not t.startswith("~")]
                    alts = tuple(words[-1].split("/")) if words else ()
                    if alts and not any(a.endswith("*") for a in alts):
                        if left.split()[-1].startswith("~"):
                            left_near = alts
                        else:
                            left_end = alts
                rx = re.compile(compile_phrase(right) + r"(?![\w-])")
                nwords = len([t for t in (left + " " + right).split() if not t.startswith("~")])
                for fw in _first_words(right):
                    firsts.add(fw)
                    key = fw.rstrip("*")
                    entry = (rx, left_rx, cue, nwords, key, left_near, left_end)
                    if fw.endswith("*"):
                        self._star_firsts.append((key, [entry]))
                    self._by_first.setdefault(key, []).append(entry)
        self._prefix_rx = re.compile(r"(?<![\w'-])(" + trie_regex(sorted(firsts)) + r")(?![\w'])")
        # with the optional Aho-Corasick package the trigger words are found in one C pass
        self._star_keys = {fw.rstrip("*") for fw in firsts if fw.endswith("*")}
        self._triggers = sorted({fw.rstrip("*") for fw in firsts})
        self._ac = _aho_corasick(self._triggers)
        # per trigger (AC pattern index): the word, whether any ending may follow, the cue entries
        # it can start, and one regex of all their right-hand sides: a hit where that regex does
        # not match is no cue, rejected by one C call (most hits of "was", "under", "reply" …)
        self._trigger_table = []
        for word in self._triggers:
            entries = self._entries_for(word)
            # (a single entry is its own quick check)
            quick = re.compile("|".join("(?:%s)" % e[0].pattern for e in entries)) if len(entries) > 1 else None
            self._trigger_table.append((word, word in self._star_keys, tuple(entries), quick))
        # as (?<![\w-])(?:w1|w2|…)(?![\w-]), written to be scanned fast (see literal_first)
        self.negator_rx = re.compile(
            "(" + literal_first("|".join(re.escape(w) for w in self.negator_words if w != "n't") + r"|n't", r"[\w-]")
            + r")(?![\w-])")
        self.hedge_rx = re.compile(literal_first("|".join(map(re.escape, self.hedge_words)), r"[\w-]") + r"(?![\w-])")

    def is_trigger(self, word: str) -> bool:
        """Whether a lower-case word can start a cue (cheap: no regex)."""
        return word in self._by_first or any(word.startswith(k) for k, _ in self._star_firsts)

    def _entries_for(self, word: str):
        entries = self._cache.get(word)
        if entries is None:
            entries = [e for e in self._by_first.get(word, ()) if word == e[4]]
            for key, ents in self._star_firsts:
                if word.startswith(key):
                    entries.extend(e for e in ents if e not in entries)
            self._cache[word] = entries
        return entries

    def _trigger_hits(self, low: str):
        """(position, word) of each trigger word, whole words only (star words: any ending)."""
        if self._ac is None:
            for m in self._prefix_rx.finditer(low):
                yield m.start(), m.group(1)
            return
        n = len(low)
        triggers = self._triggers
        stars = self._star_keys
        for idx, start, end in self._ac.find_matches_as_indexes(low):
            if start and (low[start - 1].isalnum() or low[start - 1] in "'-_"):
                continue
            word = triggers[idx]
            if end < n and (low[end].isalnum() or low[end] in "_'"):
                if word not in stars:
                    continue
            yield start, word

    def match_cues(self, low: str) -> list[CueMatch]:
        """All cue matches in lower-cased text, left to right; longer phrases win overlaps."""
        if self._ac is None:
            return self._match_cues_at(low, self._trigger_hits(low))
        found: list[CueMatch] = []
        last_end = -1
        n = len(low)
        table = self._trigger_table
        for idx, pos, end in self._ac.find_matches_as_indexes(low):
            # the checks of _trigger_hits, inlined: whole words only (star words: any ending)
            if pos < last_end:
                continue
            if pos:
                c = low[pos - 1]
                if c.isalnum() or c in "'-_":
                    continue
            word, star, entries, quick = table[idx]
            if end < n and not star:
                c = low[end]
                if c.isalnum() or c in "_'":
                    continue
            if quick is not None and quick.match(low, pos) is None:
                continue
            best = None
            for rx, left_rx, cue, nwords, _, left_near, left_end in entries:
                mm = rx.match(low, pos)
                if mm is None:
                    continue
                start = pos
                if left_rx is not None:
                    # cheap necessary conditions first: most left-hand sides are absent
                    lo = max(0, pos - 80)
                    if left_end is not None:
                        e = pos
                        while e > lo and low[e - 1].isspace():
                            e -= 1
                        if not low.endswith(left_end, lo, e):
                            continue
                    elif left_near is not None and not any(low.find(w, lo, pos) >= 0 for w in left_near):
                        continue
                    lm = left_rx.search(low, lo, pos)
                    if lm is None:
                        continue
                    start = lm.start()
                key = (nwords, mm.end() - start, cue.weight)
                if best is None or key > best[0]:
                    best = (key, start, mm.end(), cue)
            if best is not None and _keep_best(found, best, low):
                last_end = best[2]
        return found

    def _match_cues_at(self, low: str, hits) -> list[CueMatch]:
        """match_cues over (position, trigger word) hits (the path without Aho-Corasick)."""
        found: list[CueMatch] = []
        last_end = -1
        for pos, word in hits:
            if pos < last_end:
                continue
            best = None
            for rx, left_rx, cue, nwords, *_ in self._entries_for(word):
                mm = rx.match(low, pos)
                if mm is None:
                    continue
                start = pos
                if left_rx is not None:
                    lm = left_rx.search(low, max(0, pos - 80), pos)
                    if lm is None:
                        continue
                    start = lm.start()
                key = (nwords, mm.end() - start, cue.weight)
                if best is None or key > best[0]:
                    best = (key, start, mm.end(), cue)
            if best is not None and _keep_best(found, best, low):
                last_end = best[2]
        return found


class WordFinder:
    """Whole-word occurrences of a fixed list of words or phrases, leftmost-longest.

    Uses Aho-Corasick (``ahocorasick_rs``) when installed, else a prefix-factored regex; both give
    the same matches. A match must not be glued to a letter, digit, hyphen or apostrophe on either
    side, nor be followed by ``.x`` ("U.S" inside "U.S.-led").

    >>> [w for _, _, w in WordFinder(["vote", "vote against", "u.s."]).finditer("we vote against u.s.-led votes")]
    ['vote against']
    """

    def __init__(self, words, *, possessive: bool = False):
        self.words = sorted(set(words))
        self.possessive = possessive
        self._ac = _aho_corasick(self.words)
        tail = r"(?:'s)?" if possessive else ""
        self._rx = re.compile(r"(?<![\w'-])(" + trie_regex(self.words) + r")" + tail + r"(?![\w-]|\.\w)")

    def find_all(self, text: str) -> list[tuple[int, int, str]]:
        """``list(self.finditer(text))``, built in one loop (the per-sentence hot path)."""
        if self._ac is None:
            return list(self.finditer(text))
        out = []
        n = len(text)
        words = self.words
        possessive = self.possessive
        for idx, start, end in self._ac.find_matches_as_indexes(text):
            if start:
                c = text[start - 1]
                if c.isalnum() or c in "'-_":
                    continue
            if possessive and text.startswith("'s", end):
                end += 2
            if end < n:
                c = text[end]
                if c.isalnum() or c in "_-" or (c == "." and end + 1 < n and text[end + 1].isalnum()):
                    continue
            out.append((start, end, words[idx]))
        return out

    def finditer(self, text: str):
        """(start, end, word) per match; `end` includes a possessive "'s" when asked for."""
        if self._ac is None:
            for m in self._rx.finditer(text):
                yield m.start(), m.end(), m.group(1)
            return
        n = len(text)
        words = self.words
        for idx, start, end in self._ac.find_matches_as_indexes(text):
            if start and (text[start - 1].isalnum() or text[start - 1] in "'-_"):
                continue
            if self.possessive and text.startswith("'s", end):
                end += 2
            if end < n:
                c = text[end]
                if c.isalnum() or c in "_-" or (c == "." and end + 1 < n and text[end + 1].isalnum()):
                    continue
            yield start, end, words[idx]


class WordSet:
    r"""Whether a text holds one of a fixed list of words or phrases as a whole word: not glued
    to a letter, digit, underscore or hyphen on either side (``(?<![\w-])(?:…)(?![\w-])``).

    One Aho-Corasick pass over every occurrence (overlapping) instead of a regex tried at every
    position; the regex is used without ``ahocorasick_rs``.

    >>> ws = WordSet(["said", "according to"])
    >>> ws.contains("he said-so"), ws.contains("as he said."), ws.contains("according to them")
    (False, True, True)
    """

    def __init__(self, words):
        self.words = sorted(set(words))
        self._ac = _aho_corasick(self.words, overlapping=True)
        self._rx = re.compile(trie_regex(self.words, before=r"[\w-]") + r"(?![\w-])")

    def contains(self, text: str) -> bool:
        if self._ac is None:
            return self._rx.search(text) is not None
        n = len(text)
        for _, start, end in self._ac.find_matches_as_indexes(text, overlapping=True):
            if start:
                c = text[start - 1]
                if c.isalnum() or c in "_-":
                    continue
            if end < n:
                c = text[end]
                if c.isalnum() or c in "_-":
                    continue
            return True
        return False


class SubstringScan:
    """Where each of a few fixed strings occurs in a text, all found in one pass.

    One Aho-Corasick pass (every occurrence, overlapping) answers the "does the body contain X"
    questions that would otherwise each scan the whole text; without ``ahocorasick_rs``, ``str.find``.

    >>> SubstringScan(["GEN", "GENERAL", "OF"]).positions("A GENERAL OF GENs")
    {'GEN': [2, 13], 'GENERAL': [2], 'OF': [10]}
    """

    def __init__(self, strings):
        # latin-1 strings first: the byte automaton (see _Automaton) then numbers them as this list does
        self.strings = sorted(dict.fromkeys(strings), key=lambda w: max(w, default="") >= "\u0100")
        self._ac = _aho_corasick(self.strings, overlapping=True)

    def positions(self, text: str) -> dict[str, list[int]]:
        """{string: sorted start offsets} for the strings that occur in `text` (keys in no set order)."""
        out: dict[str, list[int]] = {}
        if self._ac is None:
            for w in self.strings:
                i = text.find(w)
                while i >= 0:
                    out.setdefault(w, []).append(i)
                    i = text.find(w, i + 1)
            return out
        # an overlapping search reports the matches by where they end, so the occurrences of one
        # string come in order (the keys come in the order first seen)
        strings = self.strings
        for idx, start, _ in self._ac.find_matches_as_indexes(text, overlapping=True):
            w = strings[idx]
            starts = out.get(w)
            if starts is None:
                out[w] = [start]
            else:
                starts.append(start)
        return out


class _Automaton:
    """An Aho-Corasick automaton (DFA) over str with ``ahocorasick_rs``'s interface, that searches
    text of code points below 256 (nearly every cable) as latin-1 bytes: offsets are the same and
    the search about twice as fast as over str (no UTF-8 copy, no offset conversion)."""

    def __init__(self, words: list[str], matchkind):
        import ahocorasick_rs

        dfa = ahocorasick_rs.Implementation.DFA
        self._str = ahocorasick_rs.AhoCorasick(words, matchkind=matchkind, implementation=dfa)
        # a word with a wider character never occurs in latin-1 text: the byte automaton leaves it out
        narrow = [(i, w.encode("latin-1")) for i, w in enumerate(words) if max(w) < "\u0100"]
        # (no renumbering when the narrow words come first)
        self._index = None if narrow and narrow[-1][0] == len(narrow) - 1 else [i for i, _ in narrow]
        self._bytes = (ahocorasick_rs.BytesAhoCorasick([b for _, b in narrow], matchkind=matchkind,
                                                       implementation=dfa) if narrow else None)

    def find_matches_as_indexes(self, text: str, overlapping: bool = False) -> list[tuple[int, int, int]]:
        """(word index, start, end) per match, in code points."""
        try:
            data = text.encode("latin-1")
        except UnicodeEncodeError:
            return self._str.find_matches_as_indexes(text, overlapping=overlapping)
        if self._bytes is None:
            return []
        hits = self._bytes.find_matches_as_indexes(data, overlapping=overlapping)
        if self._index is None:
            return hits
        index = self._index
        return [(index[i], s, e) for i, s, e in hits]


def _aho_corasick(words: list[str], *, overlapping: bool = False):
    """An Aho-Corasick automaton (leftmost-longest, or standard for `overlapping` searches) when
    ``ahocorasick_rs`` is installed, else None."""
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    kind = ahocorasick_rs.MatchKind.Standard if overlapping else ahocorasick_rs.MatchKind.LeftmostLongest
    return _Automaton(list(words), kind)


def _read_csv(name: str) -> list[dict]:
    with resources.files("cabletools.refdata").joinpath(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


#: General English stance predicates that ``stance_cues.csv`` lacks (issue 13: oppose recall on
#: unseen cables was 0.47), in its format: (phrase, kind, label, negated, weight, note). Candidates
#: for that table: they are kept here while refdata/ belongs to another change.
EXTRA_CUES = (
    ("complain/complains/complained/complaining ~1 about/of/that|complaint/complaints about",
     "cue", "oppose", "none", 0.8, "complained about X"),
    ("disagree/disagrees/disagreed/disagreeing ~1 with|disagreement with", "cue", "oppose", "support", 0.9,
     "disagreed with X"),
    ("disapprove/disapproves/disapproved/disapproving ~1 of|disapproval of", "cue", "oppose", "support", 0.9,
     "disapproved of X"),
    ("take/takes/took/taking issue with", "cue", "oppose", "none", 0.8, "took issue with X"),
    ("balk/balks/balked/balking at", "cue", "oppose", "none", 0.8, "balked at X"),
    ("rebuff/rebuffs/rebuffed/rebuffing|spurn/spurns/spurned/spurning", "cue", "oppose", "none", 0.9,
     "rebuffed X"),
    ("turn/turns/turned/turning down", "cue", "oppose", "none", 0.9, "turned down the request"),
    ("rule/rules/ruled/ruling out", "cue", "oppose", "neutral", 0.8, "ruled out X; not ruled out: open"),
    ("lambast/lambasts/lambasted|slam/slams/slammed", "cue", "oppose", "none", 0.8, "press-style criticism"),
)


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged lexicon (cached): ``stance_cues.csv`` and :data:`EXTRA_CUES`."""
    cues = [
        Cue(r["phrase"].strip(), r["kind"].strip(), r["label"].strip(), r["negated"].strip() or "none",
            float(r["weight"] or 0), r["note"])
        for r in _read_csv("stance_cues.csv")
    ] + [Cue(*row) for row in EXTRA_CUES]
    actors = [(r["actor_country"], r["kind"], [w.strip() for w in r["words"].split("|") if w.strip()])
              for r in _read_csv("stance_actors.csv")]
    return Lexicon(cues, actors)
