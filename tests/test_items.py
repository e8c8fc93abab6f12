"""Item classification: HS codes and the CHPL, ECCNs, part families, descriptions, rules."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from caspian.items import (
    ItemInputError,
    all_groups,
    chpl_tier,
    classify_item,
    group,
    parse_eccn,
    parse_hs,
)
from caspian.items.eccn import explain
from caspian.items.hs import chpl


def _reference_chpl(reference_dir: Path) -> list[dict[str, str]]:
    lines = (reference_dir / "chpl.csv").read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


# --- HS codes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hs6", "national"),
    [
        ("8542.31", "854231", None),
        ("854231", "854231", None),
        ("8542.31.0001", "854231", "8542310001"),
        ("8542310000", "854231", "8542310000"),
        ("85423100", "854231", "85423100"),
        ("8542 31", "854231", None),
        ("8542-31", "854231", None),
        (" 8542.31 ", "854231", None),
        ("HS 8542.31", "854231", None),
        ("hs: 854231", "854231", None),
        ("HS code 8542.31", "854231", None),
        ("HTS 8542.31.0001", "854231", "8542310001"),
        ("CN 8542 31 90", "854231", "85423190"),
        ("ТН ВЭД 8542 31 900 0", "854231", "8542319000"),
        ("0901.21", "090121", None),
    ],
)
def test_parse_hs_forms(text: str, hs6: str, national: str | None) -> None:
    code = parse_hs(text)
    assert (code.hs6, code.national, code.heading, code.raw) == (hs6, national, hs6[:4], text)


def test_four_digit_heading_is_kept_without_hs6() -> None:
    code = parse_hs("8542")
    assert (code.heading, code.hs6, code.national) == ("8542", None, None)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("85x2", "not readable"),
        ("12", "has 2 digits"),
        ("", "empty"),
        ("   ", "empty"),
        ("abc", "not readable"),
        ("HS", "empty"),
        ("85423", "has 5 digits (a leading zero lost?)"),
        ("8542.31.0001.99", "has 12 digits"),
        ("0000.00", "chapter 00 is not an HS chapter"),
        ("7712.10", "chapter 77 is not an HS chapter"),
        ("9903.88.15", "chapter 99 is national"),
        ("8542.31 processors", "not readable"),
    ],
)
def test_parse_hs_rejects_with_clear_message(text: str, words: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_hs(text)
    message = str(info.value)
    assert words in message
    assert "expected 6 to 10 digits like 8542.31 or 854231" in message
    assert repr(text) in message


@pytest.mark.parametrize("bad", ["85x2", "12", "", "abc"])
def test_bad_hs_is_an_input_error_named_hs_code(bad: str) -> None:
    result = classify_item(hs_code=bad, description="microcontroller")
    assert [error.field for error in result.errors] == ["hs_code"]
    assert isinstance(result.errors[0], ItemInputError)
    assert repr(bad) in result.errors[0].message
    # screened on what remains: the description still classifies the item
    assert (result.hs6, result.hs6_source, result.uav_group) == (
        "854231",
        "description",
        "processors",
    )


def test_heading_hiding_chpl_codes_is_reported_against_hs_code() -> None:
    result = classify_item(hs_code="8542")
    assert result.hs6 is None and result.chpl_tier is None
    (error,) = result.errors
    assert error.field == "hs_code"
    assert "4-digit heading" in error.message
    for code in ("8542.31 (tier 1)", "8542.32 (tier 1)", "8542.33 (tier 1)", "8542.39 (tier 1)"):
        assert code in error.message


def test_heading_without_chpl_codes_is_only_noted() -> None:
    result = classify_item(hs_code="0901", description="roasted coffee beans")
    assert result.errors == ()
    assert result.hs6 is None and result.uav_group is None
    assert "HS heading 0901 (4 digits): no CHPL code under it" in result.evidence


def test_heading_agreeing_with_description_raises_confidence() -> None:
    alone = classify_item(description="microcontroller")
    with_heading = classify_item(description="microcontroller", hs_code="8542")
    assert with_heading.hs6 == "854231" and with_heading.hs6_source == "description"
    assert with_heading.confidence == pytest.approx(alone.confidence + 0.03)
    assert "HS heading 8542 agrees with processors" in with_heading.evidence


# --- CHPL ---------------------------------------------------------------------------------


def test_chpl_has_fifty_codes_in_the_reference_tier_counts() -> None:
    table = chpl()
    assert len(table) == 50
    assert Counter(entry.tier for entry in table.values()) == {
        "1": 4,
        "2": 5,
        "3.A": 16,
        "3.B": 9,
        "4.A": 11,
        "4.B": 5,
    }


def test_every_reference_chpl_code_has_its_tier(reference_dir: Path) -> None:
    rows = _reference_chpl(reference_dir)
    assert len(rows) == 50
    for row in rows:
        dotted = row["hs_code"]
        assert chpl_tier(dotted.replace(".", "")) == row["tier"], dotted
        assert chpl_tier(dotted) == row["tier"], dotted
        assert chpl_tier(dotted.replace(".", "") + "0000") == row["tier"], dotted
    assert set(chpl()) == {row["hs_code"].replace(".", "") for row in rows}


@pytest.mark.parametrize(
    ("hs6", "tier"),
    [
        ("854231", "1"),
        ("852691", "2"),
        ("853224", "2"),
        ("880730", "3.B"),
        ("853400", "4.A"),
        ("845710", "4.B"),
        ("847130", None),
        ("853321", None),
        ("8542", None),
        ("", None),
    ],
)
def test_chpl_tier_lookup(hs6: str, tier: str | None) -> None:
    assert chpl_tier(hs6) == tier


# --- ECCN ---------------------------------------------------------------------------------


def test_eccn_3a001_a_7() -> None:
    eccn = parse_eccn("3A001.a.7")
    assert (eccn.code, eccn.entry, eccn.category, eccn.group) == ("3A001.a.7", "3A001", "3", "A")
    assert eccn.category_name == "Electronics"
    assert eccn.group_name.startswith("Systems, equipment and components")
    assert eccn.controlled is True
    assert eccn.description is not None and "programmable logic devices" in eccn.description
    assert eccn.reason is not None and eccn.reason.startswith("national security")


def test_eccn_5a992_c() -> None:
    eccn = parse_eccn("5A992.c")
    assert (eccn.code, eccn.entry, eccn.category_name) == (
        "5A992.c",
        "5A992",
        "Telecommunications and information security",
    )
    assert eccn.description is not None and "mass-market encryption" in eccn.description
    assert eccn.reason is not None and eccn.reason.startswith("anti-terrorism")


def test_eccn_7a994_and_9a012() -> None:
    nav = parse_eccn("7A994")
    assert nav.category_name == "Navigation and avionics"
    assert nav.description is not None
    assert nav.description.startswith("Other navigation direction finding equipment")
    uav = parse_eccn("9A012")
    assert uav.category_name == "Aerospace and propulsion"
    assert uav.description is not None and uav.description.startswith("Unmanned aerial vehicles")
    assert uav.reason is not None and uav.reason.startswith("national security")


@pytest.mark.parametrize("text", ["EAR99", "ear 99", "EAR-99", "ECCN: EAR99", " Ear99 "])
def test_ear99_is_not_on_the_ccl(text: str) -> None:
    eccn = parse_eccn(text)
    assert (eccn.code, eccn.entry, eccn.controlled) == ("EAR99", None, False)
    assert eccn.category_name == "not on the Commerce Control List"
    assert eccn.description is not None and "not listed on the CCL" in eccn.description
    assert explain(eccn).startswith("EAR99: Subject to the EAR")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("3a001a7", "3A001.a.7"),
        ("ECCN 5A992.C", "5A992.c"),
        ("5a992c", "5A992.c"),
        ("3A001 a 7", "3A001.a.7"),
        ("9A610.y.1", "9A610.y.1"),
        ("7a994.", "7A994"),
    ],
)
def test_eccn_written_forms(text: str, code: str) -> None:
    assert parse_eccn(text).code == code


def test_eccn_paragraph_falls_back_to_its_entry() -> None:
    eccn = parse_eccn("7A994.b")
    assert eccn.description == parse_eccn("7A994").description


def test_unknown_but_wellformed_eccn_is_explained_by_its_parts() -> None:
    eccn = parse_eccn("3A002")
    assert eccn.description is None
    assert eccn.category_name == "Electronics"
    assert explain(eccn).startswith("3A002: category 3 (Electronics), group A")


def test_600_series_reason() -> None:
    reason = parse_eccn("9A610.y").reason
    assert reason is not None and "600 series" in reason


@pytest.mark.parametrize(
    "bad", ["", "3X001", "EAR", "12345", "3A01", "5A992.c!", "EAR 98", "A3001", "0Y521"]
)
def test_bad_eccn(bad: str) -> None:
    with pytest.raises(ValueError, match=r"expected a CCL number like 3A001\.a\.7"):
        parse_eccn(bad)
    result = classify_item(eccn=bad)
    assert [error.field for error in result.errors] == ["eccn"]
    assert result.eccn is None


def test_eccn_rides_along_with_the_item() -> None:
    result = classify_item(eccn="7A994", description="GNSS module")
    assert result.eccn is not None and result.eccn.code == "7A994"
    assert any(line.startswith("ECCN 7A994: category 7") for line in result.evidence)


# --- part numbers -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "group_id", "hs6", "tier"),
    [
        ("STM32F405RGT6", "processors", "854231", "1"),
        ("TMS320F28335PGFA", "processors", "854231", "1"),
        ("MSP430F5529", "processors", "854231", "1"),
        ("ATmega328P-AU", "processors", "854231", "1"),
        ("PIC18F4550", "processors", "854231", "1"),
        ("LPC1768FBD100", "processors", "854231", "1"),
        ("MCIMX6Q5EYM10AC", "processors", "854231", "1"),
        ("XC7Z020-1CLG400C", "fpga", "854239", "1"),
        ("EP4CE22F17C8N", "fpga", "854239", "1"),
        ("NEO-M8N-0-10", "gnss", "852691", "2"),
        ("ZED-F9P", "gnss", "852691", "2"),
        ("MPU-6050", "inertial", None, None),
        ("ICM-20602", "inertial", None, None),
        ("ADIS16470", "inertial", None, None),
        ("AD9361BBCZ", "rf_transceivers", "854239", "1"),
        ("AD9364", "rf_transceivers", "854239", "1"),
    ],
)
def test_part_families_of_the_issue(
    part: str, group_id: str, hs6: str | None, tier: str | None
) -> None:
    result = classify_item(part_number=part)
    assert (result.uav_group, result.hs6, result.chpl_tier) == (group_id, hs6, tier)
    assert result.hs6_source == ("part_number" if hs6 else None)
    assert result.confidence == 0.9
    assert any(line.startswith(f"part number {part!r}: ") for line in result.evidence)


@pytest.mark.parametrize(
    ("part", "group_id"),
    [
        ("stm32f405rgt6", "processors"),
        ("STM32 F405 RGT6", "processors"),
        ("NEO\u2011M8N", "gnss"),
        ("i.MX8MM", "processors"),
        ("IMX219PQH5-C", "cameras"),
        ("W25Q128JVSIQ", "memory"),
        ("MT41K256M16TW-107", "memory"),
        ("LM358DR", "amplifiers_ics"),
        ("SX1276IMLTRT", "rf_transceivers"),
        ("CC1101RGPR", "rf_transceivers"),
        ("HS-5065MG", "servos"),
        ("L550E", "engines"),
        ("912ULS", "engines"),
        ("GRM188R71H104KA93D", "capacitors"),
        ("IRF540NPBF", "discretes"),
    ],
)
def test_more_part_numbers(part: str, group_id: str) -> None:
    assert classify_item(part_number=part).uav_group == group_id


@pytest.mark.parametrize(
    "part",
    [
        "MAX7219CNG",
        "MAXM86161",
        "HS-8542",
        "L550",
        "912",
        "LM3585",
        "MT2523",
        "10M",
        "T-1000",
        "RC0603FR-0710KL",
        "XYZ-123",
    ],
)
def test_look_alike_part_numbers_are_not_recognised(part: str) -> None:
    result = classify_item(part_number=part)
    assert result.uav_group is None and result.hs6 is None and result.errors == ()
    assert f"part number {part!r} is of no known family" in result.evidence


@pytest.mark.parametrize("bad", ["", "  ", "---", "?"])
def test_part_number_without_letters_or_digits_is_an_input_error(bad: str) -> None:
    result = classify_item(part_number=bad)
    assert [error.field for error in result.errors] == ["part_number"]


def test_manufacturer_agreement_and_disagreement() -> None:
    agree = classify_item(part_number="TMS320F28335PGFA", manufacturer="Texas Instruments Inc.")
    assert "manufacturer 'Texas Instruments Inc.' agrees with the part family" in agree.evidence
    assert agree.confidence == 0.9
    other = classify_item(part_number="TMS320F28335PGFA", manufacturer="STMicroelectronics")
    assert other.uav_group == "processors"
    assert other.confidence == 0.8
    assert any("is not the maker of TMS320" in line for line in other.evidence)
    short = classify_item(part_number="STM32F405RGT6", manufacturer="ST")
    assert "manufacturer 'ST' agrees with the part family" in short.evidence


def test_part_number_inside_the_description() -> None:
    result = classify_item(description="单片机STM32F103C8T6")
    assert (result.hs6, result.hs6_source, result.uav_group) == (
        "854231",
        "part_number",
        "processors",
    )
    assert result.confidence == 0.85
    assert result.evidence[0].startswith("description: part number 'STM32F103C8T6'")


def test_manufacturer_checked_for_a_part_number_in_the_description() -> None:
    result = classify_item(description="Сервопривод цифровой HS-5065MG", manufacturer="Hitec")
    assert (result.uav_group, result.hs6, result.hs6_source) == ("servos", "850110", "part_number")
    assert "manufacturer 'Hitec' agrees with the part family" in result.evidence
    other = classify_item(description="Сервопривод цифровой HS-5065MG", manufacturer="Futaba")
    assert other.confidence == pytest.approx(result.confidence - 0.1)


def test_components_named_in_a_description_do_not_override_it() -> None:
    result = classify_item(description="Flight controller F405 with MPU6000 and STM32F405")
    assert (result.uav_group, result.hs6) == ("flight_computers", None)
    assert "description: 'Flight controller' -> flight_computers" in result.evidence
    assert any("'MPU6000'" in line and "a component" in line for line in result.evidence)


# --- descriptions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "group_id", "hs6", "words"),
    [
        ("microcontroller", "processors", "854231", "'microcontroller'"),
        ("микроконтроллер", "processors", "854231", "'микроконтроллер'"),
        ("单片机", "processors", "854231", "'单片机'"),
        ("GNSS module", "gnss", "852691", "'GNSS module'"),
        ("сервопривод", "servos", None, "'сервопривод'"),
        ("two-stroke engine 50cc", "engines", None, "'two-stroke engine'"),
    ],
)
def test_issue_descriptions(text: str, group_id: str, hs6: str | None, words: str) -> None:
    result = classify_item(description=text)
    assert (result.uav_group, result.hs6) == (group_id, hs6)
    assert result.hs6_source == ("description" if hs6 else None)
    assert result.confidence == 0.75
    assert f"description: {words} -> {group_id}" in result.evidence


@pytest.mark.parametrize(
    ("text", "group_id"),
    [
        ("Микроконтроллеры 32-разрядные", "processors"),
        ("поставка микроконтроллеров", "processors"),
        ("MICROCONTROLLERS", "processors"),
        ("GNSS-приёмник ГЛОНАСС/GPS", "gnss"),
        ("北斗定位模块", "gnss"),
        ("MEMS gyroscopes and accelerometers", "inertial"),
        ("Гироскоп волоконно-оптический", "inertial"),
        ("陀螺仪模块", "inertial"),
        ("惯性测量单元", "inertial"),
        ("ПЛИС Xilinx", "fpga"),
        ("FPGA development board", "fpga"),
        ("flash memory 128Mbit SPI", "memory"),
        ("микросхема памяти", "memory"),
        ("存储器", "memory"),
        ("RF transceiver 2.4 GHz", "rf_transceivers"),
        ("приёмопередатчик", "rf_transceivers"),
        ("射频收发模块", "rf_transceivers"),
        ("舵机 25kg", "servos"),
        ("двухтактного двигателя", "engines"),
        ("二冲程发动机", "engines"),
        ("GPS antenna active 28dB", "antennas"),
        ("антенна ГЛОНАСС/GPS", "antennas"),
        ("thermal imaging camera", "cameras"),
        ("тепловизор", "cameras"),
        ("flight controller F7", "flight_computers"),
        ("飞控", "flight_computers"),
        ("quadcopter frame", "uav_parts"),
        ("беспилотный летательный аппарат", "uav_parts"),
        ("LiPo battery 6S", "batteries"),
        ("ball bearings 6203", "bearings"),
        ("tantalum capacitors 10uF", "capacitors"),
        ("Schottky diode 40V", "discretes"),
        ("operational amplifier", "amplifiers_ics"),
        ("turbojet engine 200N", "turbines"),
        ("carburettor for 2-stroke engine", "fuel_system"),
        ("carbon fibre prepreg", "composites"),
        ("AHRS unit", "nav_instruments"),
    ],
)
def test_descriptions(text: str, group_id: str) -> None:
    assert classify_item(description=text).uav_group == group_id


def test_more_agreeing_words_raise_confidence_and_competing_ones_lower_it() -> None:
    one = classify_item(description="приёмник ГЛОНАСС")
    three = classify_item(description="GNSS-приёмник ГЛОНАСС/GPS")
    assert (one.confidence, three.confidence) == (0.75, 0.85)
    mixed = classify_item(description="антенна ГЛОНАСС/GPS")
    assert mixed.confidence == 0.65
    assert "description also: 'GPS' -> gnss" in mixed.evidence


def test_quotes_are_the_words_as_written() -> None:
    result = classify_item(description="Straße İstanbul ﬁt: GNSS module x2")
    assert "description: 'GNSS module' -> gnss" in result.evidence
    result = classify_item(description="ПОСТАВКА МИКРОКОНТРОЛЛЕРОВ И ГИРОСКОПОВ")
    assert "description: 'МИКРОКОНТРОЛЛЕРОВ' -> processors" in result.evidence
    assert "description also: 'ГИРОСКОПОВ' -> inertial" in result.evidence


def test_generic_words_classify_weakly_without_hs6() -> None:
    result = classify_item(description="Intel Core i9 processor")
    assert (result.uav_group, result.hs6, result.confidence) == ("processors", None, 0.6)
    assert "description: 'processor' -> processors (generic words)" in result.evidence


def test_gps_tracker_for_pets_is_a_weak_gnss_item() -> None:
    """Decision: a GPS tracker contains a GNSS receiver (the CHPL lists 8526.91 whatever the end
    product), so it is classified gnss, weakly and without an HS-6; the policy decides."""
    result = classify_item(description="GPS tracker for pets")
    assert (result.uav_group, result.hs6, result.confidence) == ("gnss", None, 0.6)


@pytest.mark.parametrize(
    ("text", "veto"),
    [
        ("engine oil 5W-30", "'engine oil' is not engines"),
        ("two-stroke engine oil", "'engine oil' is not engines"),
        ("моторное масло для двухтактного двигателя", "'моторное масло' is not engines"),
        ("发动机机油", "'机油' is not engines"),
        ("search engine optimisation services", "'search engine' is not engines"),
        ("game engine licence", "'game engine' is not engines"),
        ("memory foam mattress", "'memory foam' is not memory"),
        ("USB flash drive 64GB", "'flash drive' is not memory"),
        ("DDR4 memory module 16GB", "'memory module' is not memory"),
        ("карта памяти microSD", "'карта памяти' is not memory"),
        ("LED light-emitting diodes", "'light-emitting diodes' is not discretes"),
        ("brake servo for trucks", "'brake servo' is not servos"),
        ("load-bearing wall panels", "'load-bearing' is not bearings"),
        ("food processor 600W", "'food processor' is not processors"),
        ("SFP optical transceiver 10G", "'optical transceiver' is not rf_transceivers"),
        ("беспилотный автомобиль", "'беспилотный автомобиль' is not uav_parts"),
        ("Laptop computer, Intel Core i7 processor, 16GB memory", "'Laptop' is a finished product"),
        ("смартфон, память 128 ГБ", "'смартфон' is a finished product"),
    ],
)
def test_false_hits_are_vetoed(text: str, veto: str) -> None:
    result = classify_item(description=text)
    assert (result.uav_group, result.hs6, result.confidence) == (None, None, 0.0)
    assert f"description: {veto}" in result.evidence


@pytest.mark.parametrize(
    "text",
    [
        "плиссированная юбка",
        "capacitive stylus pen",
        "engineering services",
        "fire hydrant",
        "cotton T-shirts",
        "roasted coffee beans",
        "office chair",
        "HDMI cable 2m",
        "resistors 0603 10k",
        "",
        "   ",
        "!!!",
    ],
)
def test_unrelated_descriptions_stay_unclassified(text: str) -> None:
    result = classify_item(description=text)
    assert (result.uav_group, result.hs6, result.chpl_tier, result.errors) == (None, None, None, ())


# --- ordinary trade -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("description", "hs_code", "hs6"),
    [
        ("Thick film chip resistors 0603 10k 1%", "8533.21", "853321"),
        ("Laptop computer, Intel Core i7 processor, 16GB memory", "8471.30", "847130"),
        ("USB-C charging cable 1m", "8544.42", "854442"),
        ("Office furniture: wooden desks", "9403.30", "940330"),
        ("Cotton T-shirts, men's", "6109.10", "610910"),
        ("Roasted coffee beans, not decaffeinated", "0901.21", "090121"),
    ],
)
def test_ordinary_items_stay_unclassified(description: str, hs_code: str, hs6: str) -> None:
    result = classify_item(description=description, hs_code=hs_code)
    assert (result.hs6, result.hs6_source, result.chpl_tier, result.uav_group) == (
        hs6,
        "given",
        None,
        None,
    )
    assert result.errors == ()
    assert f"HS {hs_code} is not on the CHPL" in result.evidence


# --- the rules between signals ------------------------------------------------------------


def test_given_hs_wins_and_a_disagreeing_part_number_is_shown() -> None:
    result = classify_item(hs_code="8532.24", part_number="STM32F405RGT6")
    assert (result.hs6, result.hs6_source, result.chpl_tier) == ("853224", "given", "2")
    assert result.uav_group == "processors"
    assert result.confidence == 0.65
    assert (
        "disagreement: HS 8532.24 is for capacitors but part number 'STM32F405RGT6' says "
        "processors (usually HS 8542.31)"
    ) in result.evidence


def test_agreeing_hs_and_part_number_raise_confidence() -> None:
    result = classify_item(hs_code="8542.31.0001", part_number="STM32F405RGT6")
    assert (result.hs6, result.hs6_source, result.confidence) == ("854231", "given", 0.98)
    assert not any(line.startswith("disagreement") for line in result.evidence)


def test_semiconductor_headings_are_close_not_contradictory() -> None:
    result = classify_item(hs_code="8542.39", part_number="ICM-20602")
    assert (result.hs6, result.uav_group, result.confidence) == ("854239", "inertial", 0.95)
    assert "HS 8542.39 is not the usual code of inertial but close" in result.evidence


def test_strong_description_against_given_hs() -> None:
    result = classify_item(hs_code="8471.30", description="microcontroller")
    assert (result.hs6, result.hs6_source, result.uav_group) == ("847130", "given", "processors")
    assert result.confidence == 0.65
    assert any(
        line.startswith("disagreement: HS 8471.30 is for no UAV item group")
        for line in result.evidence
    )


def test_weak_words_yield_to_the_group_the_hs_code_defines() -> None:
    result = classify_item(hs_code="8536.90", description="GPS cable connector")
    assert (result.uav_group, result.chpl_tier) == ("pcbs_connectors", "3.A")
    assert any("outweighs the generic words" in line for line in result.evidence)


def test_generic_words_do_not_add_a_group_to_a_declared_hs_code() -> None:
    result = classify_item(hs_code="8532.22", description="aluminium electrolytic capacitor 470uF")
    assert (result.hs6, result.chpl_tier, result.uav_group) == ("853222", None, None)
    assert (
        "the generic words 'electrolytic capacitor' are not enough against the declared "
        "HS 8532.22, which defines no UAV item group"
    ) in result.evidence
    # without a code the same words classify, weakly; a strong word does against any code
    assert classify_item(description="aluminium electrolytic capacitor").uav_group == "capacitors"
    assert classify_item(hs_code="8532.22", description="tantalum capacitor").uav_group == (
        "capacitors"
    )
    tracker = classify_item(hs_code="8517.62", description="GPS tracker for pets")
    assert (tracker.uav_group, tracker.chpl_tier) == (None, "2")
    assert classify_item(hs_code="8526.91", description="GPS tracker").uav_group == "gnss"


@pytest.mark.parametrize(
    ("hs_code", "group_id"),
    [
        ("8526.91", "gnss"),
        ("8542.31", "processors"),
        ("8542.32", "memory"),
        ("8542.39", "amplifiers_ics"),
        ("8806.22", "uav_parts"),
        ("8807.30", "uav_parts"),
        ("8407.10", "engines"),
        ("8482.10", "bearings"),
        ("8532.24", "capacitors"),
        ("8532.22", None),
        ("8501.10", None),
        ("8517.62", None),
        ("8471.30", None),
    ],
)
def test_hs_code_alone_gives_a_group_only_when_it_defines_one(
    hs_code: str, group_id: str | None
) -> None:
    result = classify_item(hs_code=hs_code)
    assert result.uav_group == group_id
    assert result.confidence == 0.95


def test_description_hs6_only_from_one_unambiguous_code() -> None:
    assert classify_item(description="tantalum capacitor").hs6 == "853221"
    assert classify_item(description="ceramic capacitor").hs6 is None
    assert classify_item(description="tantalum capacitors and MLCC").hs6 is None
    assert classify_item(description="gyroscope").hs6 is None


def test_nothing_given() -> None:
    result = classify_item()
    assert result == classify_item(description=None, hs_code=None, eccn=None, part_number=None)
    assert (result.hs6, result.uav_group, result.confidence, result.evidence, result.errors) == (
        None,
        None,
        0.0,
        (),
        (),
    )


@pytest.mark.parametrize(
    "text",
    [
        "\x00\x01",
        "a" * 20000,
        "💾🚀 GPS",
        "ГЛОНАСС" * 500,
        "8542.31",
        "STM32" * 100,
        "Ⅷ ﬁ ß İ ё Ё",
        "-- .. // ##",
    ],
)
def test_never_raises_on_odd_text(text: str) -> None:
    result = classify_item(description=text, part_number=text[:60], manufacturer=text[:40])
    assert 0.0 <= result.confidence <= 1.0


# --- groups -------------------------------------------------------------------------------


def test_groups_api() -> None:
    gnss = group("gnss")
    assert (gnss.id, gnss.typical_hs6, gnss.tag) == ("gnss", "852691", "V")
    assert gnss.hs6s == ("852691", "852910")
    assert "7A994" in gnss.eccn_examples
    assert "u-blox" in gnss.source
    assert len(all_groups()) == 22
    with pytest.raises(KeyError, match="unknown UAV item group 'drones'"):
        group("drones")
