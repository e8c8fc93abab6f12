"""Which code page a CSV export that is not UTF-8 is written in.

ERP exports are often written in the Windows code page of the clerk's language: Latin
headers (`Order No;Customer;...`) with Cyrillic, Polish, Turkish or Arabic names in the
cells. The headers alone say nothing (ASCII reads the same in every code page); the cells
do. So the code page is chosen from every line of the sample that holds a byte outside
ASCII, headers and cells alike, by charset-normalizer restricted to the code pages order
books are written in, and ties between code pages that read the bytes equally cleanly are
broken by the characters each reading gives inside words: "Zak³ad" (ISO-8859-2 read as
cp1252), "Aðrý" (cp1254 read as cp1252) or "Mьller" (cp1252 read as cp1251) are not
names anyone writes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer

# In order of preference when two read a sample equally well: Windows code pages first
# (ERP exports are written on Windows), Western European first of those.
CODE_PAGES = (
    "cp1252", "cp1250", "cp1251", "cp1254", "cp1256", "cp1253", "cp1255", "cp1257",
    "iso8859_1", "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8",
    "iso8859_9", "iso8859_15", "koi8_r", "cp866",
)  # fmt: skip
_SCRIPTS = {
    "cp1252": "Western European", "cp1250": "Central European", "cp1251": "Cyrillic",
    "cp1254": "Turkish", "cp1256": "Arabic", "cp1253": "Greek", "cp1255": "Hebrew",
    "cp1257": "Baltic", "iso8859_1": "Western European", "iso8859_2": "Central European",
    "iso8859_3": "South European", "iso8859_4": "North European", "iso8859_5": "Cyrillic",
    "iso8859_6": "Arabic", "iso8859_7": "Greek", "iso8859_8": "Hebrew",
    "iso8859_9": "Turkish", "iso8859_10": "Nordic", "iso8859_13": "Baltic",
    "iso8859_14": "Celtic", "iso8859_15": "Western European",
    "iso8859_16": "South-Eastern European", "koi8_r": "Cyrillic", "koi8_u": "Cyrillic",
    "cp866": "Cyrillic, DOS",
}  # fmt: skip
# Characters a wrong code page gives in words, where no name has them: symbols that stand
# where another code page has letters (odd beside any letter), and symbols and Icelandic
# letters that a name may have, but not between two letters ("Nº 5", "10 µF", "Þór").
_ODD_BESIDE = frozenset("¤¦¨´¸¹²³¼½¾¶¬¯ƒˆ˜‰†‡•™›‹Ÿ§")
_ODD_INSIDE = frozenset("ÐðÞþÝýªºµ±×÷°¢£¥©®¡¿")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"[^\W\d_]{2,}")
DETECT_BYTES = 1 << 16


@dataclass(frozen=True, slots=True)
class CodePage:
    """The code page chosen, and why, in words for the column report."""

    encoding: str
    why: str

    @property
    def script(self) -> str:
        return _SCRIPTS.get(self.encoding, self.encoding)


def _script(char: str) -> str:
    return unicodedata.name(char, "?").split(" ", 1)[0]


def unlikely(text: str) -> tuple[int, str]:
    """How many characters of `text` no name would have where they stand, and an example
    word: control and undefined characters, odd symbols and Icelandic letters between two
    letters, words that mix Latin with another script."""
    count = 0
    example = ""
    end = len(text)
    for m in _NON_ASCII.finditer(text):
        char, at = m.group(), m.start()
        kind = unicodedata.category(char)
        odd = kind[0] == "C" or char == "\ufffd"
        if not odd and (char in _ODD_BESIDE or char in _ODD_INSIDE):
            before = at > 0 and text[at - 1].isalpha()
            after = at < end - 1 and text[at + 1].isalpha()
            odd = (before or after) if char in _ODD_BESIDE else (before and after)
        if odd:
            count += 1
            example = example or _word_at(text, at)
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        scripts = {_script(c) if not c.isascii() else "LATIN" for c in word}
        if len(scripts) > 1:
            count += 1
            example = example or word
    return count, example


def _word_at(text: str, at: int) -> str:
    start, end = at, at + 1
    while start > 0 and not text[start - 1].isspace() and at - start < 20:
        start -= 1
    while end < len(text) and not text[end].isspace() and end - at < 20:
        end += 1
    return text[start:end]


@dataclass(frozen=True, slots=True)
class _Reading:
    """The sample as one or more code pages read it alike."""

    encodings: tuple[str, ...]  # in CODE_PAGES order; the first names the reading
    unlikely: int
    example: str
    chaos: float  # charset-normalizer's mess ratio, 0 to 1
    coherence: float  # and how much the letters look like a language, 0 to 1

    def key(self) -> tuple[int, float, int, float]:
        """Fewest unlikely characters, least mess, then the more usual code page: how
        much the letters look like a language is a poor guide between Latin code pages
        when most of a book is Western names and a few are Turkish or Polish."""
        return (self.unlikely, round(self.chaos, 2), CODE_PAGES.index(self.encodings[0]),
                -self.coherence)  # fmt: skip


def _readings(payload: bytes) -> list[_Reading]:
    """Each distinct reading of the payload by the code pages charset-normalizer accepts
    (or by every code page, when it accepts none), best first."""
    results = charset_normalizer.from_bytes(
        payload, cp_isolation=list(CODE_PAGES), steps=1, chunk_size=len(payload),
        explain=False,
    )  # fmt: skip
    judged: dict[str, tuple[float, float]] = {}
    for result in results:  # it names one of the code pages that read the bytes alike
        for encoding in (result.encoding, *result.could_be_from_charset):
            if encoding in CODE_PAGES:
                judged.setdefault(encoding, (result.chaos, result.coherence))
    texts: dict[str, list[str]] = {}
    for encoding in CODE_PAGES:
        if encoding in judged or not judged:
            texts.setdefault(payload.decode(encoding, "replace"), []).append(encoding)
    readings = []
    for text, encodings in texts.items():
        odd, example = unlikely(text)
        chaos = min(judged.get(e, (1.0, 0.0))[0] for e in encodings)
        coherence = max(judged.get(e, (1.0, 0.0))[1] for e in encodings)
        readings.append(_Reading(tuple(encodings), odd, example, chaos, coherence))
    return sorted(readings, key=_Reading.key)


def choose_code_page(data: bytes, where: str, what: str = ", headers and cells") -> CodePage:
    """The code page of `data` (bytes that are not UTF-8); `where` and `what` say in the
    reason which bytes were judged ("the first 64 KB", ", headers and cells")."""
    lines = [line for line in data.splitlines(keepends=True) if not line.isascii()]
    payload = b"".join(lines)[:DETECT_BYTES]
    if not payload:
        return CodePage("cp1252", f"not UTF-8: read as cp1252 ({where} is plain ASCII)")
    best, *others = _readings(payload)
    encoding = best.encodings[0]
    judged = (f"{len(lines):,} line{'s' if len(lines) != 1 else ''} with non-ASCII text in "
              f"{where}{what}")  # fmt: skip
    why = (f"not UTF-8: read as {encoding} ({_SCRIPTS[encoding]}), chosen by "
           f"charset-normalizer from {judged}: {best.chaos:.0%} mess")  # fmt: skip
    if best.unlikely:
        why += f", {_unlikely_chars(best.unlikely)}"
    if others:
        other = others[0]
        if other.unlikely > best.unlikely and other.example:
            why += (f"; {other.encodings[0]} reads it with {_unlikely_chars(other.unlikely)} "
                    f"(such as {other.example!r})")  # fmt: skip
        else:
            why += f"; next best {other.encodings[0]} ({other.chaos:.0%} mess)"
    return CodePage(encoding, why)


def _unlikely_chars(count: int) -> str:
    return f"{count:,} unlikely character{'s' if count > 1 else ''}"


@dataclass(frozen=True, slots=True)
class LineReading:
    """One line as the code page that reads it best reads it."""

    encoding: str
    text: str
    unlikely: int
    example: str
    chaos: float  # charset-normalizer's mess ratio, 0 to 1


def best_reading(line: bytes, prefer: str) -> LineReading:
    """The code page that reads one line (not UTF-8) best, by the same measure as a whole
    sample; `prefer` (the code page of the book's other such lines) when it reads the line
    as well as the best. Pasted lines come from anywhere: a Cyrillic line in a UTF-8 book
    whose other odd lines are Western European is read as Cyrillic."""
    readings = _readings(line)
    best = readings[0]
    tied = [r for r in readings if r.key()[:2] == best.key()[:2]]
    chosen = next((r for r in tied if prefer in r.encodings), best)
    encoding = prefer if prefer in chosen.encodings else chosen.encodings[0]
    return LineReading(encoding, line.decode(encoding, "replace"), chosen.unlikely,
                       chosen.example, chosen.chaos)  # fmt: skip
