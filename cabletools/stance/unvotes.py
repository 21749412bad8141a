"""Check extracted stances against how countries actually voted in the UN General Assembly.

The votes are the public roll-call data of Voeten's *United Nations General Assembly Voting Data*
(as packaged by the ``unvotes`` R package: ``un_votes.csv`` — rcid, country, country_code, vote —
and ``un_roll_calls.csv`` — rcid, session, date, unres, amend, para, short, descr). Only plenary
recorded votes are in it: Third Committee votes and adoptions without a vote are not.

A stance is compared with a roll call when

1. the stance is about a resolution or a vote (its target says so),
2. the vote took place from `window[0]` to `window[1]` days after the cable,
3. the stance and the roll call name the same subject: a country other than the actor's own
   ("Iran", "Burma"/"Myanmar", "DPRK") or a theme of :data:`UN_THEMES` ("death penalty", "embargo
   against Cuba", "defamation of religions"). A stance on "country-specific human rights
   resolutions" matches every human-rights roll call on a named country.

The stance predicts the vote: support → yes, oppose → no, neutral → abstain.

>>> import pandas as pd
>>> st = pd.DataFrame({"cable_id": ["08X1"], "para": [2], "actor_country": ["Vietnam"], "stance": ["oppose"],
...     "target": ["the resolution on human rights in Iran"], "evidence": [""], "date": [pd.Timestamp("2008-11-05")]})
>>> rc = pd.DataFrame({"rcid": [1], "session": [63], "date": ["2008-12-18"], "unres": ["R/63/191"], "amend": [0],
...     "para": [0], "short": ["HUMAN RIGHTS IN IRAN"], "descr": ["Situation of human rights in Iran"]})
>>> votes = pd.DataFrame({"rcid": [1], "country": ["Vietnam"], "country_code": ["VN"], "vote": ["no"]})
>>> r = compare_with_un_votes(st, votes, rc, plot=False)
>>> r.matches[["actor_country", "unres", "expected", "vote", "agree"]].values.tolist(), r.agreement
([['Vietnam', 'R/63/191', 'no', 'no', True]], 1.0)
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd

from cabletools.stance.lexicon import load_lexicon

__all__ = ["UN_THEMES", "UNVoteComparison", "read_un_votes", "compare_with_un_votes", "plot_un_vote_agreement"]

EXPECTED_VOTE = {"support": "yes", "oppose": "no", "neutral": "abstain"}

#: Themes of General Assembly resolutions that cables name without a country: name -> regex.
UN_THEMES: dict[str, str] = {
    "death penalty": r"death penalty|moratorium on (?:the use of )?the death|capital punishment",
    "cuba embargo": r"embargo",
    "defamation of religion": r"defamation of religion",
    "cloning": r"cloning",
    "palestine": r"palestin|occupied (?:arab |syrian |palestinian )?territor|israeli practices|unrwa",
    "golan": r"golan",
    "georgia idps": r"abkhazia|georgia",
    "kosovo icj": r"kosovo",
    "coercive measures": r"coercive (?:economic )?measures",
    "right to development": r"right to development",
    "extrajudicial": r"extrajudicial",
    "nuclear disarmament": r"nuclear disarmament|nuclear weapons",
    "rights of the child": r"rights of the child|children",
}
_RESOLUTION_RX = re.compile(r"resolution|\bunga\b|general assembly|third committee|\bvot(?:e|es|ed|ing)\b|"
                            r"\babstain|co-?sponsor|\btext\b|no-action", re.I)
_COUNTRY_SPECIFIC_RX = re.compile(r"country[- ]specific|country resolutions", re.I)
_HUMAN_RIGHTS_RX = re.compile(r"human rights|situation of", re.I)

#: UN member names where our English short name differs.
_UN_CODES = {
    "Vietnam": "VN", "Burma": "MM", "South Korea": "KR", "North Korea": "KP", "Iran": "IR", "Russia": "RU",
    "Syria": "SY", "Laos": "LA", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ", "Moldova": "MD",
    "Macedonia": "MK", "Congo (Kinshasa)": "CD", "Congo (Brazzaville)": "CG", "Cote d'Ivoire": "CI",
    "Czech Republic": "CZ", "Holy See": "VA", "United Kingdom": "GB", "Swaziland": "SZ", "Cape Verde": "CV",
    "Brunei": "BN", "Timor-Leste": "TL", "Micronesia": "FM",
}


@dataclass
class UNVoteComparison:
    """What :func:`compare_with_un_votes` found."""

    matches: pd.DataFrame        # one row per (stance, roll call) compared
    confusion: pd.DataFrame      # stance × actual vote counts
    agreement: float             # share of matches where the vote is the one the stance predicts
    figure: object = field(default=None, repr=False)

    def __str__(self) -> str:
        return (f"{len(self.matches)} stance–vote pairs, {self.matches['rcid'].nunique() if len(self.matches) else 0} "
                f"roll calls, {self.matches['actor_country'].nunique() if len(self.matches) else 0} countries: "
                f"agreement {self.agreement:.0%}")


def read_un_votes(folder: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(votes, roll_calls) from a folder laid out like the unvotes data (``un_votes*.csv[.gz]``)."""
    folder = Path(folder)
    rc = pd.read_csv(folder / "un_roll_calls.csv", dtype={"unres": str, "short": str, "descr": str})
    files = sorted(folder.glob("un_votes_all.csv*")) or sorted(folder.glob("un_votes*.csv*"))
    if not files:
        raise FileNotFoundError(f"no un_votes*.csv in {folder}")
    votes = pd.read_csv(files[0], dtype={"country_code": str, "vote": str}, keep_default_na=False)
    return votes, rc


@lru_cache(maxsize=1)
def _country_matcher() -> tuple[re.Pattern, dict[str, str]]:
    """One regex of every country name and demonym of ``stance_actors.csv``, and word -> country."""
    words: dict[str, str] = {}
    for country, kind, names in load_lexicon().actors:
        if kind != "country":
            continue
        names = [w for w in names if not re.fullmatch(r"G[Oo]\w*|[A-Z]{2,5}|[A-Z][a-z]+[A-Z]\w*", w)]
        names += {"Burma": ["Myanmar"], "North Korea": ["Democratic People's Republic of Korea"],
                  "Iran": ["Islamic Republic of Iran"]}.get(country, [])
        for n in names:
            words.setdefault(n.lower(), country)
    rx = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I)
    return rx, words


_THEME_RXS = {t: re.compile(rx, re.I) for t, rx in UN_THEMES.items()}


def _keys(text: str, exclude: str | None = None) -> set[str]:
    rx, words = _country_matcher()
    keys = {words[m.group(1).lower()] for m in rx.finditer(text)} - {exclude}
    keys |= {f"theme:{t}" for t, trx in _THEME_RXS.items() if trx.search(text)}
    return keys


def _un_code(country: str, names: dict[str, str]) -> str | None:
    if country in _UN_CODES:
        return _UN_CODES[country]
    if country in names:
        return names[country]
    try:
        import pycountry
        return pycountry.countries.lookup(country).alpha_2
    except (LookupError, ImportError):
        return None


def compare_with_un_votes(stances: pd.DataFrame, votes: pd.DataFrame, roll_calls: pd.DataFrame, *,
                          cables: pd.DataFrame | None = None, window: tuple[int, int] = (-30, 400),
                          plot: bool = True) -> UNVoteComparison:
    """Match stances on UN resolutions to General Assembly roll calls and score the agreement.

    `stances` need a ``date`` column, or `cables` (cable_id, date) to take it from.
    """
    st = stances.copy()
    if "date" not in st.columns:
        if cables is None:
            raise ValueError("stances have no date: pass cables= with cable_id and date")
        st = st.merge(cables[["cable_id", "date"]], on="cable_id", how="left")
    st["date"] = pd.to_datetime(st["date"], utc=True, errors="coerce").dt.tz_localize(None)
    st = st.dropna(subset=["date"])
    # the subject is read from the target only (the evidence sentence often names other issues)
    target = st["target"].fillna("").astype(str)
    st = st[target.str.contains(_RESOLUTION_RX)].copy()
    st["match_text"] = target[st.index]
    rc = roll_calls.copy()
    rc["date"] = pd.to_datetime(rc["date"], errors="coerce")
    if "amend" in rc.columns:
        rc = rc[pd.to_numeric(rc["amend"], errors="coerce").fillna(0) == 0]
    if "para" in rc.columns:
        rc = rc[pd.to_numeric(rc["para"], errors="coerce").fillna(0) == 0]
    rc = rc[(rc["short"].fillna("").str.strip() != "") & rc["date"].notna()]
    if len(st):
        rc = rc[(rc["date"] >= st["date"].min() + pd.Timedelta(days=window[0]))
                & (rc["date"] <= st["date"].max() + pd.Timedelta(days=window[1]))]
    rc_text = rc["short"].fillna("") + " " + rc["descr"].fillna("")
    rc_keys = [_keys(t) for t in rc_text]
    rc_hr = [bool(_HUMAN_RIGHTS_RX.search(t)) for t in rc_text]
    wanted = set(rc["rcid"])
    votes = votes[votes["rcid"].isin(wanted)]
    names = dict(zip(votes["country"], votes["country_code"])) if "country" in votes.columns else {}
    vote_of = {(r, c): v for r, c, v in zip(votes["rcid"], votes["country_code"], votes["vote"])}
    rows = []
    rc_list = sorted(zip(rc["rcid"], rc["date"], rc["unres"], rc["short"], rc_keys, rc_hr, rc["session"]),
                     key=lambda t: t[1])
    rc_dates = [t[1] for t in rc_list]
    lo, hi = pd.Timedelta(days=window[0]), pd.Timedelta(days=window[1])
    for r in st.itertuples():
        code = _un_code(r.actor_country, names) if isinstance(r.actor_country, str) else None
        if code is None:
            continue
        keys = _keys(r.match_text, exclude=r.actor_country)
        country_specific = bool(_COUNTRY_SPECIFIC_RX.search(r.match_text)) and bool(_HUMAN_RIGHTS_RX.search(r.match_text))
        if not keys and not country_specific:
            continue
        found = []
        i0 = bisect_left(rc_dates, r.date + lo)
        i1 = bisect_right(rc_dates, r.date + hi)
        for rcid, vdate, unres, short, k, hr, session in rc_list[i0:i1]:
            shared = keys & k
            if not shared and not (country_specific and hr and any(not x.startswith("theme:") for x in k)):
                continue
            found.append((session, rcid, vdate, unres, short, shared))
        if found:   # the first General Assembly session after the cable
            first = min(f[0] for f in found)
            found = [f for f in found if f[0] == first]
        for session, rcid, vdate, unres, short, shared in found:
            vote = vote_of.get((rcid, code))
            if vote is None:
                continue
            expected = EXPECTED_VOTE.get(r.stance)
            rows.append({"cable_id": r.cable_id, "para": r.para, "actor_country": r.actor_country,
                         "stance": r.stance, "target": r.target, "cable_date": r.date, "rcid": rcid,
                         "unres": unres, "vote_date": vdate, "short": short,
                         "matched_on": ", ".join(sorted(shared)) or "country-specific human rights",
                         "expected": expected, "vote": vote, "agree": expected == vote})
    matches = pd.DataFrame(rows, columns=["cable_id", "para", "actor_country", "stance", "target", "cable_date",
                                          "rcid", "unres", "vote_date", "short", "matched_on", "expected",
                                          "vote", "agree"])
    # one row per (cable, country, roll call, stance)
    matches = matches.drop_duplicates(["cable_id", "actor_country", "rcid", "stance"]).reset_index(drop=True)
    confusion = (pd.crosstab(matches["stance"], matches["vote"]) if len(matches) else pd.DataFrame())
    confusion = confusion.reindex(index=["support", "neutral", "oppose"], columns=["yes", "abstain", "no"],
                                  fill_value=0)
    agreement = float(matches["agree"].mean()) if len(matches) else float("nan")
    result = UNVoteComparison(matches, confusion, agreement)
    if plot:
        result.figure = plot_un_vote_agreement(result)
    return result


def plot_un_vote_agreement(result: UNVoteComparison):
    """Heat map of stance (rows) against the actual vote (columns), counts in the cells."""
    import matplotlib
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4.8, 3.6))
    ax = fig.add_subplot()
    conf = result.confusion
    data = conf.to_numpy(dtype=float)
    ax.imshow(data, cmap=matplotlib.colormaps["Blues"], vmin=0, vmax=max(1.0, float(data.max()) if data.size else 1.0))
    ax.set_xticks(range(conf.shape[1]), conf.columns)
    ax.set_yticks(range(conf.shape[0]), conf.index)
    ax.set_xlabel("vote in the General Assembly")
    ax.set_ylabel("stance in the cable")
    for i in range(conf.shape[0]):
        for j in range(conf.shape[1]):
            ax.text(j, i, int(data[i, j]), ha="center", va="center",
                    color="white" if data[i, j] > data.max() / 2 else "black")
    ax.set_title(f"Stances vs UN votes: agreement {result.agreement:.0%} (n={len(result.matches)})", fontsize=9)
    fig.tight_layout()
    return fig
