"""What a new list must pass before it is put in charge, and how long a download may take.

Each guard has a default here, a command-line option (`--max-shrink`, `--deadline`) and
a per-source override in sources.toml (`max_shrink`, `deadline`); the source's own value
wins, as for `max_bytes`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SHARE = re.compile(r"(\d+(?:\.\d+)?)\s*(%)?")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|min|h)?", re.IGNORECASE)
_SECONDS = {"": 1.0, "s": 1.0, "m": 60.0, "min": 60.0, "h": 3600.0}


@dataclass(frozen=True, slots=True)
class UpdateGuards:
    """Frozen, so that no caller loosens a guard by accident."""

    # Share of the active list's entities a new snapshot may lose and still be activated
    # (more needs --force). Official lists move by far less between two publications: the
    # SDN list grew from 8,976 entries (2021-07-07) to 14,965 (2024-05-03), and OFAC's
    # biggest removals (delistings of a whole programme) are a few hundred entries; a
    # snapshot that loses 5% of a list of thousands is a cut, filtered or wrong file far
    # more often than a real publication.
    max_shrink: float = 0.05
    # Seconds one file may take, redirects and body included. `--timeout` bounds each
    # read, which a server sending a byte a second never trips; the largest official
    # file (sdn_advanced.xml, ~120 MB) takes a minute or two on a slow line.
    deadline: float = 600.0


DEFAULT_GUARDS = UpdateGuards()


def parse_share(text: str | float) -> float:
    """A share from `5%`, `5 %` or `0.05` (a plain number is a fraction, at most 1)."""
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a share")
    if isinstance(text, int | float):
        value = float(text)
    else:
        match = _SHARE.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a share; expected a percentage (5%) or 0.05")
        value = float(match.group(1)) / (100 if match.group(2) else 1)
    if not 0 <= value <= 1:
        raise ValueError(f"{text!r}: the share must be between 0% and 100%")
    return value


def parse_seconds(text: str | float) -> float:
    """Seconds from `600`, `2.5`, `90s`, `10m` or `1h`; more than 0."""
    if isinstance(text, bool):
        raise ValueError(f"{text!r} is not a duration")
    if isinstance(text, int | float):
        value = float(text)
    else:
        match = _DURATION.fullmatch(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a duration; expected seconds, or 90s, 10m, 1h")
        value = float(match.group(1)) * _SECONDS[(match.group(2) or "").lower()]
    if value <= 0:
        raise ValueError(f"{text!r}: the duration must be more than 0 seconds")
    return value


def percent(share: float) -> str:
    """0.05 -> '5%', 0.125 -> '12.5%'."""
    return f"{share * 100:.4g}%"
