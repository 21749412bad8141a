"""The reference network (cabletools.reference_network, issue 18).

What must hold: edges are the parser's REF ids (the long view ct.references, deduplicated), a
target is "in the corpus" exactly when a held cable has its id, absent targets are ranked by how
many held cables cite them, cited_by inverts the edges, threads follow them both ways; and on the
real shared corpus the references and "cited by" of named cables agree with their REF lines.
"""
from __future__ import annotations

import pandas as pd
import pytest

import cabletools as ct
from cabletools.reference_network import cited_but_absent, cited_by, reference_graph, reference_thread


@pytest.fixture()
def small() -> pd.DataFrame:
    """A STATE instruction, two posts answering it, a follow-up, and references we lack."""
    return pd.DataFrame({
        "cable_id": ["08STATE100", "08HANOI5", "08HANOI9", "08ROME12", None],
        "date": pd.to_datetime(["2008-01-02", "2008-01-05", "2008-02-01", "2008-01-04", "2008-03-01"], utc=True),
        "subject": ["DEMARCHE", "RESPONSE", "FOLLOW-UP", "RESPONSE", "NO ID"],
        "references": [["07STATE999"], ["08STATE100", "07HANOI44"], ["08HANOI5", "08STATE100", "07HANOI44", "08HANOI5"],
                       ["08STATE100", "07STATE999"], ["08STATE100"]],
    })


def test_graph_edges_and_membership(small):
    g = reference_graph(small)
    assert g[["cable_id", "reference", "in_corpus"]].values.tolist() == [
        ["08STATE100", "07STATE999", False],
        ["08HANOI5", "08STATE100", True], ["08HANOI5", "07HANOI44", False],
        ["08HANOI9", "08HANOI5", True], ["08HANOI9", "08STATE100", True], ["08HANOI9", "07HANOI44", False],
        ["08ROME12", "08STATE100", True], ["08ROME12", "07STATE999", False],
    ]
    assert g[["station", "year"]].iloc[0].tolist() == ["STATE", 2007]


def test_a_cable_held_under_another_form_of_its_id_is_in_the_corpus():
    """PlusD writes 1973STATE097844_b (shared plusd source; SOURCES.md: Kissinger cables, `_b`),
    a REF line "STATE 97844" of 1973 gives 73STATE97844: the same post, year and serial, one cable.
    Likewise the TOSEC form 90STATE255723TOSEC140328 (shared cables.csv manifest) and 90STATE255723."""
    df = pd.DataFrame({"cable_id": ["1973STATE097844_b", "73ROME5", "90STATE255723TOSEC140328", "90PARIS7"],
                       "references": [[], ["73STATE97844", "73STATE97845"], [], ["90STATE255723"]]})
    g = reference_graph(df)
    assert g[["reference", "in_corpus"]].values.tolist() == [["73STATE97844", True], ["73STATE97845", False],
                                                             ["90STATE255723", True]]
    assert cited_by(df, "1973STATE097844_b").cable_id.tolist() == ["73ROME5"]
    assert cited_but_absent(df).reference.tolist() == ["73STATE97845"]


def test_graph_is_the_long_view_deduplicated(small):
    long = ct.references(small).dropna().drop_duplicates().reset_index(drop=True)
    assert reference_graph(small)[["cable_id", "reference"]].astype(str).equals(long.astype(str))


def test_cited_but_absent_ranks_by_citing_cables(small):
    absent = cited_but_absent(small)
    assert absent.values.tolist() == [["07HANOI44", "HANOI", 2007, 2, "08HANOI5"],
                                      ["07STATE999", "STATE", 2007, 2, "08STATE100"]]
    assert cited_but_absent(small, top=1).reference.tolist() == ["07HANOI44"]


@pytest.mark.parametrize("target, expected", [
    ("08STATE100", ["08ROME12", "08HANOI5", "08HANOI9"]),        # by date
    ("STATE 100", []),                                           # no year: not an id
    ("08HANOI005", ["08HANOI9"]),                                # leading zeros repaired
    ("07HANOI44", ["08HANOI5", "08HANOI9"]),                     # absent cables are cited too
    ("08ROME12", []),
])
def test_cited_by(small, target, expected):
    got = cited_by(small, target)
    assert got.cable_id.tolist() == expected
    assert got.columns.tolist() == ["cable_id", "date", "subject"]


def test_graph_of_some_citing_cables(small):
    station = pd.Series(["STATE", "HANOI", "HANOI", "ROME", None], dtype="string[pyarrow]")
    g = reference_graph(small, citing=station == "HANOI")                  # NA station: not citing
    assert g[["cable_id", "reference", "in_corpus"]].values.tolist() == [
        ["08HANOI5", "08STATE100", True], ["08HANOI5", "07HANOI44", False],
        ["08HANOI9", "08HANOI5", True], ["08HANOI9", "08STATE100", True], ["08HANOI9", "07HANOI44", False]]
    with pytest.raises(ValueError, match="one entry per cable"):
        reference_graph(small, citing=[True, False])


def test_thread_follows_references_both_ways(small):
    t = reference_thread(small, "08HANOI5")
    assert t[["cable_id", "reference", "direction", "depth"]].values.tolist() == [
        ["08HANOI5", "08STATE100", "back", 1], ["08HANOI5", "07HANOI44", "back", 1],
        ["08STATE100", "07STATE999", "back", 2],
        ["08HANOI9", "08HANOI5", "forward", 1],
    ]
    assert reference_thread(small, "08HANOI5", max_depth=1).depth.max() == 1


def test_thread_stops_on_cycles():
    df = pd.DataFrame({"cable_id": ["08A1", "08A2"], "references": [["08A2"], ["08A1"]]})
    t = reference_thread(df, "08A1", max_depth=50)
    assert sorted(map(tuple, t[["cable_id", "reference", "direction"]].values.tolist())) == [
        ("08A1", "08A2", "back"), ("08A1", "08A2", "forward"), ("08A2", "08A1", "back"), ("08A2", "08A1", "forward")]


def test_no_references_no_edges():
    df = pd.DataFrame({"cable_id": ["08A1"], "references": [[]]})
    assert reference_graph(df).empty and cited_but_absent(df).empty and cited_by(df, "08A1").empty
    assert reference_thread(df, "08A1").empty


# --------------------------------------------------------------------------- the real corpus
# Facts a reader can check in the text of the shared cables.csv corpus:
# (cable, the ids its REF lines name) - "REF: A. ISTANBUL 1703 B. ISTANBUL 1711 C. ISTANBUL 1744
# D. ISTANBUL 1752"; "REF: (A) BRASILIA 2150 (B) BRASILIA 2017"; "REF: A. (A) 2003 ISTANBUL 1579
# B. (B) 2003 ISTANBUL 1703 C. (C) 2003 ISTANBUL 1704 D. (D) ISTANBUL 432".
REAL_REFS = {
    "03ISTANBUL1759": ["03ISTANBUL1703", "03ISTANBUL1711", "03ISTANBUL1744", "03ISTANBUL1752"],
    "04BRASILIA2253": ["04BRASILIA2150", "04BRASILIA2017"],
    "04ISTANBUL474": ["03ISTANBUL1579", "03ISTANBUL1703", "03ISTANBUL1704", "04ISTANBUL432"],
}
# (cable, the held cables whose REF lines name it): every other cable of the corpus whose text
# carries "ISTANBUL 1703" / "BRASILIA 2150" in a REF block (grep of the txt folder).
REAL_CITED_BY = {
    "03ISTANBUL1703": ["03ISTANBUL1711", "03ISTANBUL1759", "03ISTANBUL1760", "04ISTANBUL298", "04ISTANBUL474"],
    "04BRASILIA2150": ["04BRASILIA2156", "04BRASILIA2157", "04BRASILIA2160", "04BRASILIA2253"],
}


@pytest.fixture(scope="module")
def real(shared) -> tuple[pd.DataFrame, pd.DataFrame]:
    df = ct.read_cables(shared / "corpus" / "cables_csv__none-later" / "cables.csv", progress=False)
    return df, reference_graph(df)


@pytest.mark.shared
@pytest.mark.parametrize("cable_id, refs", REAL_REFS.items())
def test_real_references_follow_the_ref_lines(real, cable_id, refs):
    df, graph = real
    assert sorted(graph.loc[graph.cable_id == cable_id, "reference"]) == sorted(refs)
    for ref in refs:                                   # and each of them lists it as a citer
        held = ref in set(df.cable_id.dropna())
        assert (cable_id in cited_by(df, ref, graph=graph).cable_id.tolist()) is True
        assert graph.loc[(graph.cable_id == cable_id) & (graph.reference == ref), "in_corpus"].item() == held


@pytest.mark.shared
@pytest.mark.parametrize("cable_id, citers", REAL_CITED_BY.items())
def test_real_cited_by_matches_the_texts(real, cable_id, citers):
    df, graph = real
    assert sorted(cited_by(df, cable_id, graph=graph).cable_id) == citers


@pytest.mark.shared
def test_real_graph_and_absent_list_run(real):
    df, graph = real
    assert len(graph) > 1000 and 0 < graph.in_corpus.mean() < 1
    absent = cited_but_absent(df, graph=graph, top=None)
    assert not absent.reference.isin(df.cable_id.dropna()).any()
    assert absent.cited.sum() == (~graph.in_corpus).sum()
    assert absent.cited.is_monotonic_decreasing
    thread = reference_thread(df, "03ISTANBUL1759", graph=graph)
    assert {"03ISTANBUL1703", "03ISTANBUL1744"} <= set(thread.reference)
