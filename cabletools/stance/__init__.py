"""Stances of foreign governments toward what the US raised with them, and how to compare them.

``extract_stances(df)`` finds them (rules over a cue lexicon we wrote: see
:mod:`cabletools.stance.extract`; ``explain_stances`` shows every decision); ``stance_matrix`` and
``compare_stances`` line them up by country and issue (:mod:`cabletools.stance.analysis`);
``evaluate_stances`` scores them against hand labels; ``compare_with_un_votes`` checks them
against UN General Assembly roll calls (:mod:`cabletools.stance.unvotes`).
"""
from cabletools.stance.analysis import (TOPICS, compare_stances, evaluate_stances, issue_labels,
                                        read_stance_gold, stance_counts, stance_matrix)
from cabletools.stance.issues import assign_issues
from cabletools.stance.extract import (STANCE_COLUMNS, STANCE_LABELS, explain_stances, extract_stances,
                                       stances_in_text)
from cabletools.stance.unvotes import (UN_THEMES, UNVoteComparison, compare_with_un_votes,
                                       plot_un_vote_agreement, read_un_votes)

__all__ = [
    "extract_stances", "stances_in_text", "explain_stances", "STANCE_COLUMNS", "STANCE_LABELS",
    "TOPICS", "issue_labels", "assign_issues", "stance_counts", "stance_matrix", "compare_stances",
    "read_stance_gold", "evaluate_stances",
    "UN_THEMES", "UNVoteComparison", "read_un_votes", "compare_with_un_votes", "plot_un_vote_agreement",
]
