"""The main job end to end: a spreadsheet in, three outputs out, re-screening by list change."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import orjson
from click.testing import CliRunner

from caspian.cli import main

SDN_2021 = "ofac/sdn_csv_2021-07-07_consistent_set"
SDN_2024 = "ofac/sdn_csv_2024-05-03/sdn.csv"
GERMAN = """Auftragsnummer;Datum;Kunde;Land;Warenempfänger;Land des Warenempfängers;Artikelbezeichnung;Zolltarifnummer;Artikelnummer;Menge;Einzelpreis;Währung;Interne Kostenstelle
A-1;02.03.2026;Bayerische Antriebstechnik AG;Deutschland;Bayerische Antriebstechnik AG;Deutschland;Widerstand 10k;8533.21;RC0603FR-0710KL;10.000;0,002;EUR;4711
A-2;02.03.2026;Ghods Aviation Industry Co;Vereinigte Arabische Emirate;Ghods Aviation Industry Co;Vereinigte Arabische Emirate;Mikrocontroller;;STM32F405RGT6;500;7,50;USD;4711
A-2;02.03.2026;Ghods Aviation Industry Co;Vereinigte Arabische Emirate;Ghods Aviation Industry Co;Vereinigte Arabische Emirate;GNSS-Modul;;NEO-M8N-0-10;viele;12,00;USD;4711
A-3;03.03.2026;Tekhnoservis OOO;Russland;Tekhnoservis OOO;Russland;Mikrocontroller;8542.31;STM32F103C8T6;100;2,10;EUR;4712
"""


def _run(tmp_path: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--data-dir", str(tmp_path / "data"), *args])
    return result.exit_code, result.output


def test_german_csv_to_three_outputs(tmp_path: Path, lists_dir: Path) -> None:
    book = tmp_path / "auftraege.csv"
    book.write_bytes(GERMAN.encode("cp1252"))
    out = tmp_path / "out"
    code, output = _run(tmp_path, "screen", str(book), "--out-dir", str(out),
                        "--dataset", str(lists_dir / SDN_2024))  # fmt: skip
    assert code == 1, output
    assert "'Auftragsnummer' -> order.id" in output
    assert "columns ignored: 'Interne Kostenstelle'" in output
    results = {
        r["id"]: r
        for r in map(orjson.loads, (out / "auftraege.results.jsonl").read_bytes().splitlines())
    }
    assert results["A-1"]["decision"] == "CLEAR"
    assert results["A-2"]["decision"] == "BLOCK"
    assert results["A-3"]["decision"] == "BLOCK"  # a CHPL item to Russia
    unreadable = [r for r in results["A-2"]["reasons"] if r["code"] == "INPUT-UNREADABLE"]
    assert unreadable and "Menge" in " ".join(unreadable[0]["evidence"])
    rows = list(csv.DictReader(io.StringIO((out / "auftraege.results.csv").read_text("utf-8-sig"))))
    assert [r["decision"] for r in rows] == ["CLEAR", "BLOCK", "BLOCK"]
    html = (out / "auftraege.report.html").read_text()
    assert "A-2" in html and "QODS AVIATION INDUSTRIES" in html and "<svg" in html


def test_not_a_table_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "orders.csv"
    bogus.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    code, output = _run(tmp_path, "screen", str(bogus), "--out-dir", str(tmp_path / "out"))
    assert code == 2 and "orders.csv" in output


def test_since_lists_screens_only_what_changed(tmp_path: Path, lists_dir: Path) -> None:
    _run(tmp_path, "lists", "load", "--published", "2021-07-07", str(lists_dir / SDN_2021))
    _run(tmp_path, "lists", "load", "--published", "2024-05-03", str(lists_dir / SDN_2024))
    orders = tmp_path / "customers.jsonl"
    orders.write_bytes(b"\n".join(orjson.dumps(o) for o in [
        {"id": "C-1", "parties": [{"role": "buyer", "country": "RU",
         "name": "JSC Special Economic Zone of Industrial Production Alabuga"}]},
        {"id": "C-2", "parties": [{"role": "buyer", "name": "Bayerische Antriebstechnik AG", "country": "IR"}]},
    ]))  # fmt: skip
    out = tmp_path / "r.jsonl"
    code, output = _run(tmp_path, "screen", str(orders), "--output", str(out),
                        "--since-lists", "ofac-sdn@2021-07-07")  # fmt: skip
    assert code == 1, output
    assert "added or changed" in output
    first, second = (orjson.loads(x) for x in out.read_bytes().splitlines())
    assert first["decision"] == "BLOCK"
    assert first["parties"][0]["matches"][0]["id"] == "ofac-sdn-45708"
    # Only the party rules run on a re-screening: Iran alone is not a list change.
    assert second["decision"] == "CLEAR"
    code, output = _run(tmp_path, "screen", str(orders), "--output", str(out),
                        "--since-lists", "no-such-list")  # fmt: skip
    assert code == 2 and "no-such-list" in output


def test_demo_writes_the_report(tmp_path: Path) -> None:
    code, output = _run(tmp_path, "demo", "--out-dir", str(tmp_path / "demo"))
    assert code == 0, output
    assert "bundled snapshot" in output and "BLOCK" in output
    assert (tmp_path / "demo" / "order_book.report.html").stat().st_size > 10_000
