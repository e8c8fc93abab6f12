"""Build the name-matching evaluation sets from the shared list files, deterministically.

Each set is a JSON-lines file under bench/out/sets/, one query per line:
{"id", "set", "index", "kind", "query": {"schema", "properties"}, "expected": [entity ids]}
(`expected` is empty for negatives; `kind` labels a sub-group that is reported apart:
the script, the variant kind, the schema or the culture). bench/out/indexes.json says
how each index is built from the list files (which folders, which names taken out), so
bench/eval_match.py rebuilds exactly the index a set was made for.

    .venv/bin/python bench/eval_sets.py [--lists ../shared/data/lists] [--seed 20260227]

Every query carries `part`: "tune" or "test". The sets are split by listed entity (30%
frozen, seeded; bench/eval_split.py): the matcher is tuned on the tune part only, and the
test part, never looked at while tuning, gives the figures to publish. The sets added
for issue 11 (other sources, qualifiers, typos, invented companies and people) are built
in bench/eval_more.py.

Every word list used to invent names here (given names, surnames, trade words, places,
legal forms, romanisation and transliteration rules) is general knowledge written for this
script, never copied from the sanctions lists.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import orjson
from anyascii import anyascii

from caspian.lists.detect import read_paths
from caspian.lists.uk_ofsi import UK_REGIME_UN_PREFIX, un_references
from caspian.model import NAME_PROPERTIES, Entity, schemas_compatible

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CASPIAN_SHARED", ROOT.parent / "shared")).resolve()
DEFAULT_LISTS = SHARED / "data" / "lists"
DEFAULT_OUT = ROOT / "bench" / "out"
SEED = 20260227

# -- the list files ---------------------------------------------------------------------

UN_DIR = "un/consolidated_xml_2026-02-27"
UK_DIR = "uk/ofsi_conlist_csv_2018-04-13"
OFAC_2021_DIR = "ofac/sdn_csv_2021-07-07_consistent_set"
# The all-lists index: the newest file of each list. Older versions of the same list
# (OFAC SDN 2021, OFAC non-SDN 2020 and 2024) are left out: they reuse the same entity ids.
# On an id seen twice the first folder wins, so the IRGC export (2024-08-28) comes before
# the SDN CSV (2024-05-03) whose records it repeats.
ALL_DIRS = (
    "ofac/sls_custom_enhanced_xml_irgc_2024-08-28",
    "ofac/sdn_csv_2024-05-03",
    "ofac/cons_csv_2025-12-19",
    UN_DIR,
    UK_DIR,
    "us_bis/dpl_txt_2023-11-28",
    "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE",
    "opensanctions/yente_fixture_t1",
    "opensanctions/yente_fixture_zala",
)

# Read for the sets built from them (bench/eval_more.py), never indexed.
EXCERPT_DIRS = (
    "uk/uk_sanctions_list_xml_2026-09-07_EXCERPT",
    "eu/fsf_xml_1_1_2026-08-05_EXCERPT",
)

UN_INDEX = "un"
UN_LATIN_INDEX = "un-latin-only"
HOLDOUT_INDEX = "ofac-sdn-2021-holdout"
ALL_INDEX = "all-lists"

# Set sizes (caps; a set is smaller when the data has fewer eligible records).
CROSS_LIST_NEGATIVES = 800
ALIAS_RECOVERY = 800
VARIANTS_PER_KIND = 200
NEGATIVE_COMPANIES = 500
NEGATIVE_PERSONS = 496  # 62 per culture

ORG_SCHEMAS = frozenset({"Organization", "Company", "LegalEntity", "PublicBody"})
PARTY_SCHEMAS = ORG_SCHEMAS | {"Person"}
SET_NAMES = (
    "cross_script",
    "cross_list",
    "cross_list_negatives",
    "alias_recovery",
    "variants",
    "negatives",
    # issue 11: sources not used before, and new kinds (bench/eval_more.py)
    "uk_aliases",
    "ofac_alt_2025",
    "csl_alt_names",
    "uk_eu_excerpts",
    "qualifiers",
    "qualifiers_negatives",
    "typos",
    "invented_companies",
    "invented_people",
)
NEGATIVE_SETS = frozenset(
    {"cross_list_negatives", "negatives", "qualifiers_negatives", "invented_companies",
     "invented_people"}
)  # fmt: skip


@dataclass(slots=True)
class EvalQuery:
    id: str
    set: str
    index: str
    schema: str
    properties: dict[str, list[str]]
    expected: list[str]
    kind: str = ""
    source: str = ""  # the name the query was made from (a listed one, or an invented core)
    part: str = ""  # "tune" or "test" (bench/eval_split.py): tuning reads "tune" only

    def split_key(self) -> str:
        """What a negative is split by: its invented name, without clutter."""
        return "name:" + norm_name(self.source or self.properties["name"][0])

    def to_json(self) -> dict[str, Any]:
        data = {
            "id": self.id,
            "set": self.set,
            "index": self.index,
            "kind": self.kind,
            "part": self.part,
            "query": {"schema": self.schema, "properties": self.properties},
            "expected": self.expected,
        }
        if self.source:
            data["source"] = self.source
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EvalQuery:
        query = data["query"]
        return cls(
            id=data["id"],
            set=data["set"],
            index=data["index"],
            schema=query["schema"],
            properties=query["properties"],
            expected=list(data["expected"]),
            kind=data.get("kind", ""),
            source=data.get("source", ""),
            part=data.get("part", ""),
        )


@dataclass(slots=True)
class IndexSpec:
    """An index: the entities of some list folders, with some names taken out or added."""

    name: str
    dirs: tuple[str, ...]
    removed: dict[str, list[str]] = field(default_factory=dict)  # entity id -> names
    added: dict[str, list[str]] = field(default_factory=dict)  # entity id -> aliases

    def to_json(self) -> dict[str, Any]:
        return {"dirs": list(self.dirs), "removed": self.removed, "added": self.added}

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> IndexSpec:
        def names(key: str) -> dict[str, list[str]]:
            return {k: list(v) for k, v in data.get(key, {}).items()}

        return cls(name, tuple(data["dirs"]), names("removed"), names("added"))


@dataclass(slots=True)
class EvalSets:
    queries: dict[str, list[EvalQuery]]
    indexes: dict[str, IndexSpec]
    stats: dict[str, dict[str, Any]]


class Lists:
    """The shared list files, parsed once, by folder (relative to the lists root)."""

    def __init__(self, root: Path, dirs: Iterable[str]) -> None:
        self.root = root
        self.by_dir: dict[str, list[Entity]] = {}
        for rel in dict.fromkeys(dirs):
            result = read_paths([root / rel], allow_truncated=True)
            if len(result.lists) != 1:
                raise ValueError(f"{root / rel}: expected one list, read {len(result.lists)}")
            self.by_dir[rel] = result.lists[0].entities

    @classmethod
    def load(cls, root: Path = DEFAULT_LISTS) -> Lists:
        return cls(root, (*ALL_DIRS, OFAC_2021_DIR, *EXCERPT_DIRS))

    def entities(self, dirs: Iterable[str]) -> list[Entity]:
        """Entities of several folders; on an id seen twice the first folder wins."""
        seen: set[str] = set()
        out: list[Entity] = []
        for rel in dirs:
            for entity in self.by_dir[rel]:
                if entity.id not in seen:
                    seen.add(entity.id)
                    out.append(entity)
        return out


def build_index(lists: Lists, spec: IndexSpec) -> list[Entity]:
    """The index's entities; those losing names are copies, the parsed lists stay intact."""
    out: list[Entity] = []
    for entity in lists.entities(spec.dirs):
        drop, add = spec.removed.get(entity.id, []), spec.added.get(entity.id, [])
        if drop or add:
            entity = _edit_names(entity, set(drop), add)
        out.append(entity)
    return out


def _edit_names(entity: Entity, drop: set[str], add: list[str]) -> Entity:
    props = {
        prop: [v for v in values if not (prop in NAME_PROPERTIES and v in drop)]
        for prop, values in entity.properties.items()
    }
    copy = Entity(
        entity.id,
        entity.schema,
        entity.source,
        entity.source_id,
        datasets=list(entity.datasets),
        first_seen=entity.first_seen,
        last_change=entity.last_change,
    )
    for prop, values in props.items():
        copy.add_all(prop, values)
    copy.add_all("alias", add)
    return copy


# -- names ------------------------------------------------------------------------------

_ALNUM = re.compile(r"[a-z0-9]+")


@lru_cache(maxsize=300_000)
def norm_name(name: str) -> str:
    """Case, accents, punctuation, script and word order folded: "the same name"."""
    text = anyascii(unicodedata.normalize("NFKC", name)).casefold()
    return " ".join(sorted(_ALNUM.findall(text)))


@lru_cache(maxsize=300_000)
def scripts(name: str) -> frozenset[str]:
    """Unicode scripts of a name's letters ("LATIN", "ARABIC", "CYRILLIC", "CJK", ...)."""
    out = set()
    for ch in name:
        if ch.isalpha():
            out.add(unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0])
    return frozenset(out)


def is_latin(name: str) -> bool:
    return scripts(name) == {"LATIN"}


def non_latin(name: str) -> bool:
    return bool(scripts(name) - {"LATIN"})


PERSIAN_LETTERS = frozenset("پچژگکی")


def script_label(name: str) -> str:
    found = scripts(name)
    if "ARABIC" in found:
        # Persian, Dari and Pashto spelling: letters Arabic itself does not use.
        return "persian" if PERSIAN_LETTERS & set(name) else "arabic"
    for key, label in (("CYRILLIC", "cyrillic"), ("CJK", "han"), ("HANGUL", "hangul")):
        if key in found:
            return label
    return "other"


def name_map(entities: Iterable[Entity]) -> dict[str, set[str]]:
    """Normalised name -> ids of the entities that carry it."""
    out: dict[str, set[str]] = defaultdict(set)
    for entity in entities:
        for _prop, name in entity.names():
            key = norm_name(name)
            if key:
                out[key].add(entity.id)
    return out


def _rng(seed: int, set_name: str) -> random.Random:
    """One generator per set, so adding a set never changes another."""
    return random.Random(f"{seed}:{set_name}")


def _shuffled(queries: list[EvalQuery], rng: random.Random) -> list[EvalQuery]:
    """Random order, so `--limit-per-set N` takes a fair sample of every kind."""
    rng.shuffle(queries)
    return queries


# -- a. cross_script --------------------------------------------------------------------


def cross_script(lists: Lists, seed: int) -> tuple[list[EvalQuery], IndexSpec, dict[str, Any]]:
    """UN original-script names against the UN list without them: only Latin names left."""
    removed: dict[str, list[str]] = {}
    added: dict[str, list[str]] = {}
    queries: list[EvalQuery] = []
    mixed = 0
    for entity in lists.by_dir[UN_DIR]:
        foreign = [name for _prop, name in entity.names() if non_latin(name)]
        if not foreign:
            continue
        removed[entity.id] = foreign
        originals: list[str] = []
        for name in foreign:
            if "LATIN" in scripts(name):
                # "حسن غول (Hassan Ghul; Hassan Gul)": the Latin part stays in the index.
                mixed += 1
                latin, original = split_scripts(name)
                added.setdefault(entity.id, []).extend(latin)
                originals += original
            else:
                originals.append(name)
        for name in dict.fromkeys(originals):
            query = _query("cross_script", len(queries), UN_LATIN_INDEX, entity, name)
            query.kind = script_label(name)
            queries.append(query)
    spec = IndexSpec(UN_LATIN_INDEX, (UN_DIR,), removed, added)
    stats = {
        "entities_with_original_script": len(removed),
        "names_removed_from_index": sum(map(len, removed.values())),
        "mixed_script_names_split": mixed,
        "by_script": dict(Counter(q.kind for q in queries)),
    }
    return _shuffled(queries, _rng(seed, "cross_script")), spec, stats


_SEGMENTS = re.compile(r"[();]|\boriginal script\b:?", re.I)
_TRIM = " ,.:-–"


def split_scripts(name: str) -> tuple[list[str], list[str]]:
    """A name written in two scripts ("Agha Jan Alizai اغا جان عالیزی", "X (original
    script: Х)") cut into its Latin names and its original-script names."""
    latin: list[str] = []
    original: list[str] = []
    for segment in _SEGMENTS.split(name):
        run: list[str] = []
        run_foreign = False
        for word in [*segment.split(), None]:
            foreign = word is not None and non_latin(word)
            if word is None or (run and foreign != run_foreign and scripts(word)):
                text = " ".join(run).strip(_TRIM)
                if text and scripts(text):
                    (original if run_foreign else latin).append(text)
                run = []
            if word is not None:
                if not run:
                    run_foreign = foreign
                run.append(word)
    return latin, original


def _query(set_name: str, n: int, index: str, entity: Entity, name: str) -> EvalQuery:
    return EvalQuery(
        id=f"{set_name}-{n:04d}",
        set=set_name,
        index=index,
        schema=entity.schema,
        properties={"name": [name]},
        expected=[entity.id],
    )


# -- b. cross_list ----------------------------------------------------------------------


def _screening_query(entity: Entity) -> dict[str, list[str]]:
    """What a screener has: the primary name, and birth date and nationality when known."""
    props = {"name": [entity.caption]}
    for prop in ("birthDate", "nationality"):
        if entity.get(prop):
            props[prop] = list(entity.get(prop))
    return props


def cross_list(lists: Lists, seed: int) -> tuple[list[EvalQuery], list[EvalQuery], dict[str, Any]]:
    """UK entries citing a UN reference, screened against the UN list; and UK entries under
    the UK's own regimes that cite none, as negatives against the same list."""
    un = lists.by_dir[UN_DIR]
    by_ref: dict[str, Entity] = {}
    for entity in un:
        for ref in un_references(entity):
            by_ref.setdefault(ref, entity)
    un_names = name_map(un)
    positives: list[EvalQuery] = []
    negatives: list[EvalQuery] = []
    counts: Counter[str] = Counter()
    for entity in lists.by_dir[UK_DIR]:
        refs = un_references(entity)
        same_name = un_names.get(norm_name(entity.caption), set())
        if not refs:
            counts["uk_without_un_reference"] += 1
            if same_name:
                counts["negatives_dropped_name_on_un_list"] += 1
            elif _un_regime(entity):
                # A regime the UN also runs: a missing reference is no evidence of absence
                # ("AL-BASHAIR TRADING COMPANY, LIMITED" is IQe.204 without saying so).
                counts["negatives_dropped_un_regime"] += 1
            else:
                negatives.append(_uk_query("cross_list_negatives", len(negatives), entity, []))
            continue
        counts["uk_with_un_reference"] += 1
        target = by_ref.get(refs[0])
        if target is None:
            counts["reference_not_on_un_list"] += 1  # delisted between 2018 and 2026
        elif not schemas_compatible(entity.schema, target.schema):
            counts["reference_to_other_schema"] += 1  # a person citing an entity's ref
        elif same_name and target.id not in same_name:
            # The UK cites one entry while another has its exact name: a wrong reference
            # (the 2018 file shifts KPi.074-079 by one; subsidiaries cite their parent).
            counts["reference_contradicted_by_exact_name"] += 1
        else:
            positives.append(_uk_query("cross_list", len(positives), entity, [target.id]))
    rng = _rng(seed, "cross_list_negatives")
    negatives = _renumber(rng.sample(negatives, min(CROSS_LIST_NEGATIVES, len(negatives))))
    return _shuffled(positives, _rng(seed, "cross_list")), negatives, dict(counts)


def _un_regime(entity: Entity) -> bool:
    return any(p.casefold() in UK_REGIME_UN_PREFIX for p in entity.get("program"))


def _uk_query(set_name: str, n: int, entity: Entity, expected: list[str]) -> EvalQuery:
    return EvalQuery(
        id=f"{set_name}-{n:04d}",
        set=set_name,
        index=UN_INDEX,
        schema=entity.schema,
        properties=_screening_query(entity),
        expected=expected,
        kind=entity.schema,
    )


def _renumber(queries: list[EvalQuery]) -> list[EvalQuery]:
    for n, query in enumerate(queries):
        query.id = f"{query.set}-{n:04d}"
    return queries


# -- c. alias_recovery ------------------------------------------------------------------

_WORD = re.compile(r"[a-z0-9]{3,}")


def alias_recovery(lists: Lists, seed: int) -> tuple[list[EvalQuery], IndexSpec, dict[str, Any]]:
    """One alias of each sampled OFAC entity held out of the index, then queried back.

    An alias whose normalised form is still in the index (another name of the same
    entity, or any name of another entity) is never held out: it would test nothing, or
    have two right answers. `kind` says whether the held-out alias shares a word (3+
    letters) with the names left, or none ("disjoint": e.g. a nom de guerre).
    """
    entities = lists.by_dir[OFAC_2021_DIR]
    names = name_map(entities)
    rng = _rng(seed, "alias_recovery")
    pool = sorted((e for e in entities if e.get("alias")), key=lambda e: e.id)
    rng.shuffle(pool)
    queries: list[EvalQuery] = []
    removed: dict[str, list[str]] = {}
    skipped = 0
    for entity in pool:
        if len(queries) >= ALIAS_RECOVERY:
            break
        eligible = [a for a in entity.get("alias") if _held_out_ok(entity, a, names)]
        if not eligible:
            skipped += 1
            continue
        alias = rng.choice(eligible)
        removed[entity.id] = [alias]
        query = _query("alias_recovery", len(queries), HOLDOUT_INDEX, entity, alias)
        query.kind = "overlap" if _shares_word(entity, alias) else "disjoint"
        queries.append(query)
    stats = {
        "entities_with_alias": len(pool),
        "sampled_entities_without_eligible_alias": skipped,
        "by_kind": dict(Counter(q.kind for q in queries)),
    }
    return queries, IndexSpec(HOLDOUT_INDEX, (OFAC_2021_DIR,), removed), stats


def _held_out_ok(entity: Entity, alias: str, names: dict[str, set[str]]) -> bool:
    key = norm_name(alias)
    if not key or names.get(key, set()) - {entity.id}:
        return False
    return all(norm_name(n) != key for _p, n in entity.names() if n != alias)


def _shares_word(entity: Entity, alias: str) -> bool:
    left = {w for _p, n in entity.names() if n != alias for w in _WORD.findall(norm_name(n))}
    return bool(left & set(_WORD.findall(norm_name(alias))))


# -- d. variants ------------------------------------------------------------------------

# QWERTY neighbours: what a slipped finger types instead.
_KEYS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, str] = {}
for _r, _row in enumerate(_KEYS):
    for _c, _ch in enumerate(_row):
        near = [_row[i] for i in (_c - 1, _c + 1) if 0 <= i < len(_row)]
        for _other in (_r - 1, _r + 1):
            if 0 <= _other < len(_KEYS):
                near += [_KEYS[_other][i] for i in (_c - 1, _c) if 0 <= i < len(_KEYS[_other])]
        _NEIGHBOURS[_ch] = "".join(near)


def _like(template: str, text: str) -> str:
    """`text` in the case of `template` (UPPER, Title or lower)."""
    if template.isupper() and len(template) > 1:
        return text.upper()
    if template[:1].isupper():
        return text[:1].upper() + text[1:].lower()
    return text.lower()


def _edit(word: str, rng: random.Random) -> str:
    """One typing error; the first letter is kept (errors there are much rarer)."""
    i = rng.randrange(1, len(word))
    op = rng.choice(("substitute", "delete", "insert", "transpose"))
    lower = word[i].lower()
    near = _NEIGHBOURS.get(lower) or "aeiou"
    if op == "substitute":
        return word[:i] + _like(word[i], rng.choice(near)) + word[i + 1 :]
    if op == "delete":
        return word[:i] + word[i + 1 :]
    if op == "insert":
        extra = rng.choice((lower, rng.choice(near)))  # a doubled letter or a neighbour
        return word[:i] + _like(word[i], extra) + word[i:]
    if i == len(word) - 1:
        i -= 1
    if i == 0 or word[i] == word[i + 1]:
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


_LONG_WORD = re.compile(r"[^\W\d_]{5,}")


def typo(name: str, rng: random.Random) -> str | None:
    """1-2 character edits on words of five letters or more."""
    parts = _LONG_WORD.split(name)
    words = _LONG_WORD.findall(name)
    if not words:
        return None
    for _ in range(rng.choice((1, 1, 2))):
        k = rng.randrange(len(words))
        words[k] = _edit(words[k], rng)
    out = [parts[0]]
    for word, rest in zip(words, parts[1:], strict=True):
        out += [word, rest]
    return "".join(out)


def reorder(name: str, rng: random.Random) -> str | None:
    """ "LAST, First Middle" -> "First Middle LAST"; otherwise a shuffle of the words."""
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        return f"{first} {last}" if first and last else None
    words = name.split()
    if len(words) < 2:
        return None
    for _ in range(10):
        rng.shuffle(words)
        out = " ".join(words)
        if out != name:
            return out
    return None


@dataclass(frozen=True, slots=True)
class LegalForm:
    key: str
    pattern: str  # regex, case-insensitive, for the form as written after a name
    renderings: tuple[str, ...]  # written after the name
    prefixes: tuple[str, ...] = ()  # written before it (Russian style: OOO Romashka)
    russian: str | None = None  # in Cyrillic, before the name


# Most specific first: "Co. Ltd" before "Ltd", "PJSC" before "JSC".
LEGAL_FORMS = (
    LegalForm(
        "co_ltd",
        r"co\.?,?\s*ltd\.?|company limited|co\.?,?\s*limited",
        ("Co. Ltd", "Co., Ltd.", "Company Limited"),
    ),
    LegalForm("pte_ltd", r"pte\.?\s*ltd\.?|private limited", ("Pte Ltd", "Pte. Ltd.")),
    LegalForm("pvt_ltd", r"pvt\.?\s*ltd\.?", ("Pvt Ltd", "Private Limited")),
    LegalForm(
        "sdn_bhd", r"sdn\.?\s*bhd\.?|sendirian berhad", ("Sdn Bhd", "Sdn. Bhd.", "Sendirian Berhad")
    ),
    LegalForm(
        "llc",
        r"l\.?\s?l\.?\s?c\.?|limited liability company",
        ("LLC", "L.L.C.", "Limited Liability Company"),
        ("OOO",),
        "ООО",
    ),
    LegalForm(
        "pjsc",
        r"p\.?j\.?s\.?c\.?|public joint[- ]stock company",
        ("PJSC", "Public Joint Stock Company"),
        ("PAO",),
        "ПАО",
    ),
    LegalForm(
        "cjsc",
        r"c\.?j\.?s\.?c\.?|closed joint[- ]stock company",
        ("CJSC", "Closed Joint Stock Company"),
        ("ZAO",),
        "ЗАО",
    ),
    LegalForm(
        "ojsc",
        r"o\.?j\.?s\.?c\.?|open joint[- ]stock company",
        ("OJSC", "Open Joint Stock Company"),
        ("OAO",),
        "ОАО",
    ),
    LegalForm(
        "jsc", r"j\.?s\.?c\.?|joint[- ]stock company", ("JSC", "Joint Stock Company"), ("AO",), "АО"
    ),
    LegalForm(
        "gmbh",
        r"gmbh|gesellschaft mit beschr(?:ä|ae)nkter haftung",
        ("GmbH", "Gesellschaft mit beschränkter Haftung"),
    ),
    LegalForm("fzco", r"fzco|free zone company", ("FZCO", "Free Zone Company")),
    LegalForm("fze", r"f\.?z\.?e\.?|free zone establishment", ("FZE", "Free Zone Establishment")),
    LegalForm("plc", r"p\.?l\.?c\.?|public limited company", ("PLC", "Public Limited Company")),
    LegalForm("sarl", r"s\.?a\.?r\.?l\.?", ("SARL", "S.A.R.L.")),
    LegalForm("sa", r"s\.a\.?|sociedad an[oó]nima", ("S.A.", "SA", "Sociedad Anonima")),
    LegalForm("inc", r"inc\.?|incorporated", ("Inc", "Inc.", "Incorporated")),
    LegalForm("corp", r"corp\.?|corporation", ("Corp.", "Corporation")),
    LegalForm("ltd", r"ltd\.?|limited", ("Ltd", "Ltd.", "Limited")),
    LegalForm("co", r"co\.?|company", ("Co.", "Company")),
)
_SUFFIX = {f.key: re.compile(rf"[\s,]+({f.pattern})\s*$", re.I) for f in LEGAL_FORMS}
_PREFIX = re.compile(r"^(ooo|zao|oao|pao|ao)\s+", re.I)
_PREFIX_FORM = {"ooo": "llc", "zao": "cjsc", "oao": "ojsc", "pao": "pjsc", "ao": "jsc"}
_FORMS = {f.key: f for f in LEGAL_FORMS}


def split_legal_form(name: str) -> tuple[str, LegalForm, str] | None:
    """(name without its legal form, the form, the form as written), if it has one."""
    prefix = _PREFIX.match(name)
    if prefix:
        return name[prefix.end() :].strip(), _FORMS[_PREFIX_FORM[prefix[1].lower()]], prefix[1]
    for form in LEGAL_FORMS:
        found = _SUFFIX[form.key].search(name)
        if found:
            return name[: found.start()].strip(" ,"), form, found[1]
    return None


def legal_form(name: str, rng: random.Random) -> str | None:
    """Another rendering of the legal form (LLC -> OOO, Co. Ltd -> Company Limited), or none."""
    split = split_legal_form(name)
    if split is None:
        return None
    core, form, written = split
    if not _LONG_WORD.search(core) or split_legal_form(core):
        return None
    options: list[tuple[str | None, bool]] = [(None, False)]  # dropping the form
    options += [(r, False) for r in form.renderings if norm_name(r) != norm_name(written)]
    options += [(p, True) for p in form.prefixes if norm_name(p) != norm_name(written)]
    rendering, before = rng.choice(options)
    if rendering is None:
        return core
    rendering = rendering.upper() if core.isupper() and rendering.isascii() else rendering
    return f"{rendering} {core}" if before else f"{core} {rendering}"


# Common romanisation alternatives (Persian, Arabic and Russian names in Latin letters).
_MOHAMMAD = ("Mohammad", "Muhammad", "Mohammed", "Muhammed", "Mohamed", "Mohamad")
ROMANISATION: tuple[tuple[str, str | Callable[[re.Match[str], random.Random], str]], ...] = (
    (r"q", "gh"),
    (r"gh", "q"),
    (r"ou", "u"),
    (r"(?<=[bcdfghjklmnprstvz])u(?=[bcdfghjklmnprstvz])", "ou"),
    (r"kh", "h"),
    (r"\bh(?=[aeiou])", "kh"),
    (r"ov\b", "off"),
    (r"off\b", "ov"),
    (r"ev\b", "eff"),
    (r"ee", "i"),
    (r"(?<=[bcdfghjklmnprstvz])i(?=[bcdfghjklmnprstvz])", "ee"),
    (r"dj", "j"),
    (r"\bj", "dj"),
    (r"ollah\b", "ullah"),
    (r"ullah\b", "ollah"),
    (
        r"\b(?:mo|mu)ha?mm?[ae]d\b",
        lambda m, rng: rng.choice([v for v in _MOHAMMAD if v.lower() != m[0].lower()]),
    ),
)
_ROMANISATION = tuple((re.compile(p, re.I), r) for p, r in ROMANISATION)


def _case_model(name: str, match: re.Match[str]) -> str:
    """What the replacement's case follows: the whole word when it is in capitals (so
    "HOSEIN" -> "KHOSEIN" but "Hosein" -> "Khosein"), else the replaced letters."""
    start = match.start()
    while start > 0 and name[start - 1].isalpha():
        start -= 1
    end = match.end()
    while end < len(name) and name[end].isalpha():
        end += 1
    word = name[start:end]
    return word if word.isupper() and len(word) > 1 else match[0]


def romanisation(name: str, rng: random.Random) -> str | None:
    """One or two spelling swaps (q<->gh, ou<->u, kh<->h, -ov<->-off, ee<->i, dj<->j,
    Mohammad<->Muhammad, -ollah<->-ullah)."""
    rules = [(p, r, ms) for p, r in _ROMANISATION if (ms := list(p.finditer(name)))]
    if not rules:
        return None
    chosen: list[tuple[re.Match[str], Any]] = []
    # A rule first, then one of its places: frequent letters (i, u) must not crowd out
    # the rarer swaps.
    for _pattern, rule, matches in rng.sample(rules, min(len(rules), rng.choice((1, 1, 2)))):
        match = rng.choice(matches)
        if all(match.end() <= m.start() or match.start() >= m.end() for m, _r in chosen):
            chosen.append((match, rule))
    out = name
    for match, rule in sorted(chosen, key=lambda s: -s[0].start()):
        text = rule if isinstance(rule, str) else rule(match, rng)
        out = out[: match.start()] + _like(_case_model(name, match), text) + out[match.end() :]
    return out if out != name else None


# A plain Latin -> Russian Cyrillic table, longest spellings first.
_TO_CYRILLIC = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("tz", "ц"),
    ("ch", "ч"), ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"),
    ("ph", "ф"), ("th", "т"), ("ck", "к"), ("ee", "и"), ("oo", "у"), ("ou", "у"),
    ("a", "а"), ("b", "б"), ("c", "к"), ("d", "д"), ("e", "е"), ("f", "ф"), ("g", "г"),
    ("h", "х"), ("i", "и"), ("j", "дж"), ("k", "к"), ("l", "л"), ("m", "м"), ("n", "н"),
    ("o", "о"), ("p", "п"), ("q", "к"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("v", "в"), ("w", "в"), ("x", "кс"), ("y", "и"), ("z", "з"),
)  # fmt: skip
_VOWELS = frozenset("aeiouy")


def _cyrillic_word(word: str) -> str:
    if "-" in word:
        return "-".join(_cyrillic_word(part) if part else part for part in word.split("-"))
    latin = anyascii(word).lower()
    out: list[str] = []
    i = 0
    while i < len(latin):
        ch = latin[i]
        if not ch.isalpha():
            out.append(ch)
            i += 1
            continue
        if ch == "e" and (i == 0 or not latin[i - 1].isalpha()):
            out.append("э")  # word-initial e: Elena -> Элена, Ernst -> Эрнст
            i += 1
            continue
        if ch == "y" and i > 0 and latin[i - 1] in _VOWELS:
            out.append("й")  # after a vowel: Nikolay -> Николай
            i += 1
            continue
        if ch == "c" and latin[i + 1 : i + 2] in ("e", "i", "y"):
            out.append("с")
            i += 1
            continue
        for src, dst in _TO_CYRILLIC:
            if latin.startswith(src, i):
                out.append(dst)
                i += len(src)
                break
    text = "".join(out)
    return text.upper() if word.isupper() and len(word) > 1 else text[:1].upper() + text[1:]


def cyrillic(name: str, rng: random.Random) -> str | None:
    """The name as a Russian text would write it: transliterated, legal form in Russian."""
    split = split_legal_form(name)
    form = None
    if split:
        name, legal, _written = split
        form = legal.russian
    if not name.isascii() and not is_latin(name):
        return None
    out = " ".join(_cyrillic_word(w) for w in name.split())
    out = f"{form} {out}" if form else out
    return out if non_latin(out) else None


VariantMaker = Callable[[str, random.Random], "str | None"]
VARIANT_KINDS: dict[str, VariantMaker] = {
    "typo": typo,
    "reorder": reorder,
    "legal_form": legal_form,
    "romanisation": romanisation,
    "cyrillic": cyrillic,
}


def variants(
    seed: int, index: list[Entity], names: dict[str, set[str]]
) -> tuple[list[EvalQuery], dict[str, Any]]:
    """Spelling variants of listed names; any entity carrying the source name is right."""
    pool: dict[str, tuple[Entity, str]] = {}
    for entity in index:
        if entity.schema not in PARTY_SCHEMAS:
            continue
        for _prop, name in entity.names(("name", "alias")):
            key = norm_name(name)
            if key and is_latin(name) and key not in pool:
                pool[key] = (entity, name)
    ordered = [pool[k] for k in sorted(pool)]
    queries: list[EvalQuery] = []
    counts: Counter[str] = Counter()
    for kind, make in VARIANT_KINDS.items():
        rng = _rng(seed, f"variants:{kind}")
        candidates = list(ordered)
        rng.shuffle(candidates)
        made = 0
        for entity, name in candidates:
            if made >= VARIANTS_PER_KIND:
                break
            if kind == "reorder" and entity.schema != "Person":
                continue
            if kind == "legal_form" and entity.schema not in ORG_SCHEMAS:
                continue
            variant = make(name, rng)
            if not variant or variant == name:
                continue
            expected = names[norm_name(name)]
            if names.get(norm_name(variant), set()) - expected:
                counts[f"{kind}_dropped_variant_is_another_listed_name"] += 1
                continue
            query = EvalQuery(
                id=f"variants-{len(queries):04d}",
                set="variants",
                index=ALL_INDEX,
                schema=entity.schema,
                properties={"name": [variant]},
                expected=sorted(expected),
                kind=kind,
                source=name,
            )
            queries.append(query)
            made += 1
        counts[kind] = made
    return _renumber(_shuffled(queries, _rng(seed, "variants"))), dict(counts)


# -- e. negatives -----------------------------------------------------------------------

# Generic trade words, places and legal forms by country: invented, general vocabulary.
TRADE_WORDS = (
    "Nordic", "Precision", "Global", "United", "Pacific", "Atlantic", "Alpine", "Coastal",
    "Green", "Blue", "Silver", "Golden", "Modern", "Advanced", "Smart", "Prime", "Summit",
    "Horizon", "Sunrise", "Eastern", "Western", "Central", "Bright", "Rapid", "Reliable",
    "Integrated", "Applied", "Standard", "Quality", "Premier", "Allied", "Continental",
)  # fmt: skip
ACTIVITIES = (
    "Components", "Trading", "Logistics", "Electronics", "Machinery", "Textiles", "Foods",
    "Plastics", "Packaging", "Instruments", "Systems", "Solutions", "Engineering", "Metals",
    "Chemicals", "Pharma", "Furniture", "Auto Parts", "Marine Supplies", "Software",
    "Consulting", "Construction", "Energy", "Agro", "Optics", "Tools", "Freight", "Paper",
    "Ceramics", "Hydraulics", "Medical Devices", "Cables", "Lighting", "Fasteners",
)  # fmt: skip
COUNTRIES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "de": (("Hamburg", "Bremen", "Stuttgart", "Dortmund", "Leipzig", "Rhein", "Bavaria"),
           ("GmbH", "AG", "GmbH & Co. KG")),
    "fr": (("Lyon", "Marseille", "Nantes", "Lille", "Bordeaux", "Alsace"), ("SARL", "SAS", "SA")),
    "it": (("Milano", "Torino", "Bologna", "Veneto", "Napoli"), ("S.r.l.", "S.p.A.")),
    "es": (("Valencia", "Sevilla", "Bilbao", "Zaragoza", "Iberica"), ("S.L.", "S.A.")),
    "nl": (("Rotterdam", "Utrecht", "Eindhoven", "Holland"), ("B.V.", "N.V.")),
    "pl": (("Gdansk", "Poznan", "Wroclaw", "Krakow"), ("Sp. z o.o.", "S.A.")),
    "cz": (("Brno", "Ostrava", "Plzen", "Morava"), ("s.r.o.", "a.s.")),
    "tr": (("Izmir", "Bursa", "Konya", "Kocaeli", "Anadolu"), ("A.S.", "Ltd. Sti.")),
    "ru": (("Ural", "Volga", "Sibir", "Kazan", "Baltika", "Neva"), ("OOO", "AO", "LLC")),
    "ae": (("Dubai", "Sharjah", "Ajman", "Emirates", "Gulf"), ("FZE", "FZCO", "LLC")),
    "my": (("Penang", "Selangor", "Johor", "Malaya"), ("Sdn Bhd", "Bhd")),
    "sg": (("Singapore", "Jurong", "Straits"), ("Pte Ltd",)),
    "cn": (("Shenzhen", "Ningbo", "Suzhou", "Dongguan", "Xiamen"), ("Co. Ltd", "Co., Ltd.")),
    "in": (("Pune", "Chennai", "Gujarat", "Bengal", "Deccan"), ("Pvt Ltd", "Private Limited")),
    "gb": (("Sheffield", "Midlands", "Mersey", "Thames", "Pennine"), ("Ltd", "Limited", "PLC")),
    "us": (("Ohio", "Texas", "Carolina", "Great Lakes", "Bay Area"), ("Inc.", "LLC", "Corp.")),
}  # fmt: skip

# Common given names and surnames of several cultures (general knowledge).
CULTURES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "persian": (
        ("Ali", "Reza", "Mehdi", "Hossein", "Sara", "Maryam", "Amir", "Hamid", "Mohsen",
         "Fatemeh", "Zahra", "Behnam", "Arash", "Farhad", "Nasrin", "Parisa", "Kaveh"),
        ("Ahmadi", "Hosseini", "Karimi", "Rahimi", "Moradi", "Jafari", "Rezaei", "Mohammadi",
         "Kazemi", "Sadeghi", "Ebrahimi", "Tehrani", "Shirazi", "Najafi", "Farahani")),
    "arabic": (
        ("Ahmed", "Mohammed", "Omar", "Khalid", "Youssef", "Fatima", "Aisha", "Hassan",
         "Ibrahim", "Tariq", "Layla", "Nour", "Samir", "Karim", "Rania", "Walid", "Salma"),
        ("Haddad", "Khoury", "Mansour", "Saleh", "Nasser", "Hamdan", "Aziz", "Farouk",
         "El-Sayed", "Qasim", "Rahman", "Jaber", "Al-Najjar", "Darwish", "Al-Amiri")),
    "russian": (
        ("Alexander", "Dmitry", "Sergey", "Andrei", "Ivan", "Olga", "Natalia", "Elena",
         "Mikhail", "Pavel", "Tatiana", "Nikolai", "Anna", "Yuri", "Irina", "Oleg"),
        ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Sokolov", "Lebedev", "Kozlov", "Novikov",
         "Morozov", "Petrov", "Volkov", "Solovyov", "Vasiliev", "Zaitsev", "Pavlov")),
    "chinese": (
        ("Wei", "Fang", "Na", "Jun", "Lei", "Xiaoming", "Jing", "Yan", "Hui", "Qiang", "Min",
         "Hong", "Yong", "Jie", "Ling", "Xin", "Hao"),
        ("Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu",
         "Sun", "Ma", "Zhu", "Hu", "Guo", "Lin")),
    "turkish": (
        ("Mehmet", "Mustafa", "Ahmet", "Ayse", "Emine", "Fatma", "Huseyin", "Murat", "Burak",
         "Elif", "Zeynep", "Emre", "Cem", "Deniz", "Serkan", "Hakan"),
        ("Yilmaz", "Kaya", "Demir", "Sahin", "Celik", "Yildiz", "Ozturk", "Aydin", "Arslan",
         "Dogan", "Kilic", "Aslan", "Cetin", "Kara", "Koc", "Kurt")),
    "german": (
        ("Thomas", "Michael", "Andreas", "Stefan", "Sabine", "Petra", "Julia", "Lukas",
         "Jonas", "Anna", "Katrin", "Markus", "Jürgen", "Monika", "Felix", "Uwe"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Koch", "Richter", "Klein", "Wolf", "Neumann", "Braun")),
    "indian": (
        ("Rahul", "Priya", "Amit", "Sunita", "Vikram", "Anjali", "Rajesh", "Deepak", "Pooja",
         "Sanjay", "Neha", "Arjun", "Kavita", "Suresh", "Anil", "Lakshmi"),
        ("Sharma", "Patel", "Singh", "Kumar", "Gupta", "Reddy", "Iyer", "Nair", "Mehta",
         "Joshi", "Rao", "Desai", "Chopra", "Malhotra", "Verma", "Pillai")),
    "spanish": (
        ("José", "Juan", "Carlos", "María", "Carmen", "Luis", "Ana", "Javier", "Miguel",
         "Lucía", "Pedro", "Sofía", "Diego", "Elena", "Pablo", "Jorge"),
        ("García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez",
         "Pérez", "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno")),
}  # fmt: skip
_PATRONYMIC = {
    "Alexander": "Alexandrovich",
    "Sergey": "Sergeyevich",
    "Ivan": "Ivanovich",
    "Nikolai": "Nikolayevich",
    "Mikhail": "Mikhailovich",
    "Pavel": "Pavlovich",
}
_FEMININE_RU = frozenset({"Olga", "Natalia", "Elena", "Tatiana", "Anna", "Irina"})


def company_name(rng: random.Random) -> str:
    places, forms = COUNTRIES[rng.choice(sorted(COUNTRIES))]
    word, activity, place, form = (
        rng.choice(TRADE_WORDS),
        rng.choice(ACTIVITIES),
        rng.choice(places),
        rng.choice(forms),
    )
    core = rng.choice((
        f"{place} {activity}", f"{word} {activity}", f"{word} {place} {activity}",
        f"{place} {word} {activity}", f"{word} {activity} {place}",
    ))  # fmt: skip
    return f"{form} {core}" if form in ("OOO", "AO") else f"{core} {form}"


def person_name(culture: str, rng: random.Random) -> str:
    given, surnames = CULTURES[culture]
    first, last = rng.choice(given), rng.choice(surnames)
    roll = rng.random()
    if culture == "chinese":
        return f"{last} {first}" if roll < 0.5 else f"{first} {last}"
    if culture == "russian":
        if first in _FEMININE_RU:
            last += "a"
        father = rng.choice(sorted(_PATRONYMIC))
        if roll < 0.4:
            suffix = _PATRONYMIC[father]
            if first in _FEMININE_RU:
                suffix = suffix.replace("ovich", "ovna").replace("evich", "evna")
            return f"{first} {suffix} {last}"
    if culture == "spanish" and roll < 0.5:
        return f"{first} {last} {rng.choice(surnames)}"
    if culture in ("arabic", "persian") and roll < 0.3:
        return f"{first} {rng.choice(given)} {last}"
    return f"{first} {last}"


def negatives(seed: int, names: dict[str, set[str]]) -> tuple[list[EvalQuery], dict[str, Any]]:
    """Invented companies and people; exact collisions with a listed name are dropped,
    partial overlaps (a listed surname, a listed place) kept: the realistic hard cases."""
    rng = _rng(seed, "negatives")
    made: list[tuple[str, str, str]] = []  # (schema, kind, name)
    seen: set[str] = set()
    dropped: Counter[str] = Counter()

    def take(schema: str, kind: str, make: Callable[[], str], count: int) -> None:
        got = 0
        for _ in range(count * 50):
            if got >= count:
                return
            name = make()
            key = norm_name(name)
            if key in seen:
                continue
            seen.add(key)
            if key in names:
                dropped[kind] += 1
                continue
            made.append((schema, kind, name))
            got += 1

    take("Company", "company", lambda: company_name(rng), NEGATIVE_COMPANIES)
    per_culture = NEGATIVE_PERSONS // len(CULTURES)
    for culture in CULTURES:
        take("Person", f"person:{culture}", lambda c=culture: person_name(c, rng), per_culture)
    queries = [
        EvalQuery(f"negatives-{n:04d}", "negatives", ALL_INDEX, schema, {"name": [name]}, [], kind)
        for n, (schema, kind, name) in enumerate(made)
    ]
    return _renumber(_shuffled(queries, rng)), {"dropped_exact_listed_name": dict(dropped)}


# -- all sets ---------------------------------------------------------------------------


def build_sets(lists: Lists, seed: int = SEED) -> EvalSets:
    try:
        from bench import eval_more, eval_split
    except ModuleNotFoundError:  # run as a script: bench/ itself is on sys.path
        import eval_more  # type: ignore[no-redef]
        import eval_split  # type: ignore[no-redef]

    all_spec = IndexSpec(ALL_INDEX, ALL_DIRS)
    all_index = build_index(lists, all_spec)
    all_names = name_map(all_index)
    script_q, latin_spec, script_stats = cross_script(lists, seed)
    list_q, list_neg, list_stats = cross_list(lists, seed)
    alias_q, holdout_spec, alias_stats = alias_recovery(lists, seed)
    variant_q, variant_stats = variants(seed, all_index, all_names)
    negative_q, negative_stats = negatives(seed, all_names)
    more_q, more_stats = eval_more.build_more(lists, all_index, seed)
    queries = {
        "cross_script": script_q,
        "cross_list": list_q,
        "cross_list_negatives": list_neg,
        "alias_recovery": alias_q,
        "variants": variant_q,
        "negatives": negative_q,
        **more_q,
    }
    eval_split.assign_parts(queries, seed)
    sdn_spec = IndexSpec(eval_more.SDN_2024_INDEX, (eval_more.SDN_2024_DIR,))
    indexes = {
        spec.name: spec
        for spec in (
            IndexSpec(UN_INDEX, (UN_DIR,)),
            latin_spec,
            holdout_spec,
            all_spec,
            sdn_spec,
        )
    }
    stats = {
        "cross_script": script_stats,
        "cross_list": list_stats,
        "alias_recovery": alias_stats,
        "variants": variant_stats,
        "negatives": negative_stats,
        **more_stats,
        "parts": {name: dict(Counter(q.part for q in qs)) for name, qs in queries.items()},
        "index_sizes": {name: len(lists.entities(spec.dirs)) for name, spec in indexes.items()},
    }
    return EvalSets(queries, indexes, stats)


def write_sets(sets: EvalSets, out: Path, lists_root: Path, seed: int) -> None:
    (out / "sets").mkdir(parents=True, exist_ok=True)
    for name, queries in sets.queries.items():
        lines = b"".join(orjson.dumps(q.to_json()) + b"\n" for q in queries)
        (out / "sets" / f"{name}.jsonl").write_bytes(lines)
    indexes = {name: spec.to_json() for name, spec in sets.indexes.items()}
    (out / "indexes.json").write_bytes(orjson.dumps(indexes, option=orjson.OPT_INDENT_2))
    manifest = {
        "seed": seed,
        "lists": str(lists_root),
        "sizes": {name: len(q) for name, q in sets.queries.items()},
        "stats": sets.stats,
    }
    (out / "manifest.json").write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))


def read_sets(out: Path, names: Iterable[str] = SET_NAMES) -> dict[str, list[EvalQuery]]:
    sets: dict[str, list[EvalQuery]] = {}
    for name in names:
        lines = (out / "sets" / f"{name}.jsonl").read_bytes().splitlines()
        sets[name] = [EvalQuery.from_json(orjson.loads(line)) for line in lines if line]
    return sets


def read_indexes(out: Path) -> dict[str, IndexSpec]:
    data = orjson.loads((out / "indexes.json").read_bytes())
    return {name: IndexSpec.from_json(name, spec) for name, spec in data.items()}


def iter_lines(sets: EvalSets) -> Iterator[bytes]:
    """Every query as its JSON line, in set order (what determinism is checked on)."""
    for name in SET_NAMES:
        for query in sets.queries[name]:
            yield orjson.dumps(query.to_json())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    lists = Lists.load(args.lists)
    sets = build_sets(lists, args.seed)
    write_sets(sets, args.out, args.lists, args.seed)
    for name, queries in sets.queries.items():
        print(f"{name:22} {len(queries):5} queries -> {args.out / 'sets' / (name + '.jsonl')}")
    print(orjson.dumps(sets.stats, option=orjson.OPT_INDENT_2).decode())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
