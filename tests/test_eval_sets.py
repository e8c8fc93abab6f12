"""The matching evaluation sets (bench/eval_sets.py), built from the real list files."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench import eval_sets as es
from caspian.model import Entity


@pytest.fixture(scope="module")
def lists(lists_dir: Path) -> es.Lists:
    return es.Lists.load(lists_dir)


@pytest.fixture(scope="module")
def sets(lists: es.Lists) -> es.EvalSets:
    return es.build_sets(lists)


def by_id(entities: list[Entity]) -> dict[str, Entity]:
    return {e.id: e for e in entities}


def test_same_seed_same_queries_other_seed_other_queries(
    lists: es.Lists, sets: es.EvalSets
) -> None:
    again = es.build_sets(lists)
    assert list(es.iter_lines(again)) == list(es.iter_lines(sets))
    assert (
        again.indexes["ofac-sdn-2021-holdout"].removed
        == sets.indexes["ofac-sdn-2021-holdout"].removed
    )
    other = es.build_sets(lists, seed=es.SEED + 1)
    assert list(es.iter_lines(other)) != list(es.iter_lines(sets))


def test_set_sizes(sets: es.EvalSets) -> None:
    sizes = {name: len(queries) for name, queries in sets.queries.items()}
    assert 380 <= sizes["cross_script"] <= 450  # every UN original-script name
    assert 600 <= sizes["cross_list"] <= 692  # UK entries citing a UN reference
    assert 600 <= sizes["cross_list_negatives"] <= es.CROSS_LIST_NEGATIVES
    assert sizes["alias_recovery"] == es.ALIAS_RECOVERY
    assert sizes["variants"] == len(es.VARIANT_KINDS) * es.VARIANTS_PER_KIND
    assert 980 <= sizes["negatives"] <= es.NEGATIVE_COMPANIES + es.NEGATIVE_PERSONS
    ids = [q.id for queries in sets.queries.values() for q in queries]
    assert len(ids) == len(set(ids))


def test_positives_expect_and_negatives_do_not(sets: es.EvalSets) -> None:
    for name, queries in sets.queries.items():
        negative = name in es.NEGATIVE_SETS
        for query in queries:
            assert bool(query.expected) != negative, query
            assert query.properties["name"], query
            assert query.index in sets.indexes


def test_negatives_never_equal_a_listed_name(lists: es.Lists, sets: es.EvalSets) -> None:
    listed = es.name_map(es.build_index(lists, sets.indexes[es.ALL_INDEX]))
    for query in sets.queries["negatives"]:
        assert es.norm_name(query.properties["name"][0]) not in listed, query
    un = es.name_map(lists.by_dir[es.UN_DIR])
    for query in sets.queries["cross_list_negatives"]:
        assert es.norm_name(query.properties["name"][0]) not in un, query
    kinds = {q.kind for q in sets.queries["negatives"]}
    assert kinds == {"company"} | {f"person:{c}" for c in es.CULTURES}


def test_held_out_alias_is_absent_from_its_index(lists: es.Lists, sets: es.EvalSets) -> None:
    index = es.build_index(lists, sets.indexes[es.HOLDOUT_INDEX])
    entities = by_id(index)
    names = es.name_map(index)
    original = by_id(lists.by_dir[es.OFAC_2021_DIR])
    for query in sets.queries["alias_recovery"]:
        alias = query.properties["name"][0]
        (entity_id,) = query.expected
        assert alias in original[entity_id].get("alias")  # it was a real alias
        assert alias not in [n for _p, n in entities[entity_id].names()]
        assert es.norm_name(alias) not in names  # nor any spelling of it, on any entity
    # The parsed list itself is untouched: held-out aliases are removed from copies only.
    query = sets.queries["alias_recovery"][0]
    assert query.properties["name"][0] in original[query.expected[0]].get("alias")


def test_cross_script_index_has_latin_names_only(lists: es.Lists, sets: es.EvalSets) -> None:
    index = es.build_index(lists, sets.indexes[es.UN_LATIN_INDEX])
    assert len(index) == len(lists.by_dir[es.UN_DIR])
    assert not [n for e in index for _p, n in e.names() if es.non_latin(n)]
    entities = by_id(index)
    for query in sets.queries["cross_script"]:
        assert es.non_latin(query.properties["name"][0])
        assert "LATIN" not in es.scripts(query.properties["name"][0])
        assert list(entities[query.expected[0]].names())  # a Latin name is left to find
    kinds = {q.kind for q in sets.queries["cross_script"]}
    assert {"arabic", "persian", "cyrillic", "han"} <= kinds
    # A two-script alias keeps its Latin part: Abu Bakr al-Baghdadi is still findable.
    baghdadi = entities["un-QDi.299"]
    assert "Abu Bakr al-Baghdadi" in baghdadi.get("alias")


def test_cross_list_pairs_uk_entries_with_their_un_entry(sets: es.EvalSets) -> None:
    queries = sets.queries["cross_list"]
    by_name = {q.properties["name"][0]: q for q in queries}
    # "UN Ref QDe.004" on a UK person: a wrong reference, left out (schemas differ).
    assert "Nayef Salam Muhammad Ujaym AL-HABABI" not in by_name
    # The UK file shifts KPi.074-079 by one: an exact-name entry contradicts it, left out.
    assert "Pak Mun IL" not in by_name
    assert all(q.expected[0].startswith("un-") for q in queries)
    with_dob = [q for q in queries if "birthDate" in q.properties]
    assert len(with_dob) > len(queries) // 2


def test_variants_expect_every_entity_with_the_source_name(
    lists: es.Lists, sets: es.EvalSets
) -> None:
    names = es.name_map(es.build_index(lists, sets.indexes[es.ALL_INDEX]))
    kinds: dict[str, int] = {}
    for query in sets.queries["variants"]:
        assert query.properties["name"][0] != query.source
        assert query.expected == sorted(names[es.norm_name(query.source)])
        kinds[query.kind] = kinds.get(query.kind, 0) + 1
    assert kinds == {kind: es.VARIANTS_PER_KIND for kind in es.VARIANT_KINDS}


@pytest.mark.parametrize(
    ("make", "name", "expected"),
    [
        (es.reorder, "HANIYA, Ismail Abdul Salah", "Ismail Abdul Salah HANIYA"),
        (es.cyrillic, "Alabuga Special Economic Zone", "Алабуга Спесиал Экономик Зоне"),
        (es.cyrillic, "KALASHNIKOV CONCERN JSC", "АО КАЛАШНИКОВ КОНСЕРН"),
        (es.cyrillic, "Nikolay Shchukin", "Николай Щукин"),
    ],
)
def test_deterministic_variant_makers(make: es.VariantMaker, name: str, expected: str) -> None:
    assert make(name, random.Random(0)) == expected


LLC_RENDERINGS = {
    "MAHAN AIR",
    "MAHAN AIR L.L.C.",
    "MAHAN AIR LIMITED LIABILITY COMPANY",
    "OOO MAHAN AIR",
}


def test_variant_makers_change_what_they_say() -> None:
    rng = random.Random(1)
    for _ in range(50):
        typo = es.typo("GHODS AVIATION INDUSTRIES", rng)
        assert typo and typo != "GHODS AVIATION INDUSTRIES"
        assert typo.split()[0][0] == "G"  # first letters are kept
        legal = es.legal_form("MAHAN AIR LLC", rng)
        assert legal in LLC_RENDERINGS
        roman = es.romanisation("Qods Aviation Industries", rng)
        assert roman and roman.lower() != "qods aviation industries"
    assert es.romanisation("Ghods", random.Random(0)) == "Qods"
    assert es.split_legal_form("Sepanir Oil and Gas Engineering Co. Ltd")[1:] == (
        es.LEGAL_FORMS[0],
        "Co. Ltd",
    )


def test_nomenklatura_proxies_have_unique_ids() -> None:
    """nomenklatura caches name analysis by entity id: reused ids score stale names."""
    pytest.importorskip("nomenklatura")
    from bench.eval_match import Nomenklatura

    engine = Nomenklatura("logic-v2")
    props = {"name": ["Qods Aviation Industries"], "program": ["Iran"], "notes": ["a note"]}
    listed = Entity("un-x", "Organization", "un-sc", "x", props)
    proxy = engine.entity_proxy("un", listed)
    assert proxy.id == "un/un-x"
    assert proxy.schema.name == "Organization"
    assert proxy.get("name") == ["Qods Aviation Industries"]
    same = engine.proxy("q/1", "Organization", {"name": ["Qods Aviation Industries"]})
    other = engine.proxy("q/2", "Organization", {"name": ["Shahed Aviation Industries"]})
    assert engine.score(same, proxy) == 1.0
    assert engine.score(other, proxy) < 0.7


def test_split_keeps_every_entity_in_one_part(sets: es.EvalSets) -> None:
    """Tuning reads the tune part only: no entity (nor invented negative) in both parts."""
    from bench import eval_split

    seen: dict[str, set[str]] = {part: set() for part in eval_split.PARTS}
    negatives: dict[str, set[str]] = {part: set() for part in eval_split.PARTS}
    for name, queries in sets.queries.items():
        tested = sum(q.part == "test" for q in queries)
        assert {q.part for q in queries} <= set(eval_split.PARTS), name
        if len(queries) >= 300:  # about 30% frozen in every set of any size
            assert 0.2 < tested / len(queries) < 0.4, name
        for query in queries:
            if query.expected:
                seen[query.part].update(query.expected)
            else:
                negatives[query.part].add(query.split_key())
    assert not seen["tune"] & seen["test"]
    assert not negatives["tune"] & negatives["test"]
    assert len(seen["test"]) > 1000 and len(negatives["test"]) > 1000


def test_new_sets_reach_their_sizes(sets: es.EvalSets) -> None:
    from bench import eval_more as em

    sizes = {name: len(queries) for name, queries in sets.queries.items()}
    assert sizes["qualifiers"] >= 900 and sizes["qualifiers_negatives"] >= 1000
    assert sizes["typos"] >= 1000
    assert sizes["invented_companies"] == em.INVENTED_COMPANIES
    assert sizes["invented_people"] == em.INVENTED_PEOPLE
    assert sizes["ofac_alt_2025"] == em.OFAC_ALT_2025_SIZE
    assert sizes["csl_alt_names"] == em.CSL_ALT_SIZE
    assert sizes["uk_aliases"] >= 100 and sizes["uk_eu_excerpts"] >= 100
    for name in ("ofac_alt_2025", "csl_alt_names"):
        assert {q.index for q in sets.queries[name]} == {em.SDN_2024_INDEX}


def test_alias_sets_hold_aliases_no_index_name_spells(lists: es.Lists, sets: es.EvalSets) -> None:
    for name in ("ofac_alt_2025", "csl_alt_names", "uk_aliases"):
        index = es.build_index(lists, sets.indexes[sets.queries[name][0].index])
        names = es.name_map(index)
        ids = {e.id for e in index}
        for query in sets.queries[name]:
            assert es.norm_name(query.properties["name"][0]) not in names, query
            assert set(query.expected) <= ids


def test_qualifiers_wrap_listed_names_and_invented_ones_alike(
    lists: es.Lists, sets: es.EvalSets
) -> None:
    from bench import eval_clutter, eval_more

    listed = eval_more.Listed(es.build_index(lists, sets.indexes[es.ALL_INDEX]))
    positives, negatives = sets.queries["qualifiers"], sets.queries["qualifiers_negatives"]
    for query in positives:
        text = query.properties["name"][0]
        assert query.source in text and text != query.source
        assert query.expected == sorted(listed.names[es.norm_name(query.source)])
    for query in negatives:
        assert query.source in query.properties["name"][0]
        assert not listed.holds_listed(query.source), query
    langs = {c.lang for c in eval_clutter.TEMPLATES}
    assert {"en", "de", "fr", "ru", "tr", "ar-latn"} <= langs
    for group in (positives, negatives):
        kinds = {q.kind.split(":")[0] for q in group}
        assert {"branch", "attention", "account", "iban", "for_account_of", "on_behalf_of",
                "representative_office", "care_of", "salutation"} <= kinds  # fmt: skip
        assert {q.kind.split(":")[1] for q in group} == langs


def _distance(a: str, b: str) -> int:
    """Optimal string alignment distance (edits with adjacent transpositions)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1,
                          d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))  # fmt: skip
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_typos_are_one_or_two_edits_anywhere(sets: es.EvalSets) -> None:
    from bench import eval_typos

    queries = sets.queries["typos"]
    first_letter = given_name = 0
    for query in queries:
        text = query.properties["name"][0]
        edits = 2 if query.kind == "two_edits" else 1
        # An OCR confusion rewrites up to two letters ("rn" -> "m").
        assert 1 <= _distance(text.casefold(), query.source.casefold()) <= 2 * edits, query
        before, after = query.source.split(), text.split()
        if len(before) == len(after):
            first_letter += any(b[0] != a[0] for b, a in zip(before, after, strict=True))
            if query.schema == "Person" and "," in query.source:
                given_name += before[1] != after[1]
    assert first_letter > 50 and given_name > 50
    assert {q.kind for q in queries} == {*eval_typos.EDITS, "two_edits"}


def test_typo_generator_keeps_short_words() -> None:
    from bench import eval_typos

    rng = random.Random(3)
    for _ in range(200):
        made = eval_typos.typo("AL HAJ Mohammad ABU BAKR", rng, edits=1)
        assert made is not None
        text, _kind = made
        words = text.split()
        assert words[:2] == ["AL", "HAJ"] and words[3] == "ABU"  # words under 4 letters kept


def test_invented_negatives_share_one_word_and_hold_no_listed_name(
    lists: es.Lists, sets: es.EvalSets
) -> None:
    from bench import eval_more

    index = es.build_index(lists, sets.indexes[es.ALL_INDEX])
    listed = eval_more.Listed(index)
    words = {w.casefold() for w in eval_more._one_word_firms(index)}
    assert {"emerald", "orion"} <= words
    for query in sets.queries["invented_companies"]:
        name = query.properties["name"][0]
        assert words & set(es.norm_name(name).split()), query
        assert not listed.holds_listed(name, min_words=2), query
    for query in sets.queries["invented_people"]:
        assert not listed.holds_listed(query.properties["name"][0]), query
