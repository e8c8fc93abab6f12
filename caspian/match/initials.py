"""Runs of initials: "A.B.C.", "A B C" and "ABC" are one name, written three ways.

A run of single letters that spells a word of the other name is that word, the acronym
in its order: "A.B.C. Company" is "ABC Company". Otherwise the letters stay initials
(a person's each stand for a given name: "J. R." for John Richard), but the initials
of two names only pair in their order (an order-keeping alignment, the longest common
subsequence): "C.B.A. Company" is not "A.B.C. Company" (letters paired in any order
made the two one name), and for a person all or none: "J. R. Smith" is not
"R. J. Smith", while "J. R. R. Smith" may be "J. R. Smith".
"""

from __future__ import annotations

from collections.abc import Sequence

from caspian.names.analyze import INITIAL, Token, word_token

MAX_RUN = 8  # letters a run of initials may have to be read as one acronym


def runs(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """(start, end) of each run of two or more adjacent single-letter initials."""
    out: list[tuple[int, int]] = []
    i, total = 0, len(tokens)
    while i < total:
        if tokens[i].kind != INITIAL:
            i += 1
            continue
        j = i + 1
        while j < total and tokens[j].kind == INITIAL and len(tokens[j].text) == 1:
            j += 1
        if 2 <= j - i <= MAX_RUN and len(tokens[i].text) == 1:
            out.append((i, j))
        i = j
    return out


def letters(tokens: Sequence[Token], start: int, end: int) -> str:
    return "".join(t.text for t in tokens[start:end])


def acronym(tokens: Sequence[Token], start: int, end: int) -> Token:
    """The run as the one word it abbreviates, analysed as if written without dots."""
    return word_token(letters(tokens, start, end))


def ordered_pairs(
    a: Sequence[Token], b: Sequence[Token], *, whole: bool = True
) -> list[tuple[int, int]]:
    """Indexes (i, j) of the initials of a and b paired in their order: the longest
    common subsequence of the two names' initials (a few letters each: cheap). whole (a
    person's initials): none when the shorter name's initials are not all in the
    other's, in order ("R. J." and "J. R." differ: neither initial pairs, while "J. R."
    is within "J. R. R.")."""
    ia = [i for i, t in enumerate(a) if t.kind == INITIAL]
    ib = [j for j, t in enumerate(b) if t.kind == INITIAL]
    n, m = len(ia), len(ib)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        for y in range(m - 1, -1, -1):
            if a[ia[x]].key == b[ib[y]].key:
                table[x][y] = table[x + 1][y + 1] + 1
            else:
                table[x][y] = max(table[x + 1][y], table[x][y + 1])
    out: list[tuple[int, int]] = []
    x = y = 0
    while x < n and y < m:
        if a[ia[x]].key == b[ib[y]].key:
            out.append((ia[x], ib[y]))
            x += 1
            y += 1
        elif table[x + 1][y] >= table[x][y + 1]:
            x += 1
        else:
            y += 1
    return out if not whole or len(out) == min(n, m) else []


def count(tokens: Sequence[Token]) -> int:
    return sum(1 for t in tokens if t.kind == INITIAL)
