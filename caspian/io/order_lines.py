"""The lines of a CSV order book, decoded one at a time, each judged alone.

A book is decoded line by line: a line that is valid UTF-8 is read as UTF-8, any other in
a code page (order_codepages). In a UTF-8 book, the code page of the lines that are not
UTF-8 is chosen from them, and each such line is also judged alone (pasted lines come
from anywhere: a Cyrillic line beside a Western European one is read as Cyrillic). So
one line pasted from a Windows-1252 export garbles neither the book nor the lines around
it (a listed Arabic or Cyrillic name elsewhere still reads as written). A book wholly in
one code page reads as before, in that code page (and so does a book whose encoding a
mapping file declares), except a line that is valid UTF-8: by chance, text in a code
page is almost never valid UTF-8 (every letter above ASCII would have to be followed by
one of the symbols 0x80-0xBF), so the test is safe both ways. The lines read another way
than the book's encoding are listed in a note of the column report and of the HTML
report's input section.

What cannot be read is said on the line, for its row's order, and the book goes on:

- bytes that neither UTF-8 nor the code page define are read as U+FFFD, and said;
- a line of a UTF-8 book that no code page reads cleanly (unlikely characters in every
  reading, or more than `MAX_MESS` of mess) is read as well as it can be, and said: a
  name on it may be garbled, so its order is REVIEW, never CLEAR;
- control characters in a text line are read as written, and said;
- a line of binary data (NUL bytes, or control bytes in more than one byte of 20) is
  not read at all, and a run of such lines (the NUL padding of a file cut by a crash,
  garbage appended to an export) is one line not read, so that it costs one error row;
- a line longer than `TableLimits.row_bytes` is not read (and never held in memory).

A file that is not text from its first bytes is refused before this (order_tables).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from caspian.io.order_codepages import CodePage, best_reading, choose_code_page, unlikely
from caspian.io.order_headers import TableError
from caspian.io.order_limits import size
from caspian.io.order_problems import LineNote

SAMPLE_BYTES = 1 << 16
PER_LINE = 1000  # lines not UTF-8 in a UTF-8 file whose code page is chosen line by line
MAX_MESS = 0.2  # charset-normalizer's mess ratio of a line read cleanly (real ones: 0-5%)
UTF8_BOM = b"\xef\xbb\xbf"
_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x19\x1b-\x1f\x7f]")  # tab, CR, LF, VT, FF, ^Z: text


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the file, decoded; `read` False for a line that is not parsed at all."""

    number: int  # 1-based, as an editor numbers lines (of a run not read: the first)
    text: str  # with its line end; "" when not read
    problem: str | None = None  # what is wrong with it, for its row's input errors
    read: bool = True


@dataclass(frozen=True, slots=True)
class Decoding:
    """How a file is decoded, decided from its first bytes."""

    encoding: str  # the file's encoding as the column report names it
    code_page: str | None = None  # for lines that are not UTF-8; None: chosen when met
    why: str = ""  # a note on the file's encoding, when it is not plain UTF-8
    chosen: CodePage | None = None  # how `code_page` was chosen, when it was
    forced: Path | None = None  # the mapping file that declared the encoding

    @property
    def utf8(self) -> bool:
        return codecs.lookup(self.encoding).name in ("utf-8", "utf-8-sig")

    @property
    def wide(self) -> bool:
        """Line ends and delimiters are not single ASCII bytes (UTF-16, EBCDIC): the file
        is decoded before it is split into lines."""
        try:
            return "\n,;\t|\r".encode(self.encoding) != b"\n,;\t|\r" or self.encoding in (
                "utf-16", "utf_16")  # fmt: skip
        except (LookupError, UnicodeError):
            return False


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _controls(raw: bytes) -> int:
    return len(_CONTROL.findall(raw)) if _CONTROL.search(raw) else 0


def _binary(raw: bytes, controls: int) -> bool:
    return b"\x00" in raw or controls > max(2, len(raw) // 20)


def cr_only(sample: bytes) -> bool:
    """Whether the file ends its lines with a bare CR (old Mac exports)."""
    return b"\r" in sample and b"\n" not in sample


def _sample_lines(sample: bytes, cut: bool) -> list[bytes]:
    """The sample's text lines: binary ones left out, and the last one when the sample is
    only the start of the file (it may end inside a character)."""
    lines = sample.removeprefix(UTF8_BOM).split(b"\r" if cr_only(sample) else b"\n")
    if cut:
        lines = lines[:-1]
    return [line for line in lines if not _binary(line, _controls(line))]


def plan_decoding(sample: bytes, forced: str | None, mapping: Path | None) -> Decoding:
    """The file's encoding from its first bytes (`forced`: as the mapping file says)."""
    if forced:
        try:
            codecs.lookup(forced)
        except LookupError:
            raise TableError(f"{mapping}: unknown encoding {forced!r}") from None
        return Decoding(forced, forced, forced=mapping)
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoding("utf-16")
    encoding = "utf-8-sig" if sample.startswith(UTF8_BOM) else "utf-8"
    lines = _sample_lines(sample, len(sample) >= SAMPLE_BYTES)
    other = [line for line in lines if not _utf8(line)]
    if not other:
        return Decoding(encoding)
    where = f"the first {size(SAMPLE_BYTES)}"
    if any(not line.isascii() for line in lines if _utf8(line)):  # UTF-8 with a few lines not
        chosen = choose_code_page(b"\n".join(other), where, " that are not UTF-8")
        return Decoding(encoding, chosen.encoding, chosen=chosen)
    chosen = choose_code_page(b"\n".join(lines), where)
    return Decoding(chosen.encoding, chosen.encoding, chosen.why, chosen)


class LineDecoder:
    """Decodes each line alone (see the module docstring) and keeps the notes that say
    which lines were read another way than the file's encoding."""

    def __init__(self, path: Path, decoding: Decoding, notes: list[str]) -> None:
        self.path = path
        self.decoding = decoding
        self.code_page = decoding.code_page
        self.utf8 = decoding.utf8  # the file's encoding is UTF-8
        self.notes = notes
        self._other: LineNote | None = None  # lines read in the code page (a UTF-8 file)
        self._utf8: LineNote | None = None  # lines read as UTF-8 (a file in a code page)
        self._better: dict[str, LineNote] = {}  # lines read in a code page of their own
        self._chosen = 0  # lines whose code page was chosen alone
        if decoding.utf8 and decoding.chosen:
            self._other_note(decoding.chosen)

    def decode(self, raw: bytes, number: int, offset: int) -> tuple[str, str | None]:
        """The line as text, and what could not be read of it."""
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            if not self.utf8 and not raw.isascii():
                self._utf8_note().add(number)
            return text, None
        code_page = self.code_page or self._choose(offset)
        try:
            text = raw.decode(code_page)
        except UnicodeDecodeError as exc:
            if self._other is not None:
                self._other.add(number)
            bad = ", ".join(f"0x{b:02X}" for b in raw[exc.start : exc.end])
            defined = ("is not UTF-8" if codecs.lookup(code_page).name == "utf-8"
                       else f"neither UTF-8 nor {code_page} define")  # fmt: skip
            return raw.decode(code_page, "replace"), (
                f"line {number} has bytes that {defined} ({bad} at byte {exc.start + 1}, "
                f"and maybe more): read as \ufffd")  # fmt: skip
        if self._other is None:  # a code page the file is in, or was declared in
            return text, None
        return self._fallback(raw, text, number, code_page)

    def _fallback(self, raw: bytes, text: str, number: int, code_page: str
                  ) -> tuple[str, str | None]:  # fmt: skip
        """A line that is not UTF-8 in a UTF-8 file: read in the code page that reads it
        best (the file's other such lines' when it reads it as well; for the first
        `PER_LINE` such lines, then in that one); a line no code page reads cleanly is said
        on its row (a name on it may be garbled)."""
        assert self._other is not None
        self._chosen += 1
        mess = 0.0
        if self._chosen > PER_LINE:
            odd, example = unlikely(text)
            self._other.add(number)
        else:
            best = best_reading(raw, code_page)
            text, odd, example, mess = best.text, best.unlikely, best.example, best.chaos
            if best.encoding == code_page:
                self._other.add(number)
            else:
                self._better_note(best.encoding).add(number)
                code_page = best.encoding
        if not odd and mess <= MAX_MESS:
            return text, None
        seen = f"it has {example!r}" if example else f"it is {mess:.0%} mess"
        return text, (f"line {number} is not UTF-8 and no code page reads it cleanly (read as "
                      f"{code_page}, {seen}): check the names on it")  # fmt: skip

    def sample_text(self, sample: bytes) -> str:
        """The first lines decoded as the file will be (for finding the delimiter and the
        header); the notes then list the sample's lines read another way."""
        texts = []
        offset = 0
        pieces = sample.split(b"\r" if cr_only(sample) else b"\n")
        cut = len(sample) >= SAMPLE_BYTES
        for number, raw in enumerate(pieces[:-1] if cut else pieces, start=1):
            end = b"\r" if cr_only(sample) else b"\n"
            line = raw.removeprefix(UTF8_BOM) if number == 1 else raw
            if not _binary(line, _controls(line)):
                texts.append(self.decode(line, number, offset)[0] + end.decode())
            offset += len(raw) + 1
        return "".join(texts)

    def _choose(self, offset: int) -> str:
        """The code page of the first line that is not UTF-8 in a UTF-8 file, chosen from
        the lines that are not UTF-8 in the next 64 KiB."""
        with self.path.open("rb") as fh:
            fh.seek(offset)
            ahead = fh.read(SAMPLE_BYTES)
        lines = [line for line in ahead.splitlines(keepends=True)
                 if not _utf8(line) and not _binary(line, _controls(line))]  # fmt: skip
        chosen = choose_code_page(b"".join(lines), f"the next {size(SAMPLE_BYTES)}",
                                  " that are not UTF-8")  # fmt: skip
        self.code_page = chosen.encoding
        self._other_note(chosen)
        return chosen.encoding

    def _other_note(self, chosen: CodePage) -> LineNote:
        why = chosen.why.removeprefix("not UTF-8: ")

        def say(lines: str, count: int) -> str:
            return f"{lines} {'is' if count == 1 else 'are'} not UTF-8: {why}"

        self._other = LineNote(self.notes, say)
        return self._other

    def _better_note(self, encoding: str) -> LineNote:
        note = self._better.get(encoding)
        if note is None:
            script = CodePage(encoding, "").script

            def say(lines: str, count: int) -> str:
                verb = "is" if count == 1 else "are"
                return (f"{lines} {verb} not UTF-8: read as {encoding} ({script}), chosen "
                        f"by charset-normalizer for {'this line' if count == 1 else 'each'} "
                        f"alone")  # fmt: skip

            note = self._better[encoding] = LineNote(self.notes, say)
        return note

    def _utf8_note(self) -> LineNote:
        if self._utf8 is None:
            declared = self.decoding.forced
            encoding = self.decoding.encoding

            def say(lines: str, count: int) -> str:
                verb = "is" if count == 1 else "are"
                if declared:
                    return (f"{declared} declares {encoding}, but {lines} {verb} UTF-8 (text "
                            f"in {encoding} is valid UTF-8 only by rare chance): read as "
                            f"UTF-8; the lines that are not UTF-8 are read as {encoding}")
                return f"{lines} {verb} UTF-8 (the rest of the file is {encoding}): read as UTF-8"

            self._utf8 = LineNote(self.notes, say)
        return self._utf8


# -- splitting into lines --------------------------------------------------------------


def _lf_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) of a file with LF or CRLF line ends; None for a line longer than
    `limit`, whose rest is skipped unread."""
    offset = 0
    while line := fh.readline(limit + 1):
        start = offset
        offset += len(line)
        if len(line) > limit:
            while not line.endswith(b"\n") and (line := fh.readline(SAMPLE_BYTES)):
                offset += len(line)
            yield start, None
            continue
        yield start, line


def _cr_lines(fh: BinaryIO, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """The same for a file that ends its lines with a bare CR (old Mac exports)."""
    pending: list[bytes] = []
    length = 0
    start = offset = 0
    skipping = False
    for chunk in iter(lambda: fh.read(SAMPLE_BYTES), b""):
        *ends, rest = chunk.split(b"\r")
        for piece in ends:
            offset += len(piece) + 1
            if skipping:
                skipping = False
            elif length + len(piece) + 1 > limit:
                yield start, None
            else:
                yield start, b"".join((*pending, piece, b"\r"))
            pending, length, start = [], 0, offset
        offset += len(rest)
        if skipping:
            continue
        pending.append(rest)
        length += len(rest)
        if length > limit:
            yield start, None
            pending, length, skipping = [], 0, True
    if length and not skipping:
        yield start, b"".join(pending)


def _too_long(number: int, limit: str) -> Line:
    return Line(number, "", f"line {number} is longer than {limit}, which no order table row "
                            f"is: not read", read=False)  # fmt: skip


def _binary_run(first: int, last: int) -> Line:
    lines = f"line {first} is" if first == last else f"lines {first}-{last} are"
    return Line(first, "", f"{lines} binary data (NUL or control bytes), not text: not read",
                read=False)  # fmt: skip


def text_lines(path: Path, decoder: LineDecoder, limit: int) -> Iterator[Line]:
    """The lines of a file in an encoding that writes line ends as single ASCII bytes."""
    with path.open("rb") as fh:
        head = fh.read(SAMPLE_BYTES)
        fh.seek(0)
        raw_lines = _cr_lines(fh, limit) if cr_only(head) else _lf_lines(fh, limit)
        run: tuple[int, int] | None = None  # binary lines not yet said
        for number, (offset, raw) in enumerate(raw_lines, start=1):
            if raw is not None:
                if number == 1:
                    raw = raw.removeprefix(UTF8_BOM)
                if raw.startswith(b"\x1a") and not raw.strip(b"\x1a\r\n"):
                    continue  # a DOS end-of-file mark
                controls = _controls(raw)
                if controls and _binary(raw, controls):
                    run = (run[0] if run else number, number)
                    continue
            if run:
                yield _binary_run(*run)
                run = None
            if raw is None:
                yield _too_long(number, size(limit))
                continue
            text, problem = decoder.decode(raw, number, offset)
            if controls:
                said = (f"line {number} holds {controls:,} control character"
                        f"{'s' if controls > 1 else ''}, which no order text has: read as "
                        f"written")  # fmt: skip
                problem = f"{problem}; {said}" if problem else said
            yield Line(number, text, problem)
        if run:
            yield _binary_run(*run)


def wide_lines(path: Path, encoding: str, limit: int) -> Iterator[Line]:
    """The lines of a file in an encoding that is not split into lines as bytes (UTF-16);
    a line with a character that does not decode (a broken surrogate pair) is read with
    U+FFFD in its place, and said."""
    with path.open(encoding=encoding, errors="replace", newline="") as fh:
        number = 0
        while line := fh.readline(limit + 1):
            number += 1
            if len(line) > limit:
                while not line.endswith(("\n", "\r")) and (line := fh.readline(SAMPLE_BYTES)):
                    pass
                yield Line(number, "", f"line {number} is longer than {limit:,} characters, "
                                       f"which no order table row is: not read", read=False)
                continue
            if number == 1:
                line = line.removeprefix("\ufeff")
            problem = None
            if "\ufffd" in line:
                problem = (f"line {number} has bytes that are not {encoding} (a broken "
                           f"surrogate pair, or the file is cut): read as \ufffd")  # fmt: skip
            yield Line(number, line, problem)
