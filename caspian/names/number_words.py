"""Numbers written as words read as the number (caspian/data/number_words.csv).

"Brigade Forty-four" is Brigade 44, "First Bank" 1st Bank, "Третий" 3rd: a run of number
words becomes one digits word, so it meets the number written in digits or as an
ordinal ("44", "44th"). Tens then units make one number ("forty four", "twenty-first"),
"hundred" multiplies what comes before and adds what follows, and "and" may join the
parts ("one hundred and five"); any other run is several numbers ("one two" is 1 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from itertools import pairwise

from caspian import data
from caspian.names.tokenize import ALPHABET, Piece, split_name

TABLE = "number_words.csv"
HUNDRED = 100
CONNECTORS = frozenset({"and", "y", "und"})  # "one hundred and five", "cuarenta y cuatro"
# Case endings written after a number in Russian ("5-й", "3-я", "1-го": the наращение of
# Russian orthography, Правила русской орфографии и пунктуации, 1956), romanised: the
# number is an ordinal, read as the number.
ORDINAL_ENDINGS = frozenset({"y", "ya", "yy", "iy", "oy", "aya", "oe", "ye", "go", "ogo",
                             "ego", "omu", "ym", "kh", "ykh"})  # fmt: skip


@cache
def number_words() -> dict[str, int]:
    """A number word's romanised spelling -> its value; refuses a malformed row."""
    out: dict[str, int] = {}
    for row in data.csv_rows(TABLE):
        form, value = row.get("form") or "", row.get("value") or ""
        pieces = split_name(form)
        if not value.isdigit() or len(pieces) != 1 or not row.get("source"):
            raise ValueError(f"{TABLE}: bad row {row!r} (one word, a number, a source)")
        out.setdefault(pieces[0].text, int(value))
    return out


def has_number_word(words: Sequence[str]) -> bool:
    """Whether a plain name holds a number word or a Russian ending after digits."""
    return not number_words().keys().isdisjoint(words) or (
        not ORDINAL_ENDINGS.isdisjoint(words) and any(w.isdigit() for w in words)
    )


def _ending_after_digits(pieces: list[Piece]) -> bool:
    return any(a.text.isdigit() and b.text in ORDINAL_ENDINGS for a, b in pairwise(pieces))


def _joins(total: int, value: int) -> bool:
    """Whether `value` continues the number read so far (`total`)."""
    if value == HUNDRED:
        return 0 < total < 10
    if total >= HUNDRED and total % HUNDRED == 0:
        return value < HUNDRED
    tens = total % HUNDRED
    return tens >= 20 and tens % 10 == 0 and 0 < value < 10


def _add(total: int, value: int) -> int:
    return total * HUNDRED if value == HUNDRED else total + value


def read_numbers(pieces: list[Piece]) -> list[Piece]:
    """The pieces with each run of number words made one piece carrying its value
    ("forty", "four" -> "fortyfour", 44): compared by value, joined by its letters."""
    words = number_words()
    if words.keys().isdisjoint(p.text for p in pieces) and not _ending_after_digits(pieces):
        return pieces
    out: list[Piece] = []
    i, total = 0, len(pieces)
    while i < total:
        piece = pieces[i]
        if piece.text.isdigit() and i + 1 < total and pieces[i + 1].text in ORDINAL_ENDINGS:
            out.append(piece)  # "44-й": 44
            i += 2
            continue
        value = words.get(piece.text) if piece.family == ALPHABET else None
        if value is None:
            out.append(piece)
            i += 1
            continue
        j = i + 1
        while j < total:
            step = 2 if pieces[j].text in CONNECTORS and j + 1 < total else 1
            following = words.get(pieces[j + step - 1].text)
            if following is None or not _joins(value, following):
                break
            value = _add(value, following)
            j += step
        text = "".join(p.text for p in pieces[i:j] if p.text not in CONNECTORS)
        out.append(Piece(text, article=piece.article, number=str(value)))
        i = j
    return out
