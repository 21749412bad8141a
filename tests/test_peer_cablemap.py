"""cablemap's own test expectations (shared/peer/cablemap_expectations.csv) through our public API.

Rows whose input is at hand (snippets, ids, and full cables present in shared/corpus) are run;
rows we judge wrong are listed in REJECTED with the reason. cablemap itself passes about 71%.
"""
from __future__ import annotations

import json
import zlib
from functools import lru_cache

import pandas as pd
import pytest

import cabletools as ct

pytestmark = pytest.mark.shared

# Issue 2 asks for 0.85; measured 0.917 (397 rows at hand), 0.940 before issue 14 item 2, then
# 0.977 (385 of 394; 0.965 counting the rows rejected below). Only ever rises.
THRESHOLD = 0.97
# Each split half (see _half) must hold this too: issue 14 asks >= 0.90 on a half held out.
HALF_THRESHOLD = 0.95

# (cable_id or input, field) -> why cablemap's expectation is wrong
REJECTED = {
    ("09BRUSELS1292", "canonical_id"):
        "cablemap maps BRUSELS to USEUBRUSSELS from outside knowledge; the id itself says BRUSSELS",
    ("0901OF02RPODUBAI288", "canonical_id"):
        "the Iran Regional Presence Office in Dubai is station RPODUBAI (Cablegate's 'Iran RPO Dubai'), "
        "not the consulate DUBAI",
    ("02TAIPEI12", "canonical_id"): None,  # kept: Taipei's station is AITTAIPEI
    ("10STATE284", "subject"):
        "this source's text has no SUBJECT line (its header stops at the TAGS line); cablemap took "
        "the subject from the page title, outside the text",
    ("09BEIJING2964", "tags"):
        "the TAGS line reads 'OVIP STEINBERG JAMES': the initial 'B.' of cablemap's 'STEINBERG, JAMES B.' "
        "comes from outside knowledge",
    ("GE", "tag_kind"):
        "a name, not a parse: our tag_kind calls the kind 'geographic' for every country code",
}
REJECTED = {k: v for k, v in REJECTED.items() if v}

# fields our API has, and how to read them off a Cable
FIELDS = {
    "tags": lambda c: list(c.tags),
    "subject": lambda c: c.subject,
    "signers": lambda c: [c.signer] if c.signer else [],
    "classified_by": lambda c: [c.classified_by] if c.classified_by else [],
    "references": lambda c: list(c.references),
    "summary": lambda c: c.summary,
    "nondisclosure_deadline": lambda c: c.declassify_on,
    "transmission_id": lambda c: c.transmission_id,
    "is_partial": lambda c: c.is_partial,
    "recipients": lambda c: [r for r in c.to],
    "info_recipients": lambda c: [r for r in c.info],
}


@lru_cache(maxsize=None)
def _corpus_text(shared, cable_id: str) -> str | None:
    for source in ("cablegate_html__avilaroman", "cables_csv__none-later", "cablegate_txt_sample__alx"):
        path = shared / "corpus" / source / "txt" / f"{cable_id}.txt"
        if path.exists():
            return path.read_text(encoding="utf-8")
    return None


def _expected(field: str, raw: str):
    value = json.loads(raw)
    if field in ("recipients", "info_recipients"):
        return [r["name"] for r in value]
    if field == "subject" and value == "":
        return None  # cablemap's "" for a cable without a subject is our None
    return value


def _half(test_file: str, case: str, field: str) -> str:
    """The fixed split used to estimate generalisation: "A" or "B" by the CRC-32 of
    "test_file|case|field" (even: A). Rules were fitted to A's failures first (B held out),
    then to B's (A held out); both halves are reported.

    >>> _half("test_reader_tags.py", "09SANTIAGO331", "tags") in ("A", "B")
    True
    """
    return "A" if zlib.crc32(f"{test_file}|{case}|{field}".encode()) % 2 == 0 else "B"


def _run(shared, row) -> tuple[str, object, object] | None:
    """(status, expected, got); None when the row's input is not at hand or the field is not ours."""
    field, kind = row.field, row.input_kind
    params = json.loads(row.params) if isinstance(row.params, str) and row.params else {}
    if field == "canonical_id" and kind == "id_only":
        return ("ok", json.loads(row.expected), ct.canonical_id(row.input))
    if field == "tag_kind":
        from cabletools.refdata import tag_kind
        return ("ok", json.loads(row.expected), tag_kind(row.input))
    if field not in FIELDS or params.get("normalize") or params.get("canonicalize"):
        # cablemap's optional normalisation (title case, surname splitting) is not our API:
        # our fields keep the text's own spelling
        return None
    if kind == "snippet":
        text = row.input
    elif kind == "full_cable":
        text = _corpus_text(shared, row.cable_id)
        if text is None:
            return None
    else:
        return None
    cable = ct.parse_cable(text, year=params.get("year"))
    return ("ok", _expected(field, row.expected), FIELDS[field](cable))


def test_cablemap_expectations(shared):
    table = pd.read_csv(shared / "peer" / "cablemap_expectations.csv", dtype=str, keep_default_na=False)
    results = []
    for row in table.itertuples():
        key = (row.cable_id or row.input, row.field)
        if key in REJECTED:
            continue
        out = _run(shared, row)
        if out is None:
            continue
        _, expected, got = out
        results.append((row.field, key[0], expected == got, expected, got, _half(row.test_file, key[0], row.field)))
    df = pd.DataFrame(results, columns=["field", "case", "passed", "expected", "got", "half"])
    summary = df.groupby("field")["passed"].agg(["sum", "count"])
    summary["rate"] = summary["sum"] / summary["count"]
    print(f"\ncablemap expectations at hand: {len(df)}, passed {df.passed.sum()} "
          f"({df.passed.mean():.1%}); rejected as wrong: {len(REJECTED)}")
    print(summary.to_string())
    halves = df.groupby("half")["passed"].agg(["sum", "count", "mean"])
    print(halves.to_string())
    failures = df[~df.passed]
    print(failures.head(60).to_string(max_colwidth=70))
    assert df.passed.mean() >= THRESHOLD
    assert (halves["mean"] >= HALF_THRESHOLD).all(), halves
