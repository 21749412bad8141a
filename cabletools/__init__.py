"""cabletools: load US diplomatic cables into pandas and analyse them in JupyterLab.

>>> import cabletools as ct
>>> ct.canonical_id("HANOI 001002", year=2008)
'08HANOI1002'
"""
from __future__ import annotations

import importlib

__version__ = "0.1.0"

from cabletools.ids import canonical_id
from cabletools.load import (
    CorpusError,
    deduplicate,
    duplicate_of,
    read_cables,
    write_parquet_dataset,
)
from cabletools.parse import parse_cable
from cabletools.schema import Cable
from cabletools.views import paragraphs, recipients, references

# Analyses, filters and widgets load on first use, so `import cabletools` stays light.
_LAZY = {
    "cabletools.tags": ["tag_table", "explode_tags", "tag_counts", "tag_cooccurrence", "tag_trends",
                        "top_tags", "tags_over_time", "subject_mix", "geographic_focus", "countries_by_post",
                        "tag_pairs", "trending_tags", "tag_label"],
    "cabletools.senders": ["sender_volume", "signer_tenures", "compare_tenures", "read_chiefs_of_mission",
                           "official_chiefs", "reporting_gaps", "volume_heatmap_data", "chiefs_of_top_posts",
                           "comparison_summary", "busiest_post_with_chiefs", "recent_period"],
    "cabletools.validate": ["find_truth_tenures", "chiefs_from_truth", "load_official_chiefs",
                            "official_comparison"],
    "cabletools.periods": ["period_start"],
    "cabletools.selection_counts": ["volume_counts", "top_tag_counts"],
    "cabletools.stance": ["extract_stances", "stance_matrix", "compare_stances", "evaluate_stances",
                          "compare_with_un_votes", "explain_stances", "read_stance_gold", "read_un_votes",
                          "stance_counts", "issue_labels", "assign_issues"],
    "cabletools.filters": ["FilterSpec", "apply_filters", "filter_mask", "select_rows", "regex_matches"],
    "cabletools.widgets": ["FilterPanel", "ResultsTable", "CableReader", "Explorer", "ChartView",
                           "SenderVolumeView", "tag_meanings"],
    "cabletools.synth": ["generate_corpus"],
    "cabletools.coverage": ["serial_coverage", "serial_parts", "coverage_totals"],
    "cabletools.reference_network": ["reference_graph", "cited_but_absent", "cited_by", "reference_thread"],
    "cabletools.cite": ["cite", "citations", "export"],
    "cabletools.refdata": ["station_table", "fips_table", "tag_kind"],
}
_LAZY_NAMES = {name: module for module, names in _LAZY.items() for name in names}


def __getattr__(name: str):
    module = _LAZY_NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'cabletools' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "Cable",
    "CorpusError",
    "canonical_id",
    "deduplicate",
    "duplicate_of",
    "paragraphs",
    "parse_cable",
    "read_cables",
    "recipients",
    "references",
    "write_parquet_dataset",
    "__version__",
    *_LAZY_NAMES,
]
