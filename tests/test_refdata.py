"""The package's reference tables: FIPS codes, cable stations, TAGS codes.

The tables are written by us; these tests check them for internal consistency and
against the independent material in $CABLETOOLS_SHARED (corpus manifests, refdata).
Every disagreement with a shared file is listed below with the reason ours is right.
"""
from __future__ import annotations

import collections
import re

import pandas as pd
import pycountry
import pytest

from cabletools.parse import parse_cable_record
from cabletools.parse.fields import split_tags
from cabletools.parse.tag_codes import tag_codes
from cabletools.refdata import (
    BUREAUS,
    TAG_KINDS,
    fips_table,
    known_tag_codes,
    station_for_origin,
    station_info,
    station_table,
    tag_kind,
    tag_table,
    tag_variants,
)

# --------------------------------------------------------------------------- FIPS


def test_fips_codes_are_unique_two_letter_codes():
    f = fips_table()
    assert f["fips"].str.fullmatch(r"[A-Z]{2}").all()
    assert not f["fips"].duplicated().any()
    assert f["country"].notna().all()
    assert set(f["status"].unique()) <= {"current", "historical"}


def test_fips_iso2_codes_exist_in_pycountry():
    f = fips_table().dropna(subset=["iso2"])
    unknown = [
        (r.fips, r.iso2) for r in f.itertuples()
        if pycountry.countries.get(alpha_2=r.iso2) is None
        and pycountry.historic_countries.get(alpha_2=r.iso2) is None
        and r.iso2 != "XK"  # Kosovo: user-assigned code, not (yet) in ISO 3166
    ]
    assert unknown == []
    # iso3 and iso_name come from pycountry, not from our file
    assert f.loc[f["iso2"] == "VN", "iso3"].item() == "VNM"


@pytest.mark.parametrize("fips, country, iso2, bureau", [
    ("VM", "Vietnam", "VN", "EAP"),
    ("RS", "Russia", "RU", "EUR"),
    ("GG", "Georgia", "GE", "EUR"),
    ("GM", "Germany", "DE", "EUR"),
    ("CH", "China", "CN", "EAP"),
    ("UK", "United Kingdom", "GB", "EUR"),
    ("KS", "South Korea", "KR", "EAP"),
    ("KN", "North Korea", "KP", "EAP"),
    ("SZ", "Switzerland", "CH", "EUR"),
    ("BM", "Burma", "MM", "EAP"),
    ("IZ", "Iraq", "IQ", "NEA"),
    ("AF", "Afghanistan", "AF", "SCA"),
    ("CS", "Costa Rica", "CR", "WHA"),
    ("SF", "South Africa", "ZA", "AF"),
    ("UR", "Soviet Union", "SU", "EUR"),
    ("TC", "United Arab Emirates", "AE", "NEA"),
])
def test_fips_rows(fips, country, iso2, bureau):
    row = fips_table().set_index("fips").loc[fips]
    assert (row["country"], row["iso2"], row["bureau"]) == (country, iso2, bureau)


# Codes where shared/refdata/fips10_4.csv and ours differ, and why ours is right.
FIPS_DISAGREEMENTS: dict[str, str] = {}


@pytest.mark.shared
def test_fips_agrees_with_shared_fips10_4(shared):
    theirs = pd.read_csv(shared / "refdata" / "fips10_4.csv", dtype=str, keep_default_na=False)
    theirs = theirs[theirs["fips"].str.fullmatch(r"[A-Z]{2}")]  # one row has a broken code "a"
    # NL appears twice there (Netherlands and Caribbean Netherlands): either iso2 agrees
    their_iso = theirs.groupby("fips")["iso2"].agg(set)
    ours = fips_table().set_index("fips")["iso2"]
    common = ours.index.intersection(their_iso.index)
    disagree = {c: (ours[c], sorted(their_iso[c])) for c in common if ours[c] not in their_iso[c]}
    assert len(common) >= 240
    assert 1 - len(disagree) / len(common) >= 0.99, disagree
    assert set(disagree) == set(FIPS_DISAGREEMENTS), disagree
    # the codes only we have are historical codes, oceans, or islands without an ISO code
    only_ours = fips_table().set_index("fips").drop(index=common)
    assert (only_ours["status"].eq("historical") | only_ours["iso2"].isna() | only_ours["iso2"].eq("UM")).all(), \
        only_ours[["country", "iso2", "status"]]


# --------------------------------------------------------------------------- stations


def test_station_table_shape():
    t = station_table()
    assert not t["station"].duplicated().any()
    assert t["station"].str.fullmatch(r"[A-Z]+").all()
    assert t["origin"].notna().all()
    assert set(t["post_type"].unique()) <= {"embassy", "consulate", "mission", "office", "delegation",
                                            "department", "agency"}
    assert set(t["bureau"].dropna().unique()) <= set(BUREAUS)
    # every FIPS code of a post is in the FIPS table, so country and iso2 are filled
    posted = t.dropna(subset=["fips"])
    assert posted["country"].notna().all() and posted["fips"].isin(fips_table()["fips"]).all()
    # ~270 Cablegate origins
    assert 265 <= t.loc[t["cablegate_origin"], "origin"].nunique() <= 290


@pytest.mark.parametrize("station, origin, post_type, country, bureau", [
    ("HANOI", "Embassy Hanoi", "embassy", "Vietnam", "EAP"),
    ("HOCHIMINHCITY", "Consulate Ho Chi Minh City", "consulate", "Vietnam", "EAP"),
    ("STATE", "Secretary of State", "department", None, None),
    ("USUNNEWYORK", "USUN New York", "mission", None, "IO"),
    ("USNATO", "Mission USNATO", "mission", "Belgium", "EUR"),
    ("USEUBRUSSELS", "USEU Brussels", "mission", "Belgium", "EUR"),
    ("UNVIEVIENNA", "UNVIE", "mission", "Austria", "IO"),
    ("GENEVA", "US Mission Geneva", "mission", "Switzerland", "IO"),
    ("AITTAIPEI", "American Institute Taiwan, Taipei", "office", "Taiwan", "EAP"),
    ("HAVANA", "US Interests Section Havana", "office", "Cuba", "WHA"),
    ("RPODUBAI", "Iran RPO Dubai", "office", "United Arab Emirates", "NEA"),
    ("ALMATY", "US Office Almaty", "office", "Kazakhstan", "SCA"),
    ("RIODEJANEIRO", "Consulate Rio De Janeiro", "consulate", "Brazil", "WHA"),
    ("PORTAUPRINCE", "Embassy Port Au Prince", "embassy", "Haiti", "WHA"),
    ("HILLAH", "REO Hillah", "office", "Iraq", "NEA"),
    ("CALCUTTA", "Consulate Kolkata", "consulate", "India", "SCA"),
    ("LENINGRAD", "Consulate St Petersburg", "consulate", "Russia", "EUR"),
    ("PARTO", "US Delegation, Secretary", "delegation", None, None),
])
def test_station_info(station, origin, post_type, country, bureau):
    info = station_info(station)
    assert (info["origin"], info["post_type"], info["country"], info["bureau"]) == \
        (origin, post_type, country, bureau)


@pytest.mark.parametrize("given, expected", [
    ("Hanoi", "Embassy Hanoi"),            # case
    ("HO CHI MINH CITY", "Consulate Ho Chi Minh City"),  # spaces
    ("SECSTATE", None),                    # an alias is the parser's business, not a station
    ("", None),
    (None, None),
])
def test_station_info_keys(given, expected):
    info = station_info(given)
    assert (info["origin"] if info else None) == expected


def test_station_info_returns_a_copy():
    station_info("HANOI")["origin"] = "changed"
    assert station_info("HANOI")["origin"] == "Embassy Hanoi"


@pytest.mark.parametrize("origin, station", [
    ("Embassy Hanoi", "HANOI"),
    ("embassy hanoi", "HANOI"),
    ("Consulate Kolkata", "KOLKATA"),
    ("Consulate Chennai", "CHENNAI"),
    ("Embassy Kyiv", "KYIV"),
    ("Consulate St Petersburg", "STPETERSBURG"),
    ("American Institute Taiwan, Taipei", "AITTAIPEI"),
    ("Iran RPO Dubai", "RPODUBAI"),
    ("Embassy Paris", "PARIS"),
    ("Mission UNESCO", "UNESCOPARISFR"),
    ("Secretary of State", "STATE"),
    ("Embassy Atlantis", None),
])
def test_station_for_origin(origin, station):
    assert station_for_origin(origin) == station


def test_every_origin_maps_back_to_a_station_with_that_origin():
    t = station_table()
    for origin in t["origin"].unique():
        assert station_info(station_for_origin(origin))["origin"] == origin


# (station, origin in a manifest) pairs where the manifest and our table differ, and why.
ORIGIN_DISAGREEMENTS = {
    ("BRUSSELS", "USEU Brussels"):
        "USEU Brussels sent some cables under the BRUSSELS station (e.g. 09BRUSSELS536); most "
        "BRUSSELS ids in the manifests (182 of 195) are Embassy Brussels, so a station-level "
        "table must say Embassy Brussels; the parser can tell them apart by the FM line.",
}


def _manifest_station_origins(shared) -> collections.Counter:
    pairs: collections.Counter = collections.Counter()
    for source in ("cablegate_html__avilaroman", "cables_csv__none-later",
                   "cablegate_html_final_build__markchips", "cablegate_txt_sample__alx"):
        m = pd.read_csv(shared / "corpus" / source / "manifest.csv", dtype=str, keep_default_na=False)
        for ref, origin in zip(m["reference_id"], m["origin"]):
            # the station is between the 2-digit year and the serial; "EFTO" (encrypt for
            # transmission only) is debris WikiLeaks left in some ids (09EFTOLONDON2187)
            hit = re.fullmatch(r"\d\d(?:EFTO)?([A-Z]+?)\d+", ref)
            if hit:
                pairs[(hit.group(1), origin)] += 1
    return pairs


@pytest.mark.shared
def test_origins_agree_with_manifests(shared):
    pairs = _manifest_station_origins(shared)
    total = sum(pairs.values())
    disagree = {}
    for (station, origin), n in pairs.items():
        info = station_info(station)
        if info is None or info["origin"] != origin:
            disagree[(station, origin)] = (n, info and info["origin"])
    agree = total - sum(n for n, _ in disagree.values())
    assert total > 10_000
    assert agree / total >= 0.995, disagree
    assert set(disagree) == set(ORIGIN_DISAGREEMENTS), disagree


@pytest.mark.shared
def test_every_manifest_origin_is_in_the_table(shared):
    origins = set()
    for path in (shared / "corpus").glob("*/manifest.csv"):
        m = pd.read_csv(path, dtype=str, keep_default_na=False)
        if "origin" in m.columns:
            origins |= set(m["origin"]) - {""}
    missing = sorted(o for o in origins if station_for_origin(o) is None)
    assert missing == []


# Stations whose country differs from shared/refdata/cable_stations.csv, and why ours is right.
COUNTRY_DISAGREEMENTS = {
    "CURACAO": "Cablegate's cables from Curacao predate 10 October 2010, when Curacao was part of the "
               "Netherlands Antilles (FIPS NT); their CC is not even Curacao's FIPS code (that is UC, "
               "as shared fips10_4.csv says) but the CIA Factbook's.",
    "HONGKONG": "Hong Kong has its own FIPS code HK, which drafters tag; the consulate general reports "
                "to Washington directly, not through Embassy Beijing.",
    "JERUSALEM": "Consulate General Jerusalem was an independent mission covering Jerusalem, the West "
                 "Bank and Gaza, not part of Embassy Tel Aviv; the US did not recognise Israeli "
                 "sovereignty over Jerusalem in 1966-2010, so we give no host country.",
}


@pytest.mark.shared
def test_countries_agree_with_shared_cable_stations(shared):
    theirs = pd.read_csv(shared / "refdata" / "cable_stations.csv", dtype=str, keep_default_na=False)
    theirs = theirs[theirs["country"] != ""]
    ours = station_table().set_index("station")["fips"]
    both = theirs[theirs["station"].isin(ours.index)]
    disagree = {r.station: (r.fips, ours[r.station]) for r in both.itertuples()
                if ours[r.station] is pd.NA or ours[r.station] != r.fips}
    assert len(both) >= 250
    assert 1 - len(disagree) / len(both) >= 0.98, disagree
    assert set(disagree) == set(COUNTRY_DISAGREEMENTS), disagree


# --------------------------------------------------------------------------- TAGS


def test_tag_table_shape():
    t = tag_table()
    assert not t["code"].duplicated().any()
    assert set(t["kind"].unique()) <= set(TAG_KINDS)
    assert t["meaning"].notna().all()
    assert set(t["confidence"].unique()) == {"standard", "likely", "inferred", "non-standard"}
    # inferred meanings and codes outside the scheme cite the cables they were read from
    cited = t[t["confidence"].isin(["inferred", "non-standard"])]
    assert cited["note"].str.contains(r"\d\d[A-Z]+\d+").all(), cited[["code", "note"]]
    assert t["code"].str.fullmatch(r"[A-Z][A-Z0-9'\-]{1,8}").all()
    scheme = t[t["confidence"].ne("non-standard")]
    geo = scheme[scheme["kind"].eq("geographic")]
    assert geo["code"].str.fullmatch(r"[A-Z]{2}").all()
    # the subject codes of the scheme are four letters whose first is their field
    subjects = scheme[scheme["kind"].eq("subject")]
    assert subjects["code"].str.fullmatch(r"[ABCEMOPST][A-Z]{3}").all(), subjects["code"].tolist()
    assert subjects["field"].notna().all()
    # the scheme's codes split glued tags; a post's own codes do not (FAC would cut "FACES")
    assert known_tag_codes() == frozenset(scheme["code"])
    assert t.loc[t["confidence"].eq("non-standard"), "field"].isna().all()


def test_tag_table_covers_the_fields_of_the_scheme():
    """Every field of the scheme is encoded, with the codes of the TAGS handbook's lists."""
    t = tag_table().set_index("code")
    subjects = t[t["kind"].eq("subject") & t["confidence"].ne("non-standard")]
    by_field = subjects.index.str.slice(0, 1).value_counts()
    assert {f: by_field.get(f, 0) >= n for f, n in
            {"A": 35, "B": 10, "C": 10, "E": 19, "M": 7, "O": 12, "P": 15, "S": 6, "T": 7}.items()} == \
        dict.fromkeys("ABCEMOPST", True), by_field
    assert (t["kind"].eq("program") & t.index.str.startswith("K")).sum() >= 60
    assert {"UNSC", "UNGA", "NATO", "EUN", "ASEAN", "AORC", "OVIP", "OEXC", "OTRA", "SCUL", "SMIG",
            "KPAO", "KDEM", "KJUS", "KCRM", "KTFN", "TSPA", "TBIO"} <= set(t.index)


@pytest.mark.parametrize("code, kind, meaning, country, iso2", [
    ("PREL", "subject", "External political relations", None, None),
    ("PHUM", "subject", "Human rights", None, None),
    ("PGOV", "subject", "Internal governmental affairs", None, None),
    ("EFIN", "subject", "Financial and monetary affairs", None, None),
    ("MARR", "subject", "Military and defense arrangements", None, None),
    ("KIRF", "program", "International religious freedom", None, None),
    ("KNNP", "program", "Nuclear nonproliferation", None, None),
    ("UNSC", "organization", "UN Security Council", None, None),
    ("UNGA", "organization", "UN General Assembly", None, None),
    ("NATO", "organization", "North Atlantic Treaty Organization", None, None),
    ("EUN", "organization", "European Union", None, None),
    ("EU", "organization", "European Union", None, None),
    ("IAEA", "organization", "International Atomic Energy Agency", None, None),
    ("VM", "geographic", "Vietnam", "Vietnam", "VN"),
    ("RS", "geographic", "Russia", "Russia", "RU"),
    ("GG", "geographic", "Georgia", "Georgia", "GE"),
    ("XF", "geographic", "Middle East (region)", None, None),
    ("CZ", "geographic", "Czechoslovakia (FIPS code until 1993)", None, None),
    ("AART", "subject", "Art in Embassies program", None, None),
    ("CARR", "subject", "Americans arrested abroad", None, None),
    ("OCLR", "subject", "Clearances and visits of military vessels and aircraft", None, None),
    ("CODEL", "subject", "Congressional delegation visit", None, None),
    ("MEPP", "subject", "Middle East peace process", None, None),
    ("EUR", "organization", "State Department Bureau of European and Eurasian Affairs", None, None),
    ("NLD", "organization", "National League for Democracy (Burma)", None, None),
    ("ASSK", "person", "Aung San Suu Kyi", None, None),
    ("ADANA", "geographic", "Adana, Turkey (the district of Consulate Adana)", None, None),
])
def test_tag_rows(code, kind, meaning, country, iso2):
    row = tag_table().set_index("code").loc[code]
    got = tuple(None if pd.isna(v) else v for v in (row["kind"], row["meaning"], row["country"], row["iso2"]))
    assert got == (kind, meaning, country, iso2)


@pytest.mark.parametrize("code, kind", [
    ("PREL", "subject"), ("prel", "subject"), ("KIPR", "program"), ("KABC", "program"),
    ("VM", "geographic"), ("QQ", "geographic"), ("UNSC", "organization"),
    ("CLINTON, HILLARY", "person"), ("XYZZY", "unknown"), ("", "unknown"), (None, "unknown"),
])
def test_tag_kind(code, kind):
    assert tag_kind(code) == kind


@pytest.mark.shared
def test_tag_kind_matches_cablemap_expectations(shared):
    """cablemap's own tag_kind fixtures; cablemap says "geo" where we say "geographic"."""
    peer = pd.read_csv(shared / "peer" / "cablemap_expectations.csv", dtype=str, keep_default_na=False)
    rows = peer[peer["field"] == "tag_kind"]
    assert len(rows) >= 5
    ours_name = {"geo": "geographic"}
    for code, expected in zip(rows["input"], rows["expected"]):
        want = expected.strip('"')
        assert tag_kind(code) == ours_name.get(want, want), code


def test_tag_variants_point_at_known_codes():
    v = tag_variants()
    table = set(tag_table()["code"])
    assert list(v.columns) == ["variant", "replacement", "codes", "reason", "example"]
    assert not v["variant"].duplicated().any()
    assert not v["variant"].isin(table).any()
    assert v["reason"].notna().all()
    for variant, replacement, codes in zip(v["variant"], v["replacement"], v["codes"]):
        if isinstance(codes, str):
            assert all(code in table for code in codes.split()), variant
        if pd.isna(replacement):
            continue
        if "," in replacement:
            assert tag_kind(replacement) == "person", variant
        else:  # what the parser writes into `tags` is what the variant stands for in `tag_codes`
            assert all(code in known_tag_codes() for code in replacement.split()), variant
            assert codes == replacement, variant


def _manifest_tag_frequency(shared) -> tuple[collections.Counter, dict[str, set[str]]]:
    m = pd.read_csv(shared / "corpus" / "cablegate_html__avilaroman" / "manifest.csv",
                    dtype=str, keep_default_na=False)
    freq: collections.Counter = collections.Counter()
    cables: dict[str, set[str]] = {}
    for ref, links in zip(m["reference_id"], m["wl_tag_links"]):
        codes = {c for c in links.split("|") if c}
        cables[ref] = codes
        freq.update(codes)
    return freq, cables


@pytest.mark.shared
def test_every_frequent_corpus_code_has_a_kind_and_meaning(shared):
    """Codes on >= 3 cables: in the table (kind + meaning), or a listed variant of known codes."""
    freq, _ = _manifest_tag_frequency(shared)
    table = tag_table().set_index("code")
    variants = tag_variants().set_index("variant")
    unexplained = sorted(
        (code, n) for code, n in freq.items()
        if n >= 3 and code not in table.index and code not in variants.index
    )
    assert unexplained == []
    frequent = [c for c, n in freq.items() if n >= 3 and c in table.index]
    assert table.loc[frequent, "kind"].notna().all() and table.loc[frequent, "meaning"].notna().all()
    assert len(frequent) >= 300


# Codes (2-6 capitals) on >= 3 cables of the shared corpus that no table explains, and why.
KNOWN_UNEXPLAINED_TAGS = {
    "CONS": "two posts, no shared topic: security help from US business in Costa Rica (08SANJOSE901) and a "
            "Deputy Secretary's visit to Slovakia (04BRATISLAVA900); consular? consultations? unknown",
    "ETRA": "ETRD or OTRA mistyped, or a code of its own: the cables (04ADANA56, 09BEIJING2963) fit both",
    "KINR": "Manama and Baghdad cables on security and militias (04MANAMA1225): no meaning fits all",
    "KPWR": "Honduran economic highlights and Chinese nuclear research (03TEGUCIGALPA546, 10BEIJING263)",
    "KSAC": "Kinshasa, New Delhi and Muscat reports of unrelated topics (04KINSHASA1216, 06NEWDELHI3611)",
    "ZL": "a regional code on Vatican, USEU and Spanish cables (02VATICAN1152, 04BRUSSELS1337, "
          "09STATE129362); which region is not clear",
}

# The whitespace-flattened sources glue the subject or the classification line to the TAGS
# line ("PGOV PREL TUSUBJECT: ..."); the parser then reads subject words as tags. A known
# parser miss (parse/fields.py): here the TAGS are read from the text before the glued line.
GLUED_LINE_RE = re.compile(r"SUBJECT\s*:|Subject\s*:|Classified [Bb]y|CLASSIFIED BY")


@pytest.fixture(scope="module")
def corpus_tags(shared) -> tuple[dict[str, set[str]], int]:
    """(cable id -> TAGS parsed by the package over every source's txt, number of TAGS lines
    with a glued subject or classification line). The file name is the id where the text
    yields none; a cable held by several sources has the union of their tags."""
    tags_by_cable: dict[str, set[str]] = {}
    glued = 0
    for path in sorted((shared / "corpus").glob("*/txt/*.txt")):
        row = parse_cable_record(path.read_text(encoding="utf-8"))
        tags, raw = row["tags"], row["tags_raw"]
        if raw and GLUED_LINE_RE.search(raw):
            glued += 1
            tags = split_tags(GLUED_LINE_RE.split(raw, maxsplit=1)[0])
        tags_by_cable.setdefault(row["cable_id"] or path.stem, set()).update(tags)
    return tags_by_cable, glued


@pytest.mark.shared
def test_every_code_used_by_three_cables_has_kind_and_meaning(corpus_tags):
    """A code on >= 3 cables is in the TAGS table (kind and meaning), or tag_codes reads it as
    codes of the table (HUMANR: PHUM, IRAQ: IZ), or it is a listed word that stands for no code."""
    tags_by_cable, glued = corpus_tags
    freq = collections.Counter(t for tags in tags_by_cable.values() for t in tags)
    table = tag_table().set_index("code")
    variants = tag_variants()
    words = set(variants.loc[variants["codes"].isna(), "variant"])

    def read_as_codes(code: str) -> bool:
        codes = tag_codes((code,))
        return bool(codes) and set(codes) <= set(table.index) and codes != (code,)

    frequent = sorted(c for c, n in freq.items() if n >= 3 and re.fullmatch(r"[A-Z]{2,6}", c))
    in_table = [c for c in frequent if c in table.index]
    mapped = [c for c in frequent if c not in table.index and read_as_codes(c)]
    unexplained = {c: freq[c] for c in frequent if c not in in_table + mapped and c not in words}
    assert unexplained.keys() == KNOWN_UNEXPLAINED_TAGS.keys(), unexplained
    assert table.loc[in_table, "kind"].notna().all() and table.loc[in_table, "meaning"].notna().all()
    assert len(tags_by_cable) >= 12_000 and len(frequent) >= 450
    assert len(in_table) / len(frequent) >= 0.88            # before the scheme was encoded: 0.78
    assert (len(in_table) + len(mapped)) / len(frequent) >= 0.96
    # by occurrence: what a reader meets
    codes = [c for c in freq if re.fullmatch(r"[A-Z]{2,6}", c)]
    covered = sum(freq[c] for c in codes if c in table.index or read_as_codes(c))
    assert covered / sum(freq[c] for c in codes) >= 0.99
    assert glued / len(tags_by_cable) < 0.02


@pytest.mark.shared
def test_cited_example_cables_show_the_code(shared, corpus_tags):
    """Inferred meanings, codes outside the scheme and variants cite cables; those in the corpus
    must carry the code: in WikiLeaks' tag links or in the package's parse of the text."""
    _, cables = _manifest_tag_frequency(shared)
    parsed, _ = corpus_tags
    checked = 0
    t = tag_table()
    for code, note in zip(t["code"], t["note"].fillna("")):
        for ref in re.findall(r"\b\d\d[A-Z]+\d+\b", note):
            if ref in cables or ref in parsed:
                assert code in cables.get(ref, set()) | parsed.get(ref, set()), (code, ref)
                checked += 1
    v = tag_variants()
    for variant, ref in zip(v["variant"], v["example"]):
        if isinstance(ref, str) and (ref in cables or ref in parsed):
            tags = cables.get(ref, set()) | parsed.get(ref, set())
            # a tag, a phrase typed with hyphens ("COUNTER-TERRORISM"), a word of a tag ("IPR & BIOTECH")
            shown = tags | {" ".join(re.split(r"[\s\-()]+", t)) for t in tags} | \
                {w for t in tags for w in re.split(r"[^A-Z]+", t)}
            split_into_words = " " in variant and set(variant.split()) <= tags  # "TAGS: ... HUMAN RIGHTS"
            assert variant in shown or split_into_words, (variant, ref, tags)
            checked += 1
    assert checked >= 120


# Codes where shared/refdata/tags.csv gives another kind, and why ours is right.
TAG_KIND_DISAGREEMENTS = {
    "AL": "AL is the FIPS code of Albania; cablemap's organization list has AL (Arab League), but "
          "its own tag_kind classifies any two-letter code as geographic before looking at that list.",
    "BP": "BP is the FIPS code of the Solomon Islands; the organization reading (a company) loses "
          "to the two-letter rule in cablemap's tag_kind as well.",
}


@pytest.mark.shared
def test_tag_kinds_agree_with_shared_tags(shared):
    theirs = pd.read_csv(shared / "refdata" / "tags.csv", dtype=str, keep_default_na=False).set_index("code")
    ours = tag_table().set_index("code")
    common = ours.index.intersection(theirs.index)
    disagree = {c: (ours.loc[c, "kind"], theirs.loc[c, "kind"]) for c in common
                if ours.loc[c, "kind"] != theirs.loc[c, "kind"]}
    assert len(common) >= 400
    assert set(disagree) == set(TAG_KIND_DISAGREEMENTS), disagree


def test_same_post_as_points_at_a_station_with_the_same_origin():
    t = station_table().set_index("station")
    aliases = t.dropna(subset=["same_post_as"])
    assert len(aliases) >= 10
    for station, target in aliases["same_post_as"].items():
        assert target in t.index and pd.isna(t.loc[target, "same_post_as"]), station
        assert t.loc[station, "origin"] == t.loc[target, "origin"], station


@pytest.mark.shared
def test_cables_cited_in_station_notes_are_from_that_station(shared):
    ids = set()
    for path in (shared / "corpus").glob("*/manifest.csv"):
        m = pd.read_csv(path, dtype=str, keep_default_na=False)
        for column in ("reference_id", "json_reference_id"):
            if column in m.columns:
                ids |= set(m[column])
    checked = 0
    for station, note in zip(station_table()["station"], station_table()["note"].fillna("")):
        for ref in re.findall(r"\b\d\d[A-Z]+\d+\b", note):
            assert re.fullmatch(rf"\d\d{station}\d+", ref), (station, ref)
            assert ref in ids, (station, ref)
            checked += 1
    assert checked >= 5
