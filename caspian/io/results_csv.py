"""Screening results as a flat CSV: one row per order, for spreadsheets and ERP imports.

Every cell goes through `safe_cell`, so a party named "=HYPERLINK(...)" stays text; the
file is UTF-8 with a BOM because Excel reads BOM-less CSV as the local code page.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from caspian.io.tables import MULTI_SEPARATOR, safe_cell

TOP_REASONS = 3

COLUMNS = (
    "id",
    "decision",
    "risk",
    "reason_count",
    "reason_1_code",
    "reason_1_message",
    "reason_1_evidence",
    "reason_2_code",
    "reason_2_message",
    "reason_3_code",
    "reason_3_message",
    "other_reason_codes",
    "matched_parties",
    "sensitive_items",
    "lists",
    "error",
)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _reason_cells(reasons: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    cells: dict[str, str] = {"reason_count": str(len(reasons))}
    for n, reason in enumerate(reasons[:TOP_REASONS], start=1):
        cells[f"reason_{n}_code"] = _text(reason.get("code"))
        cells[f"reason_{n}_message"] = _text(reason.get("message"))
    if reasons:
        cells["reason_1_evidence"] = MULTI_SEPARATOR.join(
            _text(x) for x in reasons[0].get("evidence") or ()
        )
    cells["other_reason_codes"] = MULTI_SEPARATOR.join(
        _text(r.get("code")) for r in reasons[TOP_REASONS:]
    )
    return cells


def matched_parties(parties: Iterable[Mapping[str, Any]]) -> str:
    """`role: name -> listed id 'listed name' (score)` for every match above threshold."""
    out = []
    for party in parties:
        for m in party.get("matches") or ():
            if m.get("match", True):
                out.append(
                    f"{_text(party.get('role'))}: {_text(party.get('name'))} -> "
                    f"{_text(m.get('id'))} '{_text(m.get('name'))}' "
                    f"({float(m.get('score') or 0):.2f})"
                )
    return MULTI_SEPARATOR.join(out)


def sensitive_items(items: Iterable[Mapping[str, Any]]) -> str:
    """`item N: HS 854231, CHPL tier 1, processors` for items on the CHPL or in a UAV group."""
    out = []
    for item in items:
        if not (item.get("chpl_tier") or item.get("uav_group")):
            continue
        what = [f"HS {item['hs6']}"] if item.get("hs6") else []
        if item.get("chpl_tier"):
            what.append(f"CHPL tier {item['chpl_tier']}")
        if item.get("uav_group"):
            what.append(_text(item["uav_group"]))
        out.append(f"item {int(item.get('index') or 0) + 1}: {', '.join(what)}")
    return MULTI_SEPARATOR.join(out)


def list_versions(lists: Iterable[Mapping[str, Any]]) -> str:
    return MULTI_SEPARATOR.join(
        f"{_text(x.get('source'))} {_text(x.get('version'))}" for x in lists
    )


def result_row(result: Mapping[str, Any]) -> list[str]:
    """One result (or error line) as the CSV's cells, already neutralised."""
    cells: dict[str, str] = {"id": _text(result.get("id"))}
    if "error" in result and "decision" not in result:
        cells["decision"] = "ERROR"
        error, line = _text(result["error"]), result.get("line")
        cells["error"] = f"line {line}: {error}" if line and f"line {line}" not in error else error
    else:
        cells["decision"] = _text(result.get("decision"))
        cells["risk"] = _text(result.get("risk"))
        cells.update(_reason_cells(result.get("reasons") or []))
        cells["matched_parties"] = matched_parties(result.get("parties") or [])
        cells["sensitive_items"] = sensitive_items(result.get("items") or [])
        cells["lists"] = list_versions(result.get("lists") or [])
    return [safe_cell(cells.get(column, "")) for column in COLUMNS]


class ResultsCsvWriter:
    """Streams rows to `<path>.partial` and renames it into place on close."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tmp = path.with_name(path.name + ".partial")
        self._fh = self._tmp.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._fh)
        self._writer.writerow(COLUMNS)

    def add(self, result: dict[str, Any]) -> None:
        self._writer.writerow(result_row(result))

    def close(self) -> None:
        self._fh.close()
        self._tmp.replace(self.path)

    def discard(self) -> None:
        """Drop the partial file (the run failed): never leave half a CSV behind."""
        self._fh.close()
        self._tmp.unlink(missing_ok=True)

    def __enter__(self) -> ResultsCsvWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._fh.closed:
            return
        if kind is None:
            self.close()
        else:
            self.discard()
