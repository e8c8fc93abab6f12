"""The report writer: takes results one at a time, writes the page at close.

Streaming: an order that may be shown in full is written (its order and result, as
JSON) to a temporary file; memory holds only counters and, for the at most
`max_details` orders shown in full (BLOCK first, then REVIEW by risk), their sort key
and file offset. The page is assembled at close: only the orders still kept are
rendered, one at a time while the template is written, so an order that a riskier one
displaced later costs no rendering. Clear rows are rendered as they come (they are
never displaced). The page is written to `.partial` and renamed into place.
"""

from __future__ import annotations

import heapq
import tempfile
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import orjson
from markupsafe import Markup

from caspian.io.report.card import render_card, render_clear_row, render_index_row
from caspian.io.report.provenance import Provenances
from caspian.io.report.route import Obj, objects, text
from caspian.io.report.summary import (
    FACTS,
    RANK,
    TILES,
    ReasonCount,
    decision_chart,
    list_rows,
    lists_sentence,
    provenance_rows,
    top_reasons,
)
from caspian.io.report.templates import css, stream

ERROR_EXAMPLES = 200
SKIPPED_EXAMPLES = 20
COMPACT_FACTOR = 4  # rewrite the detail file when dead fragments outweigh live ones 4:1
COMPACT_MIN_BYTES = 4 << 20


@dataclass(slots=True)
class _Kept:
    """Where a detailed order (its anchor, order and result as JSON) is in the detail file."""

    offset: int
    length: int


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


class ReportWriter:
    """Collects results one at a time; writes the HTML report at close."""

    def __init__(self, path: Path, *, title: str, source: str, max_details: int = 2000) -> None:
        self.path = path
        self.title = title
        self.source = source
        self.max_details = max_details
        self.counts: Counter[str] = Counter()
        self.reasons: dict[str, ReasonCount] = {}
        self.facts: Counter[str] = Counter()
        self.errors: list[tuple[str, str, str]] = []
        self.skipped_rows = 0
        self.skipped_examples: list[str] = []
        self.clear_rows = 0
        self.provenances = Provenances()
        self._seq = 0
        # Max-heap on (rank, -risk, seq) via negation: heap[0] is the detail to drop first.
        self._heap: list[tuple[int, int, int, _Kept]] = []
        self._live_bytes = 0
        self._first_lists: list[dict[str, Any]] | None = None
        path.parent.mkdir(parents=True, exist_ok=True)
        self._details: IO[bytes] = tempfile.TemporaryFile(dir=path.parent, prefix=".report-")  # noqa: SIM115
        self._clear: IO[bytes] = tempfile.TemporaryFile(dir=path.parent, prefix=".report-")  # noqa: SIM115

    @property
    def detailed(self) -> int:
        """How many orders are kept for full detail (never more than max_details)."""
        return len(self._heap)

    def add(self, order: dict[str, Any] | None, result: dict[str, Any]) -> None:
        self._seq += 1
        decision = str(result.get("decision"))
        if decision not in RANK and decision != "CLEAR":
            self._add_error(result)
            return
        self.counts[decision] += 1
        if self._first_lists is None and isinstance(result.get("lists"), list):
            self._first_lists = result["lists"]
        self.provenances.add(result.get("provenance"))
        self._count_reasons(result)
        self._count_facts(result)
        if decision in RANK:
            self._keep_detail(decision, order, result)
        elif self.clear_rows < self.max_details:
            self._clear.write(render_clear_row(order, result).encode())
            self.clear_rows += 1

    def skipped(self, count: int, examples: list[str]) -> None:
        self.skipped_rows += count
        room = SKIPPED_EXAMPLES - len(self.skipped_examples)
        self.skipped_examples += [str(x) for x in examples[: max(room, 0)]]

    def _add_error(self, result: Obj) -> None:
        self.counts["ERROR"] += 1
        if len(self.errors) < ERROR_EXAMPLES:
            self.errors.append(
                (
                    text(result.get("line")),
                    text(result.get("id")),
                    text(result.get("error")) or "no decision in the result",
                )
            )

    def _count_reasons(self, result: Obj) -> None:
        """Each code once per order, described by its first reason ever seen."""
        counted: set[str] = set()
        for _, reason in objects(result.get("reasons")):
            code = str(reason.get("code"))
            if code in counted:
                continue
            counted.add(code)
            if code not in self.reasons:
                self.reasons[code] = ReasonCount(
                    text(reason.get("message")), text(reason.get("decision"))
                )
            self.reasons[code].orders += 1

    def _count_facts(self, result: Obj) -> None:
        parties = [p for _, p in objects(result.get("parties"))]
        if any(m.get("match", True) for p in parties for _, m in objects(p.get("matches"))):
            self.facts[FACTS[0]] += 1
        items = [x for _, x in objects(result.get("items"))]
        if any(x.get("chpl_tier") or x.get("uav_group") for x in items):
            self.facts[FACTS[1]] += 1

    def _keep_detail(self, decision: str, order: Obj | None, result: Obj) -> None:
        risk = _int(result.get("risk"))
        key = (-RANK[decision], risk, -self._seq)
        if self.max_details <= 0:
            return
        if len(self._heap) >= self.max_details and key <= self._heap[0][:3]:
            return  # worse than every detail kept
        blob = orjson.dumps([f"o{self._seq}", order, result])
        self._details.seek(0, 2)
        kept = _Kept(self._details.tell(), len(blob))
        self._details.write(blob)
        self._live_bytes += len(blob)
        if len(self._heap) < self.max_details:
            heapq.heappush(self._heap, (*key, kept))
        else:
            _, _, _, dropped = heapq.heapreplace(self._heap, (*key, kept))
            self._live_bytes -= dropped.length
            self._maybe_compact()

    def _maybe_compact(self) -> None:
        """Copy the live fragments to a fresh file when dropped ones dominate the disk."""
        size = self._details.seek(0, 2)
        if size < COMPACT_MIN_BYTES or size < COMPACT_FACTOR * self._live_bytes:
            return
        fresh: IO[bytes] = tempfile.TemporaryFile(dir=self.path.parent, prefix=".report-")  # noqa: SIM115
        for *_, kept in self._heap:
            self._details.seek(kept.offset)
            blob = self._details.read(kept.length)
            kept.offset = fresh.tell()
            fresh.write(blob)
        self._details.close()
        self._details = fresh

    def _sorted_kept(self) -> list[_Kept]:
        return [k for *_, k in sorted(self._heap, key=lambda h: (-h[0], -h[1], -h[2]))]

    def close(
        self,
        *,
        seconds: float,
        lists: list[dict[str, Any]],
        columns: dict[str, str] | None = None,
        notes: Sequence[str] = (),
        provenance: Mapping[str, str] | None = None,
    ) -> None:
        """Assemble the page into `<path>.partial` and rename it into place.

        `provenance` is the run's (engine, policy and matching hashes); without it the
        report shows the one the results carry, and warns when they differ.
        """
        tmp = self.path.with_name(self.path.name + ".partial")
        try:
            context = self._context(
                seconds, lists or self._first_lists or [], columns, notes, provenance
            )
            with tmp.open("w", encoding="utf-8") as out:
                for chunk in stream("page.html.j2", **context):
                    out.write(chunk)
                out.write("\n")
            tmp.replace(self.path)
        finally:
            self.discard()
            tmp.unlink(missing_ok=True)

    def discard(self) -> None:
        """Free the temporary files without writing the report (close does this too)."""
        self._details.close()
        self._clear.close()

    def __enter__(self) -> ReportWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.discard()

    def _context(
        self,
        seconds: float,
        lists: Sequence[Obj],
        columns: Mapping[str, str] | None,
        notes: Sequence[str],
        provenance: Mapping[str, str] | None,
    ) -> dict[str, Any]:
        screened = sum(v for k, v in self.counts.items() if k != "ERROR")
        kept = self._sorted_kept()
        shown = self.provenances.shown(provenance)
        return {
            "css": css(),
            "title": self.title,
            "source": self.source,
            "orders": sum(self.counts.values()),
            "skipped": self.skipped_rows,
            "skipped_examples": self.skipped_examples,
            "seconds": seconds,
            "rate": f"{screened / seconds:,.0f}" if seconds > 0 and screened else "",
            "written": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "tile_counts": [(d, label, self.counts.get(d, 0)) for d, label in TILES],
            "chart": decision_chart(self.counts),
            "screened": screened,
            "fact_counts": [(k, self.facts[k]) for k in FACTS],
            "top_reasons": top_reasons(self.reasons),
            "reason_total": len(self.reasons),
            "lists": lists,
            "lists_sentence": lists_sentence(lists) if lists else "",
            "lists_stale": sum(1 for e in lists if e.get("warnings")),
            "list_rows": list_rows(lists),
            "columns": columns or {},
            "notes": list(notes),
            "flagged": self.counts["BLOCK"] + self.counts["REVIEW"],
            "detailed": len(kept),
            "index_rows": self._rendered(kept, card=False),
            "cards": self._rendered(kept, card=True),
            "clear": self.counts["CLEAR"],
            "clear_shown": self.clear_rows,
            "clear_rows": self._clear_fragments(),
            "errors": self.counts["ERROR"],
            "error_examples": self.errors,
            "provenance_rows": provenance_rows(shown) if shown else [],
            "provenance_warnings": self.provenances.warnings(provenance),
        }

    def _rendered(self, kept: Sequence[_Kept], *, card: bool) -> Iterator[Markup]:
        """The kept orders' index rows or cards, each rendered (and escaped by the
        templates) when the page reaches it."""
        for k in kept:
            self._details.seek(k.offset)
            anchor, order, result = orjson.loads(self._details.read(k.length))
            if card:
                yield Markup(render_card(anchor, order, result))
            else:
                yield Markup(render_index_row(anchor, result))

    def _clear_fragments(self) -> Iterator[Markup]:
        self._clear.seek(0)
        for line in self._clear:  # each fragment ends with a newline: never splits a character
            yield Markup(line.decode())
