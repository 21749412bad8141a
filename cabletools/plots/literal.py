"""Cable text in a figure is shown as written: matplotlib's mathtext never reads it.

A TAG, post or subject such as ``$\\FRAC{A}{B}$`` would otherwise be parsed as TeX (and raise).
Every public drawing function of :mod:`cabletools.plots` runs under ``text.parse_math = False``;
each text a figure holds keeps that setting when it is drawn later.

>>> import matplotlib
>>> @literal_text
... def parse_math():
...     return matplotlib.rcParams["text.parse_math"]
>>> parse_math(), matplotlib.rcParams["text.parse_math"]
(False, True)
"""
from __future__ import annotations

import functools

import matplotlib


def literal_text(draw):
    """`draw` run with mathtext off, so the labels it makes from cable text are literal."""
    @functools.wraps(draw)
    def drawing(*args, **kwargs):
        with matplotlib.rc_context({"text.parse_math": False}):
            return draw(*args, **kwargs)

    return drawing


def literal_module(namespace: dict) -> None:
    """Wrap every public ``plot_*`` function listed in a module's ``__all__`` (call at its end)."""
    for name in namespace.get("__all__", ()):
        value = namespace.get(name)
        if name.startswith("plot_") and callable(value) and not isinstance(value, type):
            namespace[name] = literal_text(value)
