"""Writes caspian/data/number_words.csv: numbers written as words, from rigour's table.

rigour (OpenSanctions, MIT licence; a dependency of nomenklatura, installed with
`pip install -e '.[bench]'`) ships the ordinal and cardinal forms of 0-100 in English,
German, Spanish and Russian (resources/names/ordinal_numbers). Kept: single words in
Latin or Cyrillic letters ("forty", "fortyfour", "fourth", "vierte", "cuarenta",
"сорок"); left out: digits with suffixes (read by caspian.names.analyze), roman
numerals, CJK forms, zero, and words that are also common name words (EXCLUDED).
Russian ordinals, which rigour lacks, are added by hand (RUSSIAN_ORDINALS).

    python scripts/build_number_words.py
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "caspian" / "data" / "number_words.csv"
ROMAN = re.compile(r"[ivxlcdm]+(?:st|nd|rd|th)?")
WORD = re.compile(r"[a-zäöüßáéíóúñ]+|[а-яё]+")
# Also given names, surnames or ordinary words of firm names ("Premier Bank").
EXCLUDED = frozenset({
    "una", "primer", "premier", "nil", "nought", "nullter", "achte", "achter", "quinta",
    "quinto", "segundo", "segunda", "décimo", "décima", "octavo", "octava", "sexta",
    "sexto", "один", "два", "три", "сто", "семь", "ноль", "cien", "ciento",
})  # fmt: skip
# Wade, A Comprehensive Russian Grammar (3rd ed., 2011), ordinal numerals: nominative
# masculine, feminine, neuter and the genitive names use ("...-го созыва").
RUSSIAN_ORDINALS = {
    1: "первый первая первое первого первой",
    2: "второй вторая второе второго",
    3: "третий третья третье третьего третьей",
    4: "четвертый четвертая четвертое четвертого четвертой четвёртый четвёртая четвёртое"
    " четвёртого",
    5: "пятый пятая пятое пятого пятой",
    6: "шестой шестая шестое шестого",
    7: "седьмой седьмая седьмое седьмого",
    8: "восьмой восьмая восьмое восьмого",
    9: "девятый девятая девятое девятого девятой",
    10: "десятый десятая десятое десятого десятой",
    20: "двадцатый двадцатая двадцатое двадцатого двадцатой",
    30: "тридцатый тридцатая тридцатое тридцатого тридцатой",
    40: "сороковой сороковая сороковое сорокового",
    50: "пятидесятый пятидесятая пятидесятое пятидесятого пятидесятой",
    100: "сотый сотая сотое сотого",
}


def rows() -> list[tuple[int, str, str]]:
    from rigour._core import ordinals_dict  # benchmark-only dependency: imported here

    out: dict[str, tuple[int, str]] = {}
    for value, forms in sorted(ordinals_dict().items()):
        if value == 0:
            continue
        for form in forms:
            word = unicodedata.normalize("NFC", form).casefold()
            if WORD.fullmatch(word) and not ROMAN.fullmatch(word) and word not in EXCLUDED:
                out.setdefault(word, (value, "rigour"))
    for value, words in RUSSIAN_ORDINALS.items():
        for word in words.split():
            out.setdefault(word, (value, "wade"))
    return sorted(((v, w, s) for w, (v, s) in out.items()), key=lambda r: (r[0], r[1]))


HEADER = """\
# Numbers written as words (caspian/names/number_words.py): "Brigade Forty-four" is
# Brigade 44, "First" is 1st. Each word once; a name's run of them is read as one number
# (tens then units: "forty four", "twenty-first"; "hundred" multiplies).
# value: the number; form: one word as written (any case), Latin or Cyrillic letters.
# Sources: rigour = rigour 2.6.1 (OpenSanctions, MIT),
#   resources/names/ordinal_numbers: English, German, Spanish and Russian cardinals and
#   ordinals of 1-100, common misspellings included ("fourty"); wade = T. Wade,
#   A Comprehensive Russian Grammar (3rd ed., 2011): Russian ordinals. Written by
#   scripts/build_number_words.py, which leaves out words that are also name words
#   (una, premier, segundo, один...).
value,form,source
"""


def main() -> None:
    body = "".join(f"{v},{w},{s}\n" for v, w, s in rows())
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(f"wrote {OUT} ({body.count(chr(10))} words)")


if __name__ == "__main__":
    main()
