"""cabletools: load US diplomatic cables into pandas and analyse them in JupyterLab.

>>> import cabletools as ct
>>> ct.canonical_id("HANOI 001002", year=2008)
'08HANOI1002'
"""
from __future__ import annotations

__version__ = "0.1.0"

from cabletools.ids import canonical_id
from cabletools.load import CorpusError, read_cables, write_parquet_dataset
from cabletools.parse import parse_cable
from cabletools.schema import Cable
from cabletools.views import paragraphs, recipients, references

__all__ = [
    "Cable",
    "CorpusError",
    "canonical_id",
    "paragraphs",
    "parse_cable",
    "read_cables",
    "recipients",
    "references",
    "write_parquet_dataset",
    "__version__",
]
