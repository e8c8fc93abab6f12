"""Name fields as order books and payment messages write them: the name read apart from its
qualifiers (branch, office, contact, account, place, salutation, role) in several languages,
both parties of "X c/o Y", each name of "X (formerly Y)"; listed names wrapped so still
match, ordinary names wrapped so stay below the threshold, and the explanation says what was
read as a qualifier."""

from __future__ import annotations

from pathlib import Path

import pytest

from caspian import data
from caspian.lists.active import from_files
from caspian.match import DEFAULT_THRESHOLD, Matcher, Query
from caspian.names import clutter
from caspian.names.clutter import read_field
from caspian.order import parse_order
from caspian.rules import default_policy
from caspian.screen import Screener


@pytest.fixture(scope="module")
def matcher(lists_dir: Path) -> Matcher:
    return Matcher(from_files([lists_dir], allow_truncated=True).entities)


# -- reading a field (pure) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "names", "kinds"),
    [
        # English
        ("Sample Freight Ltd, Sharjah branch", ["Sample Freight Ltd"], {"office", "place"}),
        ("Attn: Accounts Dept, Sample Freight Ltd", ["Sample Freight Ltd"], {"attention", "role"}),
        ("Sample Freight Ltd a/c no. 0044-1234-5678", ["Sample Freight Ltd"], {"account"}),
        ("M/s Sample Freight Ltd", ["Sample Freight Ltd"], {"salutation"}),
        (
            "Sample Freight Ltd f/a/o Northwind Metals",
            ["Sample Freight Ltd", "Northwind Metals"],
            {"link"},
        ),
        ("Sample Freight Ltd (Head Office)", ["Sample Freight Ltd"], {"office"}),
        ("Sample Freight Ltd, Karachi, Pakistan", ["Sample Freight Ltd"], {"place"}),
        ("Sample Freight Ltd - Karachi", ["Sample Freight Ltd"], {"place"}),
        ("Sample Freight Ltd, Karachi, PK", ["Sample Freight Ltd"], {"place"}),
        (
            "Sample Freight Ltd IBAN GB29 NWBK 6016 1331 9268 19",
            ["Sample Freight Ltd"],
            {"account"},
        ),
        (
            "Northwind Metals f/k/a Sample Freight Ltd",
            ["Northwind Metals", "Sample Freight Ltd"],
            {"alternative"},
        ),
        # German
        ("Musterhandel GmbH, Zweigniederlassung Hamburg", ["Musterhandel GmbH"], {"office"}),
        (
            "Firma Musterhandel GmbH z. Hd. Herrn Klaus Berger",
            ["Musterhandel GmbH", "Klaus Berger"],
            {"salutation", "attention"},
        ),
        ("Musterhandel GmbH Konto-Nr. 12345678", ["Musterhandel GmbH"], {"account"}),
        (
            "Musterhandel GmbH (vormals Beispiel AG)",
            ["Musterhandel GmbH", "Beispiel AG"],
            {"alternative"},
        ),
        # French
        ("Société Exemple SARL, succursale de Genève", ["Société Exemple SARL"], {"office"}),
        (
            "Société Exemple SARL pour le compte de Nordique SA",
            ["Société Exemple SARL", "Nordique SA"],
            {"link"},
        ),
        (
            "À l'attention de Service Achats, Société Exemple SARL",
            ["Société Exemple SARL"],
            {"attention", "role"},
        ),
        # Russian, Cyrillic and Latin
        ("Филиал ООО «Пример» в г. Казани", ["ООО «Пример»"], {"office"}),
        ("ООО «Пример», Представительство в Минске", ["ООО «Пример»"], {"office"}),
        ("ООО «Пример» р/с 40702810900000012345", ["ООО «Пример»"], {"account"}),
        ("Вниманию: отдел закупок, ООО «Пример»", ["ООО «Пример»"], {"attention", "role"}),
        ("OOO Primer, filial v g. Kazan", ["OOO Primer"], {"office"}),
        ("OOO Primer po porucheniyu AO Severtrans", ["OOO Primer", "AO Severtrans"], {"link"}),
        # Turkish
        ("Örnek Ticaret A.Ş. Mersin Şubesi", ["Örnek Ticaret A.Ş"], {"office"}),
        (
            "Sayın Mehmet Demir, Örnek Ticaret A.Ş.",
            ["Mehmet Demir", "Örnek Ticaret A.Ş"],
            {"salutation"},
        ),
        (
            "Örnek Ticaret A.Ş. adına Kuzey Lojistik Ltd. Şti.",
            ["Örnek Ticaret A.Ş", "Kuzey Lojistik Ltd. Şti"],
            {"link"},
        ),
        # Arabic, transliterated and in Arabic script
        ("Sharikat Al-Mithal, maktab tamthil fi Dubai", ["Sharikat Al-Mithal"], {"office"}),
        (
            "Sharikat Al-Mithal li-hisab Sharikat Al-Nur",
            ["Sharikat Al-Mithal", "Sharikat Al-Nur"],
            {"link"},
        ),
        ("شركة المثال، فرع دبي", ["شركة المثال"], {"office"}),
    ],
)
def test_fields_read_in_each_language(field: str, names: list[str], kinds: set[str]) -> None:
    reading = read_field(field)
    assert list(reading.names[: len(names)]) == names, reading
    assert kinds <= {q.kind for q in reading.qualifiers}, reading


@pytest.mark.parametrize(
    "name",
    [
        "Office Depot",  # an office word that is the name's own
        "Branch Brook Engineering",
        "Exim Trading Ltd",  # "ex" only as a word
        "Maersk A/S",  # a legal form's slash
        "IVANOV, Ivan",  # a list's "LAST, First"
        "HILTON, Paris",  # a given name that is also a city
        "SO, Min-jun",  # a surname that is also a country code (Somalia)
        "MA, Ying",
        "Gazprom, OAO",
        "PALESTINIAN ISLAMIC JIHAD (PIJ)",  # a name's acronym in brackets
    ],
)
def test_names_without_clutter_are_read_as_written(name: str) -> None:
    assert read_field(name).names == (name,)


def test_city_after_a_comma_names_the_country() -> None:
    assert read_field("Sample Freight Ltd, Dubai branch").countries == {"ae"}
    assert read_field("ООО «Пример», Москва").countries == {"ru"}


def test_table_names_its_sources_and_covers_the_languages() -> None:
    rows = data.csv_rows(clutter.TABLE)
    assert all(row["source"] for row in rows)
    langs = {(row["kind"], row["lang"]) for row in rows}
    for kind in ("link", "attention", "office", "account", "salutation", "role", "alternative"):
        for lang in ("en", "de", "fr", "ru", "tr"):
            assert (kind, lang) in langs, (kind, lang)
    for kind in ("link", "office", "role"):
        assert (kind, "ru-Latn") in langs and (kind, "ar-Latn") in langs, kind


# -- matching: listed names in clutter ------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "listed"),
    [
        ("PARCHIN CHEMICAL INDUSTRIES, Isfahan branch", "PARCHIN CHEMICAL INDUSTRIES"),
        ("Attention: Purchasing Manager, Kalaye Electric Company", "KALAYE ELECTRIC COMPANY"),
        ("Gelro Impex S.R.L. acct no. 7700 1234 5678", "GELRO IMPEX S.R.L."),
        ("Northwind Metals for the account of Mahan Air", "MAHAN AIR"),
        ("Mahan Air on behalf of Northwind Metals", "MAHAN AIR"),
        ("Northwind Metals c/o Bank Sepah", "BANK SEPAH"),
        ("Messrs. Rosoboroneksport OAO", "ROSOBORONEKSPORT OAO"),
        ("Bank Sepah Representative Office in Paris", "BANK SEPAH"),
        ("Rosoboroneksport OAO Zweigniederlassung Berlin", "ROSOBORONEKSPORT OAO"),
        ("Bank Sepah, succursale de Paris", "BANK SEPAH"),
        ("Mahan Air Istanbul Şubesi", "MAHAN AIR"),
        ("Mahan Air, irtibat bürosu", "MAHAN AIR"),
        ("Bank Sepah far' Dubai (maktab tamthil)", "BANK SEPAH"),
        ("Kholtsvud OOO, filial v g. Moskva", "KHOLTSVUD OOO"),
        ("Представительство ООО «Аэроскан» в г. Казани", "ООО «АЭРОСКАН»"),
        ("Herrn Müller z. Hd. Einkauf, Elfor TL", "ELFOR TL"),
        ("Northwind Metals (formerly Avomair Ltd.)", "AVOMAIR LTD."),
    ],
)
def test_listed_names_in_clutter_match(matcher: Matcher, field: str, listed: str) -> None:
    """The entity listed under `listed` matches (by whichever of its names is nearest)."""
    results = matcher.match(Query("q", "Organization", {"name": [field]}), limit=5)
    found = [
        r for r in results
        if r.match and listed in {n.upper().replace("“", "«").replace("”", "»")
                                  for _, n in r.entity.names()}
    ]  # fmt: skip
    assert found, (field, [(r.name, r.score) for r in results])
    assert "read from" in found[0].explanation


@pytest.mark.parametrize(
    "field",
    [
        "Northwind Metals Ltd, Isfahan branch",
        "Attention: Purchasing Manager, Bluefield Cable Company",
        "Kestrel Valve S.R.L. acct no. 7700 1234 5678",
        "Harbor Lane Foods for the account of Silver Birch Textiles",
        "Messrs. Lindqvist Marine AB",
        "Alpenglow Tools GmbH Zweigniederlassung Berlin",
        "Société Fleurette SARL, succursale de Paris",
        "Kuzey Yıldızı Gıda Istanbul Şubesi",
        "Представительство ООО «Зелёный Луг» в г. Казани",
        "Herrn Müller z. Hd. Einkauf, Brennholz Schmidt KG",
        "Sharikat Nujum Al-Sahra li-hisab Sharikat Al-Wadi Al-Akhdar",
    ],
)
def test_ordinary_names_in_the_same_clutter_do_not_match(matcher: Matcher, field: str) -> None:
    results = matcher.match(Query("q", "Organization", {"name": [field]}), limit=3)
    assert all(r.score < DEFAULT_THRESHOLD for r in results), [
        (r.name, r.explanation) for r in results
    ]


def test_explanation_names_what_was_read_as_a_qualifier(matcher: Matcher) -> None:
    [top, *_] = matcher.match(
        Query("q", "Organization", {"name": ["Bank Sepah, Dubai branch"]}), limit=1
    )
    assert top.match
    assert 'read from "Bank Sepah, Dubai branch"' in top.explanation
    assert 'office "branch"' in top.explanation and 'place "Dubai"' in top.explanation


def test_place_read_off_a_field_meets_no_other_branch(matcher: Matcher) -> None:
    """A listed branch named by its country is not the query's branch elsewhere."""
    results = matcher.match(
        Query("q", "Organization", {"name": ["AL-HARAMAIN FOUNDATION (PAKISTAN)"]}), limit=5
    )
    matched = [r.name.upper() for r in results if r.match]
    assert matched and all("KENYA" not in n and "TANZANIA" not in n for n in matched), matched


@pytest.mark.parametrize(
    ("buyer", "blocked"),
    [
        ("Attn: Procurement Dept, Kalaye Electric Company", True),
        ("Kalaye Electric Company, Tabriz branch", True),
        ("Attn: Procurement Dept, Bluefield Cable Company", False),
    ],
)
def test_order_parties_are_read_too(matcher: Matcher, buyer: str, blocked: bool) -> None:
    """Screening reads a party's name field as `match` does: one reading, every surface."""
    screener = Screener(matcher, default_policy())
    body = {
        "id": "PO-CLUTTER",
        "date": "2026-03-02",
        "parties": [
            {"role": "seller", "name": "Rhein Components Distribution GmbH", "country": "DE"},
            {"role": "buyer", "name": buyer, "country": "TR"},
        ],
        "items": [
            {
                "description": "32-bit microcontroller",
                "hs_code": "8542.31",
                "quantity": 10,
                "unit_value": 7.5,
            }
        ],
        "route": [],
    }
    result = screener.screen(parse_order(body))
    assert (result.decision == "BLOCK") is blocked, [r.code for r in result.reasons]


@pytest.mark.parametrize(
    "field",
    [
        "Nordic Gulf Marine Supplies FZCO",  # one rare word and a generic one: no evidence
        "Emerald Garden Trading FZE",  # one word and a legal form
    ],
)
def test_one_listed_word_inside_a_longer_name_is_no_match(matcher: Matcher, field: str) -> None:
    results = matcher.match(Query("q", "Organization", {"name": [field]}), limit=3)
    assert not any(r.match for r in results), [(r.name, r.score) for r in results]


def test_person_read_down_to_one_word_is_not_screened_alone(matcher: Matcher) -> None:
    query = Query("q", "Person", {"name": ["Karl Heinrich Brandtner dit Said"]})
    assert not any(r.match for r in matcher.match(query, limit=5))


def test_a_bad_table_row_is_refused_naming_the_row(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"kind": "office", "phrase": "branch", "lang": "en", "source": "OED"},
            {"kind": "offices", "phrase": "bureau", "lang": "fr", "source": "OQLF"}]  # fmt: skip
    monkeypatch.setattr(clutter.data, "csv_rows", lambda name: rows)
    clutter._tables.cache_clear()
    try:
        with pytest.raises(ValueError, match="row 2: needs a known kind"):
            clutter._tables()
        rows[1] = {"kind": "place", "phrase": "Dubai", "lang": "", "country": "", "source": "x"}
        with pytest.raises(ValueError, match="place 'Dubai' needs a country code"):
            clutter._tables()
    finally:
        clutter._tables.cache_clear()
