"""The name tables: every romanisation rule does what its examples say, tables are sound,
and every name on the shared lists analyses."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from caspian import data
from caspian.lists.detect import read_paths
from caspian.names import LEGAL, TERM, WORD, analyze, joined_keys, romanize
from caspian.names.analyze import lexicon

TABLES = [
    "name_romanization.csv",
    "name_variants.csv",
    "name_nicknames.csv",
    "name_terms.csv",
    "name_endings.csv",
    "name_particles.csv",
    "legal_forms.csv",
    "honorifics.csv",
    "translit_cyrillic.csv",
    "translit_arabic.csv",
    "translit_hebrew.csv",
    "translit_greek.csv",
    "translit_kana.csv",
    "translit_hangul.csv",
    "abjad_readings.csv",
    "name_spelling_groups.csv",
    "korean_surnames.csv",
    "number_words.csv",
    "name_abbreviations.csv",
]


def _key_without(word: str, skipped: romanize.Rule) -> str:
    """The key of a Latin word with one rule left out (same loop as romanize._apply)."""
    for rule in romanize.rules():
        if rule is skipped or (rule.needs and rule.needs not in word):
            continue
        if len(word) >= rule.min_len:
            word = rule.pattern.sub(rule.replacement, word)
    return word


def _example_groups(rule: romanize.Rule) -> list[list[str]]:
    return [[w.strip().lower() for w in group.split("=")] for group in rule.example.split(";")]


@pytest.mark.parametrize("rule", romanize.rules(), ids=lambda r: r.pattern.pattern)
def test_each_romanisation_rule_makes_its_examples_meet(rule: romanize.Rule) -> None:
    groups = _example_groups(rule)
    assert groups and all(len(g) >= 2 for g in groups), rule.example
    for group in groups:
        assert len({romanize.key(w) for w in group}) == 1, group
    # ...and is needed for it: without the rule, some example falls apart.
    assert any(len({_key_without(w, rule) for w in group}) > 1 for group in groups), rule.example


@pytest.mark.parametrize("rule", romanize.variants(), ids=lambda r: r.pattern.pattern)
def test_each_variant_rule_makes_near_spellings_meet(rule: romanize.Variant) -> None:
    """Every example meets on the loose key, and only there: its keys stay apart, since a
    variant is weaker evidence than one spelling."""
    groups = [[w.strip().lower() for w in g.split("=")] for g in rule.example.split(";")]
    for group in groups:
        assert len({romanize.loose(w) for w in group}) == 1, group
        assert len({romanize.key(w) for w in group}) > 1, group


def test_variant_rules_leave_unrelated_names_apart() -> None:
    for a, b in [("Kim", "Pak"), ("Petrov", "Ivanov"), ("Shin", "Sun"), ("Mario", "Maria")]:
        assert romanize.loose(a.lower()) != romanize.loose(b.lower())


def test_tables_name_their_sources() -> None:
    for table in TABLES:
        header = [ln for ln in data.text(table).splitlines() if ln.startswith("#")]
        assert any("Sources:" in ln for ln in header), table
        assert data.csv_rows(table), table


def test_cyrillic_and_arabic_tables_cover_their_alphabets() -> None:
    cyrillic = {row["letter"] for row in data.csv_rows("translit_cyrillic.csv")}
    assert set("абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґў") <= cyrillic
    arabic = {row["letter"] for row in data.csv_rows("translit_arabic.csv")}
    assert set("ابتثجحخدذرزسشصضطظعغفقكلمنهويةى") <= arabic
    assert set("پچژگکی") <= arabic  # Persian


def test_no_form_means_two_things() -> None:
    for cjk in (False, True):
        seen: dict[tuple[str, str, bool], set[str]] = defaultdict(set)
        for (value, family, spelled), entries in lexicon(cjk)._first.items():
            for entry in entries:
                if len(entry.words) == 1:
                    seen[(value, family, spelled)].add(f"{entry.kind}:{entry.concepts[0]}")
        clashes = {k: v for k, v in seen.items() if len(v) > 1}
        assert not clashes


def test_stems_take_endings_only() -> None:
    economic = ["экономический", "экономическая", "экономической", "экономических"]
    assert {analyze(w).tokens[0].concept for w in economic} == {"economic"}
    assert analyze("экономическаяпромышленность").tokens[0].kind == WORD


@pytest.fixture(scope="module")
def list_names(lists_dir: Path) -> list[str]:
    names = {
        name
        for data_ in read_paths([lists_dir], allow_truncated=True).lists
        for entity in data_.entities
        for _prop, name in entity.names()
    }
    return sorted(names)


def test_every_listed_name_analyses(list_names: list[str]) -> None:
    assert len(list_names) > 40_000
    for name in list_names:
        analysis = analyze(name)
        joined_keys(analysis)
        if any(ch.isalnum() for ch in name):
            assert analysis.tokens, name
            assert analysis.core, name  # legal forms and titles never take a whole name
        for token in analysis.tokens:
            assert token.text.isascii() and token.text.isalnum(), (name, token)
            assert token.key and token.skeleton, (name, token)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Niigazekonomika, OOO", [("niigazekonomika", WORD), ("ooo", LEGAL)]),
        ("GAZPROM NEFT PJSC", [("gazprom", WORD), ("neft", TERM), ("pjsc", LEGAL)]),
        (
            "KOVROV MECHANICAL PLANT PJSC",
            [("kovrov", WORD), ("mechanical", WORD), ("plant", TERM), ("pjsc", LEGAL)],
        ),
        ("Noor ud Din TURABI", [("noor", WORD), ("din", WORD), ("turabi", WORD)]),
        ("ООО «Аэроскан»", [("ooo", LEGAL), ("aeroskan", WORD)]),
    ],
)
def test_listed_names(list_names: list[str], name: str, expected: list[tuple[str, str]]) -> None:
    assert name in list_names
    assert [(t.text, t.kind) for t in analyze(name).tokens] == expected


def test_listed_spellings_of_one_person_meet(list_names: list[str]) -> None:
    turabi = analyze("Noor ud Din Turabi")
    assert analyze("Nooruddin Turabi Muhammad QASIM").tokens[0].key in joined_keys(turabi)
    for a, b in [("Nofal AL-HUSAYN", "Nofal AL-HUSSEIN"), ("Noor AHMAD", "Noor Ahmed")]:
        assert a in list_names and b in list_names
        assert [t.skeleton for t in analyze(a).tokens] == [t.skeleton for t in analyze(b).tokens]


def test_nicknames_meet_their_names_and_only_them() -> None:
    from caspian.names.nicknames import same_name

    def key(name: str) -> str:
        return analyze(name).tokens[0].key

    assert same_name(key("Sasha"), key("Alexander")) and same_name(key("Sasha"), key("Shura"))
    assert same_name(key("Pepe"), key("José")) and same_name(key("Beto"), key("Alberto"))
    assert not same_name(key("Alberto"), key("Roberto"))  # one nickname, two names
    assert not same_name(key("Bill"), key("Robert"))
