"""Draw the 50 stances of the issue-only audit, round 2, with the current ``assign_issues``.

Same corpus and filter as round 1 (``draw.py``): the 4,024 cables of
corpus/cablegate_html__avilaroman/txt plus corpus/cables_csv__none-later/cables.csv, the rows of
``ct.extract_stances`` whose ``actor_type != "non-state"``. Round 1's rows (same cable_id, para,
actor and target) are left out, then 50 are drawn with **seed 20261209** and each row's issue is
given again by :func:`cabletools.stance.issues.assign_issues` (with the cables' TAGS and subject),
so the file judges the rules as they are now, not a cached issue. Only ``issue_ok`` and ``reason``
are judged.

    $ PYTHONPATH=$PWD python tests/data/stance_audit/issues_round2_draw.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from draw import COLUMNS, HERE, shared_root, short_quote  # noqa: E402

import cabletools as ct  # noqa: E402
from cabletools.stance.issues import assign_issues  # noqa: E402

SEED = 20261209
SIZE = 50
KEY = ["cable_id", "para", "actor", "target"]
OUT = HERE / "issues_round2.csv"


def draw(seed: int = SEED, size: int = SIZE) -> pd.DataFrame:
    """`size` state/party/organisation stances not in round 1, drawn with `seed`, issues given anew."""
    corpus = shared_root() / "corpus"
    cables = ct.read_cables([corpus / "cablegate_html__avilaroman" / "txt",
                             corpus / "cables_csv__none-later" / "cables.csv"], progress=False)
    stances = ct.extract_stances(cables)
    kept = stances[stances["actor_type"] != "non-state"]
    round1 = pd.read_csv(HERE / "round1.csv", dtype={"para": "int64"})
    seen = pd.MultiIndex.from_frame(round1[KEY].astype({"para": "int64"}).astype(str))
    fresh = kept[~pd.MultiIndex.from_frame(kept[KEY].astype({"para": "int64"}).astype(str)).isin(seen)]
    sample = fresh.sample(n=size, random_state=seed).sort_values(["cable_id", "para"]).copy()
    sample["issue"] = assign_issues(sample, cables[["cable_id", "tags", "subject"]])
    out = sample[COLUMNS].copy()
    out["evidence"] = out["evidence"].map(short_quote)
    out["issue_ok"] = ""
    out["reason"] = ""
    print(f"{len(kept)} not non-state, {len(kept) - len(fresh)} of them in round 1; drew {size}")
    return out


def main() -> None:
    if OUT.exists():
        raise SystemExit(f"{OUT} exists: a new round needs a new file and a new seed")
    draw().to_csv(OUT, index=False)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
