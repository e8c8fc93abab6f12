"""The evaluation sets added for issue 11: sources not used before, and new kinds.

Sources: the UK 2018 aliases (of entries citing a UN reference, against the UN list),
the OFAC alias file of 2025-12-24 and the trade.gov CSL's alternate names of SDN entries
(both against the 2024 SDN primary names alone: that file has no aliases), and the UK
Sanctions List and EU FSF excerpts (2026, against the all-lists index). Kinds:
`qualifiers` (listed names in ERP and payment clutter, bench/eval_clutter.py, and invented
names in the same clutter as negatives), `typos` (bench/eval_typos.py), and the hard
negatives `invented_companies` (ordinary firms sharing one word with a listed firm,
"EMERALD FZE"-style) and `invented_people` (a listed surname or given name with
invented others).
"""

from __future__ import annotations

import csv
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from itertools import combinations
from pathlib import Path
from typing import Any

try:
    from bench import eval_clutter as clutter
    from bench import eval_sets as es
    from bench import eval_typos as typos
except ModuleNotFoundError:  # run as a script: bench/ itself is on sys.path
    import eval_clutter as clutter  # type: ignore[no-redef]
    import eval_sets as es  # type: ignore[no-redef]
    import eval_typos as typos  # type: ignore[no-redef]

from caspian.lists.uk_ofsi import un_references
from caspian.model import Entity, schemas_compatible

SDN_2024_DIR = "ofac/sdn_csv_2024-05-03"
OFAC_ALT_2025 = "ofac/sdn_csv_2025-12-24_add_alt_comments_only/alt.csv"
CSL_DIR = "us_csl/csl_csv_2023-11-30_TRUNCATED_SAMPLE"
EXTRA_DIRS = es.EXCERPT_DIRS
SDN_2024_INDEX = "ofac-sdn-2024-primary"

OFAC_ALT_2025_SIZE = 800
CSL_ALT_SIZE = 600
UK_ALIASES_SIZE = 800
UK_ALIASES_PER_ENTITY = 3
QUALIFIER_POSITIVES = 1000
QUALIFIER_NEGATIVES = 1100
TYPOS = 1100
INVENTED_COMPANIES = 1000
INVENTED_PEOPLE = 1000

# Words of a legal form, left out when asking "does a name hold all of a listed name?".
LEGAL_WORDS = frozenset(
    [
        "llc",
        "ltd",
        "limited",
        "fze",
        "fzco",
        "fzc",
        "co",
        "company",
        "inc",
        "corp",
        "corporation",
        "gmbh",
        "ag",
        "sa",
        "jsc",
        "ojsc",
        "pjsc",
        "cjsc",
        "ooo",
        "ao",
        "zao",
        "pao",
        "oao",
        "plc",
        "srl",
        "spa",
        "sl",
        "bv",
        "nv",
        "sp",
        "z",
        "o",
        "sro",
        "as",
        "sti",
        "sdn",
        "bhd",
        "pte",
        "pvt",
        "private",
        "kg",
        "sarl",
        "sas",
        "joint",
        "stock",
        "closed",
        "open",
        "public",
        "establishment",
        "llp",
        "the",
        "of",
        "and",
    ]
)


def core_words(name: str) -> frozenset[str]:
    return frozenset(w for w in es.norm_name(name).split() if w not in LEGAL_WORDS)


class Listed:
    """What the all-lists index holds, for telling an invented name from a listed one."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.names = es.name_map(entities)
        self.cores: set[frozenset[str]] = set()
        for entity in entities:
            for _prop, name in entity.names():
                words = core_words(name)
                if words:
                    self.cores.add(words)

    def holds_listed(self, name: str, min_words: int = 1) -> bool:
        """True if the name is listed or holds every distinctive word of a listed name of
        `min_words` or more (then it is no fair negative: "EMERALD TRADING FZE" holds
        "EMERALD TRADING"; with `min_words=2` it may hold "EMERALD" of "EMERALD FZE")."""
        if es.norm_name(name) in self.names:
            return True
        words = sorted(core_words(name))
        if len(words) > 8:
            return False
        return any(
            frozenset(sub) in self.cores
            for size in range(min_words, len(words) + 1)
            for sub in combinations(words, size)
        )


def _query(
    set_name: str,
    index: str,
    schema: str,
    name: str,
    expected: Iterable[str],
    kind: str,
    source: str = "",
) -> es.EvalQuery:
    return es.EvalQuery(
        "", set_name, index, schema, {"name": [name]}, sorted(expected), kind, source
    )


def _numbered(queries: list[es.EvalQuery], rng: random.Random) -> list[es.EvalQuery]:
    rng.shuffle(queries)
    for n, query in enumerate(queries):
        query.id = f"{query.set}-{n:04d}"
    return queries


def _overlap(entity: Entity, alias: str) -> str:
    left = {w for _p, n in entity.names() for w in es.norm_name(n).split() if len(w) >= 3}
    right = {w for w in es.norm_name(alias).split() if len(w) >= 3}
    return "overlap" if left & right else "disjoint"


def _alias_set(
    set_name: str,
    index: str,
    targets: dict[str, Entity],
    aliases: Iterable[tuple[str, str]],
    names: dict[str, set[str]],
    size: int,
    rng: random.Random,
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """One alias per entity, of those no index name spells the same way, queried back."""
    by_entity: dict[str, list[str]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for entity_id, alias in aliases:
        if entity_id not in targets:
            counts["entity_not_in_index"] += 1
        elif not es.norm_name(alias) or es.norm_name(alias) in names:
            counts["spelled_as_an_index_name"] += 1
        elif alias not in by_entity[entity_id]:
            by_entity[entity_id].append(alias)
    ids = sorted(by_entity)
    rng.shuffle(ids)
    queries = []
    for entity_id in ids[:size]:
        entity = targets[entity_id]
        alias = rng.choice(by_entity[entity_id])
        queries.append(
            _query(set_name, index, entity.schema, alias, [entity_id], _overlap(entity, alias))
        )
    counts["entities_with_an_eligible_alias"] = len(ids)
    return _numbered(queries, rng), dict(counts)


def ofac_alt_2025(
    lists_root: Path, sdn: list[Entity], seed: int
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """Aliases of OFAC's 2025 alias file, against the 2024 SDN primary names."""
    targets = {e.id: e for e in sdn}
    path = lists_root / OFAC_ALT_2025
    rows = csv.reader(path.read_text(encoding="utf-8", errors="replace").splitlines())
    aliases = [
        (f"ofac-sdn-{row[0].strip()}", row[3].strip())
        for row in rows
        if len(row) >= 4 and row[0].strip().isdigit() and row[3].strip()
    ]
    return _alias_set(
        "ofac_alt_2025",
        SDN_2024_INDEX,
        targets,
        aliases,
        es.name_map(sdn),
        OFAC_ALT_2025_SIZE,
        es._rng(seed, "ofac_alt_2025"),
    )


def csl_alt_names(
    csl: list[Entity], sdn: list[Entity], seed: int
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """The CSL's alternate names of its SDN rows, against the 2024 SDN primary names."""
    targets = {e.id: e for e in sdn}
    aliases = [
        (f"ofac-sdn-{e.source_id}", a)
        for e in csl
        if e.id.startswith("csl-sdn-")
        for a in e.get("alias")
    ]
    return _alias_set(
        "csl_alt_names",
        SDN_2024_INDEX,
        targets,
        aliases,
        es.name_map(sdn),
        CSL_ALT_SIZE,
        es._rng(seed, "csl_alt_names"),
    )


def _un_target(
    entity: Entity, by_ref: dict[str, Entity], un_names: dict[str, set[str]]
) -> Entity | None:
    """The UN entry a UK or EU entry cites, where nothing contradicts it (as cross_list)."""
    refs = un_references(entity)
    target = by_ref.get(refs[0]) if refs else None
    if target is None or not schemas_compatible(entity.schema, target.schema):
        return None
    same_name = un_names.get(es.norm_name(entity.caption), set())
    if same_name and target.id not in same_name:
        return None
    return target


def uk_aliases(lists: es.Lists, seed: int) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """The other names of UK 2018 entries citing a UN reference, against the UN list; an
    alias any UN entry spells the same way is left out (it would test nothing)."""
    un = lists.by_dir[es.UN_DIR]
    by_ref: dict[str, Entity] = {}
    for entity in un:
        for ref in un_references(entity):
            by_ref.setdefault(ref, entity)
    un_names = es.name_map(un)
    rng = es._rng(seed, "uk_aliases")
    queries: list[es.EvalQuery] = []
    counts: Counter[str] = Counter()
    for entity in lists.by_dir[es.UK_DIR]:
        target = _un_target(entity, by_ref, un_names)
        if target is None:
            continue
        names = [n for _p, n in entity.names() if n != entity.caption]
        fresh = [
            n for n in dict.fromkeys(names) if es.norm_name(n) and es.norm_name(n) not in un_names
        ]
        counts["spelled_as_a_un_name"] += len(set(names)) - len(fresh)
        rng.shuffle(fresh)
        for alias in fresh[:UK_ALIASES_PER_ENTITY]:
            queries.append(
                _query(
                    "uk_aliases",
                    es.UN_INDEX,
                    entity.schema,
                    alias,
                    [target.id],
                    _overlap(target, alias),
                )
            )
    rng.shuffle(queries)
    return _numbered(queries[:UK_ALIASES_SIZE], rng), dict(counts)


def uk_eu_excerpts(
    lists: es.Lists, index: list[Entity], seed: int
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """Every name of the 2026 UK Sanctions List and EU FSF excerpts, against the all-lists
    index: right are the UN entry cited and any entity carrying the entry's primary name."""
    un = lists.by_dir[es.UN_DIR]
    by_ref: dict[str, Entity] = {}
    for entity in un:
        for ref in un_references(entity):
            by_ref.setdefault(ref, entity)
    un_names = es.name_map(un)
    names = es.name_map(index)
    schema_of = {e.id: e.schema for e in index}
    queries: list[es.EvalQuery] = []
    counts: Counter[str] = Counter()
    for rel in EXTRA_DIRS:
        for entity in lists.by_dir[rel]:
            if entity.schema not in es.PARTY_SCHEMAS:
                counts["not_a_party"] += 1
                continue
            target = _un_target(entity, by_ref, un_names)
            expected = {target.id} if target else set()
            for _prop, name in entity.names():
                expected |= {
                    i
                    for i in names.get(es.norm_name(name), set())
                    if schemas_compatible(schema_of[i], entity.schema)
                }
            if not expected:
                counts["not_on_the_older_lists"] += 1
                continue
            for name in dict.fromkeys(n for _p, n in entity.names()):
                kind = "same_spelling" if es.norm_name(name) in names else "other_spelling"
                source = rel.split("/", 1)[0]
                queries.append(
                    _query(
                        "uk_eu_excerpts",
                        es.ALL_INDEX,
                        entity.schema,
                        name,
                        expected,
                        f"{source}:{kind}",
                    )
                )
    return _numbered(queries, es._rng(seed, "uk_eu_excerpts")), dict(counts)


# -- qualifiers -------------------------------------------------------------------------


def _party_pool(index: list[Entity]) -> list[tuple[Entity, str]]:
    """Listed parties' primary names in Latin letters, one per spelling, sorted."""
    pool: dict[str, tuple[Entity, str]] = {}
    for entity in index:
        if entity.schema not in es.PARTY_SCHEMAS:
            continue
        for _prop, name in entity.names(("name",)):
            key = es.norm_name(name)
            if key and es.is_latin(name) and typos._WORD.search(name) and key not in pool:
                pool[key] = (entity, name)
    return [pool[k] for k in sorted(pool)]


def _invented(listed: Listed, rng: random.Random, person: bool) -> str:
    for _ in range(200):
        if person:
            name = es.person_name(rng.choice(sorted(es.CULTURES)), rng)
        else:
            name = es.company_name(rng)
        if not listed.holds_listed(name):
            return name
    raise RuntimeError("no invented name free of listed names")


def qualifiers(
    index: list[Entity], listed: Listed, seed: int
) -> tuple[list[es.EvalQuery], list[es.EvalQuery], dict[str, Any]]:
    """Listed names wrapped in clutter (positives) and invented ones in the same clutter
    (negatives); the second party of "X for account of Y" is invented in both."""
    rng = es._rng(seed, "qualifiers")
    pool = _party_pool(index)
    rng.shuffle(pool)
    positives: list[es.EvalQuery] = []
    for entity, name in pool[:QUALIFIER_POSITIVES]:
        person = entity.schema == "Person"
        template = rng.choice(clutter.templates_for(person))
        other = _invented(listed, rng, person=rng.random() < 0.3)
        text = clutter.wrap(name, other, template, rng)
        expected = listed.names[es.norm_name(name)]
        positives.append(
            _query(
                "qualifiers",
                es.ALL_INDEX,
                entity.schema,
                text,
                expected,
                f"{template.kind}:{template.lang}",
                name,
            )
        )
    negatives: list[es.EvalQuery] = []
    seen: set[str] = set()
    nrng = es._rng(seed, "qualifiers_negatives")
    while len(negatives) < QUALIFIER_NEGATIVES:
        person = nrng.random() < 0.35
        core = _invented(listed, nrng, person)
        if es.norm_name(core) in seen:
            continue
        seen.add(es.norm_name(core))
        template = nrng.choice(clutter.templates_for(person))
        other = _invented(listed, nrng, person=nrng.random() < 0.3)
        text = clutter.wrap(core, other, template, nrng)
        schema = "Person" if person else "Company"
        negatives.append(
            _query(
                "qualifiers_negatives",
                es.ALL_INDEX,
                schema,
                text,
                [],
                f"{template.kind}:{template.lang}",
                core,
            )
        )
    stats = {
        "positives_by_kind": dict(Counter(q.kind.split(":")[0] for q in positives)),
        "negatives_by_kind": dict(Counter(q.kind.split(":")[0] for q in negatives)),
    }
    return _numbered(positives, rng), _numbered(negatives, nrng), stats


# -- typos ------------------------------------------------------------------------------


def typo_set(
    index: list[Entity], listed: Listed, seed: int
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """One or two edits in listed names (any word of 4+ letters, first letters too)."""
    rng = es._rng(seed, "typos")
    pool = _party_pool(index)
    rng.shuffle(pool)
    queries: list[es.EvalQuery] = []
    counts: Counter[str] = Counter()
    for entity, name in pool:
        if len(queries) >= TYPOS:
            break
        made = typos.typo(name, rng, edits=1 if rng.random() < 0.7 else 2)
        if made is None:
            continue
        text, kind = made
        expected = listed.names[es.norm_name(name)]
        if listed.names.get(es.norm_name(text), set()) - expected:
            counts["dropped_typo_is_another_listed_name"] += 1
            continue
        queries.append(_query("typos", es.ALL_INDEX, entity.schema, text, expected, kind, name))
    counts.update(q.kind for q in queries)
    return _numbered(queries, rng), dict(counts)


# -- invented companies and people -------------------------------------------------------


# Ordinary words firms are named after (general vocabulary, English and a few Russian and
# Turkish ones); only those a listed "WORD + legal form" firm is named after are used.
ORDINARY_WORDS = frozenset(
    [
        "alfa",
        "alpha",
        "apex",
        "arch",
        "arrow",
        "atlas",
        "auction",
        "aurora",
        "axis",
        "beacon",
        "canal",
        "cedar",
        "citadel",
        "city",
        "coco",
        "comet",
        "condor",
        "coral",
        "crown",
        "crystal",
        "dart",
        "delta",
        "diamond",
        "dynamic",
        "eagle",
        "echo",
        "emerald",
        "empire",
        "energy",
        "focus",
        "forum",
        "fortune",
        "fusion",
        "galaxy",
        "gorge",
        "granite",
        "harbor",
        "harmony",
        "horizon",
        "impulse",
        "invent",
        "jade",
        "jupiter",
        "legacy",
        "leverage",
        "liberty",
        "linker",
        "lotus",
        "magnet",
        "matrix",
        "mercury",
        "meridian",
        "monitoring",
        "neptune",
        "nova",
        "oasis",
        "omega",
        "onyx",
        "orbit",
        "orion",
        "pearl",
        "phoenix",
        "pioneer",
        "planet",
        "polaris",
        "prime",
        "pulse",
        "pyramid",
        "quantum",
        "radiant",
        "rainbow",
        "ruby",
        "rust",
        "sapphire",
        "sigma",
        "solid",
        "sputnik",
        "star",
        "summit",
        "titan",
        "topaz",
        "unity",
        "vector",
        "vertex",
        "victory",
        "vista",
        "wayside",
        "wheels",
        "world",
        "zenith",
        "zvezda",
        "mayak",
        "strela",
        "chaika",
        "vertikal",
        "yildiz",
        "sahin",
        "kartal",
    ]
)


def _one_word_firms(index: list[Entity]) -> list[str]:
    """Ordinary words that a listed firm is named after, with a legal form alone
    ("EMERALD FZE", "ORION LLC")."""
    words: set[str] = set()
    for entity in index:
        if entity.schema not in es.ORG_SCHEMAS:
            continue
        for _prop, name in entity.names():
            split = es.split_legal_form(name)
            if split and es.is_latin(name):
                core = split[0].split()
                if len(core) == 1 and core[0].casefold() in ORDINARY_WORDS:
                    words.add(core[0].title())
    return sorted(words)


def invented_companies(
    index: list[Entity], listed: Listed, seed: int
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """Ordinary company names holding the one word of a listed "WORD + legal form" firm,
    with other ordinary words; any holding a whole listed name is left out."""
    rng = es._rng(seed, "invented_companies")
    words = _one_word_firms(index)
    shapes: list[Callable[[str], str]] = [
        lambda w: f"{w} {rng.choice(es.ACTIVITIES)} {rng.choice(_FORMS)}",
        lambda w: f"{rng.choice(es.TRADE_WORDS)} {w} {rng.choice(_FORMS)}",
        lambda w: f"{w} {rng.choice(_PLACES)} {rng.choice(es.ACTIVITIES)} {rng.choice(_FORMS)}",
        lambda w: f"{rng.choice(_PREFIX_FORMS)} {w} {rng.choice(es.ACTIVITIES)}",
        lambda w: "{} {} and {}".format(w, *rng.sample(es.ACTIVITIES, 2)),
    ]
    queries: list[es.EvalQuery] = []
    seen: set[str] = set()
    dropped = 0
    for _ in range(INVENTED_COMPANIES * 20):
        if len(queries) >= INVENTED_COMPANIES:
            break
        word = rng.choice(words)
        name = rng.choice(shapes)(word)
        key = es.norm_name(name)
        if key in seen:
            continue
        seen.add(key)
        if listed.holds_listed(name, min_words=2):
            dropped += 1
            continue
        queries.append(
            _query("invented_companies", es.ALL_INDEX, "Company", name, [], "one_word_firm", name)
        )
    stats = {"listed_one_word_firms": len(words), "dropped_holding_a_listed_name": dropped}
    return _numbered(queries, rng), stats


_FORMS = ("LLC", "Ltd", "FZE", "FZCO", "GmbH", "Co. Ltd", "Inc.", "JSC", "S.A.", "B.V.")
_PREFIX_FORMS = ("Joint Stock Company", "OOO", "LLC", "AO")
_PLACES = tuple(p for places, _forms in es.COUNTRIES.values() for p in places)


def _given_and_surname(name: str) -> tuple[str, str] | None:
    """The given name and surname of "SURNAME, Given ..." (OFAC) or "Given ... SURNAME"
    (UN, UK: the surname alone in capitals); None where it cannot be told."""
    if name.count(",") == 1:
        last, first = (p.split() for p in name.split(","))
        if last and first and last[-1].isalpha() and first[0].isalpha():
            return first[0].title(), last[-1].title()
        return None
    words = name.split()
    caps = [w.isupper() for w in words]
    if len(words) < 2 or not caps[-1] or any(caps[:-1]):
        return None
    if words[0].isalpha() and words[-1].isalpha():
        return words[0].title(), words[-1].title()
    return None


def invented_people(
    index: list[Entity], listed: Listed, seed: int
) -> tuple[list[es.EvalQuery], dict[str, Any]]:
    """A listed person's surname with an invented given name, or a listed given name with
    an invented surname; any holding a whole listed name is left out."""
    rng = es._rng(seed, "invented_people")
    surnames: set[str] = set()
    given: set[str] = set()
    for entity in index:
        if entity.schema != "Person":
            continue
        for _prop, name in entity.names(("name",)):
            parts = _given_and_surname(name)
            if parts and es.is_latin(name):
                given.add(parts[0])
                surnames.add(parts[1])
    surname_list, given_list = sorted(surnames), sorted(given)
    cultures = sorted(es.CULTURES)
    queries: list[es.EvalQuery] = []
    seen: set[str] = set()
    dropped = 0
    for _ in range(INVENTED_PEOPLE * 20):
        if len(queries) >= INVENTED_PEOPLE:
            break
        first_names, last_names = es.CULTURES[rng.choice(cultures)]
        if rng.random() < 0.5:
            kind, name = "listed_surname", f"{rng.choice(first_names)} {rng.choice(surname_list)}"
        else:
            kind, name = "listed_given_name", f"{rng.choice(given_list)} {rng.choice(last_names)}"
        key = es.norm_name(name)
        if key in seen:
            continue
        seen.add(key)
        if listed.holds_listed(name):
            dropped += 1
            continue
        queries.append(_query("invented_people", es.ALL_INDEX, "Person", name, [], kind, name))
    return _numbered(queries, rng), {"dropped_holding_a_listed_name": dropped}


def build_more(
    lists: es.Lists, all_index: list[Entity], seed: int
) -> tuple[dict[str, list[es.EvalQuery]], dict[str, Any]]:
    sdn = lists.by_dir[SDN_2024_DIR]
    listed = Listed(all_index)
    alt_q, alt_stats = ofac_alt_2025(lists.root, sdn, seed)
    csl_q, csl_stats = csl_alt_names(lists.by_dir[CSL_DIR], sdn, seed)
    uk_q, uk_stats = uk_aliases(lists, seed)
    ex_q, ex_stats = uk_eu_excerpts(lists, all_index, seed)
    qual_q, qual_neg, qual_stats = qualifiers(all_index, listed, seed)
    typo_q, typo_stats = typo_set(all_index, listed, seed)
    comp_q, comp_stats = invented_companies(all_index, listed, seed)
    people_q, people_stats = invented_people(all_index, listed, seed)
    queries = {
        "uk_aliases": uk_q,
        "ofac_alt_2025": alt_q,
        "csl_alt_names": csl_q,
        "uk_eu_excerpts": ex_q,
        "qualifiers": qual_q,
        "qualifiers_negatives": qual_neg,
        "typos": typo_q,
        "invented_companies": comp_q,
        "invented_people": people_q,
    }
    stats = {
        "uk_aliases": uk_stats,
        "ofac_alt_2025": alt_stats,
        "csl_alt_names": csl_stats,
        "uk_eu_excerpts": ex_stats,
        "qualifiers": qual_stats,
        "typos": typo_stats,
        "invented_companies": comp_stats,
        "invented_people": people_stats,
    }
    return queries, stats
