"""Draw the stances of an audit round from the extractor's output on the real shared corpus.

Round 1: seed 20261208. Reads $CABLETOOLS_SHARED (default ../shared): the 4,024 cables of
corpus/cablegate_html__avilaroman/txt and corpus/cables_csv__none-later/cables.csv, runs
``ct.extract_stances``, keeps the rows the country x issue views use by default
(``actor_type != "non-state"``) and draws 100 of them. Writes ``round<N>.csv`` next to this script
with empty verdict columns (no cable text; ``evidence`` is kept only as a quote of <= 25 words).

    $ PYTHONPATH=$PWD python tests/data/stance_audit/draw.py --round 1 --seed 20261208

A new round after a rule change must use a new seed: never tune on the same 100 twice.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import cabletools as ct

HERE = Path(__file__).resolve().parent
COLUMNS = ["cable_id", "para", "actor", "actor_country", "actor_type", "target", "stance", "issue",
           "evidence"]
VERDICTS = ["country_ok", "stance_ok", "issue_ok", "right", "reason", "error_kind"]
MAX_QUOTE_WORDS = 25


def shared_root() -> Path:
    """The shared test material: $CABLETOOLS_SHARED, else ../shared beside the repository."""
    return Path(os.environ.get("CABLETOOLS_SHARED", HERE.parents[3] / "shared"))


def short_quote(text) -> str:
    """The evidence as a quote of at most 25 words ('' when longer or missing).

    >>> short_quote("the GOV will support the resolution")
    'the GOV will support the resolution'
    """
    words = str(text).split() if isinstance(text, str) else []
    return " ".join(words) if 0 < len(words) <= MAX_QUOTE_WORDS else ""


def draw(seed: int, size: int = 100):
    """`size` state/party/organisation stances of the shared corpus, drawn with `seed`."""
    corpus = shared_root() / "corpus"
    cables = ct.read_cables([corpus / "cablegate_html__avilaroman" / "txt",
                             corpus / "cables_csv__none-later" / "cables.csv"], progress=False)
    stances = ct.extract_stances(cables)
    kept = stances[stances["actor_type"] != "non-state"]
    sample = kept.sample(n=size, random_state=seed).sort_values(["cable_id", "para"])
    out = sample[COLUMNS].copy()
    out["evidence"] = out["evidence"].map(short_quote)
    for column in VERDICTS:
        out[column] = ""
    print(f"{len(cables)} cables, {len(stances)} stances, {len(kept)} not non-state; drew {size}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20261208)
    args = parser.parse_args()
    target = HERE / f"round{args.round}.csv"
    if target.exists():
        raise SystemExit(f"{target} exists: a new round needs a new number and a new seed")
    draw(args.seed).to_csv(target, index=False)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
