"""The matcher's weights and thresholds, read from `caspian/data/matching.toml`."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from caspian import data


@dataclass(frozen=True, slots=True)
class MatchConfig:
    threshold: float
    review_threshold: float
    retrieval: dict[str, float]
    tokens: dict[str, float]
    features: dict[str, float]

    @classmethod
    def from_toml(cls, text: str) -> MatchConfig:
        raw: dict[str, Any] = tomllib.loads(text)
        return cls(
            threshold=float(raw["threshold"]),
            review_threshold=float(raw["review_threshold"]),
            retrieval={k: float(v) for k, v in raw["retrieval"].items()},
            tokens={k: float(v) for k, v in raw["tokens"].items()},
            features={k: float(v) for k, v in raw["features"].items()},
        )


@cache
def default_config() -> MatchConfig:
    return MatchConfig.from_toml(data.text("matching.toml"))
