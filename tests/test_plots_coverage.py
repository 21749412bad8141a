"""Figures of coverage and the reference network: tested on the data they draw, not pixels."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cabletools.coverage import busiest_station, serial_coverage
from cabletools.plots.coverage import (coverage_over_time, held_vs_estimated, plot_coverage_over_time,
                                       plot_held_vs_estimated, plot_top_cited, top_cited)
from cabletools.reference_network import reference_graph


@pytest.fixture()
def table() -> pd.DataFrame:
    ids = ([f"07ROME{s}" for s in range(5, 500, 20)] + [f"08ROME{s}" for s in range(3, 300, 12)]
           + [f"08OSLO{s}" for s in (1, 2, 3)] + [f"08STATE{s}" for s in range(1000, 90000, 3000)])
    return serial_coverage(pd.DataFrame({"cable_id": ids}))


def test_coverage_over_time_draws_the_table_rows(table):
    fig = plot_coverage_over_time(table)
    data = fig.cabletools_data
    assert sorted(data.station.unique()) == ["ROME", "STATE"]          # OSLO: no estimate
    rome = data[data.station == "ROME"]
    assert rome.year.tolist() == [2007, 2008] and rome.partial.tolist() == [False, True]
    drawn = [ln for ln in fig.axes[0].lines if ln.get_marker() == "o"]
    ys = sorted(np.concatenate([ln.get_ydata() for ln in drawn]))
    assert ys == pytest.approx(sorted(data.share_held))


def test_coverage_over_time_by_station_and_empty(table):
    assert coverage_over_time(table, stations=["ROME"]).station.unique().tolist() == ["ROME"]
    fig = plot_coverage_over_time(table.iloc[:0])
    assert fig.cabletools_data.empty and fig.axes[0].texts


def test_held_vs_estimated(table):
    fig = plot_held_vs_estimated(table, "ROME")
    heights = [p.get_height() for p in fig.axes[0].patches]
    assert heights == held_vs_estimated(table, "ROME").held.tolist() == [25, 25]
    assert plot_held_vs_estimated(table, "NOWHERE").cabletools_data.empty


def test_top_cited_and_busiest_station(table):
    df = pd.DataFrame({"cable_id": ["08A1", "08A2", "08A3"], "references": [["08A3", "07B9"], ["07B9"], ["07B9"]]})
    graph = reference_graph(df)
    assert top_cited(graph).values.tolist() == [["07B9", 3, False], ["08A3", 1, True]]
    assert top_cited(graph, in_corpus=True).reference.tolist() == ["08A3"]
    fig = plot_top_cited(graph)
    assert [p.get_width() for p in fig.axes[0].patches] == [3, 1]
    assert busiest_station(table) == "ROME" and busiest_station(table, exclude=("ROME",)) == "STATE"
    assert busiest_station(table.iloc[:0]) is None


def test_lines_do_not_join_missing_years_and_partial_years_are_marked():
    ids = [f"0{y}ROME{s}" for y in (4, 5, 8) for s in range(7, 400, 13)]
    table = serial_coverage(pd.DataFrame({"cable_id": ids}))
    fig = plot_coverage_over_time(table, min_held=5)
    joined = [ln for ln in fig.axes[0].lines if ln.get_linestyle() == "-"]
    assert len(joined) == 1 and np.isnan(joined[0].get_ydata()).sum() == 1      # 2005 .. 2008 not joined
    dots = [ln for ln in plot_held_vs_estimated(table, "ROME").axes[0].lines if ln.get_marker() == "o"]
    hollow = [ln for ln in dots if ln.get_markerfacecolor() == "white"]
    assert [ln.get_xdata().tolist() for ln in hollow] == [[2008]]
    filled = [x for ln in dots if ln.get_markerfacecolor() != "white" for x in np.asarray(ln.get_xdata()).tolist()]
    assert sorted(filled) == [2004, 2005]          # no filled dot under the hollow one
