"""Loading rules from their data files and running them over an order's facts."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from caspian import data
from caspian.facts import Facts
from caspian.rules.checks import CHECKS, sorted_refs

DECISIONS = ("CLEAR", "REVIEW", "BLOCK")
SEVERITIES = ("low", "medium", "high")
KINDS = ("party", "item", "geography", "red_flag", "input")
POLICY_FILE = "policy.toml"
RED_FLAGS_FILE = "red_flags.toml"


class RuleError(ValueError):
    """A rules file that cannot be used; names the file and the rule."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    kind: str
    decision: str
    severity: str
    description: str
    guidance: str
    reads: tuple[str, ...]
    check: str
    params: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why an order got its decision, as a reviewer reads it; `refs` name the order
    elements it is about ("parties[1]", "items[0]", "route[2]", "payment"), so a reader
    can point at them without parsing the message or the evidence."""

    kind: str
    code: str
    severity: str
    decision: str
    message: str
    evidence: tuple[str, ...]
    guidance: str
    refs: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "code": self.code,
            "severity": self.severity,
            "decision": self.decision,
            "message": self.message,
            "evidence": list(self.evidence),
            "guidance": self.guidance,
            "refs": list(self.refs),
        }


@dataclass(frozen=True, slots=True)
class Policy:
    name: str
    source: str
    match_threshold: float | None  # None: the matcher's own default
    review_threshold: float
    risk_points: Mapping[str, int]
    rules: tuple[Rule, ...]

    def evaluate(self, facts: Facts, match: float) -> list[Reason]:
        reasons = []
        for rule in self.rules:
            found = CHECKS[rule.check](facts, dict(rule.params), match, self.review_threshold)
            if found:
                reasons.append(
                    Reason(rule.kind, rule.id, rule.severity, rule.decision, rule.description,
                           tuple(f.evidence for f in found), rule.guidance,
                           sorted_refs(r for f in found for r in f.refs))
                )  # fmt: skip
        return reasons


def _rule(raw: Any, where: str) -> Rule:
    if not isinstance(raw, Mapping):
        raise RuleError(f"{where}: a rule must be a table")
    rule_id = raw.get("id")
    where = f"{where} (rule {rule_id!r})" if rule_id else where
    for key in ("id", "kind", "decision", "severity", "description", "guidance", "check"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise RuleError(f"{where}: field {key!r} is required (text)")
    if raw["check"] not in CHECKS:
        raise RuleError(f"{where}: unknown check {raw['check']!r}; known: {', '.join(CHECKS)}")
    for key, allowed in (("decision", DECISIONS[1:]), ("severity", SEVERITIES), ("kind", KINDS)):
        if raw[key] not in allowed:
            raise RuleError(f"{where}: {key} {raw[key]!r}; expected one of {', '.join(allowed)}")
    params = raw.get("params", {})
    if not isinstance(params, Mapping):
        raise RuleError(f"{where}: 'params' must be a table")
    reads = raw.get("reads", [])
    if not isinstance(reads, list) or not all(isinstance(r, str) for r in reads):
        raise RuleError(f"{where}: 'reads' must be a list of field names")
    return Rule(raw["id"], raw["kind"], raw["decision"], raw["severity"], raw["description"],
                raw["guidance"], tuple(reads), raw["check"], params)  # fmt: skip


def _rules(raw: Any, source: str) -> list[Rule]:
    if not isinstance(raw, list):
        raise RuleError(f"{source}: no [[rule]] tables")
    rules = [_rule(r, f"{source}: rule {i + 1}") for i, r in enumerate(raw)]
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{source}: rule id {rule.id!r} appears twice")
        seen.add(rule.id)
    return rules


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: not valid TOML: {exc}") from None


def parse_policy(text: str, source: str, red_flags: list[Rule]) -> Policy:
    raw = _parse(text, source)
    settings = raw.get("policy", {})
    if not isinstance(settings, Mapping) or not isinstance(settings.get("name"), str):
        raise RuleError(f"{source}: a [policy] table with a 'name' is required")
    points = settings.get("risk_points", {"high": 90, "medium": 45, "low": 25})
    match = settings.get("match_threshold")
    rules = _rules(raw.get("rule"), source)
    if settings.get("red_flags", True):
        rules += [r for r in red_flags if r.id not in {x.id for x in rules}]
    return Policy(
        name=settings["name"],
        source=source,
        match_threshold=float(match) if match is not None else None,
        review_threshold=float(settings.get("review_threshold", 0.5)),
        risk_points={str(k): int(v) for k, v in points.items()},
        rules=tuple(rules),
    )


@cache
def red_flag_rules() -> list[Rule]:
    return _rules(_parse(data.text(RED_FLAGS_FILE), RED_FLAGS_FILE).get("rule"), RED_FLAGS_FILE)


def default_policy() -> Policy:
    return parse_policy(data.text(POLICY_FILE), f"caspian/data/{POLICY_FILE}", red_flag_rules())


def load_policy(path: Path) -> Policy:
    """A user's policy file; its rules replace the default policy's, the red flags stay
    unless it says `red_flags = false`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read policy file: {exc.strerror or exc}") from None
    return parse_policy(text, str(path), red_flag_rules())
