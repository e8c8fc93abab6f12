"""The project's own tables and the bundled snapshot, shipped inside the package."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from pathlib import Path


def path(name: str) -> Path:
    """Filesystem path of a packaged data file."""
    return Path(str(resources.files(__package__).joinpath(name)))


@cache
def text(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def binary(name: str) -> bytes:
    return resources.files(__package__).joinpath(name).read_bytes()


def csv_rows(name: str) -> list[dict[str, str]]:
    """Rows of a packaged CSV table; lines starting with '#' are comments."""
    lines = [ln for ln in text(name).splitlines() if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))
