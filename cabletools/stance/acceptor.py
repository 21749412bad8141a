"""The learned last stage: accept or reject each rule candidate, by a logistic regression over
named rule features.

The rules of :mod:`cabletools.stance.extract` propose candidates; each carries the facts the rules
established about it (:data:`FEATURES`: which cue, negated or not, who speaks and how, whether the
paragraph is embassy comment, …). A logistic regression over those named facts gives each
candidate a probability of being a stance the guidelines' gold would hold; candidates at or above
the model's threshold are kept and the probability becomes their ``score``. Every decision stays
readable: :func:`explain` lists the weight each fact contributed.

:func:`cabletools.stance.crossval.cross_validate` fits a fresh model per fold on the training folds
only. No model ships at present: on the gold held so far the acceptor did not raise the held-out
F1 (the rules' candidates are right about 77% of the time and no feature separates the rest), so
``extract_stances`` keeps every candidate. ``benchmarks/stance_cv.py --write-model`` fits one on
every gold cable and writes :mod:`cabletools.stance.acceptor_model`, which ``extract_stances``
then applies. Fitting needs scikit-learn; applying a model is a dot product in plain Python.

>>> m = {"bias": -1.0, "weights": {"reported": 2.0}, "threshold": 0.5}
>>> round(probability(dict.fromkeys(FEATURES, 0.0) | {"reported": 1.0}, m), 3)
0.731
"""
from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

__all__ = ["FEATURES", "probability", "apply", "fit", "explain", "shipped_model"]

#: the named facts a candidate carries, in the order of its ``features`` tuple
FEATURES = (
    "label_support", "label_oppose", "label_neutral",      # the cue's polarity after negation
    "cue_weight",                                            # the lexicon's confidence in the cue
    "governor", "judgement",                                 # "refused to …"; "… was one-sided"
    "negated", "not_yet",
    "comment",                                               # inside the embassy's Comment
    "explicit_actor",                                        # the clause names its actor (no pronoun, no carry-over)
    "actor_person", "actor_country_word", "actor_org",       # a person/title; a country word; an IGO or group
    "actor_is_host",                                         # the actor's country is the post's host
    "reported",                                              # said/told/quotes in the sentence
    "quoted", "hedged", "headline", "para0_prose",
    "implicit_target",                                       # the target is the US request itself
    "demarche_cable",                                        # the cable answers a US request
    "us_in_sentence",                                        # the US side is named in the sentence
    "soft_clause",                                           # inside a "that"/":" complement
    "intensified",
    "strong_title",                                          # a minister, the MFA, the government, a country
    "learned_name",                                          # a surname the cable gave an official title
    "policy_target",                                         # the target names a proposal, vote, treaty …
    "noun_cue",                                              # "concern", "importance": a noun, not a verb
    "para_contact",                                          # the paragraph reports an exchange with the US side
    "busy_sentence",                                         # more than two cues in the sentence
)


def probability(features: dict[str, float], model: dict) -> float:
    """The model's probability that a candidate with these features is a gold stance."""
    z = model["bias"] + sum(w * features.get(name, 0.0) for name, w in model["weights"].items())
    return 1.0 / (1.0 + math.exp(-z))


def _matrix(candidates: pd.DataFrame) -> list[tuple[float, ...]]:
    return [tuple(f) for f in candidates["features"]]


def apply(candidates: pd.DataFrame, model: dict | None) -> pd.DataFrame:
    """The candidates the model accepts, with ``score`` = its probability (all of them for no model)."""
    if model is None or not len(candidates):
        return candidates
    weights = [model["weights"].get(name, 0.0) for name in FEATURES]
    bias = model["bias"]
    probs = [1.0 / (1.0 + math.exp(-(bias + sum(w * x for w, x in zip(weights, f))))) for f in candidates["features"]]
    out = candidates.assign(score=[round(p, 3) for p in probs])
    return out[out["score"] >= model["threshold"]].reset_index(drop=True)


def _targets(candidates: pd.DataFrame, gold: pd.DataFrame) -> list[int]:
    """1 where the gold holds the candidate's (cable_id, para, stance), else 0."""
    truth = set(zip(gold["cable_id"], gold["para"].astype(int), gold["stance"]))
    return [int((c, int(p), s) in truth) for c, p, s in zip(candidates["cable_id"], candidates["para"],
                                                             candidates["stance"])]


def fit(candidates: pd.DataFrame, gold: pd.DataFrame, *, C: float = 1.0) -> dict:
    """A model fitted on `candidates` of the cables of `gold` (needs scikit-learn).

    The threshold is the one that maximises micro-F1 over (cable, para, stance) on these same
    training cables (so nothing is tuned on the cables it will be scored on)."""
    from sklearn.linear_model import LogisticRegression

    from cabletools.stance.crossval import micro_f1

    cands = candidates[candidates["cable_id"].isin(set(gold["cable_id"]))].reset_index(drop=True)
    y = _targets(cands, gold)
    if len(set(y)) < 2:
        return {"bias": 0.0, "weights": {}, "threshold": 0.0}
    lr = LogisticRegression(C=C, max_iter=2000)
    lr.fit(_matrix(cands), y)
    model = {"bias": float(lr.intercept_[0]),
             "weights": {n: round(float(w), 4) for n, w in zip(FEATURES, lr.coef_[0])}, "threshold": 0.5}
    best = (-1.0, 0.5)
    for t in [x / 20 for x in range(2, 15)]:
        f1 = micro_f1(apply(cands, model | {"threshold": t}), gold, "para")["f1"]
        if f1 > best[0] + 1e-9:
            best = (f1, t)
    model["threshold"] = best[1]
    return model


def explain(features: tuple[float, ...] | dict[str, float], model: dict | None = None) -> pd.DataFrame:
    """Each feature's contribution (weight × value) to one candidate's log-odds, largest first."""
    model = model or shipped_model()
    values = features if isinstance(features, dict) else dict(zip(FEATURES, features))
    rows = [(n, values.get(n, 0.0), w, w * values.get(n, 0.0)) for n, w in model["weights"].items()]
    t = pd.DataFrame(rows, columns=["feature", "value", "weight", "contribution"])
    return t.reindex(t["contribution"].abs().sort_values(ascending=False).index).reset_index(drop=True)


@lru_cache(maxsize=1)
def shipped_model() -> dict | None:
    """The packaged model (None if none was written yet)."""
    try:
        from cabletools.stance.acceptor_model import MODEL
    except ImportError:
        return None
    return MODEL
