"""Draw the cables of the repository's own stance gold, at random with a fixed seed.

Run from the repository root: ``python tests/data/stance_gold/draw.py`` (reads $CABLETOOLS_SHARED,
default ../shared) and it prints ``cable_id,source,stratum`` for the drawn cables. The draw is
the one recorded in ``cables.csv`` beside this file; rerunning it reproduces that list.

Pool: every .txt of the two large shared sources (cablegate site, cables.csv) of 2,000-10,000
bytes, minus the cables of ../shared/stance (dev_gold and the agreement sets), one file per id
(the cablegate site's copy when both hold it). Two strata, drawn independently:
- ``position``: the pool's cables that the dev set's own pre-filter keeps (a demarche or reply
  word and at least four stance words), so the gold holds enough stances to measure;
- ``random``: any cable of the pool, not screened for content (most are stance-free).
"""
import csv
import os
import random
import re
from pathlib import Path

SEED = 20261208
N_POSITION, N_RANDOM = 110, 50
SOURCES = ("cablegate_html__avilaroman", "cables_csv__none-later")
REPLY_RX = re.compile(r"(?i)demarche|talking points|non-paper|reftel|responded|replied")
STANCE_RX = re.compile(r"(?i)\b(?:support|oppose|refuse|reject|condemn|abstain|vote|co-sponsor|agree|welcome)")


def main():
    shared = Path(os.environ.get("CABLETOOLS_SHARED", "../shared"))
    taken = set()
    for name in ("dev_gold.csv", "agreement_A.csv", "agreement_B.csv"):
        with open(shared / "stance" / name, encoding="utf-8") as f:
            taken |= {row["cable_id"] for row in csv.DictReader(f)}
    pool = {}
    for source in SOURCES:
        for path in sorted((shared / "corpus" / source / "txt").glob("*.txt")):
            if path.stem in taken or path.stem in pool or not 2000 <= path.stat().st_size <= 10000:
                continue
            pool[path.stem] = source
    ids = sorted(pool)
    position = [i for i in ids if _position_like((shared / "corpus" / pool[i] / "txt" / f"{i}.txt").read_text())]
    rng = random.Random(SEED)
    drawn_position = rng.sample(position, N_POSITION)
    rest = [i for i in ids if i not in set(drawn_position)]
    drawn_random = rng.sample(rest, N_RANDOM)
    print("cable_id,source,stratum")
    for stratum, drawn in (("position", drawn_position), ("random", drawn_random)):
        for cable_id in drawn:
            print(f"{cable_id},{pool[cable_id]},{stratum}")


def _position_like(text: str) -> bool:
    return bool(REPLY_RX.search(text)) and len(STANCE_RX.findall(text)) >= 4


if __name__ == "__main__":
    main()
