"""The volume heatmap stays readable over decades of sparse releases: empty periods are left
white (masked), and one cable is a visible colour on a log scale, not the colour of zero."""
from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm

from cabletools.plots.senders import plot_volume_heatmap
from cabletools.senders import volume_heatmap_data


def sparse_frame() -> pd.DataFrame:
    """One busy year at Embassy A after twenty years of one cable a year (a 1966-2005 release)."""
    dates = [f"{year}-06-01" for year in range(1985, 2004)] + ["2004-01-05"] * 150 + ["2004-03-01"] * 2
    origins = ["Embassy A"] * (len(dates) - 2) + ["Embassy B"] * 2
    return pd.DataFrame({"origin": origins, "date": pd.to_datetime(dates, utc=True)})


def test_empty_cells_are_masked_and_counts_on_a_log_scale():
    df = sparse_frame()
    fig = plot_volume_heatmap(df, top=2, freq="YS")
    image = fig.axes[0].images[0]
    array = image.get_array()
    expected = volume_heatmap_data(df, top=2, freq="YS").T.to_numpy()
    assert np.array_equal(np.ma.getdata(array), expected)
    assert np.array_equal(np.ma.getmaskarray(array), expected == 0)  # no cable: white, not a colour
    assert isinstance(image.norm, LogNorm) and image.norm.vmin == 1
    one, most = image.cmap(image.norm(1)), image.cmap(image.norm(expected.max()))
    assert one != most and image.norm(1) == 0.0 and image.norm(expected.max()) == 1.0
    assert "busiest posts" in fig.axes[0].get_title() and "log scale" in fig.axes[1].get_ylabel()
