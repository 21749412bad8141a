"""Line stances up: country × issue matrices, countries side by side, and scores against gold.

An **issue** is what a column of a matrix stands for. Three kinds:

* a **TAG** — the cable's TAGS (``columns="tags"``, or ``issue="PHUM"`` to keep one tag): needs the
  cable DataFrame (``cables=``) to know each cable's tags;
* a **keyword query** — ``issue="cuba|havana"``: a regular expression (case-insensitive) searched in
  each stance's target and evidence;
* a **topic** — ``columns="topic"``: each stance's target (and evidence) is put under the first
  topic of :data:`TOPICS` whose pattern it matches (or your own ``topics={"name": "regex"}``);
  stances matching none fall under ``"other"``.

Any other column of the stances (``"target"``, ``"actor"``) or of the cables (``"year"``,
``"origin"``, ``"date"``) can be an index or a column as well.

>>> import pandas as pd
>>> st = pd.DataFrame({"cable_id": ["A", "A", "B"], "para": [1, 2, 1],
...     "actor_country": ["Vietnam", "Vietnam", "Costa Rica"], "target": ["the Cuba resolution"] * 3,
...     "stance": ["oppose", "neutral", "support"], "evidence": ["", "", ""]})
>>> stance_matrix(st, columns="topic").round(2).to_dict()
{'Cuba': {'Costa Rica': 1.0, 'Vietnam': -0.5}}
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cabletools.stance.extract import STANCE_LABELS

__all__ = ["TOPICS", "issue_labels", "stance_counts", "stance_matrix", "compare_stances",
           "read_stance_gold", "evaluate_stances"]

#: Topic groupings of targets: name -> regular expression (case-insensitive), first match wins.
#: Written for the issues US demarches of 1990–2010 raise most; extend or replace with ``topics=``.
TOPICS: dict[str, str] = {
    "Georgia/Russia": r"abkhaz|ossetia|georgia|saakashvili|sarkozy plan|six-point",
    "Kosovo": r"kosovo",
    "Iran": r"\biran|tehran|iaea board",
    "North Korea": r"\bdprk\b|north korea|pyongyang|six.party",
    "Burma": r"burma|myanmar|burmese",
    "Cuba": r"\bcuba|havana|castro",
    "Israel/Palestine": r"israel|palestin|gaza|goldstone|middle east|anti-semitism|west bank|hamas|unrwa",
    "Lebanon/Syria": r"lebanon|unifil|hizballah|hezbollah|syria|1559|hariri",
    "Iraq": r"\biraq",
    "Afghanistan": r"afghan|taliban|isaf|\bprt\b",
    "Sudan": r"sudan|darfur|\bgoss\b|\bspla",
    "Terrorism": r"terror|bin laden|al-qa|aqim|1373",
    "Human rights (UN)": r"human rights|third committee|\bhrc\b|rapporteur|no-action|defamation of religion|"
                         r"death penalty|unhrc|unchr",
    "Trafficking": r"traffick|\btip\b",
    "Cloning": r"cloning",
    "ICC": r"\bicc\b|international criminal court|rome treaty|article 98",
    "UN reform/budget": r"security council reform|un reform|unsc reform|un staff|budget|secretariat",
    "Democracy": r"democracy caucus|democra|election",
    "Nonproliferation": r"nuclear|proliferation|manpads|\bnpt\b|safeguards|psi\b|wmd",
    "Trade/economy": r"trade|tariff|investment|wto|doha|financ|economic|ida\b|imf",
    "Military cooperation": r"ship visit|overflight|bases? agreement|troop|peacekeep|military|navy|air force|"
                            r"acsa|cismoa|exercise",
    "US request": r"^us request",
}


def _year_frame(cables: pd.DataFrame | None) -> pd.DataFrame | None:
    if cables is None:
        return None
    out = cables.copy()
    if "date" in out.columns and "year" not in out.columns:
        out["year"] = pd.to_datetime(out["date"], utc=True, errors="coerce").dt.year.astype("Int64")
    return out


def issue_labels(stances: pd.DataFrame, *, columns: str = "topic", issue: str | None = None,
                 cables: pd.DataFrame | None = None, topics: dict[str, str] | None = None) -> pd.DataFrame:
    """`stances` with one ``issue`` column (rows repeat when a cable has several TAGS).

    `issue` narrows to one TAG (an upper-case code such as ``"PHUM"``) or one keyword query.
    """
    st = stances.copy()
    text = (st.get("target", pd.Series("", index=st.index)).fillna("").astype(str) + " "
            + st.get("evidence", pd.Series("", index=st.index)).fillna("").astype(str)).str.lower()
    if issue is not None:
        if re.fullmatch(r"[A-Z]{2,6}", issue):
            if cables is None:
                raise ValueError(f"issue {issue!r} is a TAG: pass cables= to know each cable's tags")
            tagged = {cid for cid, tags in zip(cables["cable_id"], cables["tags"])
                      if tags is not None and issue in list(tags)}
            keep = st["cable_id"].isin(tagged)
        else:
            keep = text.str.contains(issue, case=False, regex=True, na=False)
        st, text = st[keep], text[keep]
    if columns == "topic":
        table = topics if topics is not None else TOPICS
        compiled = [(name, re.compile(rx, re.I)) for name, rx in table.items()]
        st["issue"] = [next((name for name, rx in compiled if rx.search(t)), "other") for t in text]
    elif columns == "tags":
        if cables is None:
            raise ValueError('columns="tags" needs cables= to know each cable\'s tags')
        tags = cables[["cable_id", "tags"]].explode("tags").rename(columns={"tags": "issue"})
        st = st.merge(tags.dropna(), on="cable_id", how="inner")
    elif columns in st.columns:
        st["issue"] = st[columns]
    else:
        meta = _year_frame(cables)
        if meta is None or columns not in meta.columns:
            raise ValueError(f"unknown column {columns!r}: not in the stances, and no cables= holding it")
        st = st.merge(meta[["cable_id", columns]].rename(columns={columns: "issue"}), on="cable_id", how="left")
    return st


def stance_counts(stances: pd.DataFrame, *, index: str = "actor_country", columns: str = "topic",
                  issue: str | None = None, cables: pd.DataFrame | None = None,
                  topics: dict[str, str] | None = None, min_score: float = 0.0) -> pd.DataFrame:
    """Long table: one row per (index, issue) with support / oppose / neutral counts, n and net.

    ``net`` = (support − oppose) / n, from −1 (all oppose) to +1 (all support); each stance row
    counts once (deduplicate the stances first to count cables instead).
    """
    st = stances
    if min_score and "score" in st.columns:
        st = st[st["score"] >= min_score]
    st = issue_labels(st, columns=columns, issue=issue, cables=cables, topics=topics)
    if index not in st.columns:
        meta = _year_frame(cables)
        if meta is None or index not in meta.columns:
            raise ValueError(f"unknown index {index!r}")
        st = st.merge(meta[["cable_id", index]], on="cable_id", how="left")
    st = st.dropna(subset=[index, "issue"])
    counts = (st.groupby([index, "issue", "stance"]).size().unstack("stance", fill_value=0)
              .reindex(columns=list(STANCE_LABELS), fill_value=0))
    counts["n"] = counts.sum(axis=1)
    counts["net"] = (counts["support"] - counts["oppose"]) / counts["n"]
    return counts.reset_index()


def stance_matrix(stances: pd.DataFrame, index: str = "actor_country", columns: str = "topic", *,
                  issue: str | None = None, cables: pd.DataFrame | None = None,
                  topics: dict[str, str] | None = None, value: str = "net", min_count: int = 1,
                  min_score: float = 0.0) -> pd.DataFrame:
    """A country × issue matrix of positions (``value="net"``, −1 … +1) or counts.

    `value` is ``"net"``, ``"n"``, ``"support"``, ``"oppose"`` or ``"neutral"``; cells with fewer
    than `min_count` stances are left empty (NaN). See the module docstring for what an issue is.
    """
    long = stance_counts(stances, index=index, columns=columns, issue=issue, cables=cables,
                         topics=topics, min_score=min_score)
    long = long[long["n"] >= min_count]
    mat = long.pivot(index=index, columns="issue", values=value)
    mat.columns.name = None
    mat.index.name = index
    return mat.sort_index()


def _position(row: pd.Series) -> str:
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
                    topics: dict[str, str] | None = None, evidence: int = 2) -> pd.DataFrame:
    """Two or more countries side by side, one row per issue, with the evidence behind each cell.

    Per country: ``<country>: position`` (support / oppose / neutral / mixed, by majority),
    ``<country>: n`` and ``<country>: evidence`` (the strongest `evidence` sentences, each with
    its cable and paragraph, so a reader can check the cell).
    """
    st = issue_labels(stances, columns=columns, issue=issue, cables=cables, topics=topics)
    st = st[st["actor_country"].isin(countries)]
    issues = sorted(st["issue"].dropna().unique())
    out = pd.DataFrame({"issue": issues})
    for c in countries:
        sub = st[st["actor_country"] == c]
        pos, ns, evs = [], [], []
        for iss in issues:
            cell = sub[sub["issue"] == iss]
            counts = cell["stance"].value_counts()
            row = pd.Series({k: int(counts.get(k, 0)) for k in STANCE_LABELS})
            row["n"] = int(len(cell))
            pos.append(_position(row))
            ns.append(row["n"])
            if "score" in cell.columns:
                cell = cell.sort_values("score", ascending=False)
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
