"""Dates as FtM writes them: ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD).

Official lists write dates many ways ("05 Jan 1960", "circa 1960", "1958 to 1959",
"00/00/1980", "06/19/2003"); readers turn each into zero or more ISO prefixes so that
matchers can compare a birth year with a full birth date. A slashed date means nothing
without its publisher's order: US publishers (OFAC, BIS, trade.gov) write month first,
the UK and the EU day first, so every caller says which. A date that does not exist
(1960-02-31) is refused, never stored.
"""

from __future__ import annotations

import calendar
import re

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
_DMY_TEXT = re.compile(r"\b(?:(\d{1,2})\s+)?([A-Za-z]{3,9})\.?\s+(\d{4})\b")
_SLASHED = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b")
_RANGE = re.compile(r"\b(\d{4})\s*(?:to|-|–)\s*(\d{4})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


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


def parse_slashed(text: str, *, day_first: bool) -> str | None:
    """`dd/mm/yyyy` (UK) or `mm/dd/yyyy` (US); zero parts ("00/00/1980") mean unknown."""
    m = _SLASHED.search(text)
    if not m:
        return None
    a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
    day, month = (a, b) if day_first else (b, a)
    if month == 0:
        return iso(year)
    return iso(year, month, day or None)


def parse_dates(text: str | None, *, day_first: bool) -> list[str]:
    """Every date written in free text, as ISO prefixes; ranges give each year.

    `day_first`: the publisher writes slashed dates dd/mm/yyyy (else mm/dd/yyyy)."""
    if not text:
        return []
    text = text.strip()
    out: list[str] = []

    def add(value: str | None) -> None:
        if value and value not in out:
            out.append(value)

    rng = _RANGE.search(text)
    if rng and not _ISO.fullmatch(text):
        start, end = int(rng.group(1)), int(rng.group(2))
        if start <= end <= start + 20:
            for year in range(start, end + 1):
                add(iso(year))
            return out
    for m in _DMY_TEXT.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            add(iso(int(m.group(3)), month, int(m.group(1)) if m.group(1) else None))
    if out:
        return out
    if _SLASHED.search(text):
        add(parse_slashed(text, day_first=day_first))
        return out
    for m in _ISO.finditer(text):
        add(
            iso(
                int(m.group(1)),
                int(m.group(2)) if m.group(2) else None,
                int(m.group(3)) if m.group(3) else None,
            )
        )
    if out:
        return out
    for m in _YEAR.finditer(text):
        add(iso(int(m.group(1))))
    return out
