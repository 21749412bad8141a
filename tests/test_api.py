"""The public API of DESIGN.md: every name exists under `cabletools`, and the contract's
signatures hold (independent tests outside this repo call them)."""
from __future__ import annotations

import inspect

import cabletools as ct

CONTRACT = [
    "read_cables", "parse_cable", "canonical_id", "Cable", "explode_tags", "recipients", "references",
    "paragraphs", "tag_table", "tag_counts", "tag_cooccurrence", "tag_trends", "sender_volume",
    "signer_tenures", "compare_tenures", "extract_stances", "stance_matrix", "evaluate_stances",
    "FilterSpec", "apply_filters", "FilterPanel",
]


def test_every_contract_name_is_public():
    missing = [name for name in CONTRACT if not hasattr(ct, name)]
    assert not missing
    assert set(CONTRACT) <= set(ct.__all__)


def test_every_listed_name_resolves():
    assert [name for name in ct.__all__ if not hasattr(ct, name)] == []


def test_contract_signatures():
    params = inspect.signature(ct.read_cables).parameters
    assert list(params)[:1] == ["path"]
    assert {"format", "workers", "cache", "progress"} <= set(params)
    assert params["format"].default == "auto" and params["cache"].default is True
    assert params["progress"].default is True and params["workers"].default is None
    p = inspect.signature(ct.parse_cable).parameters
    assert list(p)[:1] == ["text"] and p["source"].default is None and p["year"].default is None
    assert ct.canonical_id("HANOI 001002", year=2008) == "08HANOI1002"
    t = inspect.signature(ct.tag_counts).parameters
    assert [t[k].default for k in ("kind", "by", "freq", "normalize")] == [None, None, None, False]
    assert inspect.signature(ct.sender_volume).parameters["by"].default == "origin"
    assert inspect.signature(ct.sender_volume).parameters["freq"].default == "MS"
    fields = [f for f in ct.FilterSpec.__dataclass_fields__]
    assert fields[:9] == ["start", "end", "origins", "countries", "tags", "tag_mode", "classifications",
                          "text", "regex"]


def test_cable_is_frozen_and_never_raises():
    c = ct.parse_cable("\x00\xff garbage")
    assert isinstance(c, ct.Cable) and c.problems
    try:
        c.cable_id = "x"  # type: ignore[misc]
    except (AttributeError, TypeError):
        pass
    else:
        raise AssertionError("Cable is not frozen")
