"""HS codes as traders write them, reduced to HS-6, and the CHPL tier of an HS-6.

The CHPL (BIS Common High Priority List, 2024-02-23) is defined on six-digit HS codes, the
level shared by every national tariff; the national digits after them (EU CN 8, US HTS and
TARIC and the Russian ТН ВЭД 10) add nothing to the lookup but are kept for the record.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from caspian import data

TABLE = "chpl.csv"

# A label before the digits: "HS 8542.31", "HTS: 8542.31.0001", "ТН ВЭД 8542 31 900 0".
_LABEL = re.compile(
    r"^(?:hs(?:\s*code)?|hts(?:us)?|cn(?:\s*code)?|taric|commodity\s*code|tariff\s*code"
    r"|тн\s*вэд(?:\s*еаэс)?|код\s*тн\s*вэд|код)\s*[:#№.]?\s*",
    re.IGNORECASE,
)
# Digits in groups separated by dots, spaces or hyphens; nothing else.
_BODY = re.compile(r"\d+(?:[ .\-]+\d+)*")
_EXPECTED = "expected 6 to 10 digits like 8542.31 or 854231"


@dataclass(frozen=True, slots=True)
class HsCode:
    """An HS code as given. `hs6` is None for a four-digit heading, which is a real but
    imprecise input: the CHPL needs six digits."""

    raw: str
    heading: str
    hs6: str | None
    national: str | None


@dataclass(frozen=True, slots=True)
class ChplEntry:
    hs6: str
    tier: str
    description: str
    source: str


def parse_hs(text: str) -> HsCode:
    """Parse 8542.31, 854231, 8542.31.0001, 8542310000, "8542 31", "HS 8542.31" or a heading
    (8542). Raises ValueError naming what was expected."""
    raw = text
    body = _LABEL.sub("", text.strip())
    if not body:
        raise ValueError(f"HS code {raw!r} is empty: {_EXPECTED}")
    if not _BODY.fullmatch(body):
        raise ValueError(f"HS code {raw!r} is not readable: {_EXPECTED}")
    digits = re.sub(r"\D", "", body)
    _check_length(raw, digits)
    _check_chapter(raw, digits[:2])
    if len(digits) == 4:
        return HsCode(raw=raw, heading=digits, hs6=None, national=None)
    national = digits if len(digits) > 6 else None
    return HsCode(raw=raw, heading=digits[:4], hs6=digits[:6], national=national)


def _check_length(raw: str, digits: str) -> None:
    n = len(digits)
    if n == 4 or 6 <= n <= 10:
        return
    hint = " (a leading zero lost?)" if n in (5, 7, 9) and not digits.startswith("0") else ""
    raise ValueError(f"HS code {raw!r} has {n} digits{hint}: {_EXPECTED}")


def _check_chapter(raw: str, chapter: str) -> None:
    number = int(chapter)
    if number == 0 or number == 77 or number > 97:
        what = "national, not HS" if number in (98, 99) else "not an HS chapter"
        raise ValueError(f"HS code {raw!r}: chapter {chapter} is {what}; {_EXPECTED}")


@cache
def chpl() -> dict[str, ChplEntry]:
    """The CHPL by HS-6."""
    return {
        row["hs6"]: ChplEntry(row["hs6"], row["tier"], row["description"], row["source"])
        for row in data.csv_rows(TABLE)
    }


def chpl_entry(hs6: str) -> ChplEntry | None:
    """The CHPL entry of an HS-6 (dots and national digits are ignored)."""
    digits = re.sub(r"\D", "", hs6)
    if len(digits) < 6:
        return None
    return chpl().get(digits[:6])


def chpl_tier(hs6: str) -> str | None:
    """CHPL tier ("1", "2", "3.A", "3.B", "4.A", "4.B") of an HS-6, or None."""
    entry = chpl_entry(hs6)
    return entry.tier if entry else None


def chpl_in_heading(heading: str) -> tuple[ChplEntry, ...]:
    """CHPL entries under a four-digit heading: what an imprecise heading may hide."""
    return tuple(entry for code, entry in chpl().items() if code.startswith(heading))


def dotted(hs6: str) -> str:
    """8542.31 for 854231, as people read HS codes."""
    return f"{hs6[:4]}.{hs6[4:]}" if len(hs6) == 6 else hs6
