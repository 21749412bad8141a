"""Line stances up: country × issue matrices, countries side by side, and scores against gold.

An **issue** is what a column of a matrix stands for. Three kinds:

* a **topic** — ``columns="topic"`` (the default): the ``issue`` column of the stances when they
  have one, else :func:`cabletools.stance.issues.assign_issues` (the stance's target, then its
  cable's TAGS and subject line, never a country's own name; ``"other"`` when nothing fits),
  computed once per call; ``topics={"name": "regex"}`` uses your own topics instead;
* a **TAG** — the cable's TAGS (``columns="tags"``, or ``issue="PHUM"`` to keep one tag): needs the
  cable DataFrame (``cables=``) to know each cable's tags;
* a **keyword query** — ``issue="cuba|havana"``: a regular expression (case-insensitive) searched in
  each stance's target and evidence.

Any other column of the stances (``"target"``, ``"actor"``) or of the cables (``"year"``,
``"origin"``, ``"date"``) can be an index or a column as well.

**Counting** is done here, once, for every table and figure (:func:`stance_counts`), in one of two
units:

* ``unit="stance"`` — every stance row counts;
* ``unit="cable"`` — a cable counts once per cell, with its **net position** there: support when
  it reports more supporting than opposing stances of that country on that issue, oppose when
  more opposing, neutral otherwise (only neutral stances, or as many of each).

``net`` = (support − oppose) / n; ``net_shrunk`` = (support − oppose) / (n + :data:`SHRINK`) pulls
cells with little evidence toward neutral (one supporting cable: +0.33; ten: +0.83), which is
what the figures colour. Stances of non-state actors (``actor_type == "non-state"``, when the
column exists) are left out unless ``include_non_state=True``.

>>> import pandas as pd
>>> st = pd.DataFrame({"cable_id": ["A", "A", "B"], "para": [1, 2, 1],
...     "actor_country": ["Vietnam", "Vietnam", "Costa Rica"], "target": ["the Cuba resolution"] * 3,
...     "stance": ["oppose", "neutral", "support"], "evidence": ["", "", ""]})
>>> stance_matrix(st, columns="topic").round(2).to_dict()
{'Cuba': {'Costa Rica': 1.0, 'Vietnam': -0.5}}
>>> stance_matrix(st, columns="topic", unit="cable").round(2).to_dict()
{'Cuba': {'Costa Rica': 1.0, 'Vietnam': -1.0}}
"""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from cabletools.stance.extract import STANCE_LABELS
from cabletools.stance.issues import ISSUES, TOPICS, assign_issues

__all__ = ["TOPICS", "ISSUES", "SHRINK", "UNITS", "assign_issues", "issue_labels", "drop_non_state",
           "stance_counts", "stance_matrix", "compare_stances", "read_stance_gold", "evaluate_stances"]

#: Pseudo-count of :func:`stance_counts`' ``net_shrunk``: (support − oppose) / (n + SHRINK).
SHRINK = 2
#: What a count counts: cables (each once per cell, with its net position) or stance rows.
UNITS = ("cable", "stance")
#: Columns of :func:`stance_counts` after the two keys.
COUNT_COLUMNS = [*STANCE_LABELS, "n", "n_cables", "net", "net_shrunk"]


def _year_frame(cables: pd.DataFrame | None) -> pd.DataFrame | None:
    if cables is None:
        return None
    out = cables.copy()
    if "date" in out.columns and "year" not in out.columns:
        out["year"] = pd.to_datetime(out["date"], utc=True, errors="coerce").dt.year.astype("Int64")
    return out


def drop_non_state(stances: pd.DataFrame, include_non_state: bool = False) -> pd.DataFrame:
    """`stances` without the rows of non-state actors (``actor_type == "non-state"``), unless
    `include_non_state`; unchanged when there is no ``actor_type`` column.

    >>> st = pd.DataFrame({"actor_type": ["government", "non-state", None]})
    >>> len(drop_non_state(st)), len(drop_non_state(st, include_non_state=True))
    (2, 3)
    """
    if include_non_state or "actor_type" not in stances.columns:
        return stances
    return stances[(stances["actor_type"] != "non-state").to_numpy(dtype=bool)]


def _cable_tags(cables: pd.DataFrame) -> pd.DataFrame:
    """One row per (cable_id, TAG) as ``cable_id``, ``issue``: a cable read twice, or a TAG written
    twice in its TAGS line, still counts once; cables without TAGS have no row.

    >>> _cable_tags(pd.DataFrame({"cable_id": ["A", "A", "B"], "tags": [["PHUM", "PHUM"], ["PHUM"], None]}))
      cable_id issue
    0        A  PHUM
    """
    lists = [list(t) if isinstance(t, (list, tuple, np.ndarray)) else [] for t in cables["tags"]]
    pairs = pd.DataFrame({"cable_id": cables["cable_id"].to_numpy(), "issue": lists}).explode("issue")
    return pairs.dropna().drop_duplicates().reset_index(drop=True)


def issue_labels(stances: pd.DataFrame, *, columns: str = "topic", issue: str | None = None,
                 cables: pd.DataFrame | None = None, topics: dict[str, str] | None = None) -> pd.DataFrame:
    """`stances` with one ``issue`` column (rows repeat when a cable has several TAGS).

    `issue` narrows to one TAG (an upper-case code such as ``"PHUM"``) or one keyword query. With
    ``columns="topic"`` an existing ``issue`` column is kept (unless `topics` is given), else
    :func:`assign_issues` fills it.
    """
    st = stances.copy()
    if issue is not None:
        if re.fullmatch(r"[A-Z]{2,6}", issue):
            if cables is None:
                raise ValueError(f"issue {issue!r} is a TAG: pass cables= to know each cable's tags")
            tagged = _cable_tags(cables)
            keep = st["cable_id"].isin(tagged.loc[tagged["issue"] == issue, "cable_id"])
        else:
            text = (st.get("target", pd.Series("", index=st.index)).fillna("").astype(str) + " "
                    + st.get("evidence", pd.Series("", index=st.index)).fillna("").astype(str))
            keep = text.str.contains(issue, case=False, regex=True, na=False)
        st = st[keep.to_numpy(dtype=bool)]
    if columns == "topic":
        if "issue" not in st.columns or topics is not None:
            st["issue"] = assign_issues(st, cables, topics=topics)
    elif columns == "tags":
        if cables is None:
            raise ValueError('columns="tags" needs cables= to know each cable\'s tags')
        st = st.drop(columns=["issue"], errors="ignore").merge(_cable_tags(cables), on="cable_id", how="inner")
    elif columns in st.columns:
        st["issue"] = st[columns]
    else:
        meta = _year_frame(cables)
        if meta is None or columns not in meta.columns:
            raise ValueError(f"unknown column {columns!r}: not in the stances, and no cables= holding it")
        meta = meta[["cable_id", columns]].drop_duplicates("cable_id").rename(columns={columns: "issue"})
        st = st.drop(columns=["issue"], errors="ignore").merge(meta, on="cable_id", how="left")
    return st


def _tally(st: pd.DataFrame, keys: list[str], unit: str) -> pd.DataFrame:
    """support / oppose / neutral / n / n_cables / net / net_shrunk per group of `keys`."""
    if unit not in UNITS:
        raise ValueError(f"unit must be 'cable' or 'stance', not {unit!r}")
    if st.empty:
        return pd.DataFrame(columns=[*keys, *COUNT_COLUMNS])
    rows = st[[*keys, "cable_id", "stance"]]
    if unit == "cable":  # one row per cable and cell, with the cable's net position there
        signed = rows["stance"].map({"support": 1, "oppose": -1}).fillna(0).astype(np.int64)
        net = signed.groupby([rows[k] for k in [*keys, "cable_id"]], observed=True, dropna=True).sum()
        rows = net.rename("stance").reset_index()
        rows["stance"] = np.select([rows["stance"] > 0, rows["stance"] < 0], ["support", "oppose"], "neutral")
    counts = (rows.groupby([*keys, "stance"], observed=True).size().unstack("stance", fill_value=0)
              .reindex(columns=list(STANCE_LABELS), fill_value=0).astype(np.int64))
    counts.columns.name = None
    counts["n"] = counts[list(STANCE_LABELS)].sum(axis=1).astype(np.int64)
    counts["n_cables"] = st.groupby(keys, observed=True)["cable_id"].nunique().reindex(counts.index) \
        .astype(np.int64)
    balance = counts["support"] - counts["oppose"]
    counts["net"] = balance / counts["n"]
    counts["net_shrunk"] = balance / (counts["n"] + SHRINK)
    return counts.reset_index()


def stance_counts(stances: pd.DataFrame, *, index: str = "actor_country", columns: str = "topic",
                  issue: str | None = None, cables: pd.DataFrame | None = None,
                  topics: dict[str, str] | None = None, min_score: float = 0.0, unit: str = "stance",
                  include_non_state: bool = False) -> pd.DataFrame:
    """Long table: one row per (index, issue) with support / oppose / neutral counts, n, n_cables,
    net and net_shrunk — the counts every stance table and figure shows.

    ``unit="stance"`` counts stance rows, ``unit="cable"`` cables (each once per cell, with its
    net position there: see the module docstring). ``net`` = (support − oppose) / n, from −1 (all
    oppose) to +1 (all support); ``net_shrunk`` = (support − oppose) / (n + SHRINK).

    >>> st = pd.DataFrame({"cable_id": ["A", "A", "B"], "actor_country": ["Peru"] * 3,
    ...     "target": ["Iran"] * 3, "stance": ["support", "support", "oppose"]})
    >>> stance_counts(st, unit="cable")[["issue", "support", "oppose", "n", "net", "net_shrunk"]].values.tolist()
    [['Iran', 1, 1, 2, 0.0, 0.0]]
    >>> stance_counts(st)[["support", "oppose", "n", "net_shrunk"]].to_dict("records")
    [{'support': 2, 'oppose': 1, 'n': 3, 'net_shrunk': 0.2}]
    """
    st = drop_non_state(stances, include_non_state)
    if min_score and "score" in st.columns:
        st = st[st["score"] >= min_score]
    st = issue_labels(st, columns=columns, issue=issue, cables=cables, topics=topics)
    if index not in st.columns:
        meta = _year_frame(cables)
        if meta is None or index not in meta.columns:
            raise ValueError(f"unknown index {index!r}")
        st = st.merge(meta[["cable_id", index]].drop_duplicates("cable_id"), on="cable_id", how="left")
    st = st.dropna(subset=[index, "issue"])
    return _tally(st, [index, "issue"], unit)


def stance_matrix(stances: pd.DataFrame, index: str = "actor_country", columns: str = "topic", *,
                  issue: str | None = None, cables: pd.DataFrame | None = None,
                  topics: dict[str, str] | None = None, value: str = "net", min_count: int = 1,
                  min_score: float = 0.0, unit: str = "stance", include_non_state: bool = False) -> pd.DataFrame:
    """A country × issue matrix of positions (``value="net"``, −1 … +1) or counts.

    `value` is a column of :func:`stance_counts`: ``"net"``, ``"net_shrunk"``, ``"n"``,
    ``"n_cables"``, ``"support"``, ``"oppose"`` or ``"neutral"``; `unit` says what is counted
    (stance rows or cables); cells with n below `min_count` are left empty (NaN).
    See the module docstring for what an issue is.
    """
    long = stance_counts(stances, index=index, columns=columns, issue=issue, cables=cables,
                         topics=topics, min_score=min_score, unit=unit, include_non_state=include_non_state)
    long = long[long["n"] >= min_count]
    mat = long.pivot(index=index, columns="issue", values=value)
    mat.columns.name = None
    mat.index.name = index
    return mat.sort_index()


def _position(row) -> str:
    if row["n"] == 0:
        return ""
    if row["support"] > row["oppose"] and row["support"] >= row["neutral"]:
        return "support"
    if row["oppose"] > row["support"] and row["oppose"] >= row["neutral"]:
        return "oppose"
    if row["support"] == row["oppose"] and row["support"] > row["neutral"]:
        return "mixed"
    return "neutral"


def compare_stances(stances: pd.DataFrame, countries: list[str], *, issue: str | None = None,
                    columns: str = "topic", cables: pd.DataFrame | None = None,
                    topics: dict[str, str] | None = None, evidence: int = 2, unit: str = "stance",
                    include_non_state: bool = False) -> pd.DataFrame:
    """Two or more countries side by side, one row per issue (the most reported first: the largest
    n of these countries together, ties by name), with the evidence behind each cell.

    Per country: ``<country>: position`` (support / oppose / neutral / mixed, by majority of the
    counts of :func:`stance_counts` in `unit`), ``<country>: n`` and ``<country>: evidence`` (the
    strongest `evidence` sentences, those stating the cell's position first, each with its cable and
    paragraph, so a reader can check the cell).
    """
    st = issue_labels(drop_non_state(stances, include_non_state), columns=columns, issue=issue, cables=cables,
                      topics=topics)
    st = st[st["actor_country"].isin(countries)]
    counts = _tally(st.dropna(subset=["issue"]), ["actor_country", "issue"], unit)
    totals = counts.groupby("issue")["n"].sum() if len(counts) else pd.Series(dtype=np.int64)
    issues = [k for k, _ in sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))]
    counts = counts.set_index(["actor_country", "issue"])
    out = pd.DataFrame({"issue": issues})
    if "score" in st.columns:
        st = st.sort_values("score", ascending=False, kind="stable")
    for c in countries:
        pos, ns, evs = [], [], []
        for iss in issues:
            row = counts.loc[(c, iss)] if (c, iss) in counts.index else pd.Series(0, index=COUNT_COLUMNS)
            pos.append(_position(row))
            ns.append(int(row["n"]))
            cell = st[(st["actor_country"] == c) & (st["issue"] == iss)]
            cell = cell.sort_values("stance", key=lambda s: s != pos[-1], kind="stable")  # the position's first
            evs.append(" | ".join(f"[{r.cable_id} ¶{r.para} {r.stance}] {r.evidence}"
                                  for r in cell.head(evidence).itertuples()))
        out[f"{c}: position"] = pos
        out[f"{c}: n"] = ns
        out[f"{c}: evidence"] = evs
    return out


# ------------------------------------------------------------------ evaluation
def read_stance_gold(path: str | Path) -> pd.DataFrame:
    """A gold file in the GUIDELINES format (cable_id, para, actor, actor_country, target, stance, …)."""
    gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    gold["para"] = gold["para"].astype(int)
    return gold


def evaluate_stances(pred: pd.DataFrame, gold: pd.DataFrame, *, labels=STANCE_LABELS) -> pd.DataFrame:
    """Precision, recall and F1 per label at paragraph level, plus micro-average over `labels`.

    A prediction is correct when the gold has the same (cable_id, para, stance); several rows with
    the same triple count once. Only cables present in `gold` are scored; gold ``none`` rows only
    mark paragraphs without a stance.

    >>> g = pd.DataFrame({"cable_id": ["A", "A", "A"], "para": [1, 2, 3], "stance": ["support", "oppose", "none"]})
    >>> p = pd.DataFrame({"cable_id": ["A", "A", "B"], "para": [1, 3, 1], "stance": ["support", "oppose", "oppose"]})
    >>> evaluate_stances(p, g).loc[["support", "oppose", "micro"], ["tp", "fp", "fn", "f1"]].values.tolist()
    [[1.0, 0.0, 0.0, 1.0], [0.0, 1.0, 1.0, 0.0], [1.0, 1.0, 1.0, 0.5]]
    """
    cables = set(gold["cable_id"])
    g = {(c, int(p), s) for c, p, s in zip(gold["cable_id"], gold["para"], gold["stance"]) if s in labels}
    p = {(c, int(q), s) for c, q, s in zip(pred["cable_id"], pred["para"], pred["stance"])
         if s in labels and c in cables}
    rows = {}
    for lab in list(labels) + ["micro"]:
        gg = {x for x in g if lab == "micro" or x[2] == lab}
        pp = {x for x in p if lab == "micro" or x[2] == lab}
        tp = len(gg & pp)
        prec = tp / len(pp) if pp else 0.0
        rec = tp / len(gg) if gg else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        rows[lab] = {"tp": tp, "fp": len(pp) - tp, "fn": len(gg) - tp, "n_gold": len(gg), "n_pred": len(pp),
                     "precision": prec, "recall": rec, "f1": f1}
    return pd.DataFrame.from_dict(rows, orient="index").astype(float)
