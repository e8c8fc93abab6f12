"""Dates as FtM writes them: ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD).

Official lists write dates many ways ("05 Jan 1960", "circa 1960", "1958 to 1959",
"00/00/1980", "06/19/2003", "March 2, 2021"); readers turn each into zero or more ISO
prefixes so that matchers can compare a birth year with a full birth date. A slashed date
means nothing without its publisher's order: US publishers (OFAC, BIS, trade.gov) write
month first, the UK, the UN and the EU day first, so every caller says which.

A year-first slashed date ("1960/02/03") is read as ISO: its order is never in doubt.
A date that does not exist (1960-02-31, 31.02.1960, 1960-13-01, 31 Apr 1960) is refused,
never stored, and never falls back to its year either: a value that is wrong in one part
may be wrong in all. A slashed date with a two-digit year ("06/19/03") is not read: the
century would be a guess.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}

_ISO = re.compile(r"\b(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:T[\d:.Z+-]*)?\b")
_ISO_PREFIX = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?![\d])")
_DMY_TEXT = re.compile(r"\b(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_MDY_TEXT = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_SLASHED = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_YEAR_FIRST = re.compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")  # "1960/02/03": no doubt
_RANGE = re.compile(r"\b(\d{4})\s*(?:to|-|–)\s*(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")

# What a pattern found: None when it is not a date at all (e.g. "Road 1960"), else the
# ISO prefix, or "" when it is a date that does not exist (refused, but it counts).
_Found = str | None


def iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    """An ISO prefix, or None when the parts are not a real date."""
    if not 1000 <= year <= 2999:
        return None
    if not month:
        return f"{year:04d}"
    if not 1 <= month <= 12:
        return None
    if not day:
        return f"{year:04d}-{month:02d}"
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_iso(text: str | None) -> str | None:
    """The ISO prefix a value starts with ("2015-04-07-04:00" -> "2015-04-07", "1975",
    "2024-05"), or None when it starts with no date or with one that does not exist."""
    m = _ISO_PREFIX.match(text or "")
    return (_iso_parts(m) or None) if m else None


def _iso_parts(m: re.Match[str]) -> str:
    """The ISO prefix of a (year, month, day) match; "" when not a real date (ISO has no
    zero months or days: "1960-00-10" is not January)."""
    year, month, day = m.group(1), m.group(2), m.group(3)
    if (month is not None and int(month) == 0) or (day is not None and int(day) == 0):
        return ""
    return iso(int(year), int(month) if month else None, int(day) if day else None) or ""


def is_iso_prefix(text: str) -> bool:
    """True for an exact ISO prefix of a real date (what FtM date properties hold)."""
    return bool(re.fullmatch(r"\d{4}(?:-\d{2}(?:-\d{2})?)?", text)) and parse_iso(text) == text


def _slashed(m: re.Match[str], day_first: bool) -> str:
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day, month = (a, b) if day_first else (b, a)
    if month == 0:  # "00/00/1980": day and month unknown
        return iso(year) or ""
    return iso(year, month, day or None) or ""


def parse_slashed(text: str, *, day_first: bool) -> str | None:
    """`dd/mm/yyyy` (UK) or `mm/dd/yyyy` (US); zero parts ("00/00/1980") mean unknown."""
    m = _SLASHED.search(text)
    if not m:
        return None
    return _slashed(m, day_first) or None


def _dmy(m: re.Match[str]) -> _Found:
    month = _MONTHS.get(m.group(2).lower())
    if not month:
        return None
    return iso(int(m.group(3)), month, int(m.group(1)) if m.group(1) else None) or ""


def _mdy(m: re.Match[str]) -> _Found:
    month = _MONTHS.get(m.group(1).lower())
    if not month:
        return None
    return iso(int(m.group(3)), month, int(m.group(2))) or ""


def _iso_match(m: re.Match[str]) -> _Found:
    return _iso_parts(m)


def _scan(
    text: str, patterns: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Found]], ...]
) -> tuple[bool, list[str]]:
    """(whether any pattern found a date, real or not; the real ones in text order)."""
    found: list[tuple[int, str]] = []
    taken: list[tuple[int, int]] = []
    for pattern, convert in patterns:
        for m in pattern.finditer(text):
            start, end = m.span()
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            value = convert(m)
            if value is None:
                continue
            taken.append((start, end))
            found.append((start, value))
    values = [v for _, v in sorted(found) if v]
    return bool(taken), list(dict.fromkeys(values))


def parse_dates(text: str | None, *, day_first: bool) -> list[str]:
    """Every date written in free text, as ISO prefixes; ranges give each year.

    `day_first`: the publisher writes slashed dates dd/mm/yyyy (else mm/dd/yyyy).
    Dates with a month name win over slashed dates, which win over ISO dates and bare
    years; a date that does not exist is dropped and stops the search like a real one.
    """
    if not text:
        return []
    text = text.strip()
    rng = _RANGE.search(text)
    if rng and not _ISO.fullmatch(text):
        start, end = int(rng.group(1)), int(rng.group(2))
        if start <= end <= start + 20:
            years = [iso(year) for year in range(start, end + 1)]
            return [y for y in years if y]
    for patterns in (
        ((_MDY_TEXT, _mdy), (_DMY_TEXT, _dmy)),
        ((_SLASHED, lambda m: _slashed(m, day_first)), (_YEAR_FIRST, _iso_match)),
        ((_ISO, _iso_match),),
        ((_YEAR, lambda m: iso(int(m.group(1))) or ""),),
    ):
        matched, values = _scan(text, patterns)
        if matched:
            return values
    return []
