"""Narrow a cable DataFrame: a `FilterSpec` value and the pure `apply_filters`.

A `FilterSpec` says which cables a reader wants (period, posts, countries,
TAGS, classification, free text); `apply_filters(df, spec)` returns those rows.
Both are plain values and functions, tested without a kernel; the widgets in
`cabletools.widgets` only build specs from their controls and call these.

Every criterion left empty means "no restriction"; the criteria combine with AND.
All the work is vectorised (numpy, pyarrow.compute): deciding which of 250,000
cables pass (`filter_mask`) takes milliseconds, a one-word text search under a
second. `apply_filters` builds the frame of kept rows in milliseconds too: a
period of a date-ordered frame is a slice, and the text of a broad selection is
copied out of `df` only when something reads it (see `select_rows`).

>>> import cabletools.filters as F
>>> spec = F.FilterSpec(start="2008-01-01", end="2008-12-31", tags=["PREL", "PHUM"])
>>> spec.describe()
'2008-01-01 to 2008-12-31 · tags (any of): PREL, PHUM'
"""
from __future__ import annotations

import datetime as _dt
import os
import re
import shlex
import weakref
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cabletools.deferred_take import DeferredTake, defers
from cabletools.tags import flat_tags
from cabletools.schema import CLASSIFICATIONS

__all__ = ["FilterSpec", "apply_filters", "filter_mask", "literal_pattern", "regex_matches", "regex_plan", "RegexPlan", "search_terms", "select_rows", "TAG_MODES"]

#: How several TAGS combine: "any" keeps a cable with at least one of them, "all" only cables with all.
TAG_MODES = ("any", "all")


def _as_day(value, name: str) -> _dt.date | None:
    """'2008-03-01', a date, a datetime or a Timestamp -> datetime.date (None stays None)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return pd.Timestamp(value.strip()).date()
        except ValueError as exc:
            raise ValueError(f"{name}: not a date: {value!r}") from exc
    raise TypeError(f"{name}: expected a date or 'YYYY-MM-DD', got {type(value).__name__}")


def _as_names(value, name: str) -> tuple[str, ...]:
    """A string or an iterable of strings -> a tuple without blanks or repeats, order kept."""
    if value is None:
        return ()
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise TypeError(f"{name}: expected a string or a list of strings, got {type(value).__name__}")
    out: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str):
            raise TypeError(f"{name}: expected strings, got {item!r}")
        item = item.strip()
        if item:
            out[item] = None
    return tuple(out)


def search_terms(text: str) -> tuple[str, ...]:
    """Split a plain-words query into the terms that must all occur; "double quotes" keep a phrase.

    >>> search_terms('nuclear "human rights"  IRAN')
    ('nuclear', 'human rights', 'IRAN')
    """
    try:
        parts = shlex.split(text, posix=True)
    except ValueError:  # an unbalanced quote: fall back to plain whitespace words
        parts = text.replace('"', " ").split()
    return tuple(dict.fromkeys(p.strip() for p in parts if p.strip()))


def _check_regex(pattern: str) -> None:
    """Raise ValueError when pyarrow's RE2 engine cannot compile `pattern`."""
    try:
        pc.match_substring_regex(pa.array([""], pa.large_string()), pattern, ignore_case=True)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from exc


@dataclass(frozen=True)
class FilterSpec:
    """Which cables to keep. Empty fields do not restrict; the criteria combine with AND.

    - `start`, `end`: days (UTC), both included; cables without a date are dropped when either is set.
    - `origins`, `countries`: exact values of the `origin` / `country` columns (any of them).
    - `tags` with `tag_mode` "any" (at least one) or "all" (every one) of the TAGS. A tag is found in
      the cable's `tags` or, where the frame has it, in `tag_codes` (free text and variants as codes),
      so PHUM also finds the cables whose TAGS line says "Human Rights" or "HUMANR".
    - `classifications`: Cablegate labels, any of them (see `cabletools.schema.CLASSIFICATIONS`).
    - `text`: searched in `subject` and `body`, ignoring case. Plain words (`regex=False`) must all
      occur, each in the subject or in the body, as substrings ("iran" also finds "Iranian");
      "double quotes" keep a phrase. With `regex=True` the text is one RE2 regular expression that
      must match the subject or the body.

    Lists may be given as lists or single strings; they are stored as tuples so a spec is hashable.

    >>> FilterSpec(origins="Embassy Hanoi", tag_mode="all").origins
    ('Embassy Hanoi',)
    >>> FilterSpec().is_empty
    True
    """

    start: _dt.date | None = None
    end: _dt.date | None = None
    origins: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    tag_mode: str = "any"
    classifications: tuple[str, ...] = ()
    text: str = ""
    regex: bool = False

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "start", _as_day(self.start, "start"))
        set_(self, "end", _as_day(self.end, "end"))
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError(f"start {self.start} is after end {self.end}")
        for name in ("origins", "countries", "tags", "classifications"):
            set_(self, name, _as_names(getattr(self, name), name))
        unknown = [c for c in self.classifications if c not in CLASSIFICATIONS]
        if unknown:
            raise ValueError(f"unknown classification(s) {unknown}; expected some of {list(CLASSIFICATIONS)}")
        if self.tag_mode not in TAG_MODES:
            raise ValueError(f"tag_mode must be one of {TAG_MODES}, not {self.tag_mode!r}")
        text = "" if self.text is None else self.text
        if not isinstance(text, str):
            raise TypeError(f"text: expected a string, got {type(text).__name__}")
        set_(self, "text", text if self.regex else text.strip())
        set_(self, "regex", bool(self.regex))
        if self.regex and self.text:
            _check_regex(self.text)

    @property
    def is_empty(self) -> bool:
        """True when the spec keeps every cable."""
        return self == FilterSpec(tag_mode=self.tag_mode, regex=self.regex)

    def replace(self, **changes) -> FilterSpec:
        """A copy with some fields changed (validated again).

        >>> FilterSpec(tags=["PREL"]).replace(tag_mode="all").tag_mode
        'all'
        """
        return replace(self, **changes)

    def describe(self, max_items: int = 4) -> str:
        """One line for people: what the spec keeps.

        >>> FilterSpec(start="2005-01-01", countries=["Iran", "Iraq"], text="oil").describe()
        'from 2005-01-01 · countries: Iran, Iraq · text: oil'
        >>> FilterSpec().describe()
        'all cables'
        """

        def listing(items: tuple[str, ...]) -> str:
            shown = ", ".join(items[:max_items])
            return shown + (f" +{len(items) - max_items} more" if len(items) > max_items else "")

        parts = []
        if self.start and self.end:
            parts.append(f"{self.start:%Y-%m-%d} to {self.end:%Y-%m-%d}")
        elif self.start:
            parts.append(f"from {self.start:%Y-%m-%d}")
        elif self.end:
            parts.append(f"until {self.end:%Y-%m-%d}")
        if self.origins:
            parts.append(f"posts: {listing(self.origins)}")
        if self.countries:
            parts.append(f"countries: {listing(self.countries)}")
        if self.tags:
            how = "any of" if self.tag_mode == "any" or len(self.tags) == 1 else "all of"
            parts.append(f"tags ({how}): {listing(self.tags)}")
        if self.classifications:
            parts.append(f"classification: {listing(self.classifications)}")
        if self.text:
            parts.append(f"regex: /{self.text}/" if self.regex else f"text: {self.text}")
        return " · ".join(parts) if parts else "all cables"


def _arrow(series: pd.Series) -> pa.Array | pa.ChunkedArray:
    """The column as Arrow data: zero-copy for pyarrow-backed columns, converted otherwise."""
    if isinstance(series.dtype, pd.ArrowDtype):
        return series.array.__arrow_array__()
    return pa.array(series.to_numpy(dtype=object), from_pandas=True)


def _to_bool(arr) -> np.ndarray:
    """Arrow booleans (nulls as False) -> numpy bool array."""
    return pc.fill_null(arr, False).to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _date_mask(dates: pd.Series, start, end) -> np.ndarray:
    values = pd.DatetimeIndex(dates)
    if values.tz is None:
        values = values.tz_localize("UTC")
    else:
        values = values.tz_convert("UTC")
    keep = ~values.isna()
    if start is not None:
        keep &= values >= pd.Timestamp(start, tz="UTC")
    if end is not None:
        keep &= values < pd.Timestamp(end, tz="UTC") + pd.Timedelta(days=1)
    return np.asarray(keep, dtype=bool)


def _values_mask(series: pd.Series, wanted: tuple[str, ...]) -> np.ndarray:
    return _to_bool(pc.is_in(_arrow(series), value_set=pa.array(wanted, pa.large_string())))


def _tags_mask(tags: pd.Series, wanted: tuple[str, ...], mode: str) -> np.ndarray:
    codes, dictionary, parents = _tag_codes(_arrow(tags))
    n = len(tags)
    # which wanted tag each distinct tag is (-1: none of them), then each listed tag by its code
    position = pc.fill_null(pc.index_in(dictionary, value_set=pa.array(wanted, pa.large_string())), -1)
    which = position.to_numpy(zero_copy_only=False)[codes] if len(dictionary) else codes
    if mode == "any":
        return np.bincount(parents[which >= 0], minlength=n) > 0
    keep = np.ones(n, dtype=bool)
    for pos in range(len(wanted)):
        keep &= np.bincount(parents[which == pos], minlength=n) > 0
    return keep


def _tag_filter_mask(df: pd.DataFrame, wanted: tuple[str, ...], mode: str) -> np.ndarray:
    """Rows whose `tags` or `tag_codes` (when the frame has that column) hold the wanted tags."""
    if "tag_codes" not in df.columns:
        return _tags_mask(df["tags"], wanted, mode)
    if mode == "any":
        return _tags_mask(df["tags"], wanted, "any") | _tags_mask(df["tag_codes"], wanted, "any")
    keep = np.ones(len(df), dtype=bool)
    for tag in wanted:  # each wanted tag in either column
        keep &= _tags_mask(df["tags"], (tag,), "any") | _tags_mask(df["tag_codes"], (tag,), "any")
    return keep


# (weak reference to a TAGS column's Arrow data, its listed tags as codes, their dictionary, the
# row of each listed tag), by id of that data: a panel filters the same column again and again,
# and hashing its million strings is most of a TAG filter's time; the codes are worked out once.
_TAG_CODES: dict[int, tuple] = {}


def _tag_codes(lists: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array, np.ndarray]:
    """(code of every listed tag, the distinct tags, the row each listed tag belongs to)."""
    key = id(lists)
    hit = _TAG_CODES.get(key)
    if hit is not None and hit[0]() is lists:
        return hit[1:]
    codes, dictionary, parents = flat_tags(lists)
    if (codes < 0).any():  # a missing tag inside a list matches nothing
        dictionary = pa.concat_arrays([dictionary, pa.array([None], pa.large_string())])
        codes = np.where(codes < 0, len(dictionary) - 1, codes)
    try:
        ref = weakref.ref(lists, lambda _, key=key: _TAG_CODES.pop(key, None))
    except TypeError:  # not weakly referable: worked out each time
        return codes, dictionary, parents
    _TAG_CODES[key] = (ref, codes, dictionary, parents)
    return codes, dictionary, parents


def _kept(arr: pa.Array | pa.ChunkedArray, keep: np.ndarray) -> pa.Array | pa.ChunkedArray:
    """The entries of `arr` where `keep` is True. Filtered chunk by chunk: Arrow's `take` on a column
    of several chunks (a frame concatenated from pieces) first joins them, copying all the text."""
    return arr.filter(pa.array(keep, pa.bool_()))


def _text_columns(df: pd.DataFrame, keep: np.ndarray | None) -> list:
    """subject and body of the rows where `keep` is True (None: all rows, not copied), as Arrow strings."""
    return [_arrow(df[name]) if keep is None else _kept(_arrow(df[name]), keep) for name in ("subject", "body")]


def _literal(char: str) -> str:
    """One character as an RE2 pattern that finds it ignoring case (see `literal_pattern`)."""
    if char.isascii() and char.isalpha():
        return f"[{char.lower()}{char.upper()}]"
    if char.isascii() and char.isdigit():
        return char
    if not char.isascii() and char.lower() != char.upper():
        return f"(?i:{char})"
    return rf"\x{{{ord(char):X}}}"


def literal_pattern(term: str) -> str:
    """An RE2 pattern that finds `term` literally, ignoring case: ASCII letters as a class of their
    two cases ("oil" -> "[oO][iI][lL]"), other letters by RE2's Unicode case folding, everything else
    escaped. RE2's own case-insensitive mode also folds "s" with "ſ" and "k" with the Kelvin sign,
    which stops it from scanning fast for any word with an s or a k ("sanctions": ~0.6 GB/s instead
    of ~3 GB/s); this pattern leaves those two archaic signs out and keeps the fast scan.

    >>> print(literal_pattern("Oil-5"))
    [oO][iI][lL]\\x{2D}5
    """
    return "".join(_literal(char) for char in term)


@dataclass(frozen=True)
class RegexPlan:
    """How a case-insensitive search for a user's RE2 regex runs (see `regex_plan`).

    - `pattern`: the regex RE2 runs; `ignore_case`: whether RE2's own case folding is switched on.
    - `required`: a piece of plain text that every match contains ("" when none is known).
    - `prefilter`: True when rows are first narrowed to those containing `required` (a fast literal
      scan), because the regex itself cannot be scanned fast (it does not open with that text).
    """

    pattern: str
    ignore_case: bool
    required: str = ""
    prefilter: bool = False


class _KeepAsIs(Exception):
    """The regex uses syntax the rewrite leaves alone: RE2 runs it as written, ignoring case."""


_REPEAT = re.compile(r"\{(\d+)(?:,\d*)?\}")
_GROUP_FLAGS = re.compile(r"\(\?([a-zA-Z-]*)([:)])")
_MIN_REQUIRED = 3  # shorter required texts are in too many cables to be worth a first pass


def regex_plan(pattern: str) -> RegexPlan:
    r"""A faster way to search for the RE2 regex `pattern` ignoring case, with the same matches
    except that "s" and "k" no longer also find "ſ" and the Kelvin sign (as for plain words).

    RE2's case-insensitive mode folds "s" with "ſ" and "k" with the Kelvin sign, which stops its
    fast scan for any regex that opens with an s or a k ("sanctions?": 5x slower). So, as for plain
    words (`literal_pattern`), the regex is rewritten to be case-sensitive with each ASCII letter as
    a class of its two cases; other letters, character classes and escapes that can stand for
    letters keep RE2's folding inside `(?i:...)`. Outside groups and alternatives the longest run of
    plain characters every match must contain is `required`; when the regex does not open with it
    (`\bnuclear\b`: RE2 scans a regex that opens with a word boundary at a tenth of the speed),
    rows are first narrowed to those containing it. A regex that sets the i flag itself is left as
    it is.

    >>> regex_plan(r"\bsanctions?\b")
    RegexPlan(pattern='\\b[sS][aA][nN][cC][tT][iI][oO][nN][sS]?\\b', ignore_case=False, required='sanction', prefilter=True)
    >>> regex_plan("(?i)oil")
    RegexPlan(pattern='(?i)oil', ignore_case=True, required='', prefilter=False)
    """
    try:
        plan = _rewrite(pattern)
        pc.match_substring_regex(pa.array([""], pa.large_string()), plan.pattern)  # still valid RE2?
        return plan
    except (_KeepAsIs, pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return RegexPlan(pattern, True)


def _rewrite(pattern: str) -> RegexPlan:
    """`regex_plan`'s rewrite of `pattern` (raises `_KeepAsIs` for syntax it leaves alone).

    >>> _rewrite("oil|gas").pattern
    '[oO][iI][lL]|[gG][aA][sS]'
    """
    return _Rewriter(pattern).plan()


class _Rewriter:
    """One pass over an RE2 pattern: writes it case-sensitive with each ASCII letter as a class of
    its two cases (`out`), and collects the runs of plain characters outside groups that every
    match must contain (`runs`). Each `_read_*` method reads one piece at `i` and moves `i` on."""

    def __init__(self, pattern: str) -> None:
        self.pattern, self.i, self.n = pattern, 0, len(pattern)
        self.out: list[str] = []
        self.runs: list[tuple[int, str]] = []  # (atoms before it, text) of each finished run of literals
        self.run: list[str] = []
        self.run_at = 0
        self.atoms = 0  # atoms written so far (flag settings like "(?s)" are not atoms)
        self.depth = 0
        self.alternatives = False
        self.last_is_literal = False  # the last atom is the last character of `run`

    def plan(self) -> RegexPlan:
        pattern = self.pattern
        while self.i < self.n:
            char = pattern[self.i]
            repeat = _REPEAT.match(pattern, self.i) if char == "{" else None
            if char in "*+?" or repeat:
                self._read_repeat(char, repeat)
            elif char == "\\":
                self._read_escape()
            elif char == "[":
                self._read_class()
            elif char == "(":
                self._read_group_open()
            elif char in ")|":
                self.close()
                self.depth -= char == ")"
                self.alternatives = self.alternatives or (char == "|" and self.depth == 0)
                self.out.append(char)
                self.i += 1
            elif char in ".^$":
                self.atom(char)
                self.i += 1
            else:
                self.literal(char)
                self.i += 1
        self.close()
        required_at, required = max(self.runs, key=lambda r: len(r[1]), default=(0, ""))
        if self.alternatives or len(required) < _MIN_REQUIRED:
            return RegexPlan("".join(self.out), False)
        # RE2 scans fast for a regex that opens with plain text, and one anchored at the start is quick
        prefilter = required_at > 0 and not pattern.startswith("^")
        return RegexPlan("".join(self.out), False, required, prefilter)

    def close(self) -> None:
        """End the current run of plain characters."""
        if self.run:
            self.runs.append((self.run_at, "".join(self.run)))
        self.run, self.last_is_literal = [], False

    def literal(self, char: str) -> None:
        if self.depth == 0:
            if not self.run:
                self.run_at = self.atoms
            self.run.append(char)
        self.last_is_literal = self.depth == 0
        self.out.append(_literal(char))
        self.atoms += 1

    def atom(self, text: str, fold: bool = False) -> None:
        self.close()
        self.out.append(f"(?i:{text})" if fold else text)
        self.atoms += 1

    def _read_repeat(self, char: str, repeat) -> None:
        """A quantifier: a literal it makes optional leaves the run of required text."""
        end = repeat.end() if repeat else self.i + 1
        minimum = int(repeat.group(1)) if repeat else (1 if char == "+" else 0)
        if self.last_is_literal:
            if minimum == 0:  # the character may be absent: it is not required
                self.run.pop()
            self.close()
        if end < self.n and self.pattern[end] == "?":  # non-greedy
            end += 1
        self.out.append(self.pattern[self.i:end])
        self.last_is_literal = False
        self.i = end

    def _read_escape(self) -> None:
        pattern, i, n = self.pattern, self.i, self.n
        if i + 1 >= n:
            raise _KeepAsIs
        code = pattern[i + 1]
        if code == "Q":  # \Q...\E: plain text
            stop = pattern.find("\\E", i + 2)
            stop = n if stop < 0 else stop
            for at in range(i + 2, stop):
                self.literal(pattern[at])
            self.i = min(n, stop + 2)
        elif code in "xpP":  # a character code or a Unicode class: may stand for letters
            end = pattern.find("}", i) + 1 if pattern.startswith("{", i + 2) else i + (4 if code == "x" else 3)
            if end <= 0:
                raise _KeepAsIs
            self.atom(pattern[i:end], fold=True)
            self.i = end
        elif code in "01234567":  # octal character code, up to three digits
            end = i + 2
            while end < min(n, i + 4) and pattern[end] in "01234567":
                end += 1
            self.atom(pattern[i:end], fold=True)
            self.i = end
        elif code.isascii() and code.isalnum():  # \d \w \s \b \A \z \n ...: the same in any case
            self.atom(pattern[i:i + 2])
            self.i = i + 2
        else:  # an escaped punctuation mark (or other character): itself
            self.literal(code)
            self.i = i + 2

    def _read_class(self) -> None:
        """A bracketed character class, kept whole under RE2's case folding."""
        pattern, n = self.pattern, self.n
        end = self.i + 1
        if end < n and pattern[end] == "^":
            end += 1
        if end < n and pattern[end] == "]":
            end += 1
        while end < n and pattern[end] != "]":
            if pattern[end] == "\\":
                brace = pattern.find("}", end) if pattern.startswith("{", end + 2) else -1
                end = brace + 1 if brace > 0 and pattern[end + 1] in "xpP" else end + 2
            elif pattern.startswith("[:", end) and pattern.find(":]", end + 2) > 0:
                end = pattern.find(":]", end + 2) + 2
            else:
                end += 1
        if end >= n:
            raise _KeepAsIs
        self.atom(pattern[self.i:end + 1], fold=True)
        self.i = end + 1

    def _read_group_open(self) -> None:
        """"(", "(?flags:", "(?flags)" or a named group; an i flag or other (?...) forms: kept as is."""
        pattern, i = self.pattern, self.i
        self.close()
        flags = _GROUP_FLAGS.match(pattern, i)
        if flags:
            if "i" in flags.group(1):
                raise _KeepAsIs
            if flags.group(2) == ":":  # (?s:...) opens a group; (?s) only sets flags
                self.depth += 1
                self.atoms += 1
            self.out.append(flags.group(0))
            self.i = flags.end()
        elif pattern.startswith("(?P<", i) or pattern.startswith("(?<", i):
            end = pattern.find(">", i)
            if end < 0:
                raise _KeepAsIs
            self.depth += 1
            self.atoms += 1
            self.out.append(pattern[i:end + 1])
            self.i = end + 1
        elif pattern.startswith("(?", i):
            raise _KeepAsIs
        else:
            self.depth += 1
            self.atoms += 1
            self.out.append("(")
            self.i = i + 1


_POOL: ThreadPoolExecutor | None = None
_WORKERS = min(4, os.cpu_count() or 1)
_PARALLEL_BYTES = 32 << 20  # split larger columns across threads (pyarrow releases the GIL)


def _pool() -> ThreadPoolExecutor:
    global _POOL
    if _POOL is None:
        _POOL = ThreadPoolExecutor(max_workers=_WORKERS, thread_name_prefix="cabletools-filter")
    return _POOL


def _matches(arr, pattern: str, ignore_case: bool) -> np.ndarray:
    """match_substring_regex over `arr` as numpy bools, in parallel slices when `arr` is large."""
    workers = _WORKERS
    if workers == 1 or arr.nbytes < _PARALLEL_BYTES or len(arr) < 2 * workers:
        return _to_bool(pc.match_substring_regex(arr, pattern, ignore_case=ignore_case))
    step = -(-len(arr) // workers)
    parts = [arr.slice(start, step) for start in range(0, len(arr), step)]
    results = _pool().map(lambda part: _to_bool(pc.match_substring_regex(part, pattern, ignore_case=ignore_case)),
                        parts)
    return np.concatenate(list(results))


def _plan_matches(arr, plan: RegexPlan) -> np.ndarray:
    """Which strings of the Arrow array `arr` the plan's regex matches, as numpy bools."""
    if not plan.prefilter:
        return _matches(arr, plan.pattern, plan.ignore_case)
    holding = _matches(arr, literal_pattern(plan.required), False)  # the only rows that can match
    found = np.zeros(len(arr), dtype=bool)
    if holding.any():
        found[np.flatnonzero(holding)[_matches(_kept(arr, holding), plan.pattern, plan.ignore_case)]] = True
    return found


def regex_matches(values, pattern: str) -> np.ndarray:
    r"""Which strings of `values` (a pandas Series, Arrow array or list) contain a match of the RE2
    regex `pattern`, ignoring case (as `FilterSpec(text=pattern, regex=True)` searches a column;
    missing values never match). Runs `regex_plan(pattern)`.

    >>> regex_matches(["Sanctions on Iran", "no", None], r"\bsanctions?\b").tolist()
    [True, False, False]
    """
    if isinstance(values, pd.Series):
        arr = _arrow(values)
    elif isinstance(values, (pa.Array, pa.ChunkedArray)):
        arr = values
    else:
        arr = pa.array(list(values), pa.large_string())
    return _plan_matches(arr, regex_plan(pattern))


def _text_mask(df: pd.DataFrame, spec: FilterSpec, candidates: np.ndarray) -> np.ndarray:
    """Search only the candidate rows (those passing the cheap criteria); narrow term by term."""
    rows = np.flatnonzero(candidates)
    if spec.regex:
        plans = [regex_plan(spec.text)]
    else:  # each term as a case-folding pattern (rarest-first order is unknown: keep the user's)
        plans = [RegexPlan(literal_pattern(term), False) for term in search_terms(spec.text)]
    for plan in plans:
        if len(rows) == 0:
            break
        found = np.zeros(len(rows), dtype=bool)
        keep = None
        if len(rows) < len(df):
            keep = np.zeros(len(df), dtype=bool)
            keep[rows] = True
        for arr in _text_columns(df, keep):
            found |= _plan_matches(arr, plan)
        rows = rows[found]
    keep = np.zeros(len(df), dtype=bool)
    keep[rows] = True
    return keep


def filter_mask(df: pd.DataFrame, spec: FilterSpec) -> np.ndarray:
    """A numpy bool array, one entry per row of `df`: True where the cable passes `spec`.

    >>> from dataclasses import asdict
    >>> from cabletools.schema import Cable, records_to_table, table_to_frame
    >>> df = table_to_frame(records_to_table([asdict(Cable(cable_id="A", tags=("PREL",))),
    ...                                       asdict(Cable(cable_id="B"))]))
    >>> filter_mask(df, FilterSpec(tags=["PREL"])).tolist()
    [True, False]
    """
    keep = np.ones(len(df), dtype=bool)
    if len(df) == 0:
        return keep
    if spec.start is not None or spec.end is not None:
        keep &= _date_mask(df["date"], spec.start, spec.end)
    if spec.origins:
        keep &= _values_mask(df["origin"], spec.origins)
    if spec.countries:
        keep &= _values_mask(df["country"], spec.countries)
    if spec.classifications:
        keep &= np.asarray(df["classification"].isin(spec.classifications), dtype=bool)
    if spec.tags:
        keep &= _tag_filter_mask(df, spec.tags, spec.tag_mode)
    if spec.text:
        keep &= _text_mask(df, spec, keep)
    return keep


def apply_filters(df: pd.DataFrame, spec: FilterSpec) -> pd.DataFrame:
    """The rows of `df` that pass `spec`, in their original order and with their original index.

    Pure: `df` is not changed. An empty spec returns a shallow copy (pandas' copy-on-write keeps
    the two independent).

    >>> from dataclasses import asdict
    >>> from cabletools.schema import Cable, records_to_table, table_to_frame
    >>> df = table_to_frame(records_to_table([
    ...     asdict(Cable(cable_id="A", subject="Oil prices", body="Iran")),
    ...     asdict(Cable(cable_id="B", subject="Elections", body="Iraq"))]))
    >>> apply_filters(df, FilterSpec(text="oil iran"))["cable_id"].tolist()
    ['A']
    """
    if not isinstance(spec, FilterSpec):
        raise TypeError(f"spec must be a FilterSpec, not {type(spec).__name__}")
    return select_rows(df, filter_mask(df, spec))


def select_rows(df: pd.DataFrame, keep: np.ndarray) -> pd.DataFrame:
    """`df[keep]` (same rows, index, columns, dtypes, values and attrs) for a bool mask such as
    `filter_mask` gives; a copy sharing the Arrow columns when every row is kept.

    Faster than pandas' own `df[keep]` on cable frames, whose text is most of their bytes:
    - kept rows that form one run (a period of a date-ordered frame) come back as a slice;
    - from `DEFER_ROWS` kept rows on, the Arrow columns (text and lists) are `DeferredTake`s:
      the kept rows are copied out of `df`'s column the first time the column's values are read,
      so a selection whose text is never read never copies it (tag counts, timelines, a page of
      the results table), and until then it keeps `df`'s columns alive;
    - fewer rows are copied at once, an Arrow column chunk by chunk (Arrow's take of a column
      in several chunks would first join them: all the text), then joined into one chunk.

    The numpy columns (dates, categories, flags) are always copied, so editing the result never
    reaches `df`, with or without pandas' copy-on-write.

    >>> import pandas as pd, numpy as np
    >>> select_rows(pd.DataFrame({"a": [1, 2, 3]}), np.array([True, False, True]))["a"].tolist()
    [1, 3]
    """
    keep = np.asarray(keep, dtype=bool)
    if len(keep) != len(df):
        raise ValueError(f"mask of {len(keep)} entries for {len(df)} rows")
    if keep.all():
        return df.copy()  # Arrow columns are shared (immutable); numpy ones copied, as pandas 2 has no copy-on-write
    if type(df) is not pd.DataFrame or not df.columns.is_unique:
        return df[keep]
    positions = np.array(np.flatnonzero(keep), dtype=np.int64)  # its own data (flatnonzero's is a view)
    positions.flags.writeable = False  # so every column's DeferredTake shares it, uncopied
    index = df.index.take(positions)  # as df[keep] builds it (a date index keeps its freq)
    if len(positions) and positions[-1] - positions[0] == len(positions) - 1:
        # One run of rows: a slice whose Arrow columns (the text) are shared, being immutable.
        out = df.iloc[positions[0]:positions[-1] + 1].copy()
        out.index = index
        return out.__finalize__(df)
    deferred = len(positions) >= DEFER_ROWS
    taken = {}
    for number, name in enumerate(df.columns):  # columns are unique here
        values = df[name].array
        if defers(values):
            picked = DeferredTake.of(values, positions)
            if not deferred:  # few rows: copied now, in one chunk as pandas' take gives them
                chunks = picked.__arrow_array__()
                picked = pd.arrays.ArrowExtensionArray(
                    chunks if chunks.num_chunks <= 1 else pa.chunked_array([chunks.combine_chunks()], chunks.type))
            taken[number] = picked
        else:
            taken[number] = values.take(positions)
    out = pd.DataFrame(taken, index=index, copy=False)
    out.columns = df.columns
    return out.__finalize__(df)


#: From this many kept rows (that are not one run), `select_rows` defers copying the text and lists.
DEFER_ROWS = 2048
