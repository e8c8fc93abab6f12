"""How rare each name word is on the official lists: one table, whatever is searched.

A word's weight in the name score is its rarity (IDF) on the lists. Counted in the index
being searched, it would change with what was loaded: `--dataset one-file` or
`--since-lists` build the index from a few entities, every word in it becomes "rare",
and the same query against the same listed entity scores differently ("Ghods Aviation
Services" went from 0.653 to 0.521). So rarity comes from one table counted over all the
official lists (`WordTable.count`): a packaged one (`caspian/data/word_table.json.gz`,
built by `scripts/build_word_table.py`), or the store's, rebuilt when lists are loaded
or updated. The index being searched narrows the candidates only.
"""

from __future__ import annotations

import gzip
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import orjson

from caspian import data
from caspian.bulk import gc_paused
from caspian.match.align import ABJAD_CLASSES
from caspian.match.keys import indexable_names, name_keys
from caspian.model import Entity
from caspian.names.analyze import Token

PACKAGED_FILE = "word_table.json.gz"
MIN_IDF = 0.05


@dataclass(frozen=True, slots=True)
class WordTable:
    """Names counted, and for each romanisation key and skeleton the names holding it."""

    names: int
    keys: Mapping[str, int]
    skeletons: Mapping[str, int]
    built_from: tuple[str, ...] = ()  # the list versions counted, for the record
    _log_n: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_log_n", math.log(max(self.names, 1) + 1))

    def idf(self, token: Token) -> float:
        """Rarity in [0.05, 1]: 1 for a word no listed name uses, small for common ones."""
        if token.abjad:
            df = self.skeletons.get(token.skeleton.translate(ABJAD_CLASSES), 0)
        else:
            df = self.keys.get(token.key, 0)
        if not df:
            return 1.0
        n = max(self.names, 1)
        return min(1.0, max(MIN_IDF, math.log((n + 1) / (df + 0.5)) / self._log_n))

    @classmethod
    def count(cls, entities: Iterable[Entity], built_from: Iterable[str] = ()) -> WordTable:
        """Count every indexable name of `entities` (as the index files them)."""
        keys: Counter[str] = Counter()
        skeletons: Counter[str] = Counter()
        names = 0
        with gc_paused():
            for _position, _prop, analysis in indexable_names(entities):
                names += 1
                name_key_set, skeleton_set = name_keys(analysis)
                keys.update(name_key_set)
                skeletons.update(skeleton_set)
        return cls(names, dict(keys), dict(skeletons), tuple(built_from))

    def to_json(self) -> bytes:
        return orjson.dumps(
            {"names": self.names, "built_from": list(self.built_from),
             "keys": self.keys, "skeletons": self.skeletons},
            option=orjson.OPT_SORT_KEYS,
        )  # fmt: skip

    @classmethod
    def from_json(cls, blob: bytes | str) -> WordTable:
        raw: Any = orjson.loads(blob)
        if not isinstance(raw, dict) or not isinstance(raw.get("names"), int):
            raise ValueError("not a word table: expected an object with 'names'")
        return cls(
            raw["names"],
            _counts(raw.get("keys")),
            _counts(raw.get("skeletons")),
            tuple(str(v) for v in raw.get("built_from") or ()),
        )


def _counts(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not all(isinstance(v, int) for v in value.values()):
        raise ValueError("not a word table: counts must map words to whole numbers")
    return {str(k): int(v) for k, v in value.items()}


@cache
def packaged_table() -> WordTable:
    """The table shipped with Caspian, counted over the official lists it was built from."""
    return WordTable.from_json(gzip.decompress(data.binary(PACKAGED_FILE)))
