"""One order book in every code page an ERP writes: the example book's rows plus orders of
Cyrillic, Central-European, Turkish and Arabic buyers (listed ones among them, named as
the UN list, the OpenSanctions fixture and the bundled snapshot write them), with Latin
headers and with headers in the buyers' language. Each encoding reads to the same orders
as the UTF-8 file, and screened against the lists, to the same decisions: a listed Russian
buyer in a Windows-1251 export with Latin headers is BLOCK."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson
import pytest
from click.testing import CliRunner

from caspian.cli import main
from caspian.io.order_tables import open_orders
from caspian.lists.bundled import bundled_list
from caspian.lists.detect import read_paths
from caspian.match import Matcher
from caspian.order import parse_order
from caspian.rules import default_policy
from caspian.screen import Screener

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "caspian" / "examples" / "order_book.csv"
UN = "un/consolidated_xml_2026-02-27"
ZALA = "opensanctions/yente_fixture_zala"
SNAPSHOT = ROOT / "caspian" / "data" / "snapshot" / "uav_entities.ftm.jsonl"

COLUMNS = ("Order No.", "Order Date", "Customer", "Customer Country", "Customer Address",
           "Ship-to", "Ship-to Country", "Item Description", "HS Code", "Qty", "Unit Price",
           "Currency", "Route", "Payment Method", "End Use")  # fmt: skip
# The same columns as a Russian, Polish, Turkish or Arabic ERP names them; read through a
# mapping file (UTF-8), so a header decoded wrongly is a column not understood.
NATIVE = {
    "ru": ("Номер заказа", "Дата заказа", "Покупатель", "Страна покупателя",
           "Адрес покупателя", "Грузополучатель", "Страна грузополучателя", "Наименование",
           "Код ТН ВЭД", "Количество", "Цена", "Валюта", "Маршрут", "Форма оплаты",
           "Конечное использование"),
    "pl": ("Nr zamówienia", "Data zamówienia", "Nabywca", "Kraj nabywcy", "Adres nabywcy",
           "Odbiorca", "Kraj odbiorcy", "Opis towaru", "Kod CN", "Ilość", "Cena jednostkowa",
           "Waluta", "Trasa", "Sposób płatności", "Końcowe zastosowanie"),
    "tr": ("Sipariş No", "Sipariş Tarihi", "Müşteri", "Müşteri Ülkesi", "Müşteri Adresi",
           "Teslim Alıcı", "Alıcı Ülkesi", "Ürün Açıklaması", "GTİP", "Miktar", "Birim Fiyat",
           "Para Birimi", "Güzergâh", "Ödeme Şekli", "Nihai Kullanım"),
    "ar": ("رقم الطلب", "تاريخ الطلب", "العميل", "بلد العميل", "عنوان العميل", "المستلم",
           "بلد المستلم", "وصف الصنف", "رمز النظام المنسق", "الكمية", "سعر الوحدة", "العملة",
           "المسار", "طريقة الدفع", "الاستخدام النهائي"),
    "de": ("Auftragsnummer", "Auftragsdatum", "Kunde", "Land des Kunden", "Kundenadresse",
           "Warenempfänger", "Land des Warenempfängers", "Artikelbezeichnung",
           "Zolltarifnummer", "Menge", "Einzelpreis", "Währung", "Route", "Zahlungsart",
           "Verwendungszweck"),
}  # fmt: skip
FIELDS = ("order.id", "order.date", "buyer.name", "buyer.country", "buyer.address",
          "consignee.name", "consignee.country", "item.description", "item.hs_code",
          "item.quantity", "item.unit_value", "item.currency", "route", "payment.method",
          "order.end_use")  # fmt: skip
# Buyers: (name, country, listed?). Listed ones are written as their list writes them.
BUYERS = {
    "cyrillic": [
        ("Акционерное общество «Концерн «Калашников»", "Russia", True),  # OpenSanctions
        ("Эмират Кавказ", "Russia", True),  # UN: Emarat Kavkaz
        ("ООО Ромашка Электроникс", "Russia", False),
    ],
    "central": [
        ("Pilóta Nélküli Rendszerek Korlátolt Felelősségű Társaság", "Hungary", True),
        ("Koncern „Kałasznikow” SA", "Poland", True),  # OpenSanctions: Kalashnikov
        ("Przedsiębiorstwo Handlowe Świętokrzyskie Sp. z o.o.", "Poland", False),
        ("Zakład Elektroniki Łódź Sp. z o.o.", "Poland", False),
    ],
    "turkish": [
        ("Ağrı Elektronik Sanayi ve Ticaret Ltd. Şti.", "Turkey", False),
        ("Güneş Otomasyon Sistemleri A.Ş.", "Turkey", False),
        ("İzmir Çelik Dış Ticaret", "Turkey", False),
    ],
    "arabic": [
        ("جبهة النصرة لأهل الشام", "Syria", True),  # UN: Al-Nusrah Front
        ("مكتب حنيفة للصرافة", "Syria", True),  # UN: Hanifa Money Exchange Office
        ("شركة الخليج للإلكترونيات", "United Arab Emirates", False),
    ],
}
# (encoding, the buyers it can write, the header language of its ERP)
CODE_PAGES = [
    ("cp1252", (), "de"), ("iso8859_15", (), "de"),
    ("cp1251", ("cyrillic",), "ru"), ("koi8_r", ("cyrillic",), "ru"),
    ("iso8859_5", ("cyrillic",), "ru"), ("cp866", ("cyrillic",), "ru"),
    ("cp1250", ("central",), "pl"), ("iso8859_2", ("central",), "pl"),
    ("cp1254", ("turkish",), "tr"), ("iso8859_9", ("turkish",), "tr"),
    ("cp1256", ("arabic",), "ar"), ("iso8859_6", ("arabic",), "ar"),
]  # fmt: skip
Row = dict[str, str]


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.fixture(scope="module")
def example_rows() -> list[Row]:
    """The first 60 orders of the example book, and its order to a listed Russian buyer
    written in Cyrillic (SO-2026-0033)."""
    with BOOK.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    first = {r["Order No."] for r in rows[:150]}
    return [r for r in rows if r["Order No."] in first or r["Order No."] == "SO-2026-0033"]


def book_rows(example_rows: list[Row], encoding: str, scripts: Sequence[str]) -> list[Row]:
    """The example rows the code page can write, and an order of each of its buyers."""
    rows = [r for r in example_rows if all(_encodable(r[c], encoding) for c in COLUMNS)]
    template = next(r for r in example_rows if all(r[c].isascii() for c in COLUMNS))
    for script in scripts:
        for i, (name, country, _) in enumerate(BUYERS[script]):
            if not _encodable(name, encoding):
                continue  # KOI8-R has no «», ISO-8859-2 no „”
            rows.append({**template, "Order No.": f"X-{script}-{i}", "Customer": name,
                         "Customer Country": country, "Ship-to": name,
                         "Ship-to Country": country, "Customer Address": ""})  # fmt: skip
    return rows


def write_book(path: Path, rows: list[Row], headers: Sequence[str], encoding: str) -> Path:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([r[c] for c in COLUMNS] for r in rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def write_mapping(path: Path, headers: Sequence[str]) -> Path:
    lines = ["[table]", 'decimal = "."', "[columns]"]
    lines += [f'"{h}" = "{f}"' for h, f in zip(headers, FIELDS, strict=True)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def screener(lists_dir: Path) -> Screener:
    lists = read_paths([lists_dir / UN, lists_dir / ZALA]).lists
    entities = [e for data in (*lists, bundled_list()) for e in data.entities]
    return Screener(Matcher(entities), default_policy())


def read(path: Path, mapping: Path | None = None) -> tuple[Any, list[dict[str, Any]]]:
    info, orders = open_orders(path, mapping=mapping)
    return info, [order for _, order in orders]


def decisions(screener: Screener, orders: list[dict[str, Any]]) -> dict[str, str]:
    return {o["id"]: screener.screen(parse_order(o)).as_dict([])["decision"] for o in orders}


@pytest.mark.parametrize(("encoding", "scripts", "language"), CODE_PAGES)
def test_every_code_page_reads_and_screens_as_utf8(
    tmp_path: Path, example_rows: list[Row], screener: Screener, encoding: str,
    scripts: tuple[str, ...], language: str,
) -> None:  # fmt: skip
    rows = book_rows(example_rows, encoding, scripts)
    native = NATIVE[language]
    mapping = write_mapping(tmp_path / "mapping.toml", native)
    for headers, used in ((COLUMNS, None), (native, mapping)):
        utf8 = write_book(tmp_path / "utf8.csv", rows, headers, "utf-8")
        _, expected = read(utf8, used)
        coded = write_book(tmp_path / f"{encoding}.csv", rows, headers, encoding)
        assert not coded.read_bytes().isascii() and coded.read_bytes() != utf8.read_bytes()
        info, got = read(coded, used)
        assert info.encoding == encoding or (
            coded.read_bytes().decode(info.encoding) == coded.read_bytes().decode(encoding)
        ), info.notes  # a code page that reads every byte alike is as good a choice
        assert any(note.startswith(f"not UTF-8: read as {info.encoding} (") and
                   "chosen by charset-normalizer" in note for note in info.notes), info.notes
        assert len(info.columns) == len(COLUMNS), info.columns
        assert got == expected
        assert decisions(screener, got) == decisions(screener, expected)
    listed = [(f"X-{s}-{i}", name) for s in scripts
              for i, (name, _, is_listed) in enumerate(BUYERS[s])
              if is_listed and _encodable(name, encoding)]  # fmt: skip
    found = decisions(screener, got)
    assert all(found[order] == "BLOCK" for order, _ in listed), (listed, found)
    if _encodable("ООО Алабуга Девелопмент", encoding):
        assert found["SO-2026-0033"] == "BLOCK"


def test_the_buyers_of_the_book_are_what_the_test_says(
    example_rows: list[Row], screener: Screener
) -> None:
    """The listed buyers match their lists; the others match nothing (in UTF-8)."""
    scripts = tuple(BUYERS)
    rows = book_rows(example_rows, "utf-8", scripts)
    orders = {r["Order No."]: r for r in rows}
    for script in scripts:
        for i, (name, _, listed) in enumerate(BUYERS[script]):
            row = orders[f"X-{script}-{i}"]
            order = {"id": "x", "parties": [{"role": "buyer", "name": row["Customer"],
                                             "country": row["Customer Country"]}]}  # fmt: skip
            result = screener.screen(parse_order(order)).as_dict([])
            hits = [m for p in result["parties"] for m in p["matches"]]
            assert bool(hits) == listed, (name, hits)


def test_a_listed_russian_buyer_in_a_cp1251_export_with_latin_headers_is_block(
    tmp_path: Path, lists_dir: Path, example_rows: list[Row]
) -> None:
    rows = book_rows(example_rows, "cp1251", ("cyrillic",))
    book = write_book(tmp_path / "export.csv", rows, [c for c in COLUMNS], "cp1251")
    assert book.read_bytes().startswith(b"Order No.,Order Date,Customer,")  # Latin headers
    out = tmp_path / "out"
    result = CliRunner().invoke(main, [
        "--data-dir", str(tmp_path / "data"), "screen", str(book), "--out-dir", str(out),
        "--dataset", str(lists_dir / ZALA), "--dataset", str(lists_dir / UN),
        "--dataset", str(SNAPSHOT), "--workers", "1"])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "export.csv: csv, cp1251" in result.output
    assert "not UTF-8: read as cp1251 (Cyrillic), chosen by charset-normalizer" in (
        " ".join(result.output.split()))  # fmt: skip
    results = {r["id"]: r for r in map(orjson.loads, (out / "export.results.jsonl")
                                       .read_bytes().splitlines())}  # fmt: skip
    assert results["X-cyrillic-0"]["decision"] == "BLOCK"  # Kalashnikov, in Cyrillic
    assert results["X-cyrillic-1"]["decision"] == "BLOCK"  # Emarat Kavkaz
    assert results["SO-2026-0033"]["decision"] == "BLOCK"  # Alabuga Development
    party = results["X-cyrillic-0"]["parties"][0]
    assert party["name"] == "Акционерное общество «Концерн «Калашников»" and party["matches"]


def test_a_later_line_in_another_code_page_is_chosen_from_the_lines_like_it(
    tmp_path: Path,
) -> None:
    """The first 64 KB are plain ASCII: the code page of the Cyrillic lines after them is
    chosen when they come, from them."""
    head = "Order ID,Customer,Customer Country\n" + "".join(
        f"PO-{i},Customer {i} Trading,DE\n" for i in range(4000))  # fmt: skip
    assert len(head) > 1 << 16
    tail = "".join(f"R-{i},{name},RU\n" for i, name in enumerate(
        ["ООО Алабуга Девелопмент", "Акционерное общество Концерн Калашников",
         "ООО Ромашка Электроникс"]))  # fmt: skip
    path = tmp_path / "late.csv"
    path.write_bytes(head.encode() + tail.encode("cp1251"))
    info, orders = read(path)
    assert info.encoding == "utf-8"
    assert [o["parties"][0]["name"] for o in orders[-3:]] == [
        "ООО Алабуга Девелопмент", "Акционерное общество Концерн Калашников",
        "ООО Ромашка Электроникс"]  # fmt: skip
    assert any(n.startswith("lines 4002, 4003 and 4004 are not UTF-8: read as cp1251 "
                            "(Cyrillic)") for n in info.notes), info.notes  # fmt: skip


def test_a_forced_encoding_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "forced.csv"
    path.write_bytes("Order ID,Customer\nPO-1,Müller\n".encode("cp1252"))
    mapping = tmp_path / "m.toml"
    mapping.write_text('[table]\nencoding = "cp1250"\n', encoding="utf-8")
    info, orders = read(path, mapping)
    assert info.encoding == "cp1250" and orders[0]["parties"][0]["name"] == "Müller"
    mapping.write_text('[table]\nencoding = "utf-16-le"\n', encoding="utf-8")
    path.write_bytes("Order ID\tCustomer\nPO-1\tŞahin\n".encode("utf-16-le"))
    info, orders = read(path, mapping)
    assert orders[0]["parties"][0]["name"] == "Şahin"


@pytest.mark.parametrize("declared", ["iso-8859-1", "cp1252", "cp1251"])
def test_a_declared_code_page_that_holds_utf8_is_noticed(tmp_path: Path, declared: str) -> None:
    """A mapping file that declares a code page for a file that is UTF-8: each line that is
    valid UTF-8 is read as UTF-8 (text in a code page is valid UTF-8 only by rare chance),
    and a note says so; a line that is not UTF-8 is read in the declared code page."""
    names = ["Müller Präzision GmbH", "Société Générale d'Électronique", "ООО Алабуга Девелопмент"]
    path = tmp_path / "utf8.csv"
    local = "Ромашка Трейд" if declared == "cp1251" else "Ærø Æble"
    rows = "".join(f"PO-{i},{n}\n" for i, n in enumerate(names))
    path.write_bytes(f"Order ID,Customer\n{rows}".encode() + f"PO-9,{local}\n".encode(declared))
    mapping = tmp_path / "m.toml"
    mapping.write_text(f'[table]\nencoding = "{declared}"\n', encoding="utf-8")
    info, orders = read(path, mapping)
    assert info.encoding == declared
    assert [o["parties"][0]["name"] for o in orders[:3]] == names
    assert any(n.startswith(f"{mapping} declares {declared}, but lines 2, 3 and 4 are UTF-8")
               for n in info.notes), info.notes  # fmt: skip
    assert orders[3]["parties"][0]["name"] == local
