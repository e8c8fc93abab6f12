"""Loading rules from their data files and running them over an order's facts."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from caspian import data
from caspian.facts import Facts
from caspian.rules.checks import CHECKS, sorted_refs
from caspian.rules.params import CHECK_PARAMS
from caspian.typed_config import ConfigError, Strict, describe, parse_toml

M = TypeVar("M", bound=BaseModel)
POLICY_FILE = "policy.toml"
RED_FLAGS_FILE = "red_flags.toml"


class RuleError(ConfigError):
    """A rules file that cannot be used; names the file and the rule."""


NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Rule(Strict):
    """One rule of a policy or of the red flags, as its data file declares it."""

    id: NonEmpty = Field(description="the reason code results carry")
    kind: Literal["party", "item", "geography", "red_flag", "input"] = Field(
        description="what the rule is about"
    )
    decision: Literal["REVIEW", "BLOCK"] = Field(description="what the rule implies")
    severity: Literal["low", "medium", "high"] = Field(description="sets the risk points")
    description: NonEmpty = Field(description="the reason's message, as a reviewer reads it")
    guidance: NonEmpty = Field(description="the regulation or guidance the rule comes from")
    reads: tuple[str, ...] = Field(default=(), description="the order fields it reads")
    check: NonEmpty = Field(description="the check it runs (caspian/rules/checks.py)")
    params: dict[str, Any] = Field(default_factory=dict, description="the check's parameters")

    @field_validator("check")
    @classmethod
    def _known_check(cls, value: str) -> str:
        if value not in CHECKS:
            raise ValueError(f"unknown check {value!r}; known: {', '.join(CHECKS)}")
        return value

    @field_validator("params")
    @classmethod
    def _typed_params(cls, value: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        """The check's own parameter model (caspian/rules/params.py) checks every value."""
        model = CHECK_PARAMS.get(info.data.get("check", ""))
        if model is None:
            return value
        try:
            return model.model_validate(value).model_dump()
        except ValidationError as exc:
            raise ValueError(describe(exc, "", value).replace("\n", "; ")) from None


Points = Annotated[int, Field(ge=0, le=100)]


class RiskPoints(Strict):
    """Risk points of the strongest reason, by its severity (see `caspian.decide`)."""

    high: Points = Field(description="a high-severity reason")
    medium: Points = Field(description="a medium-severity reason")
    low: Points = Field(description="a low-severity reason")


class PolicySettings(Strict):
    """The [policy] table: what a jurisdiction's policy sets besides its rules."""

    name: NonEmpty = Field(description="the policy's name, cited in results")
    match_threshold: Annotated[float, Field(ge=0, le=1)] | None = Field(
        default=None, description="leave out to use the matcher's calibrated threshold"
    )
    review_threshold: Annotated[float, Field(ge=0, le=1)] = Field(
        description="a party scoring from here to the match threshold is reviewed"
    )
    red_flags: bool = Field(default=True, description="add the red flags (red_flags.toml)")
    risk_points: RiskPoints = Field(description="risk points by severity")


class PolicyFile(Strict):
    policy: PolicySettings
    rule: list[Rule] = Field(min_length=1)


class RedFlagsFile(Strict):
    rule: list[Rule] = Field(min_length=1)


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
    digest: str = ""  # sha256 of the policy file's text
    scope: str | None = None  # set when only part of the policy's rules apply

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


def _unique(rules: list[Rule], source: str) -> list[Rule]:
    seen: set[str] = set()
    for rule in rules:
        if rule.id in seen:
            raise RuleError(f"{source}: rule id {rule.id!r} appears twice")
        seen.add(rule.id)
    return rules


def _parse(model: type[M], text: str, source: str) -> M:
    try:
        return parse_toml(model, text, source)
    except ConfigError as exc:
        raise RuleError(str(exc)) from None


def parse_policy(text: str, source: str, red_flags: list[Rule]) -> Policy:
    parsed = _parse(PolicyFile, text, source)
    settings = parsed.policy
    rules = _unique(list(parsed.rule), source)
    if settings.red_flags:
        own = {r.id for r in rules}
        rules += [r for r in red_flags if r.id not in own]
    return Policy(
        name=settings.name,
        source=source,
        match_threshold=settings.match_threshold,
        review_threshold=settings.review_threshold,
        risk_points=settings.risk_points.model_dump(),
        rules=tuple(rules),
        digest=digest(text),
    )


def digest(text: str) -> str:
    """sha256 of a policy file's text: what a result cites to say which policy made it."""
    return hashlib.sha256(text.encode()).hexdigest()


@cache
def red_flag_rules() -> list[Rule]:
    return _unique(list(_parse(RedFlagsFile, data.text(RED_FLAGS_FILE), RED_FLAGS_FILE).rule),
                   RED_FLAGS_FILE)  # fmt: skip


def red_flags_digest() -> str:
    return digest(data.text(RED_FLAGS_FILE))


def default_policy() -> Policy:
    return parse_policy(data.text(POLICY_FILE), f"caspian/data/{POLICY_FILE}", red_flag_rules())


def load_policy(path: Path) -> Policy:
    """A user's policy file; its rules replace the default policy's, the red flags stay
    unless it says `red_flags = false`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read policy file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return parse_policy(text, str(path), red_flag_rules())
