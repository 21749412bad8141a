"""Citations and exports (cabletools.cite): footnotes a historian would write for real cables,
BibTeX and CSL-JSON that parse, URLs built from the id, and exports that round-trip and leave no
temporary file behind."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import cabletools as ct
from cabletools.cite import addressee_name, cablegate_url, citations, cite, export, plusd_url, title_case

SITE_TXT = "corpus/cablegate_html__avilaroman/txt"

#: cable id -> (file under shared/, the footnote); read from each cable's own header
FOOTNOTES = {
    "08HANOI1002": ("seeds/full_header_08HANOI1002.txt",
                    'Embassy Hanoi to Secretary of State, "Vietnam Refuses to Condemn Russia\'s Recognition '
                    'of Abkhazia and South Ossetia," cable 08HANOI1002, August 28, 2008, Cablegate (WikiLeaks), '
                    "https://wikileaks.org/plusd/cables/08HANOI1002_a.html."),
    "72TEHRAN1164": (f"{SITE_TXT}/72TEHRAN1164.txt",
                     'Embassy Tehran to Secretary of State, "Acceleration of F-4ES for Iran," cable 72TEHRAN1164, '
                     "February 25, 1972, Cablegate (WikiLeaks), https://wikileaks.org/plusd/cables/72TEHRAN1164_a.html."),
}


def parsed(shared, name: str) -> dict:
    cable = ct.parse_cable((shared / name).read_text(encoding="utf-8"), source=name)
    return {field: getattr(cable, field) for field in cable.__slots__}


@pytest.mark.shared
@pytest.mark.parametrize("cable_id", FOOTNOTES)
def test_footnote_of_a_real_cable(shared, cable_id):
    name, expected = FOOTNOTES[cable_id]
    assert cite(parsed(shared, name)) == expected


@pytest.mark.shared
def test_bibtex_and_csl_json_of_the_seed(shared):
    cable = parsed(shared, FOOTNOTES["08HANOI1002"][0])
    bib = cite(cable, style="bibtex")
    assert bib.startswith("@misc{cable:08HANOI1002,\n") and bib.endswith("\n}")
    for line in ("author = {{Embassy Hanoi}}", "date = {2008-08-28}", "year = {2008}",
                 "howpublished = {Cable 08HANOI1002 to Secretary of State}",
                 "url = {https://wikileaks.org/plusd/cables/08HANOI1002_a.html}",
                 r"note = {Also at \url{https://wikileaks.org/cable/2008/08/08HANOI1002.html}}"):
        assert f"  {line}" in bib.splitlines() or f"  {line}," in bib.splitlines(), line
    item = json.loads(cite(cable, style="csl-json"))
    assert item["issued"] == {"date-parts": [[2008, 8, 28]]} and item["author"] == [{"literal": "Embassy Hanoi"}]
    assert item["recipient"] == [{"literal": "Secretary of State"}] and item["number"] == "08HANOI1002"
    assert item["title"].startswith("Vietnam Refuses to Condemn") and item["archive"] == "Cablegate (WikiLeaks)"


@pytest.mark.parametrize("cable_id, date, plusd, cablegate", [
    ("08HANOI1002", "2008-08-28", "https://wikileaks.org/plusd/cables/08HANOI1002_a.html",
     "https://wikileaks.org/cable/2008/08/08HANOI1002.html"),
    ("66BUENOSAIRES2481", "1966-12-28", "https://wikileaks.org/plusd/cables/66BUENOSAIRES2481_a.html",
     "https://wikileaks.org/cable/1966/12/66BUENOSAIRES2481.html"),
    ("HANOI2998", "2006-01-01", None, None),          # a partial extract's id without a year
    ("08HANOI1002", None, "https://wikileaks.org/plusd/cables/08HANOI1002_a.html", None),
    (None, None, None, None),
])
def test_urls(cable_id, date, plusd, cablegate):
    assert (plusd_url(cable_id), cablegate_url(cable_id, date)) == (plusd, cablegate)


@pytest.mark.parametrize("subject, expected", [
    ("VIETNAM REFUSES TO CONDEMN RUSSIA'S RECOGNITION OF ABKHAZIA", "Vietnam Refuses to Condemn Russia's Recognition of Abkhazia"),
    ("ACCELERATION OF F-4ES FOR IRAN", "Acceleration of F-4ES for Iran"),
    ("GVN AND UNSC: THE U.S. POSITION ON DPRK", "GVN and UNSC: The U.S. Position on DPRK"),
    ("ZANU-PF REPORTEDLY INTERESTED IN A DEAL", "Zanu-PF Reportedly Interested in a Deal"),  # known miss: ZANU
    ("Already Mixed Case", "Already Mixed Case"),
    (None, None),
])
def test_title_case(subject, expected):
    assert title_case(subject) == expected


@pytest.mark.parametrize("addressee, expected", [
    ("SECSTATE WASHDC", "Secretary of State"), ("AMCONSUL HO CHI MINH", "Consulate Ho Chi Minh City"),
    ("USMISSION USUN NEW YORK", "USMISSION USUN NEW YORK"), (None, None),
])
def test_addressee_names(addressee, expected):
    assert addressee_name(addressee) == expected


def test_a_cable_with_little_known_still_cites():
    assert cite({"cable_id": None, "fm": "AMEMBASSY HARARE", "subject": None}) == \
        "AMEMBASSY HARARE, cable without id, Cablegate (WikiLeaks)."
    assert cite({"cable_id": "08HANOI1", "origin": "Embassy Hanoi", "to": ["SECSTATE WASHDC", "AMEMBASSY MOSCOW"]},
                collection="my archive").startswith("Embassy Hanoi to Secretary of State et al., cable 08HANOI1, my archive")
    with pytest.raises(ValueError, match="style"):
        cite({}, style="mla")


@pytest.fixture(scope="module")
def sample():
    from conftest import REPO

    return ct.read_cables(REPO / "data" / "sample" / "cables", progress=False).head(25)


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".bib", ".json"])
def test_export_round_trips_and_leaves_nothing_else(sample, tmp_path, suffix):
    path = ct.export(sample, tmp_path / f"selection{suffix}")
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    if suffix == ".csv":
        back = pd.read_csv(path)
        assert back["cable_id"].tolist() == sample["cable_id"].tolist()
        assert back["citation"].tolist() == citations(sample).tolist()
        assert back["tags"].iloc[0] == "; ".join(sample["tags"].iloc[0])
    elif suffix == ".parquet":
        back = pd.read_parquet(path)
        assert back["cable_id"].tolist() == sample["cable_id"].tolist()
        assert list(back["tags"].iloc[0]) == list(sample["tags"].iloc[0])
    elif suffix == ".bib":
        assert path.read_text().count("@misc{") == len(sample)
    else:
        assert [item["id"] for item in json.loads(path.read_text())] == sample["cable_id"].tolist()


def test_export_refuses_an_unknown_format_and_cleans_up_a_failure(sample, tmp_path):
    with pytest.raises(ValueError, match="format must be one of"):
        export(sample, tmp_path / "selection.xlsx")
    with pytest.raises(Exception):
        export(sample.assign(bad=[object()] * len(sample)), tmp_path / "selection.parquet")
    assert list(tmp_path.iterdir()) == []
