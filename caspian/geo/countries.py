"""Country names and codes to ISO 3166-1 alpha-2 (lower case, as FtM writes them).

Names resolve in any language of caspian/data/country_names.csv (CLDR territory names in
English, German, French, Spanish, Russian, Chinese, Arabic, Persian and Turkish, plus
official long forms and trade spellings); keys fold case, accents and Arabic/Persian letter
forms (caspian.geo.normal), so "Türkiye", "TURKIYE" and "türkiye" are one name.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import pycountry

from caspian import data
from caspian.geo.normal import fold

_NON_WORD = re.compile(r"[^\w']+")


def _key(text: str) -> str:
    return _NON_WORD.sub(" ", fold(text)).strip()


@cache
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for country in pycountry.countries:
        code = country.alpha_2.lower()
        for attr in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            value = getattr(country, attr, None)
            if value:
                table.setdefault(_key(value), code)
    table[_key("XK")] = "xk"
    # Other languages never override an ISO name; the list-specific aliases below do.
    for row in data.csv_rows("country_names.csv"):
        table.setdefault(_key(row["name"]), row["code"].lower())
    for row in data.csv_rows("country_aliases.csv"):
        table[_key(row["name"])] = row["code"].lower()
    return table


@lru_cache(maxsize=8192)  # orders, tables and lists name the same few countries
def to_code(text: str | None) -> str | None:
    """ISO alpha-2 code (lower case) for a country name or code, or None if unknown."""
    if not text:
        return None
    key = _key(text)
    if not key:
        return None
    table = _table()
    code = table.get(key)
    if code:
        return code
    # "Tehran, Iran" and "Iran (Islamic Republic of)": try the last comma part and
    # the text without a parenthesis.
    for part in (text.split(",")[-1], re.sub(r"\(.*?\)", " ", text)):
        code = table.get(_key(part))
        if code:
            return code
    return None


def name(code: str) -> str:
    """English short name of an ISO alpha-2 code, or the code itself."""
    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return code.upper()
    return str(getattr(country, "common_name", None) or country.name)


@cache
def _demonyms() -> dict[str, str]:
    return {row["demonym"].casefold(): row["code"].lower() for row in data.csv_rows("demonyms.csv")}


def from_demonym(text: str) -> str | None:
    """ISO alpha-2 code of a nationality written as an adjective ("Iranian"), or None."""
    return _demonyms().get(" ".join(text.split()).casefold())
