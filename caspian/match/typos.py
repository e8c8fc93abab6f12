"""How far apart two spellings are as typos: edits, where a slip to a neighbouring key or
a letter OCR misreads costs half an edit (caspian/data/typo_confusions.csv).

"Forxe" for "Force" (x beside c) and "Ehsam" for "Ehsan" (m beside n) are likelier slips
than "Forme" or "Ehsak"; weighing them so lets a short word survive two slips, without
letting two different words with two unrelated letters apart meet.
"""

from __future__ import annotations

from functools import cache, lru_cache

from rapidfuzz.distance import OSA, Levenshtein

from caspian import data
from caspian.names import romanize

TABLE = "typo_confusions.csv"
KINDS = frozenset({"keyboard", "ocr"})


@cache
def confusable() -> frozenset[tuple[str, str]]:
    """Unordered pairs of letters a typist or an OCR engine confuses, both ways round."""
    pairs: set[tuple[str, str]] = set()
    for n, row in enumerate(data.csv_rows(TABLE), start=1):
        a, b, kind = row.get("a", ""), row.get("b", ""), row.get("kind", "")
        if len(a) != 1 or len(b) != 1 or a == b or kind not in KINDS:
            raise ValueError(f"caspian/data/{TABLE}: row {n} {row!r}: expected two different "
                             f"single characters and a kind in {sorted(KINDS)}")  # fmt: skip
        pairs.update({(a, b), (b, a)})
    return frozenset(pairs)


@lru_cache(maxsize=romanize.WORD_CACHE)
def typo_cost(a: str, b: str, slip: float) -> float:
    """Edits from `a` to `b` (insert, delete, substitute, swap two neighbours), where a
    substitution between confusable letters costs `slip` instead of 1."""
    cost = float(OSA.distance(a, b))
    if cost == 0 or slip >= 1:
        return cost
    if Levenshtein.distance(a, b) != cost:  # a swap: the alignment below would not see it
        return cost
    pairs = confusable()
    slips = sum(
        1
        for op in Levenshtein.editops(a, b)
        if op.tag == "replace" and (a[op.src_pos], b[op.dest_pos]) in pairs
    )
    return cost - slips * (1 - slip)


@lru_cache(maxsize=romanize.WORD_CACHE)
def typo_similarity(a: str, b: str, slip: float, edits: float, least: float) -> float:
    """1 - typo cost / the longer length: 1 for the same word, 0.8 for one edit in five.

    More than `edits` edits count only in a word long enough to stay `least` similar
    with them all at full cost (Kozlova is not Kosakova, three slips apart)."""
    longest = max(len(a), len(b))
    if not longest:
        return 0.0
    distance = OSA.distance(a, b)
    if distance > edits and 1 - distance / longest < least:
        return 0.0
    cost = typo_cost(a, b, slip)
    return max(0.0, 1 - cost / longest)
