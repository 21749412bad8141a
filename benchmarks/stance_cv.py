"""Cross-validated stance figures (issue 13), and the fit of the shipped acceptor model.

    CABLETOOLS_SHARED=../shared python benchmarks/stance_cv.py [--gold DIR] [--k 5] [--write-model]

Gold: the shared dev_gold.csv + agreement_A.csv (+ agreement_B.csv as a second opinion, scored
apart and never trained on) and the repository's tests/data/stance_gold/labels_*.csv (or --gold).
Prints, per fold and as a mean, micro-F1 over (cable, para, stance) and (cable, para,
actor_country, stance) on the held-out cables: the extractor as shipped (rules_*), rules + an
acceptor fitted on the other folds (acceptor_*), and rules + the packaged acceptor model if one
was written (shipped_*, tuned on every gold cable); then each gold set scored whole. `--write-model` refits the
shipped model on all gold cables but the second opinion and writes cabletools/stance/acceptor_model.py.
"""
from __future__ import annotations

import argparse
import os
import pprint
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]


def training_gold(shared: Path, repo_gold: Path) -> pd.DataFrame:
    """Every gold row but the second annotator's (a second opinion on cables the first labelled)."""
    from cabletools.stance.crossval import read_gold_sets

    gold = read_gold_sets(shared, repo_gold)
    return gold[gold["set"] != "second_opinion"].reset_index(drop=True)


def write_model(model: dict, path: Path) -> None:
    text = ('"""The shipped acceptor model: written by benchmarks/stance_cv.py --write-model (do not edit).\n\n'
            "A logistic regression over the named rule features of cabletools.stance.acceptor.FEATURES,\n"
            'fitted on every gold cable but the second opinion."""\n\n'
            f"MODEL = {pprint.pformat(model, sort_dicts=False, width=100)}\n")
    path.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", default=os.environ.get("CABLETOOLS_SHARED", str(REPO.parent / "shared")))
    ap.add_argument("--gold", default=str(REPO / "tests" / "data" / "stance_gold"))
    ap.add_argument("--k", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--write-model", action="store_true")
    args = ap.parse_args()
    from cabletools.stance import acceptor
    from cabletools.stance.crossval import cross_validate, gold_cables, micro_f1, read_gold_sets
    from cabletools.stance.extract import extract_stances

    shared = Path(args.shared)
    gold = training_gold(shared, Path(args.gold))
    cables = gold_cables(shared, gold)
    print(f"gold: {gold['cable_id'].nunique()} cables, {len(gold)} rows; sets {sorted(gold['set'].unique())}")
    if args.write_model:
        cands = extract_stances(cables, accept=False)
        model = acceptor.fit(cands, gold)
        write_model(model, REPO / "cabletools" / "stance" / "acceptor_model.py")
        print("wrote the shipped model:", model)
    t0 = time.perf_counter()
    folds = cross_validate(cables, gold, k=args.k, seed=args.seed)
    print(folds.round(3).to_string(index=False))
    print("mean:", folds.drop(columns=["fold", "cables"]).mean().round(3).to_dict())
    everything = read_gold_sets(shared, Path(args.gold))
    out = extract_stances(gold_cables(shared, everything))
    for name, part in everything.groupby("set"):
        print(f"{name:>16} (the extractor as shipped; tuned on dev and agreement): "
              f"para {micro_f1(out, part, 'para')['f1']:.3f}  country {micro_f1(out, part, 'country')['f1']:.3f}")
    print(f"({time.perf_counter() - t0:.1f} s)")


if __name__ == "__main__":
    main()
