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


def test_compare_stances_lists_the_most_reported_issues_first():
    """Rows in the order of the side-by-side figure (most cables of these countries first, ties by
    name), so the table's first rows are the figure's bars."""
    from cabletools.plots.stance import countries_side_by_side
    from cabletools.stance import compare_stances

    st = pd.DataFrame({"cable_id": ["A", "B", "C", "D", "E", "F"], "para": [1] * 6,
                       "actor_country": ["Peru", "Peru", "Chile", "Chile", "Peru", "Chile"],
                       "target": ["Iran", "Cuba", "Cuba", "Cuba", "Burma", "Iran"],
                       "stance": ["support", "oppose", "oppose", "neutral", "support", "support"],
                       "evidence": [""] * 6})
    table = compare_stances(st, ["Peru", "Chile"], unit="cable")
    assert table["issue"].tolist() == ["Cuba", "Iran", "Burma"]
    assert table["issue"].tolist() == list(dict.fromkeys(countries_side_by_side(st, ["Peru", "Chile"])["issue"]))
    assert table["Peru: n"].tolist() == [1, 1, 1] and table["Chile: n"].tolist() == [2, 1, 0]


def test_compare_stances_evidence_backs_the_position_shown():
    """The first evidence sentence of a cell states the cell's position (the strongest such), not
    merely the strongest sentence of any label."""
    from cabletools.stance import compare_stances

    st = pd.DataFrame({"cable_id": ["A", "B", "C"], "para": [1, 1, 1], "actor_country": ["Peru"] * 3,
                       "target": ["Iran"] * 3, "stance": ["oppose", "support", "support"],
                       "evidence": ["no", "yes", "yes too"], "score": [1.0, 0.6, 0.8]})
    table = compare_stances(st, ["Peru"], evidence=2, unit="cable")
    assert table.loc[0, "Peru: position"] == "support"
    assert table.loc[0, "Peru: evidence"] == "[C ¶1 support] yes too | [B ¶1 support] yes"
    mixed = compare_stances(st.iloc[:2], ["Peru"], evidence=1)
    assert mixed.loc[0, "Peru: position"] == "mixed" and mixed.loc[0, "Peru: evidence"] == "[A ¶1 oppose] no"
