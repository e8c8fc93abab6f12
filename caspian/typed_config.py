"""Configuration files validated against typed models, with errors naming file and key.

Every TOML file that steers a decision (the matcher's weights, a screening policy) is
read through `parse_toml`: unknown keys are refused, types and ranges checked, and a bad
value named by its path in the file (`tokens.conflict`, `rule[3].decision`), so a typo
can never silently leave a weight at a default nobody chose.
"""

from __future__ import annotations

import tomllib
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

M = TypeVar("M", bound=BaseModel)


class ConfigError(ValueError):
    """A configuration file that cannot be used; names the file and the key."""


class Strict(BaseModel):
    """Base of every configuration model: unknown keys refused, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)


def key_path(loc: tuple[int | str, ...], raw: Any = None) -> str:
    """`('rule', 2, 'decision')` -> `rule[3].decision` (TOML tables count from one), with
    the id of a table that has one: `rule[3] 'PARTY-LISTED'.decision`."""
    out = ""
    node = raw
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                out += f" {node['id']!r}"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def describe(exc: ValidationError, source: str, raw: Any = None) -> str:
    """One line per problem: `source: key: message`."""
    lines = []
    for error in exc.errors():
        where = key_path(tuple(error["loc"]), raw)
        message = error["msg"]
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "missing":
            message = "required key missing"
        elif error["type"] == "value_error":
            message = message.removeprefix("Value error, ")
        lines.append(f"{source}: {where}: {message}" if source else f"{where}: {message}")
    return "\n".join(lines)


def parse_toml(model: type[M], text: str, source: str) -> M:
    """The file's content as `model`, or a ConfigError naming the file and every bad key."""
    try:
        raw: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{source}: not valid TOML: {exc}") from None
    return validate(model, raw, source)


def validate(model: type[M], raw: Any, source: str) -> M:
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(describe(exc, source, raw)) from None
