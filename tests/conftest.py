"""Shared fixtures: where the real material lives, and the two seed cables."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path | None:
    """$CABLETOOLS_SHARED (default ../shared); None when absent outside CI."""
    path = Path(os.environ.get("CABLETOOLS_SHARED", REPO.parent / "shared"))
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The shared material; skips (fails under CI) when it is missing."""
    path = shared_dir()
    if path is None:
        msg = "shared material not found: set CABLETOOLS_SHARED to the shared/ folder"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return path


# scripts that make the test data (draws of cables and stances to label) are not tests
collect_ignore_glob = ["data/*"]
