"""Shared fixtures: the official list files live in ../shared, never in the project."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CASPIAN_SHARED", ROOT.parent / "shared")).resolve()
LISTS = SHARED / "data" / "lists"
REFERENCE = SHARED / "reference"


@pytest.fixture(scope="session")
def lists_dir() -> Path:
    if not LISTS.is_dir():
        pytest.fail(f"shared list files not found at {LISTS} (set CASPIAN_SHARED)")
    return LISTS


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    if not REFERENCE.is_dir():
        pytest.fail(f"shared reference files not found at {REFERENCE} (set CASPIAN_SHARED)")
    return REFERENCE
