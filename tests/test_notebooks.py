"""Notebook hygiene: nbval silently skips a check cell with no stored execution count, so a
check cell that was never executed must fail here. Widget state is never committed."""
from __future__ import annotations

import json

import pytest

from conftest import REPO

NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_check_cells_are_executed_and_not_empty(path):
    nb = json.loads(path.read_text())
    checks = [c for c in nb["cells"] if c["cell_type"] == "code" and "NBVAL_CHECK_OUTPUT" in "".join(c["source"])]
    assert checks, f"{path.name} has no # NBVAL_CHECK_OUTPUT cell"
    for cell in checks:
        assert cell.get("execution_count"), f"{path.name}: check cell not executed (run `make notebooks`)"
        text = "".join("".join(o.get("text", "")) for o in cell.get("outputs", []))
        assert text.strip(), f"{path.name}: check cell printed nothing"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_conventions(path):
    nb = json.loads(path.read_text())
    assert "widgets" not in nb.get("metadata", {}), f"{path.name} stores widget state"
    params = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert params and "CABLETOOLS_DATA" in "".join(params[0]["source"])
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{path.name} has stored error outputs"


def test_the_dashboard_shows_the_explorer_only():
    """Voilà with the project's template (share/jupyter/voila/templates/cabletools) shows only the
    cells tagged "dashboard": in 05 that is the explorer; the template links nothing remote."""
    nb = json.loads((REPO / "notebooks" / "05_explorer.ipynb").read_text())
    shown = [c for c in nb["cells"] if "dashboard" in c.get("metadata", {}).get("tags", [])]
    assert len(shown) == 1 and "Explorer(" in "".join(shown[0]["source"])
    template = REPO / "share" / "jupyter" / "voila" / "templates" / "cabletools"
    assert json.loads((template / "conf.json").read_text())["base_template"] == "lab"
    text = (template / "index.html.j2").read_text()
    assert "{%- extends 'lab/index.html.j2' -%}" in text
    code = text.split("-#}", 1)[1]  # after the comment that explains the template
    links = [line for line in code.splitlines() if "https://" in line]
    assert links and all("replace(" in line for line in links), links  # URLs only as what is removed
