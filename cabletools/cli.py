"""The ``cabletools`` command.

    cabletools synth --n 2000 --seed 2008 data/sample/cables   # a synthetic corpus
    cabletools convert INPUT OUT_DIR                           # year-partitioned Parquet dataset
    cabletools info INPUT                                      # rows, problems, date range
"""
from __future__ import annotations

import argparse
import sys

from cabletools.sources import FORMATS

#: what each --format value reads (argparse shows it under `cabletools convert --help`)
FORMAT_HELP = ("how to read INPUT: auto (default: detected from each file), txt (one cable per "
               "plain-text file), html (WikiLeaks cablegate/PlusD pages), csv (WikiLeaks' cables.csv), "
               "jsonl (one JSON cable per line)")


def _convert(args: argparse.Namespace) -> int:
    from cabletools.load import write_parquet_dataset

    out = write_parquet_dataset(args.input, args.out, format=args.format, workers=args.workers,
                                progress=not args.quiet)
    print(f"wrote {out}")
    return 0


def _info(args: argparse.Namespace) -> int:
    from cabletools.load import duplicate_of, read_cables

    df = read_cables(args.input, format=args.format, progress=not args.quiet)
    with_problems = int((df["problems"].list.len() > 0).sum())
    duplicates = int(duplicate_of(df).notna().sum())
    print(f"{len(df):,} cables; {with_problems:,} with problems; {duplicates:,} duplicates (same cable id); "
          f"dates {df['date'].min()} .. {df['date'].max()}; {df['origin'].nunique()} origins")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "synth":
        from cabletools.synth import synth_main

        return synth_main(argv[1:])
    parser = argparse.ArgumentParser(prog="cabletools", description="US diplomatic cables in pandas.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("synth", help="generate a synthetic corpus (see `cabletools synth --help`)")
    conv = sub.add_parser("convert", help="parse INPUT into a year-partitioned Parquet dataset")
    conv.add_argument("input", nargs="+", help="cable files, folders, globs or archives")
    conv.add_argument("out", help="folder to write the year-partitioned Parquet dataset into")
    info = sub.add_parser("info", help="load INPUT and summarise it")
    info.add_argument("input", nargs="+", help="cable files, folders, globs or archives")
    for p in (conv, info):
        p.add_argument("--format", default="auto", choices=FORMATS, metavar="FORMAT",
                       help=FORMAT_HELP)
        p.add_argument("--quiet", action="store_true", help="no progress bar")
    conv.add_argument("--workers", type=int, default=None,
                      help="parsing processes (default: one per core)")
    args = parser.parse_args(argv)
    try:
        return {"convert": _convert, "info": _info}[args.command](args)
    except Exception as exc:  # noqa: BLE001 - a command prints the error, not a traceback
        from cabletools.sources import CorpusError

        if isinstance(exc, (CorpusError, FileExistsError)):
            print(f"cabletools: {exc}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    raise SystemExit(main())
