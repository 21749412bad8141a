"""Stances of foreign governments toward what the US raised with them, and how to compare them.

``extract_stances(df)`` finds them (rules over a cue lexicon we wrote: see
:mod:`cabletools.stance.extract`); ``stance_matrix`` and ``compare_stances`` line them up;
``evaluate_stances`` scores them against hand labels; ``compare_with_un_votes`` checks them
against UN General Assembly roll calls.
"""
from cabletools.stance.extract import (STANCE_COLUMNS, STANCE_LABELS, explain_stances, extract_stances,
                                      stances_in_text)

__all__ = ["extract_stances", "stances_in_text", "explain_stances", "STANCE_COLUMNS", "STANCE_LABELS"]
