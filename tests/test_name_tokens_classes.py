"""Classes of name writing the tokeniser reads as one (issue 11), on real listed names.

Each class: names written otherwise that must find the listed entity (through retrieval,
not only scoring), and near names that must not: initials and acronyms in their order,
words joined or split in several parts, numbers written as words, place abbreviations,
spelled-out legal forms, Russian names in their full official form.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from caspian import data
from caspian.lists.active import from_files
from caspian.match import Matcher, Query
from caspian.model import Entity
from caspian.names.abbreviations import expansions
from caspian.names.analyze import INITIAL, LEGAL, NUMBER, TERM, WORD, analyze
from caspian.names.number_words import number_words


@pytest.fixture(scope="module")
def matcher(lists_dir: Path) -> Matcher:
    return Matcher(from_files([lists_dir], allow_truncated=True).entities)


def _q(name: str, schema: str = "Organization") -> Query:
    return Query("q", schema, {"name": [name]})


def _entity(name: str, schema: str = "Organization") -> Entity:
    entity = Entity(id="t", schema=schema, source="test", source_id="t")
    entity.add("name", name)
    return entity


def _matched(matcher: Matcher, name: str, schema: str = "Organization") -> list[str]:
    return [r.entity.id for r in matcher.match(_q(name, schema)) if r.match]


def _explained(matcher: Matcher, name: str, schema: str = "Organization") -> list[str]:
    return [r.explanation for r in matcher.match(_q(name, schema))]


def _kinds(name: str) -> list[tuple[str, str]]:
    return [(t.text, t.kind) for t in analyze(name).tokens]


# -- initials and acronyms ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AWA Engineering Ltd", "ofac-sdn-8306"),  # A.W.A. ENGINEERING LIMITED
        ("A W A Engineering Limited", "ofac-sdn-8306"),
        ("IPC International Ltd", "ofac-sdn-8371"),  # I.P.C. INTERNATIONAL LIMITED
        ("I. P. C. Marketing Limited", "ofac-sdn-8372"),
        ("TMG Engineering Limited", "ofac-sdn-8405"),  # T.M.G. ENGINEERING LIMITED
        ("A.T.E International Ltd", "ofac-sdn-8416"),  # A.T.E. INTERNATIONAL LTD.
        ("Maesai KDP Company Ltd", "ofac-sdn-9548"),  # MAESAI K.D.P. COMPANY LTD.
    ],
)
def test_initials_dotted_spaced_or_joined_find_the_listed_firm(
    matcher: Matcher, query: str, expected: str
) -> None:
    assert expected in _matched(matcher, query), _explained(matcher, query)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("P.I.C. International Ltd", "ofac-sdn-8371"),  # I.P.C.
        ("W.A.A. Engineering Limited", "ofac-sdn-8306"),  # A.W.A.
        ("GMT Engineering Limited", "ofac-sdn-8405"),  # T.M.G.
        ("M.T.G. Engineering Limited", "ofac-sdn-8405"),
    ],
)
def test_initials_in_another_order_are_another_firm(
    matcher: Matcher, query: str, listed: str
) -> None:
    assert listed not in _matched(matcher, query), _explained(matcher, query)


def test_a_persons_initials_pair_in_their_order(matcher: Matcher) -> None:
    listed = _entity("J. R. Hartley", "Person")
    same = matcher.score(_q("J R Hartley", "Person"), listed)
    swapped = matcher.score(_q("R. J. Hartley", "Person"), listed)
    assert same.match, same.explanation
    assert not swapped.match, swapped.explanation
    assert swapped.score < same.score
    longer = matcher.score(_q("J. R. R. Hartley", "Person"), listed)
    assert longer.score > swapped.score, longer.explanation
    # Initials still stand for the given names they begin.
    full = matcher.score(_q("John Richard Hartley", "Person"), listed)
    assert full.score > swapped.score, full.explanation


def test_joined_initials_meet_a_persons_dotted_ones(matcher: Matcher) -> None:
    result = matcher.score(_q("JR Hartley", "Person"), _entity("J. R. Hartley", "Person"))
    assert result.match, result.explanation


# -- words joined or split in several parts ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "schema", "expected"),
    [
        ("tarkhantayumurazovichbatirashvili", "Person", "un-QDi.345"),
        ("Zaurbek Salimovich Guchaev", "Person", "un-QDi.367"),
        ("zaurbeksalimovichguchaev", "Person", "un-QDi.367"),
        ("ayratnasimovichvakhitov", "Person", "un-QDi.397"),
    ],
)
def test_a_name_written_as_one_word_finds_the_listed_person(
    matcher: Matcher, query: str, schema: str, expected: str
) -> None:
    assert expected in _matched(matcher, query, schema), _explained(matcher, query, schema)


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("Van Den Hoek Shipping", "Vandenhoek Shipping", "Organization"),
        ("vandenhoek shipping", "Van den Hoek Shipping", "Organization"),
        ("Al Noor Al Mubin Trading", "Alnooralmubin Trading", "Organization"),
        ("aslanavgazarovichbyutukaev", "ASLAN AVGAZAROVICH BYUTUKAEV", "Person"),
        # a typo in the joined word
        ("aslanavgazarovichbutukaev", "ASLAN AVGAZAROVICH BYUTUKAEV", "Person"),
        ("Van den Hook Shipping", "Vandenhoek Shipping", "Organization"),
    ],
)
def test_words_joined_or_split_in_several_parts(
    matcher: Matcher, query: str, listed: str, schema: str
) -> None:
    result = matcher.score(_q(query, schema), _entity(listed, schema))
    assert result.match, result.explanation


@pytest.mark.parametrize(
    ("query", "listed", "schema"),
    [
        ("aslanavgazarovichbaraev", "ASLAN AVGAZAROVICH BYUTUKAEV", "Person"),
        ("Van den Berg Shipping", "Vandenhoek Shipping", "Organization"),
        ("rustammagomedovichaliev", "RUSTAM MAGOMEDOVICH ASELDEROV", "Person"),
        # a number next to a word is not a typo of the word (Investment Decisions 2, 3...)
        ("Investment Desisions 3", "Investment Decisions 2", "Organization"),
    ],
)
def test_joined_words_of_another_name_do_not_match(
    matcher: Matcher, query: str, listed: str, schema: str
) -> None:
    result = matcher.score(_q(query, schema), _entity(listed, schema))
    assert not result.match, result.explanation


# -- numbers written as words -----------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ninety-Ninth Light Infantry Division of the Burmese Army", "ofac-sdn-24811"),
        ("Thirty Third Light Infantry Division of the Burmese Army", "ofac-sdn-24812"),
        ("Seventy-seventh Light Infantry Division of the Burmese Army", "ofac-sdn-31472"),
        ("1st Oil JV Co Ltd", "ofac-sdn-23725"),  # FIRST OIL JV CO LTD
        ("2nd Economic Committee", "ofac-sdn-12213"),  # SECOND ECONOMIC COMMITTEE
        ("4th Division of the Syrian Arab Army", "ofac-sdn-29066"),  # FOURTH DIVISION ...
        ("Twenty-Seventh Scientific Center", "ofac-sdn-30722"),  # 27TH SCIENTIFIC CENTER
    ],
)
def test_numbers_written_as_words_or_ordinals(matcher: Matcher, query: str, expected: str) -> None:
    assert expected in _matched(matcher, query), _explained(matcher, query)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Seventy-Eighth Light Infantry Division of the Burmese Army", "ofac-sdn-31472"),
        ("Fifth Division of the Syrian Arab Army", "ofac-sdn-29066"),
        ("Third Economic Committee", "ofac-sdn-12213"),
    ],
)
def test_another_number_is_another_unit(matcher: Matcher, query: str, listed: str) -> None:
    assert listed not in _matched(matcher, query), _explained(matcher, query)


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("Brigade Sixty-Two", "62"),
        ("Fourty Seventh Regiment", "47"),
        ("One Hundred and Five Battalion", "105"),
        ("Сорок четвёртый полк", "44"),
        ("Третья бригада", "3"),
        ("Vierundzwanzigste Kompanie", "24"),
        ("Cuadragésimo cuarto Batallón", "44"),
        ("One Hundred Fortyfourth Squadron", "144"),
        ("44-й отдельный полк", "44"),
        ("1-го созыва", "1"),
        ("1er Régiment Étranger", "1"),
    ],
)
def test_number_words_read_as_one_number(name: str, number: str) -> None:
    numbers = [t.key for t in analyze(name).tokens if t.kind == NUMBER]
    assert numbers == [number], _kinds(name)


def test_separate_number_words_stay_separate_numbers() -> None:
    assert [t.key for t in analyze("One Two Three Trading").tokens if t.kind == NUMBER] == [
        "1",
        "2",
        "3",
    ]
    # Name words that are also number words in some language stay words.
    assert _kinds("Segundo Premier Holdings")[:2] == [("segundo", WORD), ("premier", WORD)]


# -- place abbreviations ----------------------------------------------------------------


APEX = "csl-el-d7963955d4ed1f7725056f43b6c4410f54d21540e8079617688458cc"


@pytest.mark.parametrize(
    ("query", "schema", "expected"),
    [
        ("Cubanacan United Kingdom Limited", "Organization", "ofac-sdn-8128"),  # U.K.
        ("Saint Vitamin", "Vessel", "ofac-sdn-27200"),  # ST. VITAMIN
        ("APEX Saint Petersburg", "Organization", APEX),  # APEX St. Petersburg
    ],
)
def test_place_abbreviations_written_out(
    matcher: Matcher, query: str, schema: str, expected: str
) -> None:
    assert expected in _matched(matcher, query, schema), _explained(matcher, query, schema)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("U.S. Pacific Trading", "United States Pacific Trading"),
        ("USA Pacific Trading", "U.S. Pacific Trading"),
        ("UAE Marine Services", "United Arab Emirates Marine Services"),
        ("Mt. Kenya Holdings", "Mount Kenya Holdings"),
        ("KSA Drilling Company", "Saudi Arabia Drilling Company"),
    ],
)
def test_place_abbreviations_meet_the_full_name(matcher: Matcher, query: str, listed: str) -> None:
    result = matcher.score(_q(query), _entity(listed))
    assert result.match, result.explanation


def test_saint_is_read_only_before_a_name() -> None:
    assert [t.text for t in analyze("St. Vitamin").tokens] == ["saint", "vitamin"]
    assert [t.text for t in analyze("LLC Valtex-ST").tokens][-1] == "st"


def test_another_country_abbreviation_is_another_name(matcher: Matcher) -> None:
    listed = _entity("United States Pacific Trading")
    other = matcher.score(_q("U.K. Pacific Trading"), listed)
    assert other.score < matcher.score(_q("US Pacific Trading"), listed).score, other.explanation


# -- spelled-out legal forms ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("Societatea cu Răspundere Limitată Transilvania Impex", ["transilvania", "impex"]),
        ("Transilvania Impex Societatea pe Acțiuni", ["transilvania", "impex"]),
        ("Mazowsze Trans Spółka z ograniczoną odpowiedzialnością", ["mazowsze", "trans"]),
        ("Mazowsze Trans Spółka Akcyjna", ["mazowsze", "trans"]),
        ("Moravia Steel společnost s ručením omezeným", ["moravia", "steel"]),
        ("Moravia Steel akciová společnost", ["moravia", "steel"]),
        ("Tatra Invest spoločnosť s ručením obmedzeným", ["tatra", "invest"]),
        ("Rheinmetall Gesellschaft mit beschraenkter Haftung", ["rheinmetall"]),
        ("Общество с ограниченной ответственностью «Алабуга Машинери»", ["alabuga", "mashineri"]),
        ("Товариство з обмеженою відповідальністю «Мотор»", ["motor"]),
        ("Aselsan Elektronik Anonim Şirketi", ["aselsan", "elektronik"]),
        ("Baykar Makina Limited Şirketi", ["baykar", "makina"]),
        ("Embraer Sociedade Anônima", ["embraer"]),
        ("Petroquímica Sociedad de Responsabilidad Limitada de Capital Variable", ["petroquimica"]),
    ],
)
def test_spelled_out_legal_forms_are_legal_forms(name: str, core: list[str]) -> None:
    kinds = _kinds(name)
    assert [text for text, kind in kinds if kind in (WORD, INITIAL, TERM)] == core, kinds
    assert any(kind == LEGAL for _, kind in kinds), kinds


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("Societatea cu Răspundere Limitată Transilvania Impex", "Transilvania Impex SRL"),
        ("Mazowsze Trans Spółka z ograniczoną odpowiedzialnością", "Mazowsze Trans Sp. z o.o."),
        ("Moravia Steel společnost s ručením omezeným", "Moravia Steel s.r.o."),
        ("Rheinmetall Gesellschaft mit beschraenkter Haftung", "Rheinmetall GmbH"),
        (
            "Aselsan Elektronik Sanayi ve Ticaret Anonim Şirketi",
            "Aselsan Elektronik Sanayi ve Ticaret A.Ş.",
        ),
    ],
)
def test_spelled_out_legal_form_is_never_required(
    matcher: Matcher, query: str, listed: str
) -> None:
    result = matcher.score(_q(query, "Company"), _entity(listed, "Company"))
    assert result.match and result.features["name"] == 1.0, result.explanation


def test_a_legal_form_alone_does_not_make_two_firms_one(matcher: Matcher) -> None:
    result = matcher.score(
        _q("Societatea cu Răspundere Limitată Carpați Logistic", "Company"),
        _entity("Transilvania Impex SRL", "Company"),
    )
    assert not result.match, result.explanation


# -- Russian names in their full official form ------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "Федеральное государственное унитарное предприятие «Государственное "
            "научно-производственное предприятие «Базальт»",
            "ofac-sdn-16862",
        ),
        ("ФГУП «ГНПП «Базальт»", "ofac-sdn-16862"),
        (
            "Акционерное общество «Особая экономическая зона промышленно-производственного "
            "типа «Алабуга»",
            "ofac-sdn-45708",
        ),
        ("АО «ОЭЗ ППТ «Алабуга»", "ofac-sdn-45708"),
        ("Акционерное общество «Особая экономическая зона «Технополис «Москва»»", "ofac-sdn-44875"),
        ("Федеральное государственное унитарное предприятие «Атомфлот»", "ofac-sdn-43111"),
        (
            "Закрытое акционерное общество «Научно-производственное предприятие «Топаз»",
            "ofac-sdn-37690",
        ),
        (
            "Акционерное общество «Научно-производственное объединение «Курганприбор»",
            "ofac-sdn-44319",
        ),
        ("АО «НПП «Радий»", "ofac-sdn-47210"),
        ("АО «Концерн «Калашников»»", "NK-nR5AXM9AVPq4pQaSPSaVam"),
    ],
)
def test_russian_full_official_form_finds_the_english_listing(
    matcher: Matcher, query: str, expected: str
) -> None:
    assert expected in _matched(matcher, query), _explained(matcher, query)


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        (
            "Акционерное общество «Научно-производственное предприятие «Радий»",
            "ofac-sdn-44021",
        ),  # AEROSILA
        ("ФГУП «ГНПП «Сплав»", "ofac-sdn-16862"),  # BAZALT
        ("АО «ОЭЗ ППТ «Липецк»", "ofac-sdn-45708"),  # ALABUGA
    ],
)
def test_the_same_official_form_around_another_name_does_not_match(
    matcher: Matcher, query: str, listed: str
) -> None:
    assert listed not in _matched(matcher, query), _explained(matcher, query)


def test_the_form_words_are_generic_and_the_quoted_name_the_core() -> None:
    name = "АО «НПО «Курганприбор»"
    kinds = _kinds(name)
    assert [text for text, kind in kinds if kind == WORD] == ["kurganpribor"], kinds
    assert {kind for text, kind in kinds if text != "kurganpribor"} <= {LEGAL, TERM}, kinds


# -- the tables -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "sources"),
    [
        ("number_words.csv", {"rigour", "wade"}),
        ("name_abbreviations.csv", {"cmos", "iso3166", "unterm", "egrul"}),
    ],
)
def test_every_row_names_a_source_the_header_describes(table: str, sources: set[str]) -> None:
    header = "\n".join(ln for ln in data.text(table).splitlines() if ln.startswith("#"))
    rows = data.csv_rows(table)
    assert rows and {row["source"] for row in rows} <= sources
    assert all(f"{source} = " in header for source in sources), header


def test_tables_load_as_the_analysis_reads_them() -> None:
    assert number_words()["fortyfour"] == 44 and number_words()["tretiy"] == 3
    assert [p.text for p in expansions()["npo"]] == ["nauchno", "proizvodstvennoe", "obedinenie"]
    assert [p.text for p in expansions()["us"]] == ["united", "states"]
