"""The OFAC remarks parser, on clauses copied from the real sdn.csv / cons_prim.csv files."""

from __future__ import annotations

import pytest

from caspian.lists.ofac_remarks import (
    parse_clause,
    parse_dob,
    parse_remarks,
    phone_number,
    split_clauses,
    unquote,
)


def props(text: str) -> list[tuple[str, str]]:
    return parse_remarks(text).props


# -- splitting and quoting --------------------------------------------------------------


def test_split_drops_the_final_period_only() -> None:
    text = "DOB 28 Jan 1957; POB Italy; nationality Italy; a.k.a. 'RENATO'."
    assert split_clauses(text) == [
        "DOB 28 Jan 1957",
        "POB Italy",
        "nationality Italy",
        "a.k.a. 'RENATO'",
    ]


@pytest.mark.parametrize(
    ("text", "last"),
    [
        ("Linked To: R D I S.A.", "Linked To: R D I S.A."),  # the abbreviation owns the period
        ("Website http://www.example.com.", "Website http://www.example.com."),
        ("a.k.a. 'K.A.S.'.", "a.k.a. 'K.A.S.'"),
        ("Passport 072130-A (Italy).", "Passport 072130-A (Italy)"),
    ],
)
def test_split_final_period(text: str, last: str) -> None:
    assert split_clauses(text)[-1] == last


def test_split_empty() -> None:
    assert split_clauses(None) == []
    assert split_clauses("") == []
    assert split_clauses(" ; ") == []


@pytest.mark.parametrize(
    ("raw", "name"),
    [
        ("'BNC'", "BNC"),
        ("'CHAFFORI, Petit'.", "CHAFFORI, Petit"),
        ("''FOOPIE''", "FOOPIE"),
        ("''ABD-AL-'IZ'", "'ABD-AL-'IZ"),
        ("'ABU-'UMAR'.", "ABU-'UMAR"),
    ],
)
def test_unquote(raw: str, name: str) -> None:
    assert unquote(raw) == name


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "dates"),
    [
        ("10 Dec 1948", ["1948-12-10"]),
        ("Mar 1945", ["1945-03"]),
        ("1962", ["1962"]),
        ("circa 1951", ["1951"]),
        ("circa 07 Jul 1964", ["1964-07-07"]),
        ("1958 to 1960", ["1958", "1959", "1960"]),
        ("01 Jan 1958 to 31 Dec 1960", ["1958", "1959", "1960"]),
        ("01 Feb 1960 to 29 Feb 1960", ["1960-02"]),
        ("26 Sep 1990 to 07 Dec 1990", ["1990"]),
        ("21 Mar 1965 to 20 Mar 1966", ["1965", "1966"]),
        ("circa 1955-1958", ["1955", "1956", "1957", "1958"]),
        ("01 Jan 1960 to 01 Jan 1960", ["1960-01-01"]),
    ],
)
def test_parse_dob(value: str, dates: list[str]) -> None:
    assert parse_dob(value) == dates


def test_dob_and_alt_dob_clauses() -> None:
    assert props("DOB 13 May 1965; alt. DOB 13 Apr 1968; alt. DOB circa 1964.") == [
        ("birthDate", "1965-05-13"),
        ("birthDate", "1968-04-13"),
        ("birthDate", "1964"),
    ]


# -- people -------------------------------------------------------------------------------


def test_person_clauses_from_wong_moon_chi() -> None:
    """sdn.csv 2024-05-03, ent_num 9340."""
    remarks = (
        "DOB 18 Mar 1961; alt. DOB 21 Apr 1945; POB China; nationality China; citizen China; "
        "alt. citizen Cambodia; Passport 611657479 (China); alt. Passport 2355009C (China); "
        "National ID No. D489833(9) (Hong Kong); British National Overseas Passport 750200421 "
        "(United Kingdom); a.k.a. 'CHI BANG'."
    )
    assert props(remarks) == [
        ("birthDate", "1961-03-18"),
        ("birthDate", "1945-04-21"),
        ("birthPlace", "China"),
        ("nationality", "cn"),
        ("citizenship", "cn"),
        ("citizenship", "kh"),
        ("passportNumber", "611657479"),
        ("passportNumber", "2355009C"),
        ("idNumber", "D489833(9)"),
        ("passportNumber", "750200421"),
        ("weakAlias", "CHI BANG"),
    ]


def test_identifier_country_is_not_nationality() -> None:
    """'Passport A123 (Iran)' says where the passport is from, not who the person is."""
    got = props("Passport L 191609 (Iran) issued 28 Feb 1996 expires 27 Feb 2001")
    assert got == [("passportNumber", "L 191609")]


def test_gender_and_place() -> None:
    assert props("Gender Female; POB Culiacan, Sinaloa, Mexico.") == [
        ("gender", "female"),
        ("birthPlace", "Culiacan, Sinaloa, Mexico"),
    ]


def test_unknown_nationality_is_not_guessed() -> None:
    assert props("nationality possibly Palestinian") == []
    assert parse_remarks("nationality possibly Palestinian").other == []


def test_prose_after_passport_is_not_a_number() -> None:
    assert props("Passport issued in Sarajevo, Bosnia-Herzegovina") == []


# -- organisations --------------------------------------------------------------------------


def test_russian_ids_from_gazprombank() -> None:
    """cons_prim.csv + cons_comments.csv, ent_num 17016 (tail of the joined remarks)."""
    remarks = (
        "SWIFT/BIC GAZPRUMM; Website www.gazprombank.ru; Organization Established Date "
        "31 Jul 1990; Tax ID No. 7744001497 (Russia); Legal Entity Number "
        "253400WSS48YWMBUA688; Registration Number 1027700167110 (Russia)."
    )
    assert props(remarks) == [
        ("swiftBic", "GAZPRUMM"),
        ("website", "www.gazprombank.ru"),
        ("incorporationDate", "1990-07-31"),
        ("innCode", "7744001497"),
        ("leiCode", "253400WSS48YWMBUA688"),
        ("ogrnCode", "1027700167110"),
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Tax ID No. 773407989940 (Russia)", [("innCode", "773407989940")]),
        ("Tax ID No. AABA 670850 Y", [("taxNumber", "AABA 670850 Y")]),
        ("Tax ID No. 7707083893 (Ukraine)", [("taxNumber", "7707083893")]),
        # not 10/12 digits: not a valid INN, so kept as a plain tax number
        ("Tax ID No. 123456789 (Russia)", [("taxNumber", "123456789")]),
        ("Registration Number 1027700132195 (Russia)", [("ogrnCode", "1027700132195")]),
        ("Registration ID 1027700132195 (Russia)", [("ogrnCode", "1027700132195")]),
        ("Registration Number 483250 (Iran)", [("registrationNumber", "483250")]),
        ("Registration Number 102770013219 (Russia)", [("registrationNumber", "102770013219")]),
        ("Business Registration Number 1037739709138 (Russia)", [("ogrnCode", "1037739709138")]),
        ("Government Gazette Number 09804148 (Russia)", [("okpoCode", "09804148")]),
        (
            "Russian State Individual Business Registration Number Pattern (OGRNIP) "
            "315183100004295 (Russia)",
            [("ogrnCode", "315183100004295")],
        ),
        (
            "Business Registration Document # F01000003035 (United States)",
            [("registrationNumber", "F01000003035")],
        ),
        ("Company Number 01074897 (United Kingdom)", [("registrationNumber", "01074897")]),
        (
            "Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)",
            [("leiCode", "253400V1H6ART1UQ0N98")],
        ),
        ("D-U-N-S Number 542957624", [("dunsCode", "542957624")]),
        ("V.A.T. Number BE 454,419,759", [("vatCode", "BE 454,419,759")]),
        ("Identification Number 210302198701102136 (China)", [("idNumber", "210302198701102136")]),
        ("Organization Established Date 1969", [("incorporationDate", "1969")]),
        ("Organization Type: Passenger air transport", [("sector", "Passenger air transport")]),
        ("Email Address MD@energyglobal.info", [("email", "MD@energyglobal.info")]),
        ("Website http://waatasemu.org.ly", [("website", "http://waatasemu.org.ly")]),
        ("Phone Number 982188526300", [("phone", "982188526300")]),
        ("Telephone (98)(21)(66153220)", [("phone", "982166153220")]),
        (
            "Passport No.: 0310857, Eritrea, Issue Date 21 August 2006",
            [("passportNumber", "0310857, Eritrea, Issue Date 21 August 2006")],
        ),
        ("Passport NORD123 (Norway)", [("passportNumber", "NORD123")]),
        ("f.k.a. 'ANA I'", [("previousName", "ANA I")]),
        ("n.k.a. 'LGOK'", [("alias", "LGOK")]),
    ],
)
def test_identifier_clauses(clause: str, expected: list[tuple[str, str]]) -> None:
    assert parse_clause(clause) == expected


def test_phone_number_needs_digits() -> None:
    assert phone_number("+7 (495) 123-45-67") == "+74951234567"
    assert phone_number("n/a") is None


# -- vessels and aircraft -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("Vessel Registration Identification IMO 7406784", [("imoNumber", "7406784")]),
        ("Identification Number IMO 5814906", [("imoNumber", "5814906")]),
        ("Company Number IMO 6003094", [("imoNumber", "6003094")]),
        ("International Maritime Organization No. (5777731)", [("imoNumber", "5777731")]),
        ("MMSI 572469210", [("mmsi", "572469210")]),
        ("alt. Former Vessel Flag Tanzania", [("pastFlags", "tz")]),
        ("Vessel Year of Build 1999", [("buildDate", "1999")]),
        ("Other Vessel Type Roll-on Roll-off", [("type", "Roll-on Roll-off")]),
        ("Aircraft Model IL76-TD", [("model", "IL76-TD")]),
        ("Aircraft Manufacture Date 1992", [("buildDate", "1992")]),
        (
            "Aircraft Manufacturer's Serial Number (MSN) 1023409321",
            [("serialNumber", "1023409321")],
        ),
        ("Aircraft Tail Number EP-MMH", [("registrationNumber", "EP-MMH")]),
        ("Nationality of Registration Korea, North", [("country", "kp")]),
    ],
)
def test_vessel_and_aircraft_clauses(clause: str, expected: list[tuple[str, str]]) -> None:
    assert parse_clause(clause) == expected


# -- notes-only clauses ---------------------------------------------------------------------


def test_linked_to_and_sanctions_information_stay_notes() -> None:
    remarks = parse_remarks(
        "Additional Sanctions Information - Subject to Secondary Sanctions; National ID No. "
        "14005441856 (Iran); Registration Number 483250 (Iran); Linked To: MINISTRY OF "
        "DEFENSE AND ARMED FORCES LOGISTICS; Secondary sanctions risk: section 1(b) of "
        "Executive Order 13224, as amended by Executive Order 13886; Executive Order 13846 "
        "information: LOANS FROM UNITED STATES FINANCIAL INSTITUTIONS. Sec. 5(a)(i); "
        "alt. Executive Order 13846 information: FOREIGN EXCHANGE. Sec. 5(a)(ii); "
        "Aircraft Operator YAS AIR."
    )
    assert remarks.props == [("idNumber", "14005441856"), ("registrationNumber", "483250")]
    assert remarks.linked_to == ["MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS"]
    assert [s.split(" -")[0].split(":")[0] for s in remarks.sanctions] == [
        "Additional Sanctions Information",
        "Secondary sanctions risk",
        "Executive Order 13846 information",
        "alt. Executive Order 13846 information",
    ]
    assert remarks.other == ["Aircraft Operator YAS AIR"]


def test_duplicate_values_are_kept_once() -> None:
    text = (
        "Organization Established Date 31 Jul 1990; alt. Organization Established Date 31 Jul 1990"
    )
    assert props(text) == [("incorporationDate", "1990-07-31")]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # Found by fuzzing: the clause regex ignores case one character at a time, so a
        # Turkish dotted capital I matches "i"; casefold() gave "i" + a combining dot and
        # the label lookup raised KeyError.
        ("NATİONAL ID NO. 123", ("idNumber", "123")),
        ("Natİonal ID No. 123", ("idNumber", "123")),
        ("İDENTİFİCATİON NUMBER 77", ("idNumber", "77")),
        ("REGİSTRATİON NUMBER 5 (Turkey)", ("registrationNumber", "5")),
        ("PASSPORT A1 (Iran)", ("passportNumber", "A1")),
        ("Paſſport A1", ("passportNumber", "A1")),  # long s
        ("\u212aenyan ID No. 9", ("idNumber", "9")),  # Kelvin sign
    ],
)
def test_labels_in_any_case_of_any_script(clause: str, expected: tuple[str, str]) -> None:
    assert props(clause) == [expected]
