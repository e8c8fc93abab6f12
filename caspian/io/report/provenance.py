"""What produced the results of one run: the engine's version and the hashes of the
policy and matching configuration each result carries (`"provenance"`).

One run has one provenance. The report shows it and warns when results disagree (a
results file stitched together from runs of different configurations cannot be
reproduced as one). Memory stays bounded: at most `KEPT` distinct provenances are
told apart; any further ones are only counted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

KEPT = 10

Provenance = tuple[tuple[str, str], ...]  # sorted (key, value) pairs


def provenance_of(value: Any) -> Provenance | None:
    """A result's provenance as a hashable value; None when it has none (or no mapping)."""
    if not isinstance(value, Mapping) or not value:
        return None
    return tuple(sorted((str(k), "" if v is None else str(v)) for k, v in value.items()))


@dataclass(slots=True)
class Provenances:
    """The provenances the results of one run carry, with how many results carry each."""

    seen: Counter[Provenance] = field(default_factory=Counter)
    first: list[Provenance] = field(default_factory=list)  # in order of arrival
    others: int = 0  # results with a provenance beyond the KEPT distinct ones
    missing: int = 0  # results without one

    def add(self, value: Any) -> None:
        found = provenance_of(value)
        if found is None:
            self.missing += 1
        elif found in self.seen or len(self.seen) < KEPT:
            if found not in self.seen:
                self.first.append(found)
            self.seen[found] += 1
        else:
            self.others += 1

    def shown(self, given: Mapping[str, str] | None) -> dict[str, str] | None:
        """The run's provenance: the one the caller gives, else the first results carried."""
        if given:
            return {str(k): str(v) for k, v in given.items()}
        return dict(self.first[0]) if self.first else None

    def warnings(self, given: Mapping[str, str] | None) -> list[str]:
        """Why the results may not all come from the provenance shown."""
        out = []
        expected = provenance_of(given) if given else None
        distinct = list(self.first)
        if expected is not None and expected not in self.seen:
            distinct.insert(0, expected)
        if len(distinct) > 1 or self.others:
            counts = "; ".join(f"{_describe(p)}: {_results(self.seen[p])}" for p in distinct)
            if self.others:
                counts += f"; {_results(self.others)} with yet other provenances"
            many = f"more than {len(distinct)}" if self.others else str(len(distinct))
            out.append(
                f"The results of this run carry {many} different provenances: they were not "
                f"all produced by the same engine, policy and matching configuration ({counts})."
            )
        if self.missing and (self.seen or self.others):
            out.append(f"{_results(self.missing)} carry no provenance.")
        return out


def _results(n: int) -> str:
    return f"{n:,} result{'s' if n != 1 else ''}"


def _describe(provenance: Provenance) -> str:
    values = dict(provenance)
    parts = [values.pop("engine", "unknown engine")]
    parts += [f"{k} {v[:12]}" for k, v in sorted(values.items())]
    return ", ".join(parts)
