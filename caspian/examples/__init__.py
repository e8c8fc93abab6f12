"""The example order book and JSON-lines orders, shipped inside the package so that
`caspian demo` runs from any folder after a plain `pip install`. README.md beside this
file is the key to the cases buried in the book."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

ORDER_BOOK = "order_book.csv"


def path(name: str = ORDER_BOOK) -> Path:
    """Filesystem path of a packaged example file."""
    return Path(str(resources.files(__package__).joinpath(name)))
