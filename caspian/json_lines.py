"""One record of a JSON-lines contract: a line that is not JSON becomes an error object
naming its line, so a batch never stops on it."""

from __future__ import annotations

from typing import Any

import orjson


def error_line(number: int, record_id: Any, message: str) -> dict[str, Any]:
    """The error object a contract writes in place of a result."""
    return {"id": record_id, "line": number, "error": f"line {number}: {message}"}


def load_line(number: int, line: bytes) -> tuple[Any, dict[str, Any] | None]:
    """The line's JSON, or None and the error object to write instead."""
    try:
        return orjson.loads(line), None
    except orjson.JSONDecodeError as exc:
        return None, error_line(number, None, f"invalid JSON: {exc}")


def record_id(data: Any) -> Any:
    """The id a broken record claims, for its error line."""
    return data.get("id") if isinstance(data, dict) else None
