"""The same cable from two inputs (a cablegate page and a .txt, two mirrors) is flagged by
``duplicate_of`` and dropped by ``deduplicate``, with the policy stated there."""
from __future__ import annotations

import pandas as pd
import pytest

import cabletools as ct

CABLE = (
    "VZCZCXRO0001\nO 010101Z JAN 09\nFM AMEMBASSY HANOI\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0001\n"
    "C O N F I D E N T I A L HANOI 000001\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2019\n"
    "TAGS: PREL VM\nSUBJECT: A TEST CABLE\n\n1. (C) Something happened.\n\nDOE\n"
)

# real cables present in two shared sources: the cablegate site page and the WikiLeaks
# cables.csv (split one .txt per cable), per corpus/cross_source_overlap.csv
PAIRS = {
    "01VATICAN5960": ("cablegate_html__avilaroman/html/01VATICAN5960.html",
                      "cables_csv__none-later/txt/01VATICAN5960.txt"),
    "04BRUSSELS1868": ("cablegate_html__avilaroman/html/04BRUSSELS1868.html",
                       "cables_csv__none-later/txt/04BRUSSELS1868.txt"),
}
SINGLE = "cables_csv__none-later/txt/00ATHENS1501.txt"


def test_real_cables_from_two_sources_are_flagged_once_each(shared):
    corpus = shared / "corpus"
    paths = [corpus / p for pair in PAIRS.values() for p in pair] + [corpus / SINGLE]
    df = ct.read_cables(paths, cache=False, progress=False, workers=1)
    assert df["cable_id"].tolist() == ["01VATICAN5960"] * 2 + ["04BRUSSELS1868"] * 2 + ["00ATHENS1501"]
    flags = ct.duplicate_of(df)
    for k in range(len(PAIRS)):
        pair, sources = flags.iloc[2 * k: 2 * k + 2].tolist(), df["source"].iloc[2 * k: 2 * k + 2].tolist()
        (copy,) = [i for i in (0, 1) if not pd.isna(pair[i])]  # one kept, one pointing at it
        assert pair[copy] == sources[1 - copy]
    assert pd.isna(flags.iloc[4])
    kept = ct.deduplicate(df)
    assert sorted(kept["cable_id"]) == ["00ATHENS1501", "01VATICAN5960", "04BRUSSELS1868"]


def write(folder, name, text):
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    return folder / name


@pytest.mark.parametrize("first, second, kept", [
    # same text twice: the first in input order is kept
    (CABLE, CABLE, 0),
    # the fuller copy is kept over a truncated one, whatever the order
    (CABLE[: len(CABLE) // 2 + 40], CABLE, 1),
    (CABLE, CABLE[: len(CABLE) // 2 + 40], 0),
])
def test_the_kept_row_is_the_fullest_then_the_first(tmp_path, first, second, kept):
    a = write(tmp_path / "mirror-a", "09HANOI1.txt", first)
    b = write(tmp_path / "mirror-b", "09HANOI1.txt", second)
    c = write(tmp_path / "mirror-b", "09HANOI2.txt", CABLE.replace("HANOI 000001", "HANOI 000002"))
    df = ct.read_cables([a, b, c], cache=False, progress=False, workers=1)
    assert df["cable_id"].tolist() == ["09HANOI1", "09HANOI1", "09HANOI2"]
    flags = ct.duplicate_of(df).tolist()
    other = 1 - kept
    assert pd.isna(flags[kept]) and flags[other] == str([a, b][kept]) and pd.isna(flags[2])
    assert ct.deduplicate(df)["source"].tolist() == [str([a, b][kept]), str(c)]


def test_the_row_with_fewer_problems_is_kept(tmp_path):
    noisy = CABLE.replace("SUBJECT: A TEST CABLE\n", "")  # no subject line: a problem row
    a = write(tmp_path / "a", "09HANOI1.txt", noisy + "x" * 200)
    b = write(tmp_path / "b", "09HANOI1.txt", CABLE)
    df = ct.read_cables([a, b], cache=False, progress=False, workers=1)
    assert len(df["problems"].iloc[0]) > len(df["problems"].iloc[1])
    assert ct.duplicate_of(df).tolist()[0] == str(b)


def test_rows_without_an_id_are_never_duplicates(tmp_path):
    a = write(tmp_path / "a", "x.txt", "no cable here\n")
    b = write(tmp_path / "b", "x.txt", "no cable here\n")
    df = ct.read_cables([a, b], cache=False, progress=False, workers=1)
    assert df["cable_id"].isna().all()
    assert ct.duplicate_of(df).isna().all()
    assert len(ct.deduplicate(df)) == 2
