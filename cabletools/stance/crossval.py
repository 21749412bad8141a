"""Honest figures for the stance extractor: micro-F1 on gold sets, folded by cable.

Two measures, both micro-F1 over sets of tuples (several predicted rows with the same tuple count
once; gold ``none`` rows only mark paragraphs without a stance):

* ``para``    — (cable_id, para, stance), the measure of GUIDELINES.md;
* ``country`` — (cable_id, para, actor_country, stance), the actor's country too. Country names
  are compared through :func:`country_key` ("UK", "HMG", "United Kingdom" are one key).

Only the actor types the guidelines' gold counts are scored (:data:`GOLD_ACTOR_TYPES`:
governments and their officials, legislators and parties, delegations, IGOs); rows of non-state
actors stay in ``extract_stances`` output but are no gold stance.

:func:`cross_validate` splits the gold cables into k folds (by cable, seeded), scores the
extractor on each held-out fold, and also fits the optional learned acceptor
(:mod:`cabletools.stance.acceptor`) on the other folds only, to show what it would add. ``benchmarks/stance_cv.py`` prints the table; ``tests/test_stance_cv.py``
holds the floors.

>>> g = pd.DataFrame({"cable_id": ["A", "A"], "para": [1, 2], "actor_country": ["UK", ""],
...                   "stance": ["support", "none"]})
>>> p = pd.DataFrame({"cable_id": ["A", "A"], "para": [1, 2], "actor_country": ["United Kingdom", "Iran"],
...                   "stance": ["support", "oppose"], "actor_type": ["government", "government"]})
>>> round(micro_f1(p, g, "para")["f1"], 3), round(micro_f1(p, g, "country")["f1"], 3)
(0.667, 0.667)
"""
from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["GOLD_ACTOR_TYPES", "country_key", "micro_f1", "read_gold_sets", "gold_cables", "cable_folds",
           "cross_validate"]

#: actor types a stance of the guidelines' gold can have (ANNOTATION_NOTES, convention 2)
GOLD_ACTOR_TYPES = ("government", "party", "organisation")
LABELS = ("support", "oppose", "neutral")
#: the shared gold files: name -> role (the second annotator's file is a second opinion only)
SHARED_GOLD = {"dev_gold.csv": "dev", "agreement_A.csv": "agreement", "agreement_B.csv": "second_opinion"}


@lru_cache(maxsize=1)
def _country_aliases() -> dict[str, str]:
    from cabletools.stance.lexicon import load_lexicon

    out: dict[str, str] = {}
    for country, _kind, words in load_lexicon().actors:
        out.setdefault(country.lower(), country.lower())
        for w in words:
            out.setdefault(w.lower(), country.lower())
    out.update({"uk": "united kingdom", "britain": "united kingdom", "great britain": "united kingdom",
                "us": "united states", "usa": "united states", "eu": "european union"})
    return out


def country_key(name) -> str:
    """One spelling per country or organisation: "UK" and "United Kingdom" -> "united kingdom".

    >>> country_key("UK"), country_key("Holy See"), country_key(" the Netherlands ")
    ('united kingdom', 'holy see', 'netherlands')
    """
    if not isinstance(name, str):
        return ""
    low = " ".join(name.lower().split())
    if low.startswith("the "):
        low = low[4:]
    return _country_aliases().get(low, low)


def _tuples(frame: pd.DataFrame, measure: str, cables: set[str]) -> set[tuple]:
    keep = frame["stance"].isin(LABELS) & frame["cable_id"].isin(cables)
    if "actor_type" in frame.columns:
        keep &= frame["actor_type"].isin(GOLD_ACTOR_TYPES)
    sub = frame[keep]
    if measure == "para":
        return set(zip(sub["cable_id"], sub["para"].astype(int), sub["stance"]))
    return set(zip(sub["cable_id"], sub["para"].astype(int), sub["actor_country"].map(country_key), sub["stance"]))


def micro_f1(pred: pd.DataFrame, gold: pd.DataFrame, measure: str = "para") -> dict[str, float]:
    """tp, fp, fn, precision, recall, f1 over the cables of `gold` (`measure`: "para" or "country")."""
    cables = set(gold["cable_id"])
    g, p = _tuples(gold, measure, cables), _tuples(pred, measure, cables)
    tp = len(g & p)
    prec = tp / len(p) if p else 0.0
    rec = tp / len(g) if g else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"tp": tp, "fp": len(p) - tp, "fn": len(g) - tp, "precision": prec, "recall": rec, "f1": f1}


def read_gold_sets(shared: Path, repo_gold: Path | None = None) -> pd.DataFrame:
    """Every gold row with a ``set`` column: the shared files, then ``labels_*.csv`` of `repo_gold`
    (the repository's own gold; its ``cables.csv`` names each cable's source folder)."""
    frames = []
    for name, role in SHARED_GOLD.items():
        path = Path(shared) / "stance" / name
        if path.is_file():
            frames.append(_read_gold(path).assign(set=role, source=""))
    if repo_gold is not None and Path(repo_gold).is_dir():
        sources = {}
        listing = Path(repo_gold) / "cables.csv"
        if listing.is_file():
            t = pd.read_csv(listing, dtype=str, keep_default_na=False)
            sources = dict(zip(t["cable_id"], t["source"]))
        for path in sorted(Path(repo_gold).glob("labels_*.csv")):
            g = _read_gold(path)
            frames.append(g.assign(set=path.stem, source=g["cable_id"].map(sources).fillna("")))
    cols = ["cable_id", "para", "actor", "actor_country", "target", "stance", "evidence", "set", "source"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _read_gold(path: Path) -> pd.DataFrame:
    g = pd.read_csv(path, dtype=str, keep_default_na=False)
    g = g[g["cable_id"].str.strip().ne("") & g["para"].str.strip().str.fullmatch(r"\d+")].copy()
    g["para"] = g["para"].astype(int)
    g["stance"] = g["stance"].str.strip().str.lower()
    for c in ("actor", "actor_country", "target", "evidence"):
        if c not in g.columns:
            g[c] = ""
    return g


def gold_cables(shared: Path, gold: pd.DataFrame) -> pd.DataFrame:
    """The gold cables parsed from the shared corpus: the folder the gold names, else the
    cablegate-site copy when a cable is in both (ANNOTATION_NOTES). Cables not found are left out."""
    import cabletools as ct

    src = dict(zip(gold["cable_id"], gold.get("source", pd.Series("", index=gold.index))))
    rows = []
    for cid in sorted(set(gold["cable_id"])):
        named = Path(shared) / "corpus" / (src.get(cid) or "-") / "txt" / f"{cid}.txt"
        paths = [named] if named.is_file() else sorted((Path(shared) / "corpus").glob(f"*/txt/{cid}.txt"))
        if not paths:
            continue
        c = ct.parse_cable(paths[0].read_text(encoding="utf-8"))
        rows.append({"cable_id": cid, "body": c.body, "subject": c.subject, "country": c.country,
                     "signer": c.signer})
    return pd.DataFrame(rows, columns=["cable_id", "body", "subject", "country", "signer"])


def cable_folds(cable_ids, k: int = 5, seed: int = 13) -> list[list[str]]:
    """The cables shuffled (seeded) and dealt into k folds.

    >>> [len(f) for f in cable_folds([f"C{i}" for i in range(11)], k=3)]
    [4, 4, 3]
    """
    ids = sorted(set(cable_ids))
    random.Random(seed).shuffle(ids)
    return [ids[i::k] for i in range(k)]


def cross_validate(cables: pd.DataFrame, gold: pd.DataFrame, k: int = 5, seed: int = 13) -> pd.DataFrame:
    """Per fold, micro-F1 of both measures on the held-out cables:

    * ``rules_*`` — the extractor as shipped (its rules fit nothing: their held-out figure);
    * ``acceptor_*`` — the rules' candidates filtered by an acceptor fitted on the other folds only
      (:func:`cabletools.stance.acceptor.fit`; needs scikit-learn, else left out);
    * ``shipped_*`` — with the packaged acceptor model, when there is one (fitted on every gold
      cable: a tuned figure, not a held-out one)."""
    from cabletools.stance import acceptor
    from cabletools.stance.extract import extract_stances

    candidates = extract_stances(cables, accept=False)
    shipped_model = acceptor.shipped_model()
    try:
        import sklearn  # noqa: F401
        fitting = True
    except ImportError:
        fitting = False
    out = []
    for i, fold in enumerate(cable_folds(gold["cable_id"], k, seed)):
        test = set(fold)
        test_cands = candidates[candidates["cable_id"].isin(test)]
        test_gold = gold[gold["cable_id"].isin(test)]
        variants = {"rules": test_cands}
        if fitting:
            train = ~candidates["cable_id"].isin(test)
            model = acceptor.fit(candidates[train], gold[~gold["cable_id"].isin(test)])
            variants["acceptor"] = acceptor.apply(test_cands, model)
        if shipped_model is not None:
            variants["shipped"] = acceptor.apply(test_cands, shipped_model)
        row = {"fold": i, "cables": len(test)}
        for name, pred in variants.items():
            for measure in ("para", "country"):
                row[f"{name}_{measure}"] = micro_f1(pred, test_gold, measure)["f1"]
        out.append(row)
    return pd.DataFrame(out)
