"""The one definition of the cable record and of the DataFrame built from it.

Everything that creates or reads cable rows imports its column names and dtypes
from here, so the parser, the loader, its cache and the analyses agree.

>>> from cabletools.schema import COLUMNS, CLASSIFICATIONS
>>> COLUMNS[0], CLASSIFICATIONS[0]
('cable_id', 'UNCLASSIFIED')
"""
from __future__ import annotations

import operator
from dataclasses import MISSING, dataclass, field, fields
from datetime import datetime

import pandas as pd
import pyarrow as pa

#: Bumped whenever parsing output or columns change: invalidates caches.
SCHEMA_VERSION = 2

#: Cablegate's classification labels, least to most restricted.
CLASSIFICATIONS = (
    "UNCLASSIFIED",
    "UNCLASSIFIED//FOR OFFICIAL USE ONLY",
    "CONFIDENTIAL",
    "CONFIDENTIAL//NOFORN",
    "SECRET",
    "SECRET//NOFORN",
)

#: Telegram precedence, least to most urgent.
PRECEDENCES = ("ROUTINE", "PRIORITY", "IMMEDIATE", "NIACT IMMEDIATE", "FLASH")

#: Where `date` came from.
DATE_SOURCES = ("dtg", "source", "none")


@dataclass(frozen=True, slots=True)
class Cable:
    """One parsed cable. List-valued fields are tuples so the record is hashable.

    >>> Cable(cable_id="08HANOI1002", header="A\\n", body="B").text
    'A\\nB'
    """

    cable_id: str | None = None
    ref: str | None = None
    station: str | None = None
    origin: str | None = None
    country: str | None = None
    date: datetime | None = None
    date_source: str = "none"
    dtg: str | None = None
    precedence: str | None = None
    transmission_id: str | None = None
    classification: str | None = None
    caveats: tuple[str, ...] = ()
    fm: str | None = None
    to: tuple[str, ...] = ()
    info: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    tags_raw: str | None = None
    tag_codes: tuple[str, ...] = ()  # tags with free text and variants as codes (parse/tag_codes.py)
    subject: str | None = None
    references: tuple[str, ...] = ()
    classified_by: str | None = None
    reasons: str | None = None
    declassify_on: str | None = None
    summary: str | None = None
    signer: str | None = None
    is_partial: bool = False
    header: str = ""
    body: str = ""
    source: str | None = None
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def text(self) -> str:
        """The original text: `header + body`."""
        return self.header + self.body


COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Cable))
_CABLE_VALUES = operator.attrgetter(*COLUMNS)


def as_record(cable: Cable) -> dict:
    """A Cable as a row dict in schema order (what :func:`records_to_table` takes).

    >>> as_record(Cable(cable_id="08HANOI1002"))["cable_id"]
    '08HANOI1002'
    """
    return dict(zip(COLUMNS, _CABLE_VALUES(cable)))


LIST_COLUMNS = ("caveats", "to", "info", "tags", "tag_codes", "references", "problems")
STRING_COLUMNS = tuple(
    c for c in COLUMNS if c not in LIST_COLUMNS + ("date", "is_partial", "classification", "precedence")
)

_pa_str = pa.large_string()
ARROW_SCHEMA = pa.schema(
    [
        pa.field(c, pa.list_(_pa_str)) if c in LIST_COLUMNS
        else pa.field(c, pa.timestamp("ns", tz="UTC")) if c == "date"
        else pa.field(c, pa.bool_()) if c == "is_partial"
        else pa.field(c, _pa_str)
        for c in COLUMNS
    ]
)

CLASSIFICATION_DTYPE = pd.CategoricalDtype(CLASSIFICATIONS, ordered=True)
PRECEDENCE_DTYPE = pd.CategoricalDtype(PRECEDENCES, ordered=True)


def dtypes() -> dict[str, object]:
    """Column -> pandas dtype of the cable DataFrame (pyarrow-backed where possible)."""
    out: dict[str, object] = {}
    for f in ARROW_SCHEMA:
        if f.name == "classification":
            out[f.name] = CLASSIFICATION_DTYPE
        elif f.name == "precedence":
            out[f.name] = PRECEDENCE_DTYPE
        elif f.name == "date":
            out[f.name] = "datetime64[ns, UTC]"
        else:
            out[f.name] = pd.ArrowDtype(f.type)
    return out


_DEFAULTS = {f.name: (f.default if f.default is not MISSING else f.default_factory()) for f in fields(Cable)}


def records_to_table(records: list[dict]) -> pa.Table:
    """Build an Arrow table in the canonical schema from Cable dicts; a missing field takes
    the Cable's default (lists as tuples are fine).

    >>> records_to_table([{"cable_id": "08HANOI1002"}]).column("is_partial").to_pylist()
    [False]
    """
    if records and all(len(r) == len(COLUMNS) for r in records):  # whole rows (the loader's)
        try:
            values = zip(*map(_ROW_GETTER, records))
            cols = dict(zip(COLUMNS, (list(v) for v in values)))
        except KeyError:  # as many keys, other names: take them one by one
            cols = {c: [r.get(c, _DEFAULTS[c]) for r in records] for c in COLUMNS}
    else:
        cols = {c: [r.get(c, _DEFAULTS[c]) for r in records] for c in COLUMNS}
    for c in LIST_COLUMNS:  # tuples convert as they are; None is an empty list
        col = cols[c]
        if None in col:
            cols[c] = [() if v is None else v for v in col]
    return pa.table(cols, schema=ARROW_SCHEMA)


_ROW_GETTER = operator.itemgetter(*COLUMNS)


def table_to_frame(table: pa.Table) -> pd.DataFrame:
    """Arrow table in ARROW_SCHEMA -> the typed cable DataFrame."""
    df = table.to_pandas(types_mapper=pd.ArrowDtype)
    df["date"] = pd.to_datetime(table.column("date").to_pandas(), utc=True)
    df["classification"] = _categorical(table.column("classification"), CLASSIFICATION_DTYPE)
    df["precedence"] = _categorical(table.column("precedence"), PRECEDENCE_DTYPE)
    df["is_partial"] = df["is_partial"].astype(bool)
    return df


def _categorical(column: pa.ChunkedArray, dtype: pd.CategoricalDtype) -> pd.Categorical:
    """Strings -> categorical codes in Arrow (no Python string per row); a value outside the
    categories becomes NaN, as ``pd.Categorical(values, dtype=dtype)`` makes it."""
    import pyarrow.compute as pc

    codes = pc.fill_null(pc.index_in(column, value_set=pa.array(list(dtype.categories), pa.string())), -1)
    return pd.Categorical.from_codes(codes.to_numpy().astype("int8"), dtype=dtype)


def empty_frame() -> pd.DataFrame:
    """A zero-row cable DataFrame with every column and dtype."""
    return table_to_frame(ARROW_SCHEMA.empty_table())
