"""matplotlib figures for the notebooks: each function returns a Figure (no plt.show inside)
and keeps the numbers it draws, so tests check data rather than pixels. The numbers come from
the analyses (:mod:`cabletools.tags`, :mod:`cabletools.senders`, :mod:`cabletools.selection_counts`,
:mod:`cabletools.coverage`); widgets live in :mod:`cabletools.widgets`. No module here imports ipywidgets
(tests/test_structure.py; plots/stance.py is a known miss).

- :mod:`cabletools.plots.tags`: top tags with meanings, tags over time, subject mix per post,
  geographic focus, tag pairs, rising and falling tags.
- :mod:`cabletools.plots.senders`: volume heatmaps, one post in detail, signer Gantt charts
  beside official tenures, classification/precedence mix, reporting gaps.
- :mod:`cabletools.plots.explorer`: the explorer's volume and tag charts.
- :mod:`cabletools.plots.stance`: country × issue matrices and evidence (when present).
- :mod:`cabletools.plots.coverage`: share of each post's traffic held, with intervals; most-cited cables.

>>> from cabletools import plots
>>> callable(plots.plot_tag_counts)
True
"""
from __future__ import annotations

import importlib

_SUBMODULES = ("tags", "senders", "explorer", "stance", "coverage")


def __getattr__(name: str):
    if name.startswith("__"):
        raise AttributeError(name)
    for sub in _SUBMODULES:
        try:
            module = importlib.import_module(f"{__name__}.{sub}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{sub}":
                continue
            raise
        if name in getattr(module, "__all__", ()):
            value = getattr(module, name)
            globals()[name] = value
            return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
