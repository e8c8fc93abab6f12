"""Typing and scanning errors, for the `typos` set: one or two edits in any word of four
letters or more, the first letter included, given names included.

Kinds of edit: insert (a doubled letter or a neighbour key), delete, substitute (any
letter), keyboard (a QWERTY neighbour), transpose (two adjacent letters), ocr (what text
recognition confuses: rn/m, cl/d, vv/w, li/h, l/1, O/0, S/5, B/8, e/c, u/v, i/l). Written
for this evaluation, independently of the matcher's typo handling.
"""

from __future__ import annotations

import random
import re
import string

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_ROWS):
    for _c, _ch in enumerate(_row):
        _near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        for _o in (_r - 1, _r + 1):
            if 0 <= _o < len(_ROWS):
                _near += [_ROWS[_o][i] for i in (_c - 1, _c, _c + 1) if 0 <= i < len(_ROWS[_o])]
        NEIGHBOURS[_ch] = "".join(_near)

# (seen, read as): both ways where recognition confuses both ways.
OCR_CONFUSIONS = (
    ("rn", "m"), ("m", "rn"), ("cl", "d"), ("d", "cl"), ("vv", "w"), ("w", "vv"),
    ("li", "h"), ("h", "li"), ("l", "1"), ("i", "l"), ("l", "i"), ("o", "0"), ("s", "5"),
    ("b", "8"), ("e", "c"), ("c", "e"), ("u", "v"), ("n", "h"), ("g", "q"),
)  # fmt: skip
EDITS = ("insert", "delete", "substitute", "keyboard", "transpose", "ocr")
MIN_LETTERS = 4
_WORD = re.compile(r"[^\W\d_]{4,}")


def _case(template: str, text: str) -> str:
    if not text.isalpha():
        return text
    if template.isupper():
        return text.upper()
    if template.islower():
        return text.lower()
    return text


def _edit(word: str, op: str, rng: random.Random) -> str | None:
    """One edit of `op` anywhere in `word` (the first letter too), or None if it cannot."""
    lower = word.lower()
    n = len(word)
    i = rng.randrange(n)
    ch = lower[i]
    if op == "insert":
        extra = ch if rng.random() < 0.5 else rng.choice(NEIGHBOURS.get(ch) or "aeiou")
        return word[:i] + _case(word[i], extra) + word[i:]
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "substitute":
        other = rng.choice([c for c in string.ascii_lowercase if c != ch])
        return word[:i] + _case(word[i], other) + word[i + 1 :]
    if op == "keyboard":
        near = NEIGHBOURS.get(ch)
        if not near:
            return None
        return word[:i] + _case(word[i], rng.choice(near)) + word[i + 1 :]
    if op == "transpose":
        places = [j for j in range(n - 1) if lower[j] != lower[j + 1]]
        if not places:
            return None
        j = rng.choice(places)
        return word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    if op == "ocr":
        options = [(j, seen, read) for seen, read in OCR_CONFUSIONS
                   for j in range(n) if lower.startswith(seen, j)]  # fmt: skip
        if not options:
            return None
        j, seen, read = rng.choice(options)
        return word[:j] + _case(word[j : j + len(seen)], read) + word[j + len(seen) :]
    raise ValueError(f"unknown edit {op!r}")


def typo(name: str, rng: random.Random, edits: int) -> tuple[str, str] | None:
    """`name` with `edits` (1 or 2) edits in its words of four letters or more (the same
    word or two), and the kind: the edit ("ocr") or "two_edits"; None if none applies."""
    words = [(m.start(), m.end()) for m in _WORD.finditer(name)]
    if not words:
        return None
    text = name
    kinds: list[str] = []
    for _ in range(edits):
        spans = [(m.start(), m.end()) for m in _WORD.finditer(text)] or words
        start, end = rng.choice(spans)
        op = rng.choice(EDITS)
        edited = _edit(text[start:end], op, rng)
        if edited is None:
            op = "substitute"
            edited = _edit(text[start:end], op, rng)
        assert edited is not None
        text = text[:start] + edited + text[end:]
        kinds.append(op)
    if text == name:
        return None
    return text, kinds[0] if edits == 1 else "two_edits"
