"""Small copies of the shared list files, for tests that build hostile or mutated files
from real ones: the first records of each file, in the same format and under the same
file name (readers tell some lists by name).

Every file in ../shared/data/lists is picked up (SOURCES.md aside), so a file added there
is exercised without touching the tests.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from caspian.lists import detect, ofac_csv
from caspian.lists.base import ListData

DOCS = {"SOURCES.md"}
# OFAC legacy CSV file names (without "cons_") -> their role in a set
_ROLES = {
    "sdn.csv": "primary",
    "prim.csv": "primary",
    "add.csv": "add",
    "alt.csv": "alt",
    "sdn_comments.csv": "comments",
    "comments.csv": "comments",
}


def list_files(lists_dir: Path) -> list[Path]:
    """Every list file of the shared folder, in a stable order."""
    return sorted(
        p for p in lists_dir.rglob("*") if p.is_file() and p.name not in DOCS and not p.is_symlink()
    )


def is_xml(data: bytes) -> bool:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


def first_xml_records(data: bytes, keep: int) -> bytes:
    """The document with every run of same-named sibling elements cut to its first `keep`:
    the first records of each section, the whole structure kept."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    root = etree.fromstring(data, parser)
    for elem in list(root.iter()):
        seen: dict[object, int] = {}
        for sub in list(elem):
            seen[sub.tag] = seen.get(sub.tag, 0) + 1
            if seen[sub.tag] > keep:
                elem.remove(sub)
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return body


def first_lines(data: bytes, keep: int) -> bytes:
    """The first `keep` lines (CSV and JSON-lines files), with the file's last byte kept
    when it is OFAC's Ctrl-Z end mark."""
    lines = data.splitlines(keepends=True)
    head = b"".join(lines[:keep])
    if len(lines) > keep and data.endswith(b"\x1a"):
        head += b"\x1a"
    return head


def sample_bytes(path: Path, keep: int) -> bytes:
    data = path.read_bytes()
    if is_xml(data):
        return first_xml_records(data, keep)
    return first_lines(data, keep * 10)


@dataclass(frozen=True)
class Sample:
    """A small copy of one shared file, with its OFAC CSV siblings when it has some."""

    original: Path
    path: Path  # the copy, under the same name
    fmt: str | None  # what detection says the original is

    def read_own(self) -> list[ListData]:
        """Read the copy with the format's own reader (no detection)."""
        if self.fmt is None:
            return []
        if self.fmt.startswith("ofac-csv:"):
            # the set as the files' names say (the content may be mutated)
            files = {self.fmt.split(":", 1)[1]: self.path}
            for sibling in self.path.parent.iterdir():
                role = _ROLES.get(sibling.name.lower().removeprefix("cons_"))
                if role and role not in files and sibling != self.path:
                    files[role] = sibling
            if "primary" not in files:
                return []  # companions alone are not a list
            source = "ofac-cons" if self.path.name.startswith("cons") else "ofac-sdn"
            return [ofac_csv.read(files, source=source)]
        return [detect.SINGLE_READERS[self.fmt](self.path)]


def make_sample(original: Path, folder: Path, keep: int) -> Sample:
    """Copy `original` (its first `keep` records) into `folder`, with its OFAC CSV
    siblings (also cut) so that the set still joins."""
    folder.mkdir(parents=True, exist_ok=True)
    fmt = detect.sniff(original)
    if fmt is not None and fmt.startswith("ofac-csv:"):
        for sibling in original.parent.iterdir():
            if sibling != original and sibling.is_file():
                (folder / sibling.name).write_bytes(sample_bytes(sibling, keep))
    path = folder / original.name
    path.write_bytes(sample_bytes(original, keep))
    return Sample(original, path, fmt)


def copy_sample(sample: Sample, folder: Path) -> Sample:
    """The sample and its siblings copied into another folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in sample.path.parent.iterdir():
        if item.is_file():
            shutil.copyfile(item, folder / item.name)
    return Sample(sample.original, folder / sample.path.name, sample.fmt)
