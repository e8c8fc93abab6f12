"""The core stays pure: no storage, network, file formats or CLI behind its imports."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Core modules (pure: no I/O). Adapters live in caspian.lists, caspian.io and caspian.cli.
CORE = ["caspian.model", "caspian.dates", "caspian.diff", "caspian.freshness",
        "caspian.geo.countries", "caspian.geo.places", "caspian.geo.risk", "caspian.names",
        "caspian.match", "caspian.items", "caspian.order", "caspian.facts", "caspian.rules",
        "caspian.decide", "caspian.screen", "caspian.jsonl_contract", "caspian.provenance",
        "caspian.typed_config", "caspian.clean", "caspian.record_limits"]  # fmt: skip
FORBIDDEN = ["sqlite3", "httpx", "http.client", "urllib.request", "lxml",
             "caspian.lists", "caspian.io", "caspian.cli", "click", "rich"]  # fmt: skip


def test_core_imports_no_io_modules() -> None:
    code = (
        "import importlib, json, sys\n"
        f"for m in {CORE!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], cwd=ROOT)))
    leaked = sorted(m for m in FORBIDDEN if m in loaded)
    assert not leaked, f"core modules pulled in I/O modules: {leaked}"


# Not readers: they hand the store's entities and word table to the matcher.
SCREENING_DATA = {"active.py", "word_store.py"}


def test_readers_never_import_matching_or_cli() -> None:
    for path in (ROOT / "caspian" / "lists").glob("*.py"):
        if path.name in SCREENING_DATA:
            continue
        text = path.read_text()
        for banned in ("caspian.match", "caspian.cli", "caspian.decide"):
            assert banned not in text, f"{path.name} imports {banned}: a reader never scores"
