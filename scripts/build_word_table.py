"""Build the packaged word table (caspian/data/word_table.json.gz) from the official lists.

    .venv/bin/python scripts/build_word_table.py [LISTS_DIR]

LISTS_DIR defaults to ../shared/data/lists: every list file Caspian reads there, one
entity per id (the newest publication winning), as `caspian screen --dataset` would see
them. The table holds counts of name keys only (how many listed names hold each word),
never the names themselves. tests/test_word_table.py checks that it is up to date.
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from caspian import data
from caspian.lists.active import from_files
from caspian.match.word_table import PACKAGED_FILE, WordTable

ROOT = Path(__file__).resolve().parents[1]


def build(lists_dir: Path) -> WordTable:
    screening = from_files([lists_dir], allow_truncated=True)
    versions = sorted(f"{v.source}#{v.content_hash.removeprefix('sha256:')[:12]}"
                      for v in screening.versions)  # fmt: skip
    return WordTable.count(screening.entities, versions)


def main() -> None:
    lists_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/data/lists"
    table = build(lists_dir)
    target = data.path(PACKAGED_FILE)
    target.write_bytes(gzip.compress(table.to_json(), compresslevel=9, mtime=0))
    print(f"{target}: {table.names:,} names, {len(table.keys):,} keys, "
          f"{len(table.skeletons):,} skeletons, from {len(table.built_from)} lists")  # fmt: skip


if __name__ == "__main__":
    main()
