"""`caspian.dates`: dates in the publisher's order, and days that do not exist refused."""

from __future__ import annotations

import pytest

from caspian.dates import is_iso_prefix, iso, parse_dates, parse_iso, parse_slashed


@pytest.mark.parametrize(
    ("text", "month_first", "day_first"),
    [
        # the order decides, where both parts could be a month
        ("03/04/1970", ["1970-03-04"], ["1970-04-03"]),
        ("05/06/2024", ["2024-05-06"], ["2024-06-05"]),
        # where one part cannot be a month, only one order reads it: no swapping
        ("06/19/2003", ["2003-06-19"], []),
        ("19/06/2003", [], ["2003-06-19"]),
        ("13.04.2018", [], ["2018-04-13"]),
        # zeros mean unknown parts
        ("00/00/1980", ["1980"], ["1980"]),
        ("05/00/1980", ["1980-05"], ["1980"]),
        # year first: never in doubt
        ("1960/02/03", ["1960-02-03"], ["1960-02-03"]),
        ("1960.2.3", ["1960-02-03"], ["1960-02-03"]),
        ("1960/13/03", [], []),
        # several slashed dates in one text
        ("01/02/1960 or 03/04/1961", ["1960-01-02", "1961-03-04"], ["1960-02-01", "1961-04-03"]),
    ],
)
def test_slashed_dates_follow_the_publishers_order(
    text: str, month_first: list[str], day_first: list[str]
) -> None:
    assert parse_dates(text, day_first=False) == month_first
    assert parse_dates(text, day_first=True) == day_first


@pytest.mark.parametrize(
    "text",
    [
        "02/31/1960",  # US order, 31 February
        "31.02.1960",  # dotted, day first or not
        "31/02/1960",
        "1960-02-31",  # ISO
        "1959-02-29",  # not a leap year
        "1900-02-29",  # century, not a leap year
        "1960-13-01",  # month 13
        "1960-00-10",
        "31 Apr 1960",  # month name
        "30 Feb 1960",
        "February 30, 1960",
        "13/13/1960",
        "DOB 02/31/1960",
    ],
)
def test_days_that_do_not_exist_give_nothing_not_even_the_year(text: str) -> None:
    assert parse_dates(text, day_first=False) == []
    assert parse_dates(text, day_first=True) == []


@pytest.mark.parametrize(
    "text",
    ["06/19/03", "19/06/03", "6/9/60", "03.04.70"],
)
def test_two_digit_years_are_not_read(text: str) -> None:
    # the century would be a guess
    assert parse_dates(text, day_first=False) == []
    assert parse_dates(text, day_first=True) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Dec 1948", ["1948-12-10"]),
        ("DOB 03 May 1938", ["1938-05-03"]),
        ("Nov. 1973", ["1973-11"]),
        ("circa 1960", ["1960"]),
        ("1958 to 1959", ["1958", "1959"]),
        ("01 Jan 1960 to 31 Dec 1962", ["1960-01-01", "1962-12-31"]),
        ("March 2, 2021", ["2021-03-02"]),
        ("September 16 2019", ["2019-09-16"]),
        ("2015-04-07-04:00", ["2015-04-07"]),
        ("2024-08-28T00:00:00", ["2024-08-28"]),
        ("1975", ["1975"]),
        ("29 Feb 1960", ["1960-02-29"]),
        ("30-35 years old", []),
        ("", []),
    ],
)
def test_other_ways_of_writing_dates(text: str, expected: list[str]) -> None:
    assert parse_dates(text, day_first=False) == expected
    assert parse_dates(text, day_first=True) == expected


def test_a_refused_date_stops_the_search_like_a_real_one() -> None:
    # The slashed date is refused; the year in the same text is not taken instead.
    assert parse_dates("DOB 02/31/1960 (1960)", day_first=False) == []
    # A real one among refused ones is kept.
    assert parse_dates("31 Feb 1960; 10 Dec 1948", day_first=False) == ["1948-12-10"]


def test_parse_slashed() -> None:
    assert parse_slashed("06/19/2003", day_first=False) == "2003-06-19"
    assert parse_slashed("06/19/2003", day_first=True) is None
    assert parse_slashed("02/31/1960", day_first=False) is None
    assert parse_slashed("no date", day_first=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2015-04-07-04:00", "2015-04-07"),
        ("2024-08-28T00:00:00", "2024-08-28"),
        ("1975", "1975"),
        ("2024-05", "2024-05"),
        ("1960-02-31", None),
        ("1960-13", None),
        ("19600", None),
        ("0000", None),
        ("9999-01-01", None),
        ("", None),
        ("x1975", None),
    ],
)
def test_parse_iso(text: str, expected: str | None) -> None:
    assert parse_iso(text) == expected


def test_iso_and_is_iso_prefix() -> None:
    assert iso(1960, 2, 29) == "1960-02-29"
    assert iso(1960, 2, 30) is None
    assert iso(1960, 0) == "1960"  # month unknown
    assert iso(999) is None
    assert is_iso_prefix("1960-02-29")
    assert not is_iso_prefix("1960-02-30")
    assert not is_iso_prefix("1960-2-3")
    assert not is_iso_prefix("2024-08-28T00:00:00")
