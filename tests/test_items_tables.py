"""The item tables of caspian/data: consistent with the shared reference and with each other."""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest

from caspian import data
from caspian.items import all_groups, group, parse_eccn, parse_hs
from caspian.items.description_terms import ANY_GROUP, terms
from caspian.items.groups import defining_group
from caspian.items.parts import PartFamily, families, match_part

GROUP_IDS = {grp.id for grp in all_groups()}
_ECCN_TOKEN = re.compile(r"\b(?:[0-9][A-E]\d{3}(?:\.[a-z0-9]+)*|EAR99)\b")


def _reference_codes(cell: str) -> set[str]:
    """'8526.91; 8529.10', '8806.xx', '3920/3921', '8541.51 (MEMS transducers)' as HS-6 codes
    and four-digit headings."""
    codes: set[str] = set()
    for part in re.split(r"[;/]", re.sub(r"\(.*?\)", "", cell)):
        digits = re.sub(r"\.xx$", "", part.strip()).replace(".", "")
        if digits:
            codes.add(digits)
    return codes


def _reference_items(reference_dir: Path) -> list[dict[str, str]]:
    with (reference_dir / "uav_items.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_one_group_per_reference_category_with_its_codes(reference_dir: Path) -> None:
    rows = _reference_items(reference_dir)
    groups = all_groups()
    assert len(rows) == len(groups) == 22
    for row, grp in zip(rows, groups, strict=True):
        assert set(grp.hs6s) == _reference_codes(row["hs_codes"]), (grp.id, row["category"])
        assert grp.name and grp.source and grp.tag in {"V", "S", "A", "M"}


def test_unverified_reference_categories_stay_tagged_m(reference_dir: Path) -> None:
    for row, grp in zip(_reference_items(reference_dir), all_groups(), strict=True):
        if row["source"].startswith("[M]"):
            assert grp.tag == "M", grp.id


def test_defining_codes_are_listed_unique_and_lead_back_to_their_group() -> None:
    seen: Counter[str] = Counter()
    for grp in all_groups():
        assert set(grp.defining) <= set(grp.hs6s), grp.id
        assert grp.typical_hs6 is None or grp.typical_hs6 in grp.hs6s, grp.id
        seen.update(grp.defining)
        for code in grp.defining:
            hs6 = code if len(code) == 6 else code + "22"
            found = defining_group(hs6)
            assert found is not None and found.id == grp.id, code
    assert [code for code, count in seen.items() if count > 1] == []


def test_every_listed_code_is_a_valid_hs_code() -> None:
    for grp in all_groups():
        for code in grp.hs6s:
            parsed = parse_hs(code)
            assert parsed.heading == code[:4]


def test_eccn_examples_of_the_groups_are_explained() -> None:
    for grp in all_groups():
        tokens = _ECCN_TOKEN.findall(grp.eccn_examples)
        assert tokens, grp.id
        for token in tokens:
            eccn = parse_eccn(token)
            assert eccn.description, (grp.id, token)


def test_eccn_table_covers_the_ccl_structure() -> None:
    rows = data.csv_rows("eccn.csv")
    keys = {(row["kind"], row["key"]) for row in rows}
    assert {("category", str(digit)) for digit in range(10)} <= keys
    assert {("group", letter) for letter in "ABCDE"} <= keys
    assert {row["tag"] for row in rows} <= {"S", "A", "M"}
    for row in rows:
        if row["kind"] == "entry":
            assert parse_eccn(row["key"]).code == row["key"]


def test_chpl_table_rows_cite_their_source() -> None:
    rows = data.csv_rows("chpl.csv")
    assert len(rows) == 50
    for row in rows:
        assert re.fullmatch(r"\d{6}", row["hs6"])
        assert row["description"] and "BIS CHPL 2024-02-23" in row["source"]


# --- terms --------------------------------------------------------------------------------


def test_terms_table_is_well_formed() -> None:
    rows = terms()
    assert Counter((term.group, term.lang, term.text) for term in rows).most_common(1)[0][1] == 1
    for term in rows:
        where = (term.group, term.text)
        assert term.group in GROUP_IDS or (term.group == ANY_GROUP and term.weight == "not"), where
        assert term.lang in {"en", "ru", "zh"}, where
        assert term.match in {"word", "prefix", "substring"}, where
        assert term.weight in {"strong", "weak", "not"}, where
        assert term.tokens, where
        if term.lang == "zh":
            assert term.match == "substring", where
        if term.weight != "strong":
            assert term.hs6_cell == "", where
        elif term.hs6_cell not in ("", "-"):
            assert parse_hs(term.hs6_cell).hs6 == term.hs6_cell, where


def test_every_group_has_words_in_each_language() -> None:
    languages: dict[str, set[str]] = {}
    for term in terms():
        if term.weight != "not":
            languages.setdefault(term.group, set()).add(term.lang)
    assert languages == {grp: {"en", "ru", "zh"} for grp in GROUP_IDS}


# Integrated circuits (HS 8542.31-39), and the words that say a term names a chip.
CHIP_CODES = {"854231", "854232", "854233", "854239"}
CHIP_WORDS = ("chip", "микросхем", "芯片")


def test_strong_terms_name_an_hs6_only_through_their_group() -> None:
    """A strong term with an HS-6 of its own names one of the codes its group lists, or,
    when it names a chip (GNSS chip), an integrated-circuit code."""
    for term in terms():
        if term.weight == "strong" and term.hs6_cell not in ("", "-"):
            code = term.hs6_cell
            if group(term.group).lists(code):
                continue
            assert code in CHIP_CODES and any(w in term.text for w in CHIP_WORDS), term.text


# --- part families ------------------------------------------------------------------------


def test_part_family_table_is_well_formed() -> None:
    rows = families()
    assert len(rows) >= 150
    assert len({family.pattern for family in rows}) == len(rows)
    for family in rows:
        compiled = re.compile(family.pattern)
        assert family.pattern.startswith("^") and compiled.groups == 0, family.pattern
        assert family.uav_group in GROUP_IDS, family.pattern
        assert family.manufacturers[0] and family.family and family.basis, family.pattern
        assert family.tag in {"A", "S", "M"}, family.pattern
        if family.hs6:
            assert parse_hs(family.hs6).hs6 == family.hs6, family.pattern


@pytest.mark.parametrize("family", families(), ids=lambda family: family.example)
def test_each_example_matches_its_own_family(family: PartFamily) -> None:
    assert match_part(family.example) is family
