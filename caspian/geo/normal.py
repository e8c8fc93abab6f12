"""Folding of names in any script to one comparable form, shared by countries and places.

Why: the same name arrives as "Türkiye" and "Turkiye", "İran" and "Iran", "Елабуга" and
"Ёлабуга", "إيران" and "ایران" (Arabic and Persian letters). Keys fold those differences
away on both sides of every lookup, so tables can be written in one spelling.
"""

from __future__ import annotations

import re
import unicodedata

# Combining marks (general category Mn) of the Latin, Cyrillic and Arabic scripts: the
# accents NFKD splits off and the Arabic vowel signs and hamza. CJK, kana and Hangul are
# untouched.
_MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff"
    "\u20d0-\u20ff\ufe20-\ufe2f]"
)
# Letters NFKD keeps apart but writers use interchangeably: Turkish dotless i; Arabic yeh,
# alef maksura and kaf against their Persian forms; teh marbuta against heh; the tatweel
# (a stretching stroke, no letter at all).
_LETTERS = str.maketrans({"ı": "i", "ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ـ": None})
_HAS_LETTERS = re.compile("[ıيىكةـ]")  # str.translate is slow: only run it when needed


def fold(text: str) -> str:
    """Case-folded text without accents or vowel marks, Arabic letters in Persian form."""
    if text.isascii():
        return text.lower()
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return text.translate(_LETTERS) if _HAS_LETTERS.search(text) else text
