"""Every notebook in notebooks/ runs to the end on the real corpus (CI's second notebook step).

Each notebook is executed with nbclient in a temporary copy of notebooks/ (beside a copy of
data/, so relative paths resolve) with CABLETOOLS_DATA pointing at the 4,024 real cables in
``$CABLETOOLS_SHARED/corpus/cablegate_html__avilaroman/txt``. Any error output fails the test,
naming the notebook and the cell. A cell appended to the copy prints the notebook's ``CABLES``
parameter, so a notebook that ignores CABLETOOLS_DATA fails too. The Parquet cache is a temp
dir shared by the notebooks, so the corpus is parsed once.
"""
from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))
REAL_CORPUS = Path("corpus") / "cablegate_html__avilaroman" / "txt"
CELL_TIMEOUT = 600
MARK = "__cabletools_parameter_check__"

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
        client.execute()
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:  # timed out, or died
        pytest.fail(f"{name}: {exc}")
    elapsed = time.perf_counter() - started
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
