"""Who sent what, from where, when: reporting volume, signer tenures, and a check
of the inferred tenures against the official list of chiefs of mission.

Every cable a post sends ends with a signature: the chief of mission's surname
while the ambassador is at post, the chargé d'affaires' surname while he or she
is away. So the run of cables one surname signed from one post is an inferred
tenure, and comparing those runs with the Office of the Historian's
chiefs-of-mission table says how well the corpus (and the signer parser) tracks
the historical record.

>>> import pandas as pd
>>> df = pd.DataFrame({
...     "origin": ["Embassy Hanoi"] * 3,
...     "date": pd.to_datetime(["2008-01-05", "2008-01-20", "2008-02-03"], utc=True),
...     "signer": ["MICHALAK", "MICHALAK", "PALMER"],
... })
>>> sender_volume(df)["n_cables"].tolist()
[2, 1]
>>> signer_tenures(df)[["signer", "n_cables", "share"]].values.tolist()
[['MICHALAK', 2, 1.0], ['PALMER', 1, 1.0]]

Public functions: `sender_volume`, `reporting_gaps`, `signer_tenures`,
`classifier_titles`, `read_chiefs_of_mission`, `compare_tenures`,
`surname_key`, `surname_similarity`.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from cabletools.periods import period_bins
from cabletools.words import counted

__all__ = [
    "sender_volume",
    "reporting_gaps",
    "signer_tenures",
    "classifier_titles",
    "classified_by_titles",
    "read_chiefs_of_mission",
    "official_chiefs",
    "compare_tenures",
    "surname_key",
    "surname_similarity",
    "ROLES",
    "ORGANIZATION_MISSIONS",
    "COMPARE_COLUMNS",
    "busiest_posts",
    "volume_heatmap_data",
    "chiefs_of_top_posts",
    "comparison_summary",
    "busiest_post_with_chiefs",
    "recent_period",
]

#: Role guesses `signer_tenures` assigns, most to least senior.
ROLES = ("chief of mission", "chargé", "principal officer", "other")

#: Cable stations of US missions to international organisations -> the POCOM
#: mission id of the chief of mission who leads them (written by us from the
#: missions' names; checked against chiefs_of_mission.csv in tests).
ORGANIZATION_MISSIONS = {
    "USUNNEWYORK": "representative-to-un",
    "USNATO": "representative-to-nato",
    "USEUBRUSSELS": "representative-to-eu",
    "USOSCE": "representative-to-osce",
    "UNVIEVIENNA": "representative-unvo",
    "USMISSIONGENEVA": "representative-uneo",
    "GENEVA": "representative-uneo",
    "USOECD": "representative-to-oecd",
    "UNESCO": "representative-to-unesco",
    "USUNESCO": "representative-to-unesco",
    "UNESCOPARISFR": "representative-to-unesco",  # Cablegate's station of Mission UNESCO
    "UNESCOPARIS": "representative-to-unesco",
    "UNROME": "representative-to-unafa",
    "USAUADDISABABA": "representative-to-au",
    "USOASWASHDC": "representative-to-oas",
    "ICAOMONTREAL": "representative-to-icao",
}

# Name suffixes that a signature or a table may or may not carry ("Burghardt, Jr.").
_SUFFIXES = {"JR", "SR", "II", "III", "IV", "V"}


# --------------------------------------------------------------------------- names
@lru_cache(maxsize=200_000)
def surname_key(name: object) -> str:
    """Normalise a surname (or signature) for matching: no accents, upper case,
    hyphens and dots as spaces, apostrophes dropped, suffixes (JR, III) removed.

    >>> surname_key("Hinson-Jones"), surname_key("O'Donohue"), surname_key("Burghardt, Jr.")
    ('HINSON JONES', 'ODONOHUE', 'BURGHARDT')
    >>> surname_key("Pérez"), surname_key("van Voorst")
    ('PEREZ', 'VAN VOORST')
    """
    if name is None or (isinstance(name, float) and np.isnan(name)) or name is pd.NA:
        return ""
    text = unicodedata.normalize("NFKD", str(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).upper()
    text = re.sub(r"['’`´]", "", text)
    text = re.sub(r"[^A-Z ]+", " ", text)
    tokens = [t for t in text.split() if t not in _SUFFIXES]
    return " ".join(tokens)


def _last_token(key: str) -> str:
    return key.rsplit(" ", 1)[-1] if key else ""


def surname_similarity(a: object, b: object) -> float:
    """0..100 similarity of two surnames after `surname_key`; tolerant of case,
    accents, suffixes, hyphens/spaces (compound names match either part of four
    or more letters) and one- or two-letter typos.

    >>> surname_similarity("MICHALAK", "Michalak"), surname_similarity("HINSON-JONES", "Hinson Jones")
    (100.0, 100.0)
    >>> surname_similarity("MICHALK", "Michalak") > 90, surname_similarity("JONES", "Hinson-Jones")
    (True, 100.0)
    >>> surname_similarity("LORD", "FORD") < 85
    True
    """
    from rapidfuzz import fuzz

    ka, kb = surname_key(a), surname_key(b)
    if not ka or not kb:
        return 0.0
    best = fuzz.ratio(ka.replace(" ", ""), kb.replace(" ", ""))
    pa, pb = ka.split(), kb.split()
    if len(pa) > 1 or len(pb) > 1:
        for x in pa:
            for y in pb:
                if len(x) >= 4 and len(y) >= 4:
                    best = max(best, fuzz.ratio(x, y))
    return float(best)


# --------------------------------------------------------------------------- volume
def _dated(df: pd.DataFrame) -> pd.DataFrame:
    return df[df["date"].notna()]


def sender_volume(df: pd.DataFrame, by: str = "origin", freq: str = "MS",
                  split: str | None = None, wide: bool = False) -> pd.DataFrame:
    """Cables per post (or any column `by`) per period.

    Tidy (default): one row per (by, period[, split]) that has cables, columns
    `by`, `period` (naive UTC timestamp of the period start), `split` when given,
    and `n_cables`; sorted by `by`, `period`. `split` is usually
    "classification" or "precedence" (only observed categories appear).

    `wide=True`: the pivot for plotting — index every period from the first to
    the last (gaps filled with 0), columns the `by` values (a (by, split)
    MultiIndex when `split` is given).

    Cables without a date cannot be placed in a period and are not counted;
    their number is in `result.attrs["undated"]`. `freq` is a pandas offset
    alias: "MS" months, "QS" quarters, "YS" years, "W" weeks, "D" days.

    >>> df = pd.DataFrame({"origin": ["A", "A", "B"],
    ...     "date": pd.to_datetime(["2008-01-05", "2008-03-01", "2008-01-31"], utc=True)})
    >>> sender_volume(df).values.tolist()
    [['A', Timestamp('2008-01-01 00:00:00'), 1], ['A', Timestamp('2008-03-01 00:00:00'), 1], ['B', Timestamp('2008-01-01 00:00:00'), 1]]
    >>> sender_volume(df, wide=True).loc["2008-02-01"].tolist()
    [0, 0]
    """
    dated = _dated(df)
    starts, position = period_bins(dated["date"], freq)
    keys = [dated[by].rename(by), pd.Series(starts[position], index=dated.index, name="period")]
    if split is not None:
        keys.append(dated[split].rename(split))
    counts = (pd.DataFrame({k.name: k for k in keys})
              .groupby([k.name for k in keys], observed=True, sort=True, dropna=False)
              .size().rename("n_cables"))
    if wide:
        cols = [by] if split is None else [by, split]
        out = counts.unstack(cols, fill_value=0).sort_index().sort_index(axis=1)  # categories in their order
        if len(out):
            out = out.reindex(pd.DatetimeIndex(starts), fill_value=0)
        out.index.name = "period"
        out = out.astype("int64")
    else:
        out = counts.reset_index()
        out["n_cables"] = out["n_cables"].astype("int64")
    out.attrs["undated"] = int(len(df) - len(dated))
    return out


def reporting_gaps(df: pd.DataFrame, by: str = "origin", min_days: float = 60) -> pd.DataFrame:
    """Silences: stretches of at least `min_days` between two consecutive cables
    of the same post. Columns `by`, `start` (last cable before), `end` (first
    cable after), `days`; longest first.

    >>> df = pd.DataFrame({"origin": ["A", "A", "A"],
    ...     "date": pd.to_datetime(["2008-01-01", "2008-01-10", "2008-06-01"], utc=True)})
    >>> reporting_gaps(df, min_days=30)[["origin", "days"]].values.tolist()
    [['A', 143.0]]
    """
    dated = _dated(df)[[by, "date"]].sort_values([by, "date"], kind="stable")
    prev = dated.groupby(by, observed=True, sort=False)["date"].shift()
    days = (dated["date"] - prev).dt.total_seconds() / 86400
    gaps = pd.DataFrame({by: dated[by], "start": prev, "end": dated["date"], "days": days})
    gaps = gaps[gaps["days"] >= min_days]
    return gaps.sort_values("days", ascending=False, kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- Classified By
# Titles on "Classified By:" lines, most specific first. Each cites a line form seen
# in the shared corpus: "AMB. MICHAEL E. MALINOWSKI", "CHARGE D'AFFAIRES EMIL SKODON",
# "CDA, a.i. Ron McMullen", "A/DCM THOMAS COUNTRYMAN", "CG David L. Arnett".
_TITLE_PATTERNS = [
    ("chargé", r"CHARG[EÉ]\s*(?:D\W?\s*AFFAIRES)?(?:\s*,?\s*(?:A\.?\s?I\.?|AD\s+INTERIM))?"
               r"|\bCDA\b(?:\s*,?\s*A\.?\s?I\.?)?|\bACTING\s+AMBASSADOR\b|\bA\.\s?I\."),
    ("other", r"\bA/DCM\b|\bACTING\s+(?:DCM|DEPUTY\s+CHIEF\s+OF\s+MISSION)\b|\bDEPUTY\s+AMBASSADOR\b"),
    ("dcm", r"\bDCM\b|\bDEPUTY\s+CHIEF\s+OF\s+MISSION\b"),
    ("chief of mission", r"\bAMBASSADOR\b|\bAMB\b\.?|\bCHIEF\s+OF\s+MISSION\b|\bPERMREP\b"
                         r"|\bPERMANENT\s+REPRESENTATIVE\b"),
    ("principal officer", r"\bCONSUL\s+GENERAL\b|\bCG\b|\bPRINCIPAL\s+OFFICER\b|\bPO\b"),
]
_ANY_TITLE = "|".join(f"(?:{p})" for _, p in _TITLE_PATTERNS)
# Where the name ends: the reasons clause, a comma, a colon, "for".
# white space before the end is tried from the start of its run only (possessive): "\s*" tried
# at every position of a long run of spaces took quadratic time
_NAME_END = re.compile(r"(?:(?<!\s)\s++)?(?:[,;:(]|\bFOR\b|\bREASONS?\b|\bBASED\b|\bE\.?O\.?\b|\b1\.[45]\b|\bPER\b|$)")
_TITLE_WORDS = re.compile(
    r"\b(?:POL(?:ITICAL)?|ECON(?:OMIC)?|POLOFF|ECONOFF|POLCOUNS|ECONCOUNS|MINCOUNS|COUNS(?:ELOR)?|"
    r"OFFICER|SECTION|CHIEF|DEPUTY|ACTING|MINISTER|COUNSELOR|DIRECTOR|CLASSIFIED|BY|MR|MS|MRS|DR|"
    r"THE|AND|US|U\.S\.)\b\.?")


def _title_class(line: str) -> str | None:
    for role, pattern in _TITLE_PATTERNS:
        if re.search(pattern, line):
            return role
    return None


def _classifier_name(line: str) -> str:
    """The person's name on a Classified By line (title words stripped)."""
    text = re.sub(r"^(?:\s*CLASSIFIED\s+BY\s*:?\s*)+", "", line)
    text = re.sub(_ANY_TITLE, " ", text)
    text = re.sub(r"^[\s,.:;/-]+", "", text)
    m = _NAME_END.search(text)
    name = text[: m.start()] if m else text
    name = _TITLE_WORDS.sub(" ", name)
    return surname_key(name)


def classifier_titles(classified_by: pd.Series) -> pd.DataFrame:
    """Parse "Classified By" values into the person's surname key and a title
    class: "chief of mission", "chargé", "dcm", "principal officer", "other"
    (an acting DCM) or NA (a section officer or no title).

    >>> classifier_titles(pd.Series(["Ambassador Michael W. Michalak, reasons 1.4 (b)",
    ...     "CDA, a.i. Ron McMullen for reasons 1.4", "POLOFF RICHARD REITER"])).values.tolist()
    [['MICHALAK', 'chief of mission'], ['MCMULLEN', 'chargé'], ['REITER', None]]
    """
    values = classified_by.astype("string")
    uniq = pd.Series(values.dropna().unique(), dtype=object)
    upper = [unicodedata.normalize("NFC", v).upper() for v in uniq]
    parsed = pd.DataFrame({
        "surname": [_last_token(_classifier_name(u)) for u in upper],
        "title": [_title_class(u) for u in upper],
    }, index=uniq)
    out = parsed.reindex(values.to_numpy(dtype=object, na_value=None))
    out.index = classified_by.index
    out["surname"] = out["surname"].fillna("")
    out["title"] = out["title"].astype(object).where(out["title"].notna(), None)
    return out


def _text_after(texts: pd.Series, rows: np.ndarray, needle: str, width: int = 160) -> np.ndarray:
    """For the rows at positions `rows`: the first line that follows the first
    case-insensitive `needle` in the text (at most `width` bytes), else None.

    Arrow finds the needle, and the snippets are cut out of the text buffer
    without copying the texts (offsets [start0, end0, start1, end1, …] over
    the same bytes make every other value a snippet), so only short snippets
    ever reach Python.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    out = np.full(len(rows), None, dtype=object)
    if not len(rows):
        return out
    arr = pa.array(texts.astype("string[pyarrow]").array)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_string())
    pos = pc.find_substring(arr, needle, ignore_case=True).fill_null(-1).to_numpy(zero_copy_only=False)[rows]
    hit = np.flatnonzero(pos >= 0)
    if not len(hit):
        return out
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    row = rows[hit]
    start = offsets[row] + pos[hit] + len(needle.encode())
    end = np.minimum(start + width, offsets[row + 1])
    order = np.argsort(start, kind="stable")
    bounds = np.empty(2 * len(hit), dtype=np.int64)
    bounds[0::2], bounds[1::2] = start[order], end[order]
    view = pa.LargeBinaryArray.from_buffers(pa.large_binary(), len(bounds) - 1,
                                            [None, pa.py_buffer(bounds), arr.buffers()[2]])
    snippets = view.take(pa.array(np.arange(0, len(bounds), 2))).to_pylist()
    decoded = {}
    for i, b in zip(hit[order], snippets):
        text = decoded.get(b)
        if text is None:
            text = decoded[b] = b.decode("utf-8", "ignore").split("\n", 1)[0].lstrip(" \t:")
        out[i] = text
    return out


def classified_by_titles(df: pd.DataFrame) -> pd.DataFrame:
    """Surname and title of the person on each cable's Classified By line.

    The surname comes from the `classified_by` column (the parser's person);
    the title ("Ambassador", "CDA a.i.", "DCM", …) from the first "Classified
    By" line in `body` (then `header`), because the parsed person carries no
    title; without a body the `classified_by` value is read as the line. Only
    rows with a `classified_by` and a recognised title are returned: index as
    in `df`, columns surname, title.

    >>> df = pd.DataFrame({"classified_by": ["Ron McMullen", None],
    ...     "body": ["C O N F I D E N T I A L\\nClassified By: CDA, a.i. Ron McMullen for reasons 1.4", "x"]})
    >>> classified_by_titles(df).values.tolist()
    [['MCMULLEN', 'chargé']]
    """
    if "classified_by" not in df.columns:
        return pd.DataFrame(columns=["surname", "title"])
    has = np.flatnonzero(df["classified_by"].notna().to_numpy())
    person = df["classified_by"].iloc[has].astype(object).to_numpy()
    line = np.full(len(has), None, dtype=object)
    for col in ("body", "header"):
        if col in df.columns:
            found = _text_after(df[col], has, "classified by")
            line = np.where(pd.isna(line), found, line)
    line = np.where(pd.isna(line), person, line)
    idx = df.index[has]
    parsed = classifier_titles(pd.Series(line, index=idx, dtype=object))
    # The parser's person is a bare name -> its last word; a value that still holds a
    # whole line ("Ambassador X, reasons …", as some sources give it) is parsed like one.
    uniq = pd.unique(person)
    whole = {v: re.search(_ANY_TITLE, str(v).upper()) is not None for v in uniq}
    surname = {v: (_last_token(_classifier_name(str(v).upper())) if whole[v] else _last_token(surname_key(v)))
               for v in uniq}
    parsed["surname"] = [surname[v] for v in person]
    parsed = parsed[parsed["title"].notna() & (parsed["surname"] != "")]
    return parsed[["surname", "title"]]


# --------------------------------------------------------------------------- tenures
_SIGNER_SPLIT = re.compile(r"(?:(?<!\s)\s++)?(?:[,;/&]|\bAND\b|\|)\s*+", re.I)


def _signer_rows(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """One row per (cable, signer) with a date; multi-signer values are split on , ; / &."""
    cols = [by, "date", "signer"] + [c for c in ("station", "country", "classified_by") if c in df.columns and c != by]
    sub = df.loc[df["signer"].notna() & df["date"].notna() & df[by].notna(), cols]
    signer = sub["signer"].astype(str)
    multi = signer.str.contains(r"[,;/&|]|\bAND\b", regex=True)
    if multi.any():
        parts = signer[multi].str.split(_SIGNER_SPLIT.pattern, regex=True)
        signer = pd.concat([signer[~multi], parts.explode()]).sort_index(kind="stable")
        sub = sub.loc[signer.index]
    sub = sub.assign(signer=signer.to_numpy())
    keys = pd.Series(sub["signer"].to_numpy(), dtype=object).map(surname_key)
    sub = sub.assign(signer_key=keys.to_numpy())
    return sub[sub["signer_key"] != ""]


def _epoch_seconds(s: pd.Series) -> np.ndarray:
    """Seconds since 1970 of UTC-aware or naive (taken as UTC) timestamps."""
    s = pd.to_datetime(s)
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_convert(None)
    return s.astype("datetime64[s]").astype("int64").to_numpy()


def _window_counts(post: pd.Series, dates: pd.Series, q_post: pd.Series,
                   q_first: pd.Series, q_last: pd.Series) -> np.ndarray:
    """For each query (post, first, last): number of (post, date) rows with
    first <= date <= last — one sort and two binary searches, no Python loop."""
    codes, _ = pd.factorize(pd.concat([post, q_post], ignore_index=True).astype(object))
    p_code = codes[: len(post)].astype(np.int64)
    q_code = codes[len(post):].astype(np.int64)
    span, base = 10**11, 5 * 10**10  # seconds: wider than any date range, keeps keys positive
    keys = np.sort(p_code * span + _epoch_seconds(dates) + base)
    lo = q_code * span + _epoch_seconds(q_first) + base
    hi = q_code * span + _epoch_seconds(q_last) + base
    return np.searchsorted(keys, hi, side="right") - np.searchsorted(keys, lo, side="left")


def _nested(tenures: pd.DataFrame, by: str) -> np.ndarray:
    """True where another signer at the same post signed more cables over a span
    that contains this one: the pattern of a deputy signing as chargé while the
    chief is away, however dominant inside the short span."""
    t = tenures[[by, "first", "last", "n_cables"]].reset_index(drop=True)
    t = t.assign(_i=np.arange(len(t)), **{by: t[by].astype(object)})
    pairs = t.merge(t, on=by, suffixes=("", "_o"))
    inside = pairs[(pairs["_i"] != pairs["_i_o"]) & (pairs["first_o"] <= pairs["first"])
                   & (pairs["last_o"] >= pairs["last"]) & (pairs["n_cables_o"] > pairs["n_cables"])]
    return np.isin(np.arange(len(t)), inside["_i"].to_numpy())


def signer_tenures(df: pd.DataFrame, by: str = "origin", max_gap_days: float | None = None) -> pd.DataFrame:
    """Inferred tenures: one row per (post, signer) with the span of the cables
    that surname signed. With `max_gap_days`, a silence longer than that
    between two of the signer's cables starts a new row (a DCM who signed as
    chargé returning years later as ambassador gets two rows).

    Columns: `origin` (or `by`), `signer` (most frequent spelling, upper case),
    `signer_key` (`surname_key`), `first`, `last`, `n_cables`, `post_cables`
    (the post's dated cables in [first, last]), `share` = n_cables / post_cables,
    `post_signed` and `signed_share` (the same among the post's *signed* cables),
    `n_titled_chief`, `n_titled_charge` (Classified By lines at the post naming
    this surname with an ambassador's or a chargé's title), `role` (see `ROLES`)
    and `role_from` ("classified by" or "share"); plus `station`, `country`
    when the frame has them. Sorted by post, first.

    Role guess: Classified By titles decide when they name the signer
    ("Ambassador X" -> chief of mission; "Chargé d'Affaires X", "CDA a.i. X",
    "DCM X" -> chargé). Otherwise the share decides: a signer of at least half
    the post's signed cables in a span of 90 days or more (and >= 3 cables) is
    the chief of mission at an embassy or mission, the principal officer at a
    consulate — unless another signer with more cables spans it (a deputy
    signing while the chief is away); a smaller share or a shorter span (a
    chargé filling a gap) -> chargé when >= 3 cables, else other.

    Cables from Washington ("Secretary of State") get "other": the Secretary
    is not a chief of mission.

    Signer values naming several people ("KEEGAN, PAAL", "BURNS/BRYS") count
    for each. Cables without a date, a signer or a post are ignored.

    >>> df = pd.DataFrame({"origin": ["Embassy X"] * 4,
    ...     "date": pd.to_datetime(["2008-01-01", "2008-02-01", "2008-03-01", "2008-04-01"], utc=True),
    ...     "signer": ["SMITH", "Smith", "JONES", None],
    ...     "classified_by": ["Ambassador John Smith", None, "CDA Ann Jones", None]})
    >>> signer_tenures(df)[["signer", "n_cables", "post_cables", "share", "role"]].values.tolist()
    [['SMITH', 2, 2, 1.0, 'chief of mission'], ['JONES', 1, 1, 1.0, 'chargé']]
    """
    rows = _signer_rows(df, by)
    extra = [c for c in ("station", "country") if c in rows.columns and c != by]
    out = _signer_spans(rows, by, max_gap_days, extra)
    dated = _dated(df)
    post = dated[by].astype(object)
    out["post_cables"] = _window_counts(post, dated["date"], out[by].astype(object),
                                        out["first"], out["last"]).astype("int64")
    signed = df.loc[df["signer"].notna() & df["date"].notna()]
    out["post_signed"] = _window_counts(signed[by].astype(object), signed["date"], out[by].astype(object),
                                        out["first"], out["last"]).astype("int64")
    out["share"] = out["n_cables"] / out["post_cables"]
    out["signed_share"] = (out["n_cables"] / out["post_signed"]).clip(upper=1.0)
    _add_title_counts(out, df, by)
    _add_roles(out, by)
    cols = [by, "signer", "signer_key", "first", "last", "n_cables", "post_cables", "share",
            "post_signed", "signed_share", "n_titled_chief", "n_titled_charge", "role", "role_from"] + extra
    return out[cols].sort_values([by, "first", "signer_key"], kind="stable").reset_index(drop=True)


def _signer_spans(rows: pd.DataFrame, by: str, max_gap_days: float | None, extra: list[str]) -> pd.DataFrame:
    """One row per (post, signer key, run): first, last, n_cables, the `extra` columns and the
    signer's commonest spelling. A silence over `max_gap_days` starts a new run."""
    rows = rows.sort_values([by, "signer_key", "date"], kind="stable")
    if max_gap_days is None:
        rows["_run"] = 0
    else:
        post, key = rows[by].astype(object).to_numpy(), rows["signer_key"].to_numpy()
        same = np.r_[False, (post[1:] == post[:-1]) & (key[1:] == key[:-1])]
        gap = np.r_[False, np.diff(_epoch_seconds(rows["date"])) > max_gap_days * 86400]
        rows["_run"] = np.cumsum(~same | gap)
    g = rows.groupby([by, "signer_key", "_run"], observed=True, sort=False)
    out = g["date"].agg(first="min", last="max", n_cables="size")
    for c in extra:
        out[c] = g[c].first()
    spell = (rows.assign(_s=rows["signer"].str.upper().str.strip())
             .groupby([by, "signer_key", "_s"], observed=True, sort=False).size()
             .reset_index(name="_n").sort_values("_n", ascending=False, kind="stable")
             .drop_duplicates([by, "signer_key"]).set_index([by, "signer_key"])["_s"])
    out = out.reset_index()
    out["signer"] = spell.reindex(pd.MultiIndex.from_frame(out[[by, "signer_key"]])).to_numpy()
    return out


def _add_title_counts(out: pd.DataFrame, df: pd.DataFrame, by: str) -> None:
    """Classified By evidence, per (post, surname): how often the person is titled chief or chargé
    (columns _last, n_titled_chief, n_titled_charge of `out`)."""
    out["_last"] = out["signer_key"].map(_last_token)
    out["n_titled_chief"] = 0
    out["n_titled_charge"] = 0
    titles = classified_by_titles(df)
    if len(titles):
        titles[by] = df.loc[titles.index, by].astype(object)
        votes = (titles.assign(chief=titles["title"].eq("chief of mission"),
                               charge=titles["title"].isin(["chargé", "dcm"]))
                 .groupby([by, "surname"], sort=False)[["chief", "charge"]].sum())
        votes.index = votes.index.set_names([by, "_last"])
        merged = out[[by, "_last"]].astype({by: object}).join(votes, on=[by, "_last"])
        out["n_titled_chief"] = merged["chief"].fillna(0).astype("int64").to_numpy()
        out["n_titled_charge"] = merged["charge"].fillna(0).astype("int64").to_numpy()


def _add_roles(out: pd.DataFrame, by: str) -> None:
    """The role guess of `signer_tenures` (columns role, role_from of `out`)."""
    origin_text = out[by].astype(str)
    consulate = origin_text.str.contains(r"\bConsulate\b|\bConsul\b", case=False, regex=True)
    by_title_chief = (out["n_titled_chief"] > out["n_titled_charge"])
    by_title_charge = (out["n_titled_charge"] >= out["n_titled_chief"]) & (out["n_titled_charge"] > 0)
    long_enough = (out["last"] - out["first"]) >= pd.Timedelta(days=90)
    dominant = (out["signed_share"] >= 0.5) & (out["n_cables"] >= 3) & long_enough & ~_nested(out, by)
    role = np.select(
        [by_title_chief & ~consulate, by_title_charge & ~consulate,
         dominant & consulate, dominant, out["n_cables"] >= 3],
        ["chief of mission", "chargé", "principal officer", "chief of mission", "chargé"],
        default="other")
    role = np.where(consulate & ~dominant, "other", role)
    # Washington's cables are signed by the Secretary of State: no chief of mission there
    washington = origin_text.str.contains(r"^(?:Secretary of State|Department of State|SECSTATE)",
                                          case=False, regex=True)
    role = np.where(washington, "other", role)
    out["role"] = role
    out["role_from"] = np.where((by_title_chief | by_title_charge) & ~consulate, "classified by", "share")


# --------------------------------------------------------------------------- chiefs of mission
_CHIEF_COLUMNS = {
    "surname": ("surname", "last_name", "lastname", "family_name"),
    "full_name": ("full_name", "name", "chief", "person"),
    "start": ("started", "start", "start_date", "credentials", "from"),
    "appointed": ("appointed", "appointment"),
    "end": ("ended", "end", "end_date", "to", "until"),
    "fips": ("fips",),
    "iso2": ("iso2", "iso_2", "alpha2", "country_code"),
    "mission_id": ("mission_id", "mission", "post"),
    "country": ("country", "contemporary_territory_name", "mission_name", "territory"),
}


def _pick(columns: list[str], names: tuple[str, ...]) -> str | None:
    lower = {c.lower(): c for c in columns}
    for n in names:
        if n in lower:
            return lower[n]
    return None


def _partial_date(values: pd.Series) -> pd.Series:
    """'2007-08-20', '1979-02' or '1923' -> Timestamp (first day of the month/year)."""
    s = values.astype("string").str.strip()
    s = s.where(~s.str.fullmatch(r"\d{4}"), s + "-01-01")
    s = s.where(~s.str.fullmatch(r"\d{4}-\d{2}"), s + "-01")
    return pd.to_datetime(s, errors="coerce", format="mixed")


def read_chiefs_of_mission(path: str | Path) -> pd.DataFrame:
    """Read a chiefs-of-mission table (the Office of the Historian's POCOM data,
    e.g. ``shared/refdata/chiefs_of_mission.csv``) into a normalised frame.

    Columns it needs (case-insensitive; first alias found wins):
      - a key for the post: ``fips`` (FIPS 10-4) and/or ``iso2``, or
        ``mission_id`` (POCOM's, e.g. "vietnam", "representative-to-un");
        ``country`` / ``mission_name`` is kept for display;
      - the person: ``surname`` (or ``last_name``), else ``full_name``/``name``
        whose last word (not JR/III) is taken;
      - dates: ``started`` / ``start`` (credentials presented), falling back to
        ``appointed`` where empty; ``ended`` / ``end``. Partial dates
        ("1979-02", "1923") are read as the first day.
    Rows with ``list == "other-nominees"`` (nominated, never served) are dropped.

    Returns chief_id, mission_id, mission_kind, country, fips, iso2, full_name,
    surname, role_title, start, end, start_source ("started"/"appointed").

    >>> import io
    >>> csv = io.StringIO("fips,full_name,started,ended\\nVM,\\"Michael W. Marine\\",2004-09-27,2007-06-17\\n")
    >>> read_chiefs_of_mission(csv)[["fips", "surname", "start"]].values.tolist()
    [['VM', 'Marine', Timestamp('2004-09-27 00:00:00')]]
    """
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    cols = list(raw.columns)
    if "list" in raw.columns:
        raw = raw[raw["list"].fillna("chiefs") != "other-nominees"]
    pick = {k: _pick(cols, v) for k, v in _CHIEF_COLUMNS.items()}
    if pick["surname"] is None and pick["full_name"] is None:
        raise ValueError(f"{path}: no surname/name column (need one of surname, full_name, name)")
    if pick["start"] is None and pick["appointed"] is None:
        raise ValueError(f"{path}: no start column (need started/start or appointed)")
    if not any(pick[k] for k in ("fips", "iso2", "mission_id")):
        raise ValueError(f"{path}: no post key column (need fips, iso2 or mission_id)")

    def col(k: str) -> pd.Series:
        c = pick[k]
        return raw[c] if c is not None else pd.Series(pd.NA, index=raw.index, dtype="string")

    full = col("full_name").astype("string")
    surname = col("surname").astype("string")
    from_full = full.map(lambda n: _name_surname(n) if isinstance(n, str) else pd.NA)
    surname = surname.fillna(from_full.astype("string"))
    started = _partial_date(col("start"))
    appointed = _partial_date(col("appointed"))
    start = started.fillna(appointed)
    out = pd.DataFrame({
        "chief_id": raw["chief_id"] if "chief_id" in raw else pd.Series(range(len(raw)), index=raw.index).astype(str),
        "mission_id": col("mission_id"),
        "mission_kind": raw["mission_kind"] if "mission_kind" in raw else "country",
        "country": col("country"),
        "fips": col("fips"),
        "iso2": col("iso2"),
        "full_name": full.fillna(surname),
        "surname": surname,
        "role_title": raw["role_title"] if "role_title" in raw else pd.NA,
        "start": start,
        "end": _partial_date(col("end")),
        "start_source": np.where(started.notna(), "started", np.where(appointed.notna(), "appointed", None)),
    })
    for c in out.columns:
        if c not in ("start", "end"):
            out[c] = out[c].astype("string")
    return out.reset_index(drop=True)


#: The package's own chiefs-of-mission table: every ambassador, chargé and representative whose
#: tenure overlaps 1960-2011, as facts from the Office of the Historian's public-domain list of
#: Principal Officers and Chiefs of Mission (POCOM); checked against it in tests/test_senders.py.
CHIEFS_FILE = Path(__file__).resolve().parent / "refdata" / "chiefs.csv"


@lru_cache(maxsize=1)
def _official_chiefs() -> pd.DataFrame:
    return read_chiefs_of_mission(CHIEFS_FILE)


def official_chiefs() -> pd.DataFrame:
    """The package's chiefs of mission of the cable era (1960-2011), as `read_chiefs_of_mission` reads them.

    >>> chiefs = official_chiefs()
    >>> chiefs.loc[chiefs["surname"] == "Michalak", ["fips", "start"]].values.tolist()
    [['VM', Timestamp('2007-08-20 00:00:00')]]
    """
    return _official_chiefs().copy()


def _name_surname(name: str) -> str:
    """'Raymond F. Burghardt, Jr.' -> 'Burghardt'."""
    words = [w for w in re.split(r"[\s,]+", name.strip()) if w]
    while words and surname_key(words[-1]) == "":
        words.pop()
    return words[-1] if words else name


# --------------------------------------------------------------------------- comparison
def _post_missions(posts: pd.DataFrame, stations: pd.DataFrame | None, by: str) -> pd.DataFrame:
    """Map each post (one row per `by` value, with station/country when known)
    to the keys a chiefs table can be joined on: fips, iso2, mission_id.
    Only embassies (and missions to organisations) are led by chiefs of mission."""
    posts = posts.copy()
    posts["post_type"] = pd.NA
    posts["fips"] = pd.NA
    posts["iso2"] = pd.NA
    if stations is None:
        try:
            from cabletools.refdata import station_table  # written by another module
            stations = station_table()
        except Exception:  # noqa: BLE001 - the table is optional; fall back below
            stations = None
    station_of_origin = pd.Series(pd.NA, index=posts.index, dtype=object)
    if stations is not None and len(stations):
        st = stations.copy()
        # The post's own label first: posts sharing an id series (USEU Brussels numbers cables
        # as BRUSSELS, the embassy's station) differ by origin, not by station.
        for key in dict.fromkeys((by, "station")):
            if key in posts.columns and key in st.columns:
                m = st.drop_duplicates(key).set_index(key)
                for c in ("post_type", "fips", "iso2"):
                    if c in m.columns:
                        posts[c] = posts[c].fillna(posts[key].map(m[c]))
        if by in posts.columns and by != "station" and {"station", by} <= set(st.columns):
            station_of_origin = posts[by].map(st.drop_duplicates(by).set_index(by)["station"])
    # Fallback: the origin's wording and pycountry for the country.
    text = posts[by].astype(str)
    guess_type = np.where(text.str.match(r"(?i)embassy\b"), "embassy",
                          np.where(text.str.match(r"(?i)consulate\b"), "consulate", pd.NA))
    posts["post_type"] = posts["post_type"].fillna(pd.Series(guess_type, index=posts.index))
    if "country" in posts.columns:
        posts["iso2"] = posts["iso2"].fillna(posts["country"].map(_country_iso2))
    org = station_of_origin.map(ORGANIZATION_MISSIONS)
    if "station" in posts.columns:
        org = org.fillna(posts["station"].map(ORGANIZATION_MISSIONS))
    posts["mission_id"] = org
    embassy = posts["post_type"].astype("string").str.lower().str.contains("embassy").fillna(False)
    posts.loc[~embassy | org.notna(), ["fips", "iso2"]] = pd.NA
    return posts


@lru_cache(maxsize=1024)
def _country_iso2(name: object) -> object:
    if not isinstance(name, str) or not name:
        return pd.NA
    import pycountry

    try:
        return pycountry.countries.lookup(name).alpha_2
    except LookupError:
        try:
            hits = pycountry.countries.search_fuzzy(name)
            return hits[0].alpha_2 if hits else pd.NA
        except LookupError:
            return pd.NA


def compare_tenures(tenures: pd.DataFrame, chiefs: pd.DataFrame | None = None, cables: pd.DataFrame | None = None,
                    *, stations: pd.DataFrame | None = None, by: str = "origin",
                    threshold: float = 85.0, slack_days: int = 120) -> pd.DataFrame:
    """Match inferred signer tenures to official chiefs of mission.

    `tenures` from `signer_tenures`, `chiefs` from `read_chiefs_of_mission` (None: the package's
    own table, `official_chiefs()`).
    A missing official end is taken as the successor's start at the same
    mission (POCOM lacks many older end dates); only the last chief stays open.
    A post is joined to a chief through its country (FIPS, else ISO 3166
    alpha-2) when it is an embassy, or through `ORGANIZATION_MISSIONS` for
    missions to international organisations; consulates are never led by a
    chief of mission. The post -> country table is `stations` (columns station
    and/or origin, post_type, fips, iso2), by default
    `cabletools.refdata.station_table()`; without it the origin's wording
    ("Embassy …") and the tenures' `country` are used.

    Chiefs in scope: those whose official tenure overlaps the post's cables.
    For each, the best signer at the post whose inferred tenure overlaps the
    official one (± `slack_days`) and whose surname scores >= `threshold` in
    `surname_similarity` is the match (ties: the longer overlap, then more
    cables).

    Returns one row per chief in scope plus one per unmatched signer tenure,
    `status` ∈ {"matched", "unmatched chief", "unmatched signer"}; columns
    chief_id, full_name, surname, origin, official_start, official_end, signer,
    role, score, inferred_first, inferred_last, start_diff_days (inferred first
    − official start), end_diff_days (inferred last − official end), n_signed
    (cables the signer signed at the post), post_cables_in_tenure (the post's
    cables dated in the official tenure; needs `cables`).
    """
    if not len(tenures):
        return pd.DataFrame(columns=COMPARE_COLUMNS)
    if chiefs is None:
        chiefs = official_chiefs()
    posts = _posts_with_span(tenures, cables, stations, by)
    chief_posts = _chiefs_in_scope(posts, _chiefs_with_ends(chiefs), by)
    tn = tenures.reset_index(drop=True).assign(_tid=lambda t: np.arange(len(t)))
    best = _best_signers(chief_posts, tn, by, threshold, slack_days)
    out, used = _chief_rows(chief_posts, best, tn, cables, by)
    unmatched = _unmatched_signers(tn, used, set(chief_posts[by]), by)
    result = pd.concat([out, unmatched], ignore_index=True)
    result = result.sort_values([by, "official_start", "inferred_first"], na_position="last",
                                kind="stable").reset_index(drop=True)
    return result[COMPARE_COLUMNS if by == "origin" else [c if c != "origin" else by for c in COMPARE_COLUMNS]]


def _posts_with_span(tenures: pd.DataFrame, cables: pd.DataFrame | None, stations, by: str) -> pd.DataFrame:
    """One row per post of `tenures` with its mission keys (fips, iso2, mission_id) and the
    period its cables cover (min, max: from `cables`, else from the tenures)."""
    post_cols = list(dict.fromkeys(c for c in (by, "station", "country") if c in tenures.columns))
    posts = tenures[post_cols].drop_duplicates(by).reset_index(drop=True)
    posts = _post_missions(posts, stations, by)
    if cables is not None:
        dated = _dated(cables)
        span = dated.groupby(dated[by].astype(object))["date"].agg(["min", "max"])
    else:
        span = tenures.assign(_o=tenures[by].astype(object)).groupby("_o").agg(min=("first", "min"), max=("last", "max"))
    return posts.join(span, on=by)


def _chiefs_with_ends(chiefs: pd.DataFrame) -> pd.DataFrame:
    """`chiefs` with official_end (a missing end: the successor's start at the same mission) and
    official_end_open (still open: 2100-01-01). A missing end means "still serving" only for the
    mission's last chief; POCOM lacks many pre-1950 end dates."""
    ch = chiefs.sort_values(["mission_id", "start"], kind="stable")
    successor = ch.groupby("mission_id", sort=False, dropna=False)["start"].shift(-1)
    ch = ch.assign(official_end=ch["end"].fillna(successor))
    ch["official_end_open"] = ch["official_end"].fillna(pd.Timestamp("2100-01-01"))
    return ch


def _chiefs_in_scope(posts: pd.DataFrame, ch: pd.DataFrame, by: str) -> pd.DataFrame:
    """(chief, post) pairs joined on FIPS, ISO or mission id whose official tenure overlaps the
    post's cables."""
    pairs = []
    for key in ("fips", "iso2", "mission_id"):
        if key not in ch.columns:
            continue
        p = posts[posts[key].notna()]
        if not len(p):
            continue
        c = ch[ch[key].notna()]
        pairs.append(p.merge(c, on=key, suffixes=("", "_chief")))
    if not pairs:  # no post maps to a mission: no chief is in scope
        pairs = [posts.iloc[:0].merge(ch.iloc[:0], how="cross", suffixes=("", "_chief"))]
    chief_posts = pd.concat(pairs, ignore_index=True).drop_duplicates(["chief_id", by])
    in_scope = (_naive(chief_posts["start"]) <= _naive(chief_posts["max"])) & \
               (_naive(chief_posts["official_end_open"]) >= _naive(chief_posts["min"]))
    return chief_posts[in_scope.fillna(False)].reset_index(drop=True)


def _best_signers(chief_posts: pd.DataFrame, tn: pd.DataFrame, by: str, threshold: float,
                  slack_days: int) -> pd.DataFrame:
    """Per chief (index chief_id): the tenure `_tid` and `score` of the best signer at the post whose
    tenure overlaps the official one (± slack) with a surname scoring >= threshold (ties: the
    longer overlap, then more cables)."""
    naive = _naive
    cand = chief_posts[[by, "chief_id", "surname", "start", "official_end_open"]].merge(
        tn[[by, "_tid", "signer", "first", "last", "n_cables"]], on=by)
    slack = pd.Timedelta(days=slack_days)
    overlap = (naive(cand["first"]) <= naive(cand["official_end_open"]) + slack) & \
              (naive(cand["last"]) >= naive(cand["start"]) - slack)
    cand = cand[overlap.fillna(False)]
    if not len(cand):
        return cand.set_index("chief_id")[["_tid"]].assign(score=np.nan)  # empty, keys typed as the chiefs'
    uniq = cand[["surname", "signer"]].drop_duplicates()
    uniq["score"] = [surname_similarity(a, b) for a, b in zip(uniq["surname"], uniq["signer"])]
    cand = cand.merge(uniq, on=["surname", "signer"])
    cand = cand[cand["score"] >= threshold]
    cand["_overlap"] = (np.minimum(naive(cand["last"]), naive(cand["official_end_open"]))
                        - np.maximum(naive(cand["first"]), naive(cand["start"]))).dt.days
    cand = cand.sort_values(["chief_id", "score", "_overlap", "n_cables"], ascending=[True, False, False, False],
                            kind="stable")
    return cand.drop_duplicates("chief_id").set_index("chief_id")


def _chief_rows(chief_posts: pd.DataFrame, best: pd.DataFrame, tn: pd.DataFrame, cables: pd.DataFrame | None,
                by: str) -> tuple[pd.DataFrame, set]:
    """One row per chief in scope ("matched" or "unmatched chief"), and the `_tid`s matched."""
    naive = _naive
    rows = chief_posts.join(best[["_tid", "score"]], on="chief_id")
    # a chief mapped to several posts (rare) keeps the matched one, else the first
    rows = (rows.sort_values(["chief_id", "score"], na_position="last", kind="stable")
            .drop_duplicates("chief_id").reset_index(drop=True))
    matched_t = tn.set_index("_tid")
    tid = rows["_tid"]
    has = tid.notna()

    def matched(column: str) -> pd.Series:
        return pd.Series(matched_t[column].reindex(tid[has].astype(int)).to_numpy(), index=tid[has].index)

    out = pd.DataFrame({
        "status": np.where(has, "matched", "unmatched chief"),
        "chief_id": rows["chief_id"],
        "full_name": rows["full_name"],
        "surname": rows["surname"],
        by: rows[by],
        "official_start": naive(rows["start"]),
        "official_end": naive(rows["official_end"]),
        "signer": matched("signer"),
        "role": matched("role") if "role" in matched_t else pd.NA,
        "score": rows["score"],
        "inferred_first": naive(matched("first")),
        "inferred_last": naive(matched("last")),
        "n_signed": matched("n_cables"),
    })
    out["start_diff_days"] = (out["inferred_first"] - out["official_start"]).dt.days
    out["end_diff_days"] = (out["inferred_last"] - out["official_end"]).dt.days
    if cables is not None:
        dated = _dated(cables)
        out["post_cables_in_tenure"] = _window_counts(
            dated[by].astype(object), dated["date"], out[by].astype(object),
            out["official_start"].dt.tz_localize("UTC"),
            out["official_end"].fillna(pd.Timestamp("2100-01-01")).dt.tz_localize("UTC")).astype("int64")
    else:
        out["post_cables_in_tenure"] = pd.NA
    return out, set(tid[has].astype(int))


def _unmatched_signers(tn: pd.DataFrame, used: set, scoped_posts: set, by: str) -> pd.DataFrame:
    """The signer tenures matched to no chief, at posts that have chiefs in scope."""
    um = tn[~tn["_tid"].isin(used) & tn[by].isin(scoped_posts)]
    return pd.DataFrame({
        "status": "unmatched signer",
        by: um[by].to_numpy(),
        "signer": um["signer"].to_numpy(),
        "role": um["role"].to_numpy() if "role" in um else pd.NA,
        "inferred_first": _naive(um["first"]).to_numpy(),
        "inferred_last": _naive(um["last"]).to_numpy(),
        "n_signed": um["n_cables"].to_numpy(),
    })


COMPARE_COLUMNS = ["status", "chief_id", "full_name", "surname", "origin", "official_start", "official_end",
                    "signer", "role", "score", "inferred_first", "inferred_last", "start_diff_days",
                    "end_diff_days", "n_signed", "post_cables_in_tenure"]


def _naive(s: pd.Series) -> pd.Series:
    """Timestamps as naive UTC (chiefs' dates are naive, cable dates UTC-aware)."""
    s = pd.to_datetime(s)
    return s.dt.tz_convert(None) if getattr(s.dt, "tz", None) is not None else s


# --------------------------------------------------------------------------- tables and sentences the notebooks show
# (moved from cabletools.plots.senders: figures draw these, the notebooks print them)
def busiest_posts(df: pd.DataFrame, by: str, top: int | None, posts=None) -> list:
    """`posts` as given, else the `top` (None: all) values of `by` with the most dated cables.

    >>> busiest_posts(pd.DataFrame({"origin": ["A", "B", "B"], "date": pd.Timestamp("2008-01-01")}), "origin", 1)
    ['B']
    """
    if posts is not None:
        return list(posts)
    counts = df.loc[df["date"].notna(), by].value_counts()
    return list(counts.index[:top] if top else counts.index)


def volume_heatmap_data(df: pd.DataFrame, top: int = 20, by: str = "origin", freq: str = "MS",
                        posts=None) -> pd.DataFrame:
    """What `plot_volume_heatmap` draws: the `sender_volume(..., wide=True)`
    pivot (periods x posts) of the `top` busiest posts, busiest first, or of
    `posts` in the order given (a post without cables is a column of zeros).

    >>> df = pd.DataFrame({"origin": ["A", "B", "B"],
    ...     "date": pd.to_datetime(["2008-01-05", "2008-01-07", "2008-02-01"], utc=True)})
    >>> volume_heatmap_data(df, top=2).to_dict("list")
    {'B': [1, 1], 'A': [1, 0]}
    """
    rows = busiest_posts(df, by, top, posts)
    wide = sender_volume(df[df[by].isin(rows)], by=by, freq=freq, wide=True)
    return wide.reindex(columns=rows, fill_value=0)


def chiefs_of_top_posts(df: pd.DataFrame, tenures: pd.DataFrame, top: int = 5, by: str = "origin") -> str:
    """Plain text: the `top` posts by number of dated cables (most first, ties by
    name), each with its span and the signers `signer_tenures` guessed to be
    its chief of mission (principal officer at a consulate), in order of their
    first signed cable, with first and last date and cables signed.

    >>> df = pd.DataFrame({"origin": ["Embassy X"] * 4,
    ...     "date": pd.to_datetime(["2008-01-01", "2008-03-01", "2008-05-01", "2008-07-01"], utc=True),
    ...     "signer": ["SMITH"] * 4})
    >>> from cabletools.senders import signer_tenures
    >>> print(chiefs_of_top_posts(df, signer_tenures(df)))
    Embassy X: 4 cables, 2008-01-01 to 2008-07-01
      chief of mission SMITH 2008-01-01 to 2008-07-01 (4 signed)
    """
    dated = df[df["date"].notna()]
    counts = dated[by].astype(object).value_counts()
    order = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[:top]
    lines = []
    heads = tenures[tenures["role"].isin(["chief of mission", "principal officer"])]
    for post, n in order:
        dates = dated.loc[dated[by] == post, "date"]
        lines.append(f"{post}: {counted(n, 'cable')}, {dates.min():%Y-%m-%d} to {dates.max():%Y-%m-%d}")
        rows = heads[heads[by] == post].sort_values(["first", "signer"], kind="stable")
        if not len(rows):
            lines.append("  no signer taken for a chief of mission")
        for r in rows.itertuples():
            lines.append(f"  {r.role} {r.signer} {r.first:%Y-%m-%d} to {r.last:%Y-%m-%d} ({r.n_cables:,} signed)")
    return "\n".join(lines)


def comparison_summary(comparison: pd.DataFrame, min_cables: int = 10) -> str:
    """Plain text: how many official chiefs of mission a `compare_tenures`
    result holds, how many had at least `min_cables` of their post's cables
    dated in their tenure, the share of those matched to a signer, the median
    number of days from the official start to the first cable the matched
    signer signed, and how many inferred tenures matched no chief.

    >>> cmp = pd.DataFrame({"status": ["matched", "unmatched chief", "unmatched signer"],
    ...     "chief_id": ["a", "b", None], "post_cables_in_tenure": [12, 10, None],
    ...     "start_diff_days": [30.0, None, None]})
    >>> print(comparison_summary(cmp))
    chiefs of mission in the corpus's span: 2
    with >= 10 of their post's cables in tenure: 2, matched to a signer: 1 (50.0%)
    median days from official start to first signed cable (matched, >= 10 cables): 30
    inferred tenures matching no chief: 1
    """
    if not len(comparison):
        return "no comparison: no chiefs-of-mission table"
    chiefs = comparison[comparison["chief_id"].notna()]
    busy = chiefs[pd.to_numeric(chiefs["post_cables_in_tenure"], errors="coerce") >= min_cables]
    matched = busy[busy["status"] == "matched"]
    rate = f"{len(matched) / len(busy):.1%}" if len(busy) else "n/a"
    median = matched["start_diff_days"].median()
    median = "n/a" if pd.isna(median) else f"{median:g}"
    return "\n".join([
        f"chiefs of mission in the corpus's span: {len(chiefs):,}",
        f"with >= {min_cables} of their post's cables in tenure: {len(busy):,}, "
        f"matched to a signer: {len(matched):,} ({rate})",
        f"median days from official start to first signed cable (matched, >= {min_cables} cables): {median}",
        f"inferred tenures matching no chief: {int((comparison['status'] == 'unmatched signer').sum()):,}",
    ])


def busiest_post_with_chiefs(tenures: pd.DataFrame, by: str = "origin") -> str | None:
    """The post whose signers guessed to be chiefs of mission signed the most
    cables (ties: the first by name): a post worth looking at in detail.

    >>> t = pd.DataFrame({"origin": ["A", "A", "B"], "role": ["chief of mission", "chargé", "chief of mission"],
    ...     "n_cables": [5, 20, 6]})
    >>> busiest_post_with_chiefs(t)
    'B'
    """
    heads = tenures[tenures["role"] == "chief of mission"]
    if not len(heads):
        return None
    totals = heads.groupby(heads[by].astype(object))["n_cables"].sum()
    return sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def recent_period(df: pd.DataFrame, years: int = 3) -> tuple:
    """The last `years` calendar years of the corpus, as (first day, last
    cable's day) `datetime.date`s: a period that holds cables on any corpus.

    >>> df = pd.DataFrame({"date": pd.to_datetime(["1999-05-01 08:00", "2010-02-09 13:00"], utc=True)})
    >>> [str(d) for d in recent_period(df)]
    ['2008-01-01', '2010-02-09']
    """
    import datetime

    last = df["date"].dropna().max()
    if pd.isna(last):
        return (None, None)
    return (datetime.date(last.year - years + 1, 1, 1), last.date())
