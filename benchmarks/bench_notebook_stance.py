"""Notebook 04 (stance comparison) run headless on a corpus: each code cell's wall time and the total.

    CABLETOOLS_DATA=/path/to/cables.csv .venv/bin/python benchmarks/bench_notebook_stance.py [--timeout 600]

Executes ``notebooks/04_stance_comparison.ipynb`` in memory with nbclient (a fresh kernel that
imports this checkout; nothing is written: the notebook on disk keeps its outputs) against the
corpus named by ``CABLETOOLS_DATA`` (default: the bundled sample), then prints one line per code
cell — its number, wall seconds, the kernel's CPU seconds (which other processes on the machine
slow much less than the wall time) and its first line — and the total.

Targets (issue 13): on 7,000 real cables (``shared/corpus/cables_csv__none-later/cables.csv``) every
cell after the extraction cell <= 2 s, the whole notebook <= 60 s. A cell over its target is marked.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import datetime
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "04_stance_comparison.ipynb"
CELL_TARGET_S = 2.0
TOTAL_TARGET_S = 60.0
EXTRACTION = "extract_stances(df"  # the cell that reads and extracts: the one cell allowed to be slow


def _seconds(cell) -> float:
    """Wall time of an executed cell from nbclient's timing metadata."""
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    if not start or not end:
        return float("nan")
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=int, default=600, help="seconds allowed per cell")
    args = parser.parse_args()
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    data = os.environ.get("CABLETOOLS_DATA") or "(bundled sample)"
    nb = nbformat.read(NOTEBOOK, as_version=4)
    cpu: dict[int, float] = {}

    def kernel_cpu() -> float:
        times = psutil.Process(client.km.provisioner.pid).cpu_times()
        return times.user + times.system

    client = NotebookClient(nb, timeout=args.timeout, kernel_name="python3", record_timing=True,
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
                            on_cell_execute=lambda cell, cell_index: cpu.__setitem__(cell_index, kernel_cpu()),
                            on_cell_executed=lambda cell, cell_index, execute_reply:
                            cpu.__setitem__(cell_index, kernel_cpu() - cpu[cell_index]))
    t0 = time.perf_counter()
    client.execute()
    total = time.perf_counter() - t0
    print(f"{NOTEBOOK.name} on {data} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print("  cell   wall     kernel CPU")
    after_extraction, slow = False, 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        seconds = _seconds(cell)
        first = next((line for line in cell.source.splitlines() if line.strip() and not line.startswith("#")), "")
        over = after_extraction and seconds > CELL_TARGET_S
        slow += over
        print(f"  [{i:2d}] {seconds:6.2f} s  {cpu.get(i, float('nan')):6.2f} s{'  OVER' if over else '      '}  "
              f"{first[:64]}")
        after_extraction = after_extraction or EXTRACTION in cell.source
    print(f"total {total:.1f} s (target {TOTAL_TARGET_S:.0f} s, kernel start included); "
          f"{slow} cell(s) after the extraction over {CELL_TARGET_S:.0f} s")
    return int(slow > 0 or total > TOTAL_TARGET_S)


if __name__ == "__main__":
    sys.exit(main())
