"""Run each notebook headless against a corpus; print its wall time, slowest cells and the kernel's peak RSS.

Issue 15 asks, with the cache warm: each notebook <= 90 s and <= 6 GB on 250,000 synthetic cables
(the one-time stance extraction aside), <= 45 s on 7,000 real cables. Run:

    .venv/bin/python benchmarks/bench_notebooks.py ../shared/corpus/cables_csv__none-later/cables.csv
    .venv/bin/python benchmarks/bench_notebooks.py --synthetic 250000          # generated once, reused
    .venv/bin/python benchmarks/bench_notebooks.py CORPUS --only 02 03 --warm   # run each twice, report the second

Notebooks run in a temporary copy of notebooks/ (beside data/, so relative links resolve); nothing is
written into the repository or the corpus. The cache is $CABLETOOLS_CACHE (default: the user's).
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PEAK_RSS = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)"


def synthetic_corpus(n: int) -> Path:
    """A synthetic cables.csv of `n` cables under the temp folder, generated once and reused."""
    out = Path(tempfile.gettempdir()) / f"cabletools-bench-synth-{n}.csv"
    if not out.exists():
        subprocess.run([sys.executable, "-m", "cabletools", "synth", "--n", str(n), "--seed", "2008",
                        "--format", "csv", "--workers", str(os.cpu_count() or 1), "--quiet", str(out)],
                       check=True, cwd=ROOT)
    return out


def run_notebook(path: Path, timeout: int) -> tuple[float, list[tuple[float, int, str]], int]:
    """(wall seconds, [(cell seconds, index, first line)], kernel peak RSS in MB)."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_RSS))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    cells: list[tuple[float, int, str]] = []
    t0 = time.perf_counter()
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            t = time.perf_counter()
            client.execute_cell(cell, index)
            first = cell.source.strip().splitlines()[0][:60] if cell.source.strip() else ""
            cells.append((time.perf_counter() - t, index, first))
    wall = time.perf_counter() - t0
    rss = next((int(o.get("text", "0").strip() or 0) for o in nb.cells[-1].get("outputs", [])
                if o.get("output_type") == "stream"), 0)
    return wall, cells[:-1], rss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", help="a corpus path (folder, cables.csv, archive)")
    parser.add_argument("--synthetic", type=int, metavar="N", help="generate (once) and use N synthetic cables")
    parser.add_argument("--only", nargs="*", default=None, help="notebook name prefixes (e.g. 02 03)")
    parser.add_argument("--warm", action="store_true", help="run each notebook twice and report the second run")
    parser.add_argument("--slowest", type=int, default=4)
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args()
    corpus = synthetic_corpus(args.synthetic) if args.synthetic else Path(args.corpus).resolve()
    os.environ["CABLETOOLS_DATA"] = str(corpus)
    os.environ.setdefault("MPLBACKEND", "agg")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    if args.only:
        notebooks = [p for p in notebooks if any(p.name.startswith(o) for o in args.only)]
    print(f"corpus: {corpus}")
    with tempfile.TemporaryDirectory(prefix="cabletools-bench-nb-") as tmp:
        shutil.copytree(ROOT / "notebooks", Path(tmp) / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        shutil.copytree(ROOT / "data", Path(tmp) / "data")
        for source in notebooks:
            path = Path(tmp) / "notebooks" / source.name
            if args.warm:
                run_notebook(path, args.timeout)
            wall, cells, rss = run_notebook(path, args.timeout)
            print(f"{source.name:<34} {wall:7.1f} s   kernel peak RSS {rss:6,} MB")
            for seconds, index, first in sorted(cells, reverse=True)[:args.slowest]:
                print(f"    cell {index:>3}  {seconds:6.2f} s   {first}")


if __name__ == "__main__":
    main()
