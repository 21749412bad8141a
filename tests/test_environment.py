"""environment.yml and pyproject.toml name the same packages."""
from __future__ import annotations

import re
import tomllib

from conftest import REPO

CONDA_NAMES = {"dask[dataframe]": "dask"}


def _name(requirement: str) -> str:
    base = re.split(r"[<>=!~ ;]", requirement.strip(), maxsplit=1)[0].lower()
    return CONDA_NAMES.get(base, re.sub(r"\[.*\]", "", base))


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    conda = set()
    text = (REPO / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        m = re.match(r"^\s*-\s+([A-Za-z][\w.\-\[\]]*)", line)
        if m and m.group(1) not in ("python", "pip", "-e"):
            conda.add(_name(m.group(1)))
    assert wanted == conda, {"only in pyproject": wanted - conda, "only in environment.yml": conda - wanted}
