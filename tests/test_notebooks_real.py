"""Every notebook in notebooks/ runs to the end on the real corpus (CI's second notebook step).

Each notebook is executed with nbclient in a temporary copy of notebooks/ (beside a copy of
data/, so relative paths resolve) with CABLETOOLS_DATA pointing at the 4,024 real cables in
``$CABLETOOLS_SHARED/corpus/cablegate_html__avilaroman/txt``. Any error output fails the test,
naming the notebook and the cell. A cell appended to the copy prints the notebook's ``CABLES``
parameter, so a notebook that ignores CABLETOOLS_DATA fails too. The Parquet cache is a temp
dir shared by the notebooks, so the corpus is parsed once.

Right by default: every ``# NBVAL_CHECK_OUTPUT`` cell prints something, and never "0 of N
cables" on a corpus that has N; and after Run All, every filter panel the reader sees (reachable
from a displayed widget) still shows all cables: a check cell builds its own panel, it never
drives the one on the page.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
REAL_CORPUS = Path("corpus") / "cablegate_html__avilaroman" / "txt"
CELL_TIMEOUT = 600
MARK = "__cabletools_parameter_check__"
SHOWN = "__cabletools_shown_panel__"
#: "0 of 4,024 cables": a check that kept nothing from a corpus that has cables
NOTHING_KEPT = re.compile(r"(?<![\d,.])0 of [1-9][\d,]* cables")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: notebooks that show a filter panel (04: its StanceView): the probe must find it (else the check proves nothing)
WITH_PANELS = {"02_tag_frequency.ipynb", "03_sender_timelines.ipynb", "04_stance_comparison.ipynb",
               "05_explorer.ipynb"}

#: kernel-side: the spec of every FilterPanel held by a global (directly or as `.panel`) whose
#: widget is on the page; SHOWN_IDS is filled in by the test from the displayed outputs
PANELS_SHOWN = """
import json as _json
from cabletools.widgets import FilterPanel as _FilterPanel
from cabletools.plots import StanceView as _StanceView
for _name, _obj in list(globals().items()):
    _panel = _obj if isinstance(_obj, _FilterPanel) else getattr(_obj, "panel", None)
    if isinstance(_panel, _FilterPanel) and _panel.widget.model_id in SHOWN_IDS:
        print({mark!r}, _json.dumps([_name, _panel.spec.describe(), _panel.count_text]))
    if isinstance(_obj, _StanceView) and _obj.widget.model_id in SHOWN_IDS:   # unset: all issues, no country
        _picked = [_obj.issue_select.value, list(_obj.country_select.value)]
        print({mark!r}, _json.dumps([_name, "all cables" if _picked == [None, []] else str(_picked), ""]))
"""

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def workspace(shared, tmp_path_factory) -> Path:
    corpus = shared / REAL_CORPUS
    if not corpus.is_dir():
        pytest.fail(f"the real corpus is missing: {corpus}")
    root = tmp_path_factory.mktemp("notebooks-real")
    shutil.copytree(REPO / "notebooks", root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    if (REPO / "data").is_dir():
        shutil.copytree(REPO / "data", root / "data")
    return root


@pytest.fixture(scope="module")
def real_env(shared, tmp_path_factory):
    """The kernel inherits this process's environment: point it at the real corpus."""
    saved = {k: os.environ.get(k) for k in ("CABLETOOLS_DATA", "CABLETOOLS_CACHE", "MPLBACKEND")}
    os.environ["CABLETOOLS_DATA"] = str(shared / REAL_CORPUS)
    os.environ["CABLETOOLS_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    os.environ["MPLBACKEND"] = "agg"
    try:
        yield os.environ["CABLETOOLS_DATA"]
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_there_are_notebooks():
    assert NOTEBOOKS


def displayed_model_ids(nb, widget_state: dict) -> set[str]:
    """Every widget model on the page: those displayed by a cell output, and their descendants
    (children, as recorded in the kernel's widget state)."""
    todo = [o["data"][WIDGET_VIEW]["model_id"] for c in nb.cells for o in c.get("outputs", [])
            if WIDGET_VIEW in o.get("data", {})]
    seen: set[str] = set()
    while todo:
        model_id = todo.pop()
        if model_id in seen:
            continue
        seen.add(model_id)
        children = widget_state.get(model_id, {}).get("children", [])
        todo += [c.removeprefix("IPY_MODEL_") for c in children if isinstance(c, str)]
    return seen


def check_cell_texts(nb) -> list[str]:
    return ["".join(o.get("text", "") for o in c.get("outputs", []))
            for c in nb.cells if c.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in c.source]


def test_nothing_kept_pattern():
    assert NOTHING_KEPT.search("2006-2008: 0 of 7,081 cables")
    assert not NOTHING_KEPT.search("2006-2008: 10 of 7,081 cables") and not NOTHING_KEPT.search("0 of 0 cables")


def errors_in(nb) -> list[str]:
    found = []
    for index, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                source = cell.source if len(cell.source) < 300 else cell.source[:300] + " …"
                found.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}\n{source}")
    return found


@pytest.mark.parametrize("name", [p.name for p in NOTEBOOKS])
def test_notebook_runs_on_the_real_corpus(name, workspace, real_env):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = workspace / "notebooks" / name
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(f"import json\nprint({MARK!r}, json.dumps(str(CABLES)))"))
    # store_widget_state stays True: with False, nbclient 0.10 fails on output shown inside an
    # ipywidgets.Output (KeyError in OutputWidget.output); the executed copy is thrown away anyway
    client = NotebookClient(nb, timeout=CELL_TIMEOUT, kernel_name="python3", allow_errors=True,
                            store_widget_state=True, resources={"metadata": {"path": str(path.parent)}})
    started = time.perf_counter()
    try:
        with client.setup_kernel():
            for index, cell in enumerate(nb.cells):
                client.execute_cell(cell, index)
            elapsed = time.perf_counter() - started
            shown_ids = displayed_model_ids(nb, client.widget_state)
            probe = nbformat.v4.new_code_cell(f"SHOWN_IDS = {sorted(shown_ids)!r}\n" + PANELS_SHOWN.format(mark=SHOWN))
            nb.cells.append(probe)  # executed in the same kernel, then taken off again
            client.execute_cell(probe, len(nb.cells) - 1)
            nb.cells.pop()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:  # timed out, or died
        pytest.fail(f"{name}: {exc}")
    nbformat.write(nb, path)  # the executed copy stays in the temp dir for inspection

    errors = errors_in(nb)
    assert not errors, f"{name} has error outputs on the real corpus (executed copy: {path}):\n\n" + \
        "\n\n".join(errors)
    printed = "".join(o.get("text", "") for o in nb.cells[-1].get("outputs", []))
    assert MARK in printed, f"{name}: the check cell printed nothing"
    used = json.loads(printed.split(MARK, 1)[1].strip())
    assert Path(used).resolve() == Path(real_env).resolve(), \
        f"{name} loaded {used}, not CABLETOOLS_DATA={real_env}"
    print(f"{name}: {elapsed:.0f} s on the real corpus")

    checks = check_cell_texts(nb)
    assert checks and all(text.strip() for text in checks), f"{name}: a check cell printed nothing"
    empty = [m.group(0) for text in checks for m in NOTHING_KEPT.finditer(text)]
    assert not empty, f"{name}: a check kept no cable of the real corpus: {empty}\n{checks}"

    probed = "".join(o.get("text", "") for o in probe.get("outputs", []))
    assert not [o for o in probe.get("outputs", []) if o.get("output_type") == "error"], probed
    panels = [json.loads(line.split(SHOWN, 1)[1]) for line in probed.splitlines() if SHOWN in line]
    assert panels or name not in WITH_PANELS, f"{name}: no filter panel found on the page"
    preset = [p for p in panels if p[1] != "all cables"]
    assert not preset, f"{name}: panels on the page were set by later cells (name, filter, count): {preset}"
