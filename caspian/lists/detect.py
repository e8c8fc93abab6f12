"""Which reader a file needs, told from its content, and reading files and folders.

The file name only breaks ties the content cannot: an OFAC primary file looks the same
whether it is `sdn.csv` or `cons_prim.csv`, so the name says which list it belongs to.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from caspian.bulk import gc_paused
from caspian.lists import (
    bis_dpl,
    canada_sema,
    completeness,
    eu_fsf,
    ftm,
    ofac_advanced,
    ofac_csv,
    ofac_enhanced,
    ofac_xml,
    trade_csl,
    uk_fields,
    uk_ofsi,
    uk_sanctions_list,
    uk_sanctions_list_csv,
    un_xml,
)
from caspian.lists.base import ListData, ListFormatError
from caspian.lists.completeness import IncompleteFile
from caspian.lists.text import BOM
from caspian.lists.xml_stream import refuse_declarations

HEAD_BYTES = 16384
# Files in a folder that are documentation, never lists.
SKIP_SUFFIXES = {".md", ".rst", ".html", ".htm", ".pdf", ".py", ".toml", ".yaml", ".yml", ".ini"}

_XML_ROOT = re.compile(r"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]")

# XML root element -> format
XML_ROOTS = {
    "sdnList": "ofac-xml",
    "Sanctions": "ofac-advanced-xml",
    "sanctionsData": "ofac-enhanced-xml",
    "CONSOLIDATED_LIST": "un-xml",
    "Designations": "uk-sanctions-list-xml",
    "export": "eu-fsf-xml",
    "data-set": "canada-sema-xml",
}
# Roots that other XML files may use too ("export", "data-set"): the format is only
# taken when the head of the file also shows its records.
XML_MARKERS = {
    "uk-sanctions-list-xml": re.compile(r"<(?:\w+:)?(?:Designation|DateGenerated)[\s>]"),
    "eu-fsf-xml": re.compile(r"fpi/fsd/export|<(?:\w+:)?sanctionEntity[\s>]"),
    "canada-sema-xml": re.compile(
        r"<(?:\w+:)?(?:Country-Pays|LastName-NomDeFamille|EntityOrShip-EntiteOuNavire|"
        r"Item-NumeroDarticle)[\s>]"
    ),
}

SingleReader = Callable[[Path], ListData]
SINGLE_READERS: dict[str, SingleReader] = {
    "ofac-xml": ofac_xml.read,
    "ofac-advanced-xml": ofac_advanced.read,
    "ofac-enhanced-xml": ofac_enhanced.read,
    "un-xml": un_xml.read,
    "uk-sanctions-list-xml": uk_sanctions_list.read,
    "uk-sanctions-list-csv": uk_sanctions_list_csv.read,
    "eu-fsf-xml": eu_fsf.read,
    "canada-sema-xml": canada_sema.read,
    "uk-ofsi-csv": uk_ofsi.read,
    "bis-dpl": bis_dpl.read,
    "trade-csl": trade_csl.read,
    "ftm": ftm.read,
}

# Every format id a list can have: what a sources file's `format` may name.
FORMATS = frozenset({*SINGLE_READERS, ofac_csv.FORMAT})

# What each format is, for messages that must say what came instead of a list.
FORMAT_NAMES = {
    "ofac-csv": "an OFAC legacy CSV",
    "ofac-xml": "an OFAC XML list (sdnList)",
    "ofac-advanced-xml": "an OFAC advanced XML list",
    "ofac-enhanced-xml": "an OFAC enhanced XML list",
    "un-xml": "the UN consolidated list",
    "uk-sanctions-list-xml": "the UK Sanctions List (XML)",
    "uk-sanctions-list-csv": "the UK Sanctions List (CSV)",
    "eu-fsf-xml": "the EU Financial Sanctions Files list",
    "canada-sema-xml": "the Canada SEMA list",
    "uk-ofsi-csv": "the UK OFSI consolidated list",
    "bis-dpl": "the BIS Denied Persons List",
    "trade-csl": "the trade.gov Consolidated Screening List",
    "ftm": "FollowTheMoney JSON lines",
}

# The list keys official readers give (OFAC's program-filtered exports: "ofac-sls-..."):
# a list may be stored under one of these only if it is that list (see `owned_key`).
# FtM files take their key from their datasets and own none.
READER_KEYS = frozenset({
    "ofac-sdn", "ofac-cons", "ofac-sls", un_xml.SOURCE, uk_fields.SOURCE,
    uk_ofsi.SOURCE, eu_fsf.SOURCE, canada_sema.SOURCE, bis_dpl.SOURCE, trade_csl.SOURCE,
})  # fmt: skip


def owned_key(key: str) -> bool:
    """Whether `key` is a list key some reader gives: only that list may be stored under it."""
    return key in READER_KEYS or key.startswith("ofac-sls-")


def format_name(fmt: str) -> str:
    """`un-xml` -> 'the UN consolidated list (un-xml)'; an OFAC CSV role is kept."""
    base, _, role = fmt.partition(":")
    name = FORMAT_NAMES.get(base, base)
    return f"{name} ({fmt})" if not role else f"{name} ({role} file, {base})"


def _head(path: Path) -> str:
    try:
        with path.open("rb") as fh:
            raw = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith(BOM):
        raw = raw[len(BOM) :]
    return raw.decode("utf-8", errors="replace")


def _xml_root(head: str) -> str | None:
    body = re.sub(r"<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>]*>", "", head, flags=re.S).lstrip()
    if not body.startswith("<"):
        return None
    m = _XML_ROOT.match(body)
    return m.group(1) if m else None


def _first_record(head: str) -> list[str] | None:
    lines = head.replace("\x1a", "").splitlines()
    if not lines:
        return None
    try:
        return next(csv.reader(io.StringIO(lines[0])))
    except (csv.Error, StopIteration):
        return None


def _ofac_csv_role(head: str) -> str | None:
    """OFAC legacy CSV: no header, numeric first column, `-0- ` nulls."""
    row = _first_record(head)
    if not row or not row[0].strip().isdigit():
        return None
    cells = [c.strip() for c in row]
    if len(cells) == 12:
        return "primary"
    if len(cells) == 6 and cells[1].isdigit():
        return "add"
    if len(cells) == 5 and cells[1].isdigit() and cells[2].lower() in {"aka", "fka", "nka"}:
        return "alt"
    if len(cells) == 2:
        return "comments"
    return None


def _uk_sanctions_list_csv(first_line: str, head: str) -> bool:
    """The FCDO CSV: a `Report Date:` line then its header, or the header alone (the
    retired OFSI file starts `Last Updated,dd/mm/yyyy` and has no Unique ID column)."""
    if first_line.startswith("Last Updated,Unique ID,"):
        return True
    if not first_line.lower().startswith("report date"):
        return False
    lines = head.splitlines()
    return len(lines) > 1 and "Unique ID" in lines[1] and "Name 6" in lines[1]


def sniff(path: Path) -> str | None:
    """Format id of a file from its first bytes, or None. OFAC CSVs give `ofac-csv:ROLE`."""
    head = _head(path)
    stripped = head.lstrip()
    if not stripped:
        return None
    if stripped.startswith("<"):
        refuse_declarations(path)  # whatever the root: see xml_stream
        fmt = XML_ROOTS.get(_xml_root(stripped) or "")
        marker = XML_MARKERS.get(fmt or "")
        if marker is not None and not marker.search(stripped):
            return None
        return fmt
    if stripped.startswith("{"):
        first = stripped.splitlines()[0]
        if '"schema"' in first and '"id"' in first:
            return "ftm"
        return None
    first_line = stripped.splitlines()[0]
    if _uk_sanctions_list_csv(first_line, stripped):
        return "uk-sanctions-list-csv"
    if first_line.startswith("Last Updated,") or (
        "Group ID" in first_line and "Name 6" in first_line
    ):
        return "uk-ofsi-csv"
    if first_line.startswith('"Name"\t') or first_line.startswith("Name\tStreet_Address"):
        return "bis-dpl"
    if first_line.startswith("_id,source,entity_number"):
        return "trade-csl"
    role = _ofac_csv_role(head)
    if role:
        return f"ofac-csv:{role}"
    return None


def not_a_list(path: Path) -> ListFormatError:
    """The error for a named file that `sniff` found no list format in, saying why."""
    if path.is_file() and path.stat().st_size == 0:
        return ListFormatError(path, "file is empty", expected="a sanctions list file")
    return ListFormatError(
        path,
        "not a list format Caspian reads",
        line=1,
        expected=(
            "OFAC CSV/XML (SDN, consolidated, advanced, enhanced), UN consolidated XML, "
            "UK Sanctions List XML/CSV, UK OFSI CSV (archived), EU FSF XML, Canada SEMA XML, "
            "BIS DPL, trade.gov CSL CSV, or FollowTheMoney JSON lines"
        ),
    )


@dataclass
class ReadResult:
    lists: list[ListData] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files in folders that are not lists


def _ofac_source(files: dict[str, Path]) -> str:
    names = " ".join(p.name.lower() for p in files.values())
    return "ofac-cons" if "cons" in names else "ofac-sdn"


def _expand(paths: Sequence[Path]) -> list[tuple[Path, bool]]:
    """Files to read, and whether each was named explicitly (else found in a folder)."""
    out: list[tuple[Path, bool]] = []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden and child.suffix.lower() not in SKIP_SUFFIXES:
                    out.append((child, False))
        elif path.exists():
            out.append((path, True))
        else:
            raise ListFormatError(path, "no such file or folder")
    return out


def read_paths(paths: Sequence[Path | str], *, allow_truncated: bool = False) -> ReadResult:
    """Read files and folders into lists. Any unreadable list file raises: nothing partial.

    A file that ends before its format does (completeness.py) raises IncompleteFile;
    with `allow_truncated` (test samples known to be cut) what it holds is read instead,
    and the list warns.
    """
    with gc_paused():
        return _read_paths(paths, allow_truncated)


def _whole(path: Path, fmt: str, allow_truncated: bool, notes: list[str]) -> None:
    reason = completeness.problem(path, fmt)
    if reason is None:
        return
    if not allow_truncated:
        raise IncompleteFile(path, reason)
    notes.append(f"{path.name}: incomplete file ({reason}); read as it is (--allow-truncated)")


def _read_paths(paths: Sequence[Path | str], allow_truncated: bool) -> ReadResult:
    result = ReadResult()
    notes: dict[Path, list[str]] = {}
    ofac_sets: dict[tuple[Path, str], dict[str, Path]] = {}
    explicit_sets: set[tuple[Path, str]] = set()
    for path, explicit in _expand([Path(p) for p in paths]):
        fmt = sniff(path)
        if fmt is None:
            if explicit:
                raise not_a_list(path)
            result.skipped.append(f"{path}: not a list file, skipped")
            continue
        _whole(path, fmt, allow_truncated, notes.setdefault(path, []))
        if fmt.startswith("ofac-csv:"):
            role = fmt.split(":", 1)[1]
            group = "cons" if path.name.lower().startswith("cons") else "sdn"
            files = ofac_sets.setdefault((path.parent, group), {})
            if explicit:
                explicit_sets.add((path.parent, group))
            if role in files:
                raise ListFormatError(
                    path, f"a second OFAC {role} file in one set (first: {files[role].name})"
                )
            files[role] = path
            continue
        result.lists.append(SINGLE_READERS[fmt](path))
    for key, files in sorted(ofac_sets.items()):
        if "primary" not in files:
            names = ", ".join(sorted(p.name for p in files.values()))
            note = (
                f"OFAC companion files ({names}) without their primary file "
                "(sdn.csv or cons_prim.csv); nothing to load from them alone"
            )
            if key in explicit_sets:
                raise ListFormatError(next(iter(files.values())), note)
            result.skipped.append(f"{key[0]}: {note}")
            continue
        result.lists.append(ofac_csv.read(files, source=_ofac_source(files)))
    for data in result.lists:
        if data.incomplete is not None and not allow_truncated:
            raise IncompleteFile(data.files[0], data.incomplete)
        data.warnings[:0] = [n for path in data.files for n in notes.get(path, [])]
        if not data.entities:
            raise ListFormatError(data.files[0], "no entities found", expected="list records")
    return result
