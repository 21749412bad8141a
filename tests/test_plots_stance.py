"""Stance figures and tables: the numbers each one shows (counted by hand on nine stances), that the
figure draws exactly those numbers, that evidence tables escape all cable text, the widget view
driven without a kernel, and the validation helpers on hand-made reference files."""
from __future__ import annotations

import math
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.patches import Rectangle

from cabletools.plots import stance as P
from cabletools.stance.issues import assign_issues

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"

# Nine stances in six cables. 08A1 reports Vietnam's opposition twice (subject line and ¶2): one
# cable, so one "oppose" when cables are counted. The Russia stance is reported from San Jose.
STANCES = pd.DataFrame([
    ("08A1", 0, "VIETNAM", "Vietnam", "condemning Russia's recognition of Abkhazia", "oppose", "refuses to"),
    ("08A1", 2, "VFM Minh", "Vietnam", "condemning Russia's recognition of Abkhazia", "oppose", "would not condemn"),
    ("08A1", 3, "VFM Minh", "Vietnam", "the Sarkozy plan", "support", "supports"),
    ("08A2", 1, "MFA", "Vietnam", "the Iran resolution", "oppose", "very rarely supports"),
    ("08A2", 2, "MFA", "Vietnam", "the Iran resolution", "neutral", "will study"),
    ("09A3", 1, "DFM Son", "Vietnam", "the Iran resolution", "neutral", "pending review"),
    ("08B1", 1, "FM Arias", "Costa Rica", "the Iran resolution", "support", "will co-sponsor"),
    ("08B1", 2, "FM Arias", "Costa Rica", "no-action motions", "oppose", "opposes"),
    ("08B1", 4, "the Russian ambassador", "Russia", "the Cuba resolution", "support", "backs"),
    ("09C1", 1, "MFA", "France", "UNIFIL renewal", "neutral", "could not comment"),
    ("09C2", 1, "MFA", "France", "the weather", "support", "welcomes"),
], columns=["cable_id", "para", "actor", "actor_country", "target", "stance", "cue"])
STANCES["evidence"] = [f"{a} {c} {t}." for a, c, t in zip(STANCES["actor"], STANCES["cue"], STANCES["target"])]
STANCES["score"] = 0.9
CABLES = pd.DataFrame({
    "cable_id": ["08A1", "08A2", "09A3", "08B1", "09C1", "09C2"],
    "date": pd.to_datetime(["2008-08-28", "2008-11-05", "2009-10-01", "2008-11-10", "2009-01-10", "2009-02-01"],
                           utc=True),
    "tags": [["PREL", "RS"], ["PHUM", "UNGA"], ["PHUM"], ["PHUM", "UNGA"], ["PREL"], ["SENV"]],
})

# (country, issue) -> support, oppose, neutral, n, n_cables — counting cables, then stance rows. A cable
# counts once per cell with its net position there: 08A1 reports Vietnam opposing twice and supporting
# once on Georgia/Russia (one opposing cable); 08A2 opposing once and neutral once on Iran (opposing).
BY_CABLE = {
    ("Vietnam", "Georgia/Russia"): (0, 1, 0, 1, 1),
    ("Vietnam", "Iran"): (0, 1, 1, 2, 2),
    ("Costa Rica", "Iran"): (1, 0, 0, 1, 1),
    ("Costa Rica", "Human rights"): (0, 1, 0, 1, 1),
    ("Russia", "Cuba"): (1, 0, 0, 1, 1),
    ("France", "Lebanon/Syria"): (0, 0, 1, 1, 1),
}
BY_STANCE = {**BY_CABLE, ("Vietnam", "Georgia/Russia"): (1, 2, 0, 3, 1), ("Vietnam", "Iran"): (0, 1, 2, 3, 2)}
ROWS = ["Vietnam", "Costa Rica", "France", "Russia"]               # largest n first, ties by name
ISSUES = ["Iran", "Cuba", "Georgia/Russia", "Human rights", "Lebanon/Syria"]      # counting cables
ISSUES_BY_STANCE = ["Iran", "Georgia/Russia", "Cuba", "Human rights", "Lebanon/Syria"]


def _cells(frame: pd.DataFrame) -> dict:
    return {(r.actor_country, r.issue): (r.support, r.oppose, r.neutral, r.n, r.n_cables)
            for r in frame.itertuples() if r.n}


# --------------------------------------------------------------------------- matrix data
@pytest.mark.parametrize("unit, expected, issues", [("cable", BY_CABLE, ISSUES), ("stance", BY_STANCE, ISSUES_BY_STANCE)])
def test_stance_cells_counts(unit, expected, issues):
    data = P.stance_cells(STANCES, unit=unit)
    assert list(dict.fromkeys(data["actor_country"])) == ROWS
    assert list(dict.fromkeys(data["issue"])) == issues
    assert len(data) == len(ROWS) * len(ISSUES)                    # the full grid, empty cells too
    assert _cells(data) == expected
    for r in data.itertuples():
        if r.n:
            assert r.net == pytest.approx((r.support - r.oppose) / r.n) and r.shown
            assert r.net_shrunk == pytest.approx((r.support - r.oppose) / (r.n + 2))
        else:
            assert math.isnan(r.net) and math.isnan(r.net_shrunk) and not r.shown


def test_stance_cells_net_and_totals():
    data = P.stance_cells(STANCES).set_index(["actor_country", "issue"])
    assert data.loc[("Vietnam", "Iran"), "net"] == -0.5            # one opposing cable, one neutral
    assert data.loc[("Vietnam", "Iran"), "net_shrunk"] == -0.25    # -1 / (2 + 2): little evidence, paler
    assert data.loc[("Costa Rica", "Iran"), "net_shrunk"] == pytest.approx(1 / 3)
    assert data.loc[("Vietnam", "Georgia/Russia"), "net"] == -1.0  # 08A1 opposes on balance (2 to 1)
    assert data.loc[("France", "Lebanon/Syria"), "net"] == 0.0     # neutral
    assert data.xs("Vietnam")["row_total"].unique().tolist() == [3]
    balanced = P.stance_cells(STANCES.assign(stance=["oppose", "support", "support", *STANCES["stance"][3:]]))
    assert balanced.set_index(["actor_country", "issue"]).loc[("Vietnam", "Georgia/Russia"),
                                                               ["support", "oppose", "neutral"]].tolist() == [1, 0, 0]
    # "other" holds France's stance on the weather: left out unless asked for, but counted in the total
    assert data.xs("France")["row_total"].unique().tolist() == [1]
    with_other = P.stance_cells(STANCES, include_other=True).set_index(["actor_country", "issue"])
    assert with_other.loc[("France", "other"), ["support", "n"]].tolist() == [1, 1]
    assert with_other.xs("France")["row_total"].unique().tolist() == [2]


@pytest.mark.parametrize("kwargs, rows, issues", [
    (dict(top_countries=2, top_issues=2), ["Vietnam", "Costa Rica"], ["Iran", "Georgia/Russia"]),
    (dict(countries=["Russia", "Vietnam"]), ["Russia", "Vietnam"], ["Iran", "Cuba", "Georgia/Russia"]),
    (dict(countries=["Vietnam"], issues=["Cuba", "Iran"]), ["Vietnam"], ["Cuba", "Iran"]),
    (dict(issue="iran"), ["Vietnam", "Costa Rica"], ["Iran"]),                 # a keyword query
    (dict(issue="PREL", cables=CABLES), ["France", "Vietnam"], ["Georgia/Russia", "Lebanon/Syria"]),  # a TAG
])
def test_stance_cells_selection(kwargs, rows, issues):
    data = P.stance_cells(STANCES, **kwargs)
    assert list(dict.fromkeys(data["actor_country"])) == rows
    assert list(dict.fromkeys(data["issue"])) == issues


def test_stance_cells_by_tag_and_by_year():
    tags = P.stance_cells(STANCES, columns="tags", cables=CABLES).set_index(["actor_country", "issue"])
    assert tags.loc[("Vietnam", "PHUM"), ["oppose", "neutral", "n_cables"]].tolist() == [1, 1, 2]
    # 08B1: Costa Rica supports on Iran and opposes no-action motions, both tagged UNGA: balanced
    assert tags.loc[("Costa Rica", "UNGA"), ["support", "oppose", "neutral"]].tolist() == [0, 0, 1]
    years = P.stance_cells(STANCES, columns="year", cables=CABLES).set_index(["actor_country", "issue"])
    assert years.loc[("Vietnam", 2008), ["support", "oppose", "neutral"]].tolist() == [0, 2, 0]
    assert years.loc[("Vietnam", 2009), ["neutral", "n"]].tolist() == [1, 1]


def test_stance_cells_min_count_and_errors():
    data = P.stance_cells(STANCES, min_count=2)
    assert sorted(data.loc[data["shown"], ["actor_country", "issue"]].itertuples(index=False, name=None)) == \
        [("Vietnam", "Iran")]
    with pytest.raises(ValueError, match="unit"):
        P.stance_cells(STANCES, unit="paragraph")
    with pytest.raises(ValueError, match="cables="):
        P.stance_cells(STANCES, columns="tags")
    assert P.stance_cells(STANCES.iloc[:0]).empty


# --------------------------------------------------------------------------- matrix figure
def test_plot_stance_matrix_draws_its_data():
    fig = P.plot_stance_matrix(STANCES, min_count=1, highlight="Iran")
    data = fig.cabletools_data
    assert data.equals(P.stance_cells(STANCES))
    ax = fig.axes[0]
    image = ax.images[0].get_array()
    expected = data.pivot(index="actor_country", columns="issue", values="net_shrunk") \
        .reindex(index=ROWS, columns=ISSUES)
    np.testing.assert_array_equal(np.ma.filled(image, np.nan), expected.to_numpy(dtype=float))
    shown = data[data["shown"]]
    assert sorted(t.get_text() for t in ax.texts) == sorted(str(n) for n in shown["n"])
    for t in ax.texts:   # each count sits in its own cell
        x, y = t.get_position()
        assert str(data.set_index(["actor_country", "issue"]).loc[(ROWS[int(y)], ISSUES[int(x)]), "n"]) == t.get_text()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Vietnam (3)", "Costa Rica (1)", "France (1)", "Russia (1)"]  # cables
    assert "(n + 2)" in fig.axes[1].get_ylabel()                    # the colour rule, stated on the colour bar
    assert [t.get_text() for t in ax.get_xticklabels()] == ISSUES
    outline = [p for p in ax.patches if isinstance(p, Rectangle) and not p.get_fill()]
    assert [(p.get_x(), p.get_width(), p.get_height()) for p in outline] == [(-0.5, 1, 4)]


def test_matrix_colours_diverge_red_grey_blue():
    def rgb(v):
        return np.array(P.STANCE_CMAP((v + 1) / 2)[:3])
    red, grey, blue = rgb(-1), rgb(0), rgb(1)
    assert red[0] > red[2] + 0.3 and blue[2] > blue[0] + 0.3
    assert np.ptp(grey) < 0.05                                      # neutral is grey
    fig = P.plot_stance_matrix(STANCES)
    assert fig.axes[0].images[0].cmap.name == P.STANCE_CMAP.name


def test_plot_stance_matrix_empty():
    fig = P.plot_stance_matrix(STANCES.iloc[:0])
    assert fig.cabletools_data.empty and fig.axes[0].texts[0].get_text() == "no stances to show"


# --------------------------------------------------------------------------- over time
def test_positions_over_time():
    data = P.positions_over_time(STANCES, "Vietnam", cables=CABLES)
    got = [(r.issue, r.date.year, r.support, r.oppose, r.neutral, r.n) for r in data.itertuples()]
    assert got == [("Iran", 2008, 0, 1, 0, 1), ("Iran", 2009, 0, 0, 1, 1), ("Georgia/Russia", 2008, 0, 1, 0, 1)]
    quarterly = P.positions_over_time(STANCES, "Vietnam", cables=CABLES, freq="QS", issues=["Iran"])
    assert [str(d.date()) for d in quarterly["date"]] == ["2008-10-01", "2009-10-01"]
    with pytest.raises(ValueError, match="date"):
        P.positions_over_time(STANCES, "Vietnam")                   # no dates anywhere


def test_plot_positions_over_time_draws_its_data():
    fig = P.plot_positions_over_time(STANCES, "Vietnam", cables=CABLES)
    data = fig.cabletools_data
    ax = fig.axes[0]
    dots = ax.collections[0]
    years = [d.year for d in data["date"]]
    assert [mdates.num2date(x).year for x, _ in dots.get_offsets()] == years
    assert [int(y) for _, y in dots.get_offsets()] == [0, 0, 1]
    np.testing.assert_allclose(dots.get_array(), data["net_shrunk"].to_numpy(dtype=float))
    assert [t.get_text() for t in ax.texts] == ["1", "1", "1"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Iran", "Georgia/Russia"]
    empty = P.plot_positions_over_time(STANCES, "Atlantis", cables=CABLES)
    assert empty.cabletools_data.empty


# --------------------------------------------------------------------------- side by side
def test_countries_side_by_side():
    data = P.countries_side_by_side(STANCES, ["Vietnam", "Costa Rica"])
    got = [(r.issue, r.actor_country, r.n, round(r.share_support, 3), round(r.share_oppose, 3),
            round(r.share_neutral, 3)) for r in data.itertuples()]
    assert got == [
        ("Iran", "Vietnam", 2, 0.0, 0.5, 0.5), ("Iran", "Costa Rica", 1, 1.0, 0.0, 0.0),
        ("Georgia/Russia", "Vietnam", 1, 0.0, 1.0, 0.0), ("Georgia/Russia", "Costa Rica", 0, 0.0, 0.0, 0.0),
        ("Human rights", "Vietnam", 0, 0.0, 0.0, 0.0), ("Human rights", "Costa Rica", 1, 0.0, 1.0, 0.0),
    ]


def test_plot_countries_side_by_side_draws_its_data():
    countries = ["Vietnam", "Costa Rica"]
    fig = P.plot_countries_side_by_side(STANCES, countries)
    data = fig.cabletools_data
    issues = list(dict.fromkeys(data["issue"]))
    panels = [ax for ax in fig.axes if ax.get_title()]
    assert [ax.get_title() for ax in panels] == ["Vietnam (3)", "Costa Rica (2)"]
    for ax, country in zip(panels, countries):
        part = data[data["actor_country"] == country].set_index("issue").reindex(issues)
        bars = ax.patches
        # three bar series per panel, in the order oppose, neutral, support
        for k, label in enumerate(("oppose", "neutral", "support")):
            widths = [b.get_width() for b in bars[k * len(issues):(k + 1) * len(issues)]]
            np.testing.assert_allclose(widths, part[f"share_{label}"].to_numpy(dtype=float))
        oppose_left = [b.get_x() for b in bars[:len(issues)]]
        np.testing.assert_allclose(oppose_left, -part["share_neutral"] / 2 - part["share_oppose"])
        assert [t.get_text() for t in ax.texts] == [f"{n}" if n else "—" for n in part["n"]]


# --------------------------------------------------------------------------- evidence
def test_stance_evidence_rows():
    rows = P.stance_evidence(STANCES, "Vietnam", "Iran", cables=CABLES)
    assert rows[["cable_id", "para", "stance"]].values.tolist() == [
        ["08A2", 1, "oppose"], ["08A2", 2, "neutral"], ["09A3", 1, "neutral"]]
    assert [str(d.date()) for d in rows["date"]] == ["2008-11-05", "2008-11-05", "2009-10-01"]
    both = P.stance_evidence(STANCES, ["Vietnam", "Costa Rica"], "Iran")
    assert both["cable_id"].tolist() == ["08A2", "08A2", "08B1", "09A3"]       # undated: by cable, para
    assert len(P.stance_evidence(STANCES)) == len(STANCES)                     # no filter: every stance
    assert P.stance_evidence(STANCES, "France", "other")["target"].tolist() == ["the weather"]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs, self.rows = set(), [], 0

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attrs += [name for name, _ in attrs]
        self.rows += tag == "tr"


HOSTILE = pd.DataFrame({
    "cable_id": ["08X'1"], "para": [3], "actor": ["<img src=x onerror=alert(1)>"], "actor_country": ["Vietnam"],
    "target": ["the Iran resolution"], "stance": ["oppose"], "cue": ["<b>rejected</b>"],
    "evidence": ["The FM <b>rejected</b> it: <script>alert('x')</script> & more"], "score": [1.0]})


@pytest.mark.parametrize("link", [None, "https://example.org/{cable_id}.html#p{para}"])
def test_evidence_table_escapes_cable_text(link):
    table = P.evidence_table(HOSTILE, "Vietnam", "Iran", link=link)
    parser = _Tags()
    parser.feed(table.html)
    # only the table's own markup: nothing from the cable became a tag or an attribute
    assert parser.tags <= {"table", "caption", "thead", "tbody", "tr", "th", "td", "span", "a", "mark", "br", "small"}
    assert "onerror" not in parser.attrs and "src" not in parser.attrs
    assert "<script" not in table.html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in table.html
    assert "&lt;img src=x onerror=alert(1)&gt;" in table.html
    assert "<mark>&lt;b&gt;rejected&lt;/b&gt;</mark>" in table.html           # the cue, marked and escaped
    assert "&amp; more" in table.html
    if link:
        assert "href='https://example.org/08X%271.html#p3'" in table.html
    else:
        assert "<a " not in table.html and "08X&#x27;1 ¶3" in table.html
        assert "underline" not in table.html and "ct-cable-link" not in table.html   # does not look like a link


def test_evidence_table_shows_its_data():
    table = P.evidence_table(STANCES, "Vietnam", None, cables=CABLES, limit=4)
    parser = _Tags()
    parser.feed(table.html)
    assert parser.rows - 1 == len(table.data) == 4                             # header row + one per stance
    assert table.n_total == 6
    assert table.data.equals(P.stance_evidence(STANCES, "Vietnam", cables=CABLES).head(4))
    assert table.title == "Vietnam × all issues: 6 stances in 3 cables (support 1, oppose 3, neutral 2); the first 4 shown"
    for row in table.data.itertuples():
        assert f"{row.cable_id} ¶{row.para}" in table.html
    assert table._repr_html_() == table.html


# --------------------------------------------------------------------------- summary and view
def test_stance_summary():
    assert P.stance_summary(STANCES, top=3) == "\n".join([
        "11 stances in 6 cables, 4 countries: support 4, oppose 4, neutral 3",
        'issues: 1 stance under "other" (9%; no issue found: left out of the matrices)',
        "top 3 country × issue cells (cables):",
        "  Vietnam × Iran: 2 (support 0, oppose 1, neutral 1), net -0.50",
        "  Costa Rica × Human rights: 1 (support 0, oppose 1, neutral 0), net -1.00",
        "  Costa Rica × Iran: 1 (support 1, oppose 0, neutral 0), net +1.00",
    ])
    one = STANCES[STANCES["cable_id"] == "08B1"].head(1)
    assert P.stance_summary(one, top=0) == ("1 stance in 1 cable, 1 country: support 1, oppose 0, neutral 0\n"
                                            'issues: 0 stances under "other" (no issue found: left out of the matrices)')


def test_stance_view_redraws_from_controls():
    view = P.StanceView(STANCES, CABLES, top_countries=3)
    # nothing picked: the three countries with the most cables, every issue (with CABLES, France's
    # stance on the weather in 09C2, tagged SENV, is about the environment)
    assert list(dict.fromkeys(view.data["actor_country"])) == ["Vietnam", "France", "Costa Rica"]  # 3, 2, 1
    assert view.image.value[1:4] == b"PNG"
    assert [label for label, _ in view.issue_select.options][:4] == ["all issues", "Iran (3)", "Cuba (1)",
                                                                     "Environment (1)"]
    view.issue_select.value = "Iran"
    assert list(dict.fromkeys(view.data["actor_country"])) == ["Vietnam", "Costa Rica"]   # who spoke on Iran
    assert view.evidence.data["cable_id"].tolist() == ["08A2", "08A2", "08B1", "09A3"]
    view.country_select.value = ("Russia", "Vietnam")
    assert view.data.equals(P.stance_cells(STANCES, countries=["Russia", "Vietnam"], top_countries=None,
                                           include_other=False))
    assert view.evidence.data.equals(P.stance_evidence(STANCES, ["Russia", "Vietnam"], "Iran", cables=CABLES))
    assert "Russia, Vietnam × Iran: 3 stances in 2 cables" in view.evidence_html.value
    assert view.summary() == "matrix: 2 countries × 3 issues, 3 cells with stances; evidence: 3 stances"
    assert "redraw failed" not in view.status.value


def test_stance_view_picked_issue_outside_the_top_is_added():
    view = P.StanceView(STANCES, CABLES, top_issues=1)
    view.issue_select.value = "Cuba"
    assert list(dict.fromkeys(view.data["issue"])) == ["Cuba"]
    view.country_select.value = ("Vietnam",)
    assert list(dict.fromkeys(view.data["issue"])) == ["Cuba"]
    assert view.evidence.n_total == 0


# --------------------------------------------------------------------------- validation helpers
def test_truth_validation(tmp_path):
    (tmp_path / "truth").mkdir()
    (tmp_path / "cables").mkdir()
    # known: 08A1 ¶2 oppose, ¶3 support; 08A2 ¶1 oppose, ¶3 support (missed); 09A3 has none
    pd.DataFrame({"cable_id": ["08A1", "08A1", "08A2", "08A2"], "para": [2, 3, 1, 3],
                  "actor": "x", "actor_country": "Vietnam", "target": "t",
                  "stance": ["oppose", "support", "oppose", "support"], "evidence": "e"}) \
        .to_csv(tmp_path / "truth" / "stances.tsv", sep="\t", index=False)
    cables = CABLES[CABLES["cable_id"].isin(["08A1", "08A2", "09A3"])]
    for corpus in (tmp_path, tmp_path / "cables", str(tmp_path / "cables")):
        assert P.read_truth_stances(corpus)["para"].tolist() == [2, 3, 1, 3]
    (tmp_path / "cables" / "08A1.txt").write_text("a cable")
    assert P.read_truth_stances(tmp_path / "cables" / "08A1.txt")["cable_id"].nunique() == 2
    table, message = P.truth_validation(STANCES, cables, tmp_path)
    # predicted in numbered paragraphs: 08A1 ¶2 oppose ¶3 support, 08A2 ¶1 oppose ¶2 neutral, 09A3 ¶1 neutral
    assert table.loc["micro", ["tp", "fp", "fn"]].tolist() == [3, 2, 1]
    assert table.loc["neutral", ["tp", "fp"]].tolist() == [0, 2]
    assert message.startswith("known stances of the synthetic corpus: micro-F1 0.667")
    assert P.truth_validation(STANCES, cables, tmp_path / "nowhere")[0] is None


def test_un_vote_validation(tmp_path):
    pd.DataFrame({"rcid": [1, 2], "session": [63, 64], "date": ["2008-12-18", "2009-12-18"],
                  "unres": ["R/63/191", "R/64/176"], "amend": [0, 0], "para": [0, 0],
                  "short": ["HUMAN RIGHTS IN IRAN", "HUMAN RIGHTS IN IRAN"],
                  "descr": ["Situation of human rights in Iran"] * 2}).to_csv(tmp_path / "un_roll_calls.csv",
                                                                               index=False)
    pd.DataFrame({"rcid": [1, 1, 2], "country": ["Vietnam", "Costa Rica", "Vietnam"],
                  "country_code": ["VN", "CR", "VN"], "vote": ["no", "yes", "abstain"]}) \
        .to_csv(tmp_path / "un_votes.csv", index=False)
    result, message = P.un_vote_validation(STANCES, CABLES, tmp_path, plot=False)
    got = sorted(result.matches[["cable_id", "para", "actor_country", "unres", "expected", "vote"]]
                 .itertuples(index=False, name=None))
    assert got == [("08A2", 1, "Vietnam", "R/63/191", "no", "no"), ("08A2", 2, "Vietnam", "R/63/191", "abstain", "no"),
                   ("08B1", 1, "Costa Rica", "R/63/191", "yes", "yes"),
                   ("09A3", 1, "Vietnam", "R/64/176", "abstain", "abstain")]
    assert result.agreement == 0.75 and message.endswith("agreement 75%")
    none, why = P.un_vote_validation(STANCES, CABLES, None)
    assert none is None and "CABLETOOLS_UNVOTES" in why


def test_dev_gold_validation(shared):
    table, message = P.dev_gold_validation(shared)
    print("\n" + message)
    print(table.round(3).to_string())
    assert table.loc["micro", "f1"] >= 0.70
    assert f"micro-F1 {table.loc['micro', 'f1']:.3f}" in message and "30 real cables" in message


def test_dev_gold_validation_without_shared(monkeypatch):
    monkeypatch.delenv("CABLETOOLS_SHARED", raising=False)
    table, message = P.dev_gold_validation()
    assert table is None and "CABLETOOLS_SHARED" in message


# --------------------------------------------------------------------------- the sample
@pytest.fixture(scope="module")
def sample():
    import cabletools as ct
    from cabletools.stance import extract_stances

    df = ct.read_cables(SAMPLE / "cables", progress=False)
    return df, extract_stances(df)


def test_sample_matrix_accounts_for_every_stance(sample):
    df, st = sample
    full = P.stance_cells(st, unit="stance", top_countries=None, top_issues=None, include_other=True)
    assert full["n"].sum() == st["actor_country"].notna().sum()
    by_cable = P.stance_cells(st, top_countries=None, top_issues=None, include_other=True)
    from cabletools.stance import issue_labels
    # counting cables: one per (country, issue, cable), its label the sign of support - oppose there
    labelled = issue_labels(st).dropna(subset=["actor_country"])
    sign = labelled["stance"].map({"support": 1, "oppose": -1, "neutral": 0})
    per_cable = sign.groupby([labelled["actor_country"], labelled["issue"], labelled["cable_id"]]).sum()
    assert by_cable["n"].sum() == len(per_cable)
    assert by_cable["support"].sum() == (per_cable > 0).sum() and by_cable["oppose"].sum() == (per_cable < 0).sum()
    table, message = P.truth_validation(st, df, SAMPLE)
    assert table.loc["micro", "f1"] >= 0.95, message


# --------------------------------------------------------------------------- one counter
def _assert_figures_show_stance_matrix(st, cables, unit, **top):
    """Every matrix drawn (plot_stance_matrix, the StanceView) shows, cell for cell, the n and the
    colour of `stance_matrix` for the same unit; side-by-side bars its n as well."""
    from cabletools.stance import stance_matrix

    fig = P.plot_stance_matrix(st, cables=cables, unit=unit, **top)
    data = fig.cabletools_data
    rows, cols = list(dict.fromkeys(data["actor_country"])), list(dict.fromkeys(data["issue"]))
    n = stance_matrix(st, cables=cables, unit=unit, value="n").reindex(index=rows, columns=cols)
    drawn = data.pivot(index="actor_country", columns="issue", values="n").reindex(index=rows, columns=cols)
    np.testing.assert_array_equal(drawn.where(drawn > 0).to_numpy(dtype=float), n.to_numpy(dtype=float))
    shade = stance_matrix(st, cables=cables, unit=unit, value="net_shrunk").reindex(index=rows, columns=cols)
    np.testing.assert_allclose(np.ma.filled(fig.axes[0].images[0].get_array(), np.nan), shade.to_numpy(dtype=float))
    texts = sorted(t.get_text() for t in fig.axes[0].texts)
    assert texts == sorted(f"{int(v):,}" for v in n.stack().dropna())
    pair = rows[:2]
    side = P.countries_side_by_side(st, pair, cables=cables, unit=unit, issues=cols)
    np.testing.assert_array_equal(side.pivot(index="actor_country", columns="issue", values="n")
                                  .reindex(index=pair, columns=cols).to_numpy(dtype=float),
                                  n.loc[pair].fillna(0).to_numpy(dtype=float))
    from cabletools.stance import compare_stances
    table = compare_stances(st, pair, cables=cables, unit=unit).set_index("issue").reindex(cols)
    np.testing.assert_array_equal(table[[f"{c}: n" for c in pair]].fillna(0).to_numpy(dtype=float).T,
                                  n.loc[pair].fillna(0).to_numpy(dtype=float))
    view = P.StanceView(st, cables, unit=unit, top_countries=len(rows), top_issues=len(cols))
    cells = view.data.pivot(index="actor_country", columns="issue", values="n")
    assert set(cells.index) == set(rows) and set(cells.columns) == set(cols)
    np.testing.assert_array_equal(cells.reindex(index=rows, columns=cols).to_numpy(dtype=float),
                                  drawn.to_numpy(dtype=float))
    return int((drawn > 0).sum().sum())


@pytest.mark.parametrize("unit", ["cable", "stance"])
def test_figures_show_stance_matrix_on_hand_counted_stances(unit):
    assert _assert_figures_show_stance_matrix(STANCES, CABLES, unit, top_countries=None, top_issues=None) == 7


@pytest.mark.parametrize("unit", ["cable", "stance"])
def test_figures_show_stance_matrix_on_the_sample(sample, unit):
    df, st = sample
    st = st.assign(issue=assign_issues(st, df))
    assert _assert_figures_show_stance_matrix(st, df, unit, top_countries=15, top_issues=12) > 50


@pytest.fixture(scope="module")
def site(shared):
    import cabletools as ct
    from cabletools.stance import extract_stances

    df = ct.read_cables(shared / "corpus" / "cablegate_html__avilaroman" / "txt", progress=False) \
        .sort_values("cable_id").head(2500)
    st = extract_stances(df, workers=1)
    return df, st.assign(issue=assign_issues(st, df))


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("unit", ["cable", "stance"])
def test_figures_show_stance_matrix_on_real_cables(site, unit):
    df, st = site
    assert _assert_figures_show_stance_matrix(st, df, unit, top_countries=15, top_issues=12) > 50


def test_non_state_actors_only_when_asked():
    st = STANCES.assign(actor_type=["government"] * 8 + ["non-state", "government", "government"])
    assert "Russia" not in set(P.stance_cells(st)["actor_country"])             # the Russian ambassador's row
    assert "Russia" in set(P.stance_cells(st, include_non_state=True)["actor_country"])
    assert "Russia" not in set(P.stance_evidence(st)["actor_country"])
    from cabletools.stance import stance_matrix
    assert "Russia" not in stance_matrix(st).index and "Russia" in stance_matrix(st, include_non_state=True).index


def test_stance_view_pick_sets_both_controls_with_one_redraw():
    one, two = P.StanceView(STANCES, CABLES), P.StanceView(STANCES, CABLES)
    redraws = []
    original = one.redraw
    one.redraw = lambda: (redraws.append(1), original())
    one.pick("Iran", ["Vietnam", "Russia"])
    two.issue_select.value = "Iran"
    two.country_select.value = ("Vietnam", "Russia")
    assert len(redraws) == 1
    assert one.data.equals(two.data) and one.evidence.data.equals(two.evidence.data)
    assert one.summary() == two.summary() == "matrix: 2 countries × 3 issues, 3 cells with stances; evidence: 3 stances"
    one.pick(None, ["Russia"])
    assert one.summary() == "matrix: 1 country × 1 issue, 1 cell with stances; evidence: 1 stance"


@pytest.mark.parametrize("unit, totals", [
    # 08B1 reports Costa Rica on Iran and on no-action motions: one cable in the row's total, two cells
    ("cable", {"Vietnam": 3, "Costa Rica": 1, "France": 1, "Russia": 1}),
    ("stance", {"Vietnam": 6, "Costa Rica": 2, "France": 1, "Russia": 1}),
])
def test_number_beside_a_country_counts_each_cable_once(unit, totals):
    data = P.stance_cells(STANCES, unit=unit)
    assert data.drop_duplicates("actor_country").set_index("actor_country")["row_total"].to_dict() == totals
    view = P.StanceView(STANCES, unit=unit)
    assert {value: label for label, value in view.country_select.options} == {
        c: f"{c} ({n})" for c, n in totals.items()}
