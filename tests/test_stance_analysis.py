"""Counting stances (cabletools.stance.analysis): every stance counts once per cell, whatever the
shape of the cable table it is grouped by."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cabletools.stance import stance_counts, stance_matrix
from cabletools.stance.analysis import issue_labels

# three stances of Peru in two cables: A (support, oppose) and B (support)
STANCES = pd.DataFrame({"cable_id": ["A", "A", "B"], "para": [1, 2, 1], "actor_country": ["Peru"] * 3,
                        "target": ["x", "y", "z"], "stance": ["support", "oppose", "support"],
                        "evidence": ["", "", ""]})
# cable A twice (read from two sources) and with its TAG written twice, as real TAGS lines sometimes are
CABLES_REPEATED = pd.DataFrame({"cable_id": ["A", "B", "A"], "tags": [["PHUM", "PHUM"], ["PHUM"], ["PHUM"]],
                                "subject": ["s", "t", "s"], "date": ["2001-05-01", "2002-05-01", "2001-05-01"]})


# columns, unit, expected (issue -> support, oppose, neutral, n)
@pytest.mark.parametrize("columns, unit, expected", [
    ("tags", "stance", {"PHUM": (2, 1, 0, 3)}),
    ("tags", "cable", {"PHUM": (1, 0, 1, 2)}),
    ("year", "stance", {2001: (1, 1, 0, 2), 2002: (1, 0, 0, 1)}),
    ("year", "cable", {2001: (0, 0, 1, 1), 2002: (1, 0, 0, 1)}),
])
def test_repeated_cables_and_tags_count_once(columns, unit, expected):
    counts = stance_counts(STANCES, columns=columns, cables=CABLES_REPEATED, unit=unit)
    got = {r.issue: (r.support, r.oppose, r.neutral, r.n) for r in counts.itertuples()}
    assert got == expected


def test_issue_tag_filter_takes_cables_without_tags():
    cables = pd.DataFrame({"cable_id": ["A", "B"], "tags": [np.nan, ["PHUM"]]})
    kept = issue_labels(STANCES, issue="PHUM", cables=cables)
    assert kept["cable_id"].tolist() == ["B"]
    assert stance_matrix(STANCES, issue="PHUM", cables=cables, value="n").to_dict() == {"Human rights": {"Peru": 1}}
