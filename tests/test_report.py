"""The HTML report and the flat CSV, built from real screening results.

The example order book (plus an order with a hostile party name, one whose id and party
are spreadsheet formulas, and a broken line) is screened once, line by line as `caspian
screen` does, against every shared list; the writers get each order next to its result.
"""

from __future__ import annotations

import csv
import itertools
import re
import tempfile
import tracemalloc
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import orjson
import pytest

from caspian import __version__, data, freshness
from caspian.io import report as report_module
from caspian.io.report import ReportWriter, describe_list_date, lists_brief, lists_table
from caspian.io.report import writer as writer_module
from caspian.io.results_csv import COLUMNS, ResultsCsvWriter, result_row
from caspian.lists.active import from_files
from caspian.match import Matcher
from caspian.rules import default_policy, load_policy
from caspian.screen import Screener, screen_line

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "caspian" / "examples" / "orders.jsonl"
HOSTILE = "<script>alert(1)</script>"
PLACE = '<b onmouseover="alert(3)">Kazan</b>'
FORMULA = '=HYPERLINK("http://evil.example/x","click me")'
EXTRA_ORDERS = [
    {"id": "PO-X1", "parties": [{"role": "consignee", "name": HOSTILE, "country": "RU",
                                 "address": "<img src=x onerror=alert(2)>"}],
     "items": [{"description": "MCU", "part_number": "STM32F405RGT6"}],
     "route": [{"place": PLACE, "country": "RU"}]},
    {"id": FORMULA, "parties": [{"role": "consignee", "name": FORMULA + " Logistics",
                                 "country": "TR"}],
     "items": [{"description": "GNSS module", "part_number": "NEO-M8N-0-10"}],
     "end_use": "drones"},
]  # fmt: skip
VOID = {"meta", "br", "hr", "img", "input", "link", "col", "wbr"}


# -- a small DOM, enough to ask where things are ---------------------------------------------


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Node] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # own text and children's, in order

    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()

    def find_all(self, tag: str, cls: str | None = None) -> list[Node]:
        return [n for n in self.walk() if n.tag == tag and (cls is None or cls in n.classes())]

    def find(self, tag: str, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}> in <{self.tag} {self.attrs}>"
        return found[0]


class Dom(HTMLParser):
    """Builds the tree; fails on any end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for node in self.stack:
            node.texts.append(data)


def parse(html_text: str) -> Node:
    dom = Dom()
    dom.feed(html_text)
    dom.close()
    assert [n.tag for n in dom.stack] == ["#root"], "unclosed elements"
    return dom.root


# -- the screening run, once -----------------------------------------------------------------


@dataclass
class Run:
    orders: dict[str, dict[str, Any]]
    results: list[dict[str, Any]]
    html: str
    dom: Node
    csv_bytes: bytes
    screener: Screener

    def card(self, order_id: str) -> Node:
        for article in self.dom.find_all("article", "order"):
            if article.find("h3").text() == order_id:
                return article
        raise AssertionError(f"no card for {order_id}")

    def section(self, heading_id: str) -> Node:
        return next(s for s in self.dom.find_all("section")
                    if s.find_all("h2") and s.find("h2").attrs.get("id") == heading_id)  # fmt: skip

    def result(self, order_id: str) -> dict[str, Any]:
        return next(r for r in self.results if r.get("id") == order_id)


def write_outputs(run_dir: Path, orders: list[dict[str, Any] | None],
                  results: list[dict[str, Any]], **kwargs: Any) -> tuple[Path, Path]:  # fmt: skip
    html_path, csv_path = run_dir / "report.html", run_dir / "results.csv"
    writer = ReportWriter(html_path, title="Order book screening", source="orders.jsonl", **kwargs)
    table = ResultsCsvWriter(csv_path)
    for order, result in zip(orders, results, strict=True):
        writer.add(order, result)
        table.add(result)
    writer.skipped(2, ["row 7, column 'Menge': 'zwölf' is not a number", "row 9: no order id"])
    writer.close(seconds=1.5, lists=results[0]["lists"], notes=["Policy: default"],
                 columns={"Bestellnr": "order id", "Kunde": "buyer name", "Farbe": ""})  # fmt: skip
    table.close()
    return html_path, csv_path


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, lists_dir: Path) -> Run:
    tmp = tmp_path_factory.mktemp("report")
    lines = EXAMPLES.read_bytes().splitlines() + [orjson.dumps(o) for o in EXTRA_ORDERS]
    lines.append(b'{"id": "PO-BROKEN", ')
    data = from_files([lists_dir], allow_truncated=True)
    screener = Screener(Matcher(data.entities), default_policy())
    today = freshness.today_utc()
    lists = [{**v.as_dict(), "warnings": freshness.warnings([v], today=today)}
             for v in data.versions]  # fmt: skip
    results = [screen_line(screener, n, line, lists=lists) for n, line in enumerate(lines, 1)]
    by_id = {}
    orders: list[dict[str, Any] | None] = []
    for line in lines:
        try:
            order = orjson.loads(line)
        except orjson.JSONDecodeError:
            order = None
        orders.append(order)
        if order:
            by_id[order["id"]] = order
    html_path, csv_path = write_outputs(tmp, orders, results)
    text = html_path.read_text(encoding="utf-8")
    return Run(by_id, results, text, parse(text), csv_path.read_bytes(), screener)


# -- the HTML report -------------------------------------------------------------------------


def test_summary_counts_chart_and_reasons(run: Run) -> None:
    tiles = {sorted(t.classes() - {"tile"})[0]: t.find("div", "n").text()
             for t in run.dom.find_all("div", "tile")}  # fmt: skip
    assert tiles == {"BLOCK": "4", "REVIEW": "3", "CLEAR": "2", "ERROR": "1", "SKIP": "2"}
    chart = run.dom.find("svg", "chart")
    assert chart.attrs["role"] == "img"
    assert chart.attrs["aria-label"] == "Decisions: 4 BLOCK, 3 REVIEW, 2 CLEAR, 1 ERROR"
    assert [r.attrs["fill"] for r in chart.find_all("rect")] == [
        "#b91c1c", "#b45309", "#15803d", "#4b5563"]  # fmt: skip
    assert "4 (40%)" in chart.text() and "BLOCK" in chart.text()
    reasons = run.dom.find("table", "reasonstbl").find_all("tr")[1:]
    first = reasons[0].find_all("td")
    # ITEM-VIA-HUB fires on PO-1002..1005 and PO-X2 (TR consignee, GNSS module).
    assert "ITEM-VIA-HUB" in first[1].text() and first[2].text() == "5"
    counts = {r.find("code").text(): int(r.find_all("td")[2].text()) for r in reasons}
    assert counts["PARTY-LISTED"] == 1 and counts["ITEM-TO-RUSSIA-BELARUS"] == 3
    meta = run.dom.find("p", "meta").text()
    assert "10 orders" in meta and "2 rows skipped" in meta and "screened in 1.5 s" in meta


def test_input_notes_skipped_rows_and_errors(run: Run) -> None:
    text = run.dom.text()
    assert "Bestellnr → order id" in text and "Kunde → buyer name" in text
    assert "Columns ignored: Farbe" in text
    assert "row 7, column 'Menge': 'zwölf' is not a number" in text
    assert "Policy: default" in text
    errors = run.section("errors")
    assert errors.find("h2").text() == "Orders that could not be screened (1)"
    row = errors.find("tbody").find("tr").find_all("td")
    assert row[0].text() == "10" and "line 10: invalid JSON" in row[2].text()


def test_orders_come_block_first_then_review_by_risk_then_clear(run: Run) -> None:
    cards = run.dom.find_all("article", "order")
    ids = [c.find("h3").text() for c in cards]
    assert ids[:4] == ["PO-1002", "PO-1003", "PO-1004", "PO-X1"]  # BLOCK, all risk 100
    review = [(run.result(i)["risk"], i) for i in ids[4:]]
    assert [i for _, i in review] == [i for _, i in sorted(review, key=lambda x: -x[0])]
    assert set(ids[4:]) == {"PO-1005", "PO-1007", FORMULA}
    index = run.dom.find("table", "index").find("tbody").find_all("tr")
    assert [r.find("a").text() for r in index] == ids
    assert [r.find("a").attrs["href"] for r in index] == ["#" + c.attrs["id"] for c in cards]
    clear = run.dom.find("table", "clear").find("tbody").find_all("tr")
    assert [r.find("td").text() for r in clear] == ["PO-1001", "PO-1006"]
    assert "Duisburg → Nürnberg" in clear[0].text()


def test_each_blocked_order_shows_its_top_reason_and_evidence_first(run: Run) -> None:
    for order_id in ("PO-1002", "PO-1003", "PO-1004", "PO-X1"):
        result = run.result(order_id)
        card = run.card(order_id)
        top = result["reasons"][0]
        assert card.find("span", "badge").text() == "BLOCK"
        assert f"risk {result['risk']}/100" in card.find("header").text()
        why = card.find("div", "why")
        assert card.children.index(why) == 1  # right after the header
        assert top["message"] in why.text() and top["code"] in why.text()
        assert [li.text() for li in why.find_all("li")] == [
            " ".join(e.split()) for e in top["evidence"]]  # fmt: skip
        others = card.find_all("ol", "reasons")
        codes = [c.text() for o in others for c in o.find_all("code")]
        assert [r["code"] for r in result["reasons"][1:]] == codes


def test_party_match_shows_the_listed_name_next_to_the_party(run: Run) -> None:
    table = run.card("PO-1002").find("table", "parties")
    hit = table.find("tr", "hit")
    cells = hit.find_all("td")
    assert "Ghods Aviation Industry Co" in cells[1].text()
    assert "Office 1203, Deira, Dubai" in cells[1].text()
    assert cells[3].text() == "QODS AVIATION INDUSTRIES" and "listed" in cells[3].classes()
    assert "ofac-sdn-16418" in cells[4].text() and cells[5].text() == "1.00"
    assert "ghods=qods (romanisation)" in cells[6].text()
    # The alias a candidate matched on is said next to its main name.
    name = "Islamic Revolutionary Guard Corps Qods Force"
    order = {"id": "PO-A", "parties": [{"role": "buyer", "name": name, "country": "IR"}]}
    result = screen_line(run.screener, 1, orjson.dumps(order), lists=[])
    card = parse(report_module.render_card("a", order, result))
    listed = [td.text() for td in card.find_all("td", "listed")]
    assert any(t.startswith("ISLAMIC REVOLUTIONARY GUARD CORPS (IRGC)-QODS FORCE")
               and "matched on “ISLAMIC REVOLUTIONARY GUARD CORPS-QODS FORCE”" in t
               for t in listed), listed  # fmt: skip


def test_items_show_hs6_chpl_tier_and_group(run: Run) -> None:
    rows = run.card("PO-1003").find("table", "items").find("tbody").find_all("tr")
    cells = [[td.text() for td in r.find_all("td")] for r in rows]
    assert cells[0][2] == "8526.91 part number" and cells[0][3] == "Tier 2"
    assert cells[0][4] == "GNSS receivers and modules gnss"
    assert cells[1][2] == "8542.39 part number" and cells[1][3] == "Tier 1"
    assert "NEO-M8N-0-10" in cells[0][1] and "× 200" in cells[0][1]
    servo = run.card("PO-1004").find("table", "items").find("tbody").find("tr")
    assert [td.text() for td in servo.find_all("td")][2:4] == ["unknown", "—"]


def test_route_is_drawn_with_the_risky_stops_marked(run: Run) -> None:
    svg = run.card("PO-1003").find("svg", "route")
    groups = svg.find_all("g")
    labels = [g.find_all("text")[-3].text() for g in groups]
    assert labels == ["Jebel Ali", "Amirabad port", "Makhachkala port", "Caspian Logistic Service"]
    risky = {g.find_all("text")[-3].text(): g.find("circle").attrs["stroke"] for g in groups
             if g.find_all("text", "risky")}  # fmt: skip
    assert risky["Makhachkala port"] == "#b91c1c" and risky["Amirabad port"] == "#b91c1c"
    assert risky["Jebel Ali"] == "#b45309"  # named by REVIEW reasons only
    assert [t.text() for t in svg.find_all("text", "cap")] == [
        "origin", "stop 2", "destination", "consignee"]  # fmt: skip
    marks = run.card("PO-1003").find("ul", "marks").text()
    assert "Makhachkala port (RU): named by ITEM-TO-RUSSIA-BELARUS, ITEM-VIA-CASPIAN-ROUTE" in marks
    assert "Russian Federation: Russia/Belarus" in marks
    # Nothing names Rotterdam: a plain stop.
    plain = run.card("PO-1002").find("svg", "route").find_all("g")[0]
    assert plain.find("circle").attrs["fill"] == "#fff" and not plain.find_all("text", "risky")
    # The Alabuga consignee is the end of PO-1004's route, with its address in the legend.
    assert "ОЭЗ «Алабуга»" in run.card("PO-1004").find("ul", "marks").text()


def test_lists_and_versions_with_their_warnings(run: Run) -> None:
    lists = run.results[0]["lists"]
    rows = run.dom.find("table", "lists").find("tbody").find_all("tr")
    assert len(rows) == len(lists)  # one row per list version, in the order screened
    for entry, row in zip(lists, rows, strict=True):
        cells = [td.text() for td in row.find_all("td")]
        assert cells[0].startswith(entry["source"]) and cells[1] == entry["version"]
        assert cells[2] == describe_list_date(entry)
        assert cells[3] == f"{entry['entity_count']:,}"
        assert [d.text() for d in row.find_all("div", "warn")] == [
            f"⚠ {w}" for w in entry["warnings"]]  # fmt: skip
    by_source = {r.find("b").text(): [td.text() for td in r.find_all("td")] for r in rows}
    assert by_source["ofac-sdn"][3] == "14,965"
    assert by_source["uk-ofsi"][2] == "2018-04-13 (published)"
    assert "older than the maximum of 7 days" in by_source["uk-ofsi"][4]
    assert "list versions" not in run.dom.find("table", "lists").text()
    brief = next(p for p in run.dom.find_all("p", "alert") if "list version" in p.text())
    warned = sum(1 for e in lists if e["warnings"])
    assert f"{len(lists)} list versions" in brief.text()
    assert f"{warned} of {len(lists)} carry a warning" in brief.text()


def test_no_external_resources(run: Run) -> None:
    for node in run.dom.walk():
        assert node.tag not in {"img", "link", "iframe", "object", "embed"}
        if node.tag == "script":
            assert "src" not in node.attrs
        for attr in ("src", "href", "xlink:href", "action"):
            if attr in node.attrs:
                assert node.attrs[attr].startswith("#"), (node.tag, node.attrs)
    style = run.dom.find("style").text()
    assert "url(" not in style and "@import" not in style


def test_customer_text_is_escaped(run: Run) -> None:
    for raw in (HOSTILE, "<img", "<b onmouseover"):
        assert raw not in run.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in run.html
    card = run.card("PO-X1")
    assert not card.find_all("script") and PLACE in card.find("ul", "marks").text()
    assert HOSTILE in card.find("table", "parties").text()
    assert HOSTILE in card.find("svg", "route").attrs["aria-label"]
    route_labels = [t.text() for t in card.find("svg", "route").find_all("text")]
    assert PLACE[:23] + "…" in route_labels and HOSTILE[:23] + "…" in route_labels
    assert any(HOSTILE in li.text() for li in card.find("div", "why").find_all("li"))


# -- the CSV ---------------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, for Excel
    return list(csv.DictReader(data.decode("utf-8-sig").splitlines()))


def test_csv_one_row_per_order(run: Run) -> None:
    rows = csv_rows(run.csv_bytes)
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(run.results) == 10
    by_id = {r["id"]: r for r in rows}
    ghods = by_id["PO-1002"]
    assert (ghods["decision"], ghods["risk"], ghods["reason_count"]) == ("BLOCK", "100", "3")
    assert ghods["reason_1_code"] == "PARTY-LISTED"
    assert ghods["reason_1_evidence"].startswith("buyer 'Ghods Aviation Industry Co' (AE) matches")
    assert ghods["reason_2_code"] == "ITEM-VIA-HUB" and ghods["reason_3_code"] == "RF-VAGUE-END-USE"
    assert ghods["matched_parties"].startswith(
        "buyer: Ghods Aviation Industry Co -> ofac-sdn-16418 'QODS AVIATION INDUSTRIES' (1.00)"
    )
    assert ghods["sensitive_items"] == "item 1: HS 854231, CHPL tier 1, processors"
    assert "ofac-sdn 2026-" in ghods["lists"] and "uk-ofsi 2018-04-13#" in ghods["lists"]
    caspian = by_id["PO-1003"]
    assert caspian["other_reason_codes"].split(" | ") == [
        "RF-FORWARDER-CONSIGNEE", "RF-PAYER-THIRD-COUNTRY", "RF-VAGUE-END-USE",
        "RF-HUB-TO-SENSITIVE", "RF-FREE-ZONE"]  # fmt: skip
    assert by_id["PO-1001"]["decision"] == "CLEAR" and by_id["PO-1001"]["reason_count"] == "0"
    error = rows[-1]
    assert error["decision"] == "ERROR" and error["error"].startswith("line 10: invalid JSON")


def test_csv_neutralises_formulas(run: Run) -> None:
    rows = csv_rows(run.csv_bytes)
    hostile = next(r for r in rows if "HYPERLINK" in r["id"])
    assert hostile["id"] == "'" + FORMULA
    assert any(FORMULA + " Logistics" in value for value in hostile.values())
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_csv_cells_from_every_field_are_neutralised() -> None:
    result = {
        "id": "+31 20 555", "decision": "REVIEW", "risk": 40,
        "reasons": [{"code": "@X", "message": "-1", "evidence": ['=cmd|"/c calc"!A1']}],
        "parties": [], "items": [], "lists": [],
    }  # fmt: skip
    row = dict(zip(COLUMNS, result_row(result), strict=True))
    assert row["id"] == "'+31 20 555" and row["reason_1_code"] == "'@X"
    assert row["reason_1_message"] == "'-1" and row["reason_1_evidence"] == '\'=cmd|"/c calc"!A1'


def test_csv_is_written_atomically(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    with ResultsCsvWriter(path) as writer:
        writer.add({"id": "A", "decision": "CLEAR", "risk": 0})
        assert not path.exists()
    assert csv_rows(path.read_bytes())[0]["id"] == "A"
    with pytest.raises(RuntimeError), ResultsCsvWriter(tmp_path / "failed.csv") as writer:
        raise RuntimeError("screening failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


# -- lists dates, the bundled snapshot -------------------------------------------------------


BUNDLED = {
    "source": "caspian-snapshot", "title": "Caspian bundled snapshot", "published": "2024-11-18",
    "version": "2024-11-18#sha256:a1e0c", "published_from": "snapshot", "entity_count": 104,
    "bundled": True, "warnings": ["caspian-snapshot: screening against Caspian's bundled "
                                  "snapshot as of 2024-11-18, not the official lists"],
}  # fmt: skip


def test_a_bundled_snapshot_is_called_a_snapshot_with_its_date() -> None:
    assert describe_list_date(BUNDLED) == "bundled snapshot as of 2024-11-18"
    brief = parse(lists_brief([BUNDLED])).text()
    assert "caspian-snapshot is Caspian's bundled snapshot as of 2024-11-18" in brief
    assert "1 of 1 carry a warning" in brief
    table = parse(lists_table([BUNDLED])).text()
    assert "bundled snapshot" in table and "not the official lists" in table
    dated = {**BUNDLED, "bundled": False, "published_from": "mtime"}
    assert describe_list_date(dated) == "2024-11-18 (file time, no date in the list)"
    assert "No list was loaded" in parse(lists_brief([])).text()


# -- streaming, bounded memory ---------------------------------------------------------------


def synthetic(run: Run, n: int, *, ascending: bool = False) -> Iterator[tuple[Any, Any]]:
    """n results cycling BLOCK/REVIEW/CLEAR on real templates, risks spread or ascending."""
    templates = [(run.orders[i], run.result(i)) for i in ("PO-1003", "PO-1005", "PO-1001")]
    for k in range(n):
        order, result = templates[k % 3]
        risk = k * 100 // n if ascending else (k * 7919) % 100
        if result["decision"] == "CLEAR":
            risk = 0
        yield order, {**result, "id": f"S-{k}", "risk": risk}


def test_memory_stays_bounded_for_many_orders(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "big.html"
    writer = ReportWriter(path, title="big", source="big.jsonl", max_details=100)
    tracemalloc.start()
    for order, result in synthetic(run, 50_000):
        writer.add(order, result)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert writer.detailed == 100 and writer.clear_rows == 100
    assert peak < 3_000_000, peak  # counters and 100 offsets, never the 33,000 BLOCK/REVIEW
    writer.close(seconds=1.0, lists=[])
    dom = parse(path.read_text(encoding="utf-8"))
    cards = dom.find_all("article", "order")
    assert len(cards) == 100
    assert all(c.find("span", "badge").text() == "BLOCK" for c in cards)  # 16,667 BLOCKs
    risks = [int(c.find("span", "risk").text().split()[1].split("/")[0]) for c in cards]
    assert risks == sorted(risks, reverse=True) and risks[0] == 99
    text = dom.text()
    assert "33,234 more BLOCK/REVIEW orders are only in the JSON lines output" in text
    assert "16,566 more are only in the JSON lines output" in text
    assert not path.with_name("big.html.partial").exists()


def test_replaced_details_are_compacted_and_stay_intact(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(writer_module, "COMPACT_MIN_BYTES", 0)
    opened: list[Path] = []
    temporary_file = tempfile.TemporaryFile

    def counted(**kwargs: Any) -> Any:
        opened.append(kwargs["dir"])
        return temporary_file(**kwargs)

    monkeypatch.setattr(tempfile, "TemporaryFile", counted)
    path = tmp_path / "asc.html"
    writer = ReportWriter(path, title="asc", source="asc.jsonl", max_details=5)
    for order, result in synthetic(run, 600, ascending=True):  # each BLOCK replaces one
        writer.add(order, result)
    assert len(opened) > 10  # the detail file was rewritten again and again
    writer.close(seconds=1.0, lists=[])
    dom = parse(path.read_text(encoding="utf-8"))
    cards = dom.find_all("article", "order")
    # BLOCKs (every third) by risk k*100//600, then arrival: 594, 597 (99), 588, 591 (98), 582.
    assert [c.find("h3").text() for c in cards] == ["S-594", "S-597", "S-588", "S-591", "S-582"]
    assert all(c.find("div", "why") and c.find("svg", "route") for c in cards)


# -- marks come from the reasons' refs, not from their wording ------------------------------


def marks(dom: Node) -> dict[str, Any]:
    """What each card marks: route points (label, stroke, risky), the legend, and the
    reason codes flagged on each party and item."""
    out: dict[str, Any] = {}
    for card in dom.find_all("article", "order"):
        nodes = card.find("svg", "route").find_all("g")
        points = [(g.find_all("text")[-3].text(), g.find("circle").attrs["stroke"],
                   bool(g.find_all("text", "risky"))) for g in nodes]  # fmt: skip
        legend = card.find_all("ul", "marks")
        flags = {
            table: [[c.text() for c in tr.find_all("code", "flag")]
                    for tr in card.find("table", table).find("tbody").find_all("tr")]
            for table in ("parties", "items") if card.find_all("table", table)
        }  # fmt: skip
        out[card.find("h3").text()] = (points, legend[0].text() if legend else "", flags)
    return out


def reworded_policy(path: Path) -> Path:
    """The default policy and every red flag, each rule described in other words."""
    text = data.text("policy.toml") + "\n" + data.text("red_flags.toml")
    count = itertools.count(1)
    text, n = re.subn(r'^description = ".*"$', lambda _: f'description = "Rule {next(count)}, '
                      'said otherwise"', text, flags=re.MULTILINE)  # fmt: skip
    assert n == len(default_policy().rules)
    path.write_text(text, encoding="utf-8")
    return path


def report_dom(tmp: Path, orders: list[Any], results: list[dict[str, Any]]) -> Node:
    html_path, _ = write_outputs(tmp, orders, results)
    return parse(html_path.read_text(encoding="utf-8"))


def test_rewording_the_rules_marks_the_same_stops_parties_and_items(
    run: Run, tmp_path: Path
) -> None:
    lines = EXAMPLES.read_bytes().splitlines() + [orjson.dumps(o) for o in EXTRA_ORDERS]
    orders = [orjson.loads(line) for line in lines]
    reworded = Screener(run.screener.matcher, load_policy(reworded_policy(tmp_path / "p.toml")))
    again = [screen_line(reworded, n, line, lists=[]) for n, line in enumerate(lines, 1)]
    given = [run.result(o["id"]) for o in orders]
    messages = {r["message"] for result in again for r in result["reasons"]}
    assert messages and all(m.endswith(", said otherwise") for m in messages)
    # The same decisions and refs, other words: the same marks.
    assert [[(r["code"], r["refs"]) for r in x["reasons"]] for x in again] == [
        [(r["code"], r["refs"]) for r in x["reasons"]] for x in given]  # fmt: skip
    expected = marks(report_dom(tmp_path / "given", orders, given))
    assert marks(report_dom(tmp_path / "reworded", orders, again)) == expected
    # Evidence in other words too (as a reworded check would write it): still the same.
    blank = [{**x, "reasons": [{**r, "evidence": ["(said otherwise)"]} for r in x["reasons"]]}
             for x in again]  # fmt: skip
    assert marks(report_dom(tmp_path / "blank", orders, blank)) == expected
    # Not vacuous: stops, parties and items are marked.
    points, legend, flags = expected["PO-1003"]
    assert [p[0] for p in points if p[2]] == ["Jebel Ali", "Amirabad port", "Makhachkala port",
                                              "Caspian Logistic Service"]  # fmt: skip
    assert "Makhachkala port (RU): named by ITEM-TO-RUSSIA-BELARUS, ITEM-VIA-CASPIAN-ROUTE" in (
        legend
    )
    assert flags["parties"][2] == ["ITEM-VIA-HUB", "RF-FORWARDER-CONSIGNEE", "RF-HUB-TO-SENSITIVE"]
    assert flags["items"] == [["ITEM-TO-RUSSIA-BELARUS", "ITEM-VIA-CASPIAN-ROUTE", "ITEM-VIA-HUB",
                               "RF-VAGUE-END-USE"]] * 2  # fmt: skip


def test_without_refs_nothing_is_marked_from_the_text(run: Run, tmp_path: Path) -> None:
    """A result whose reasons lost their refs marks only what the route itself says
    (stops in Iran and Russia), however plainly the evidence names a stop or a party."""
    order = run.orders["PO-1003"]
    result = run.result("PO-1003")
    stripped = {**result, "reasons": [{**r, "refs": []} for r in result["reasons"]]}
    points, legend, flags = marks(report_dom(tmp_path, [order], [stripped]))["PO-1003"]
    assert [p[0] for p in points if p[2]] == ["Amirabad port", "Makhachkala port"]
    assert legend == ("Amirabad port (IR): Iran: embargoed country "
                      "Makhachkala port (RU): Russian Federation: Russia/Belarus")  # fmt: skip
    assert flags == {"parties": [[], [], []], "items": [[], []]}


# -- provenance ------------------------------------------------------------------------------


PROVENANCE = {"engine": "caspian 0.1.0", "policy": "a3f1" + "0" * 60, "matching": "9bc2" + "1" * 60}


def provenance_report(run: Run, tmp_path: Path, provenances: list[dict[str, str] | None],
                      **close: Any) -> Node:  # fmt: skip
    path = tmp_path / "prov.html"
    writer = ReportWriter(path, title="t", source="s.jsonl")
    for (order, result), provenance in zip(synthetic(run, len(provenances)), provenances,
                                           strict=True):  # fmt: skip
        bare = {k: v for k, v in result.items() if k != "provenance"}
        writer.add(order, {**bare, "provenance": provenance} if provenance else bare)
    writer.close(seconds=1.0, lists=run.results[0]["lists"], **close)
    return run_section(parse(path.read_text(encoding="utf-8")), "lists")


def run_section(dom: Node, heading_id: str) -> Node:
    return next(s for s in dom.find_all("section")
                if s.find_all("h2") and s.find("h2").attrs.get("id") == heading_id)  # fmt: skip


def provenance_shown(section: Node) -> dict[str, str]:
    table = section.find("table", "provenance")
    return {tr.find("th").text(): tr.find("td").text() for tr in table.find_all("tr")}


def test_provenance_of_the_results_is_in_lists_used(run: Run, tmp_path: Path) -> None:
    section = provenance_report(run, tmp_path, [PROVENANCE] * 6)
    assert provenance_shown(section) == {"Engine": "caspian 0.1.0",
                                         "Policy (sha256)": PROVENANCE["policy"],
                                         "Matching (sha256)": PROVENANCE["matching"]}  # fmt: skip
    assert not section.find_all("p", "alert")
    assert section.find("table", "lists")  # beside the list versions


def test_results_of_different_provenances_are_warned_about(run: Run, tmp_path: Path) -> None:
    other = {**PROVENANCE, "policy": "77" * 32}
    section = provenance_report(run, tmp_path, [PROVENANCE] * 4 + [other] * 2 + [None])
    assert provenance_shown(section)["Policy (sha256)"] == PROVENANCE["policy"]  # the first
    warnings = [p.text() for p in section.find_all("p", "alert")]
    assert len(warnings) == 2
    assert "carry 2 different provenances" in warnings[0]
    assert "caspian 0.1.0, policy a3f100000000, matching 9bc211111111: 4 results" in warnings[0]
    assert "policy 777777777777" in warnings[0] and ": 2 results" in warnings[0]
    assert warnings[1] == "⚠ 1 result carries no provenance."


def test_the_run_provenance_given_at_close_is_shown_and_checked(run: Run, tmp_path: Path) -> None:
    given = {**PROVENANCE, "engine": "caspian 0.2.0"}
    section = provenance_report(run, tmp_path, [None] * 3, provenance=given)
    assert provenance_shown(section)["Engine"] == "caspian 0.2.0"
    assert not section.find_all("p", "alert")  # results without one: nothing to compare
    section = provenance_report(run, tmp_path, [PROVENANCE] * 3, provenance=given)
    assert provenance_shown(section)["Engine"] == "caspian 0.2.0"
    (warning,) = section.find_all("p", "alert")
    assert warning.text().startswith(
        "⚠ 3 results carry another provenance than this run's (caspian 0.2.0, policy a3f1"
    )
    assert warning.text().endswith("caspian 0.1.0, policy a3f100000000, matching 9bc2111111"
                                   "11: 3 results.")  # fmt: skip


def test_the_runs_own_provenance_is_shown(run: Run, tmp_path: Path) -> None:
    policy = default_policy()
    shown = provenance_shown(run.section("lists"))
    assert shown["Engine"] == f"caspian {__version__}"
    assert shown["Policy (sha256)"] == policy.digest
    assert shown["Matching (sha256)"] == run.screener.matcher.config.digest
    bare = provenance_report(run, tmp_path, [None, None])
    assert "The results carry no provenance" in bare.text()


def test_many_distinct_provenances_stay_bounded(run: Run, tmp_path: Path) -> None:
    many = [{**PROVENANCE, "policy": f"{k:064x}"} for k in range(40)]
    section = provenance_report(run, tmp_path, many)
    (warning,) = section.find_all("p", "alert")
    assert "carry more than 10 different provenances" in warning.text()
    assert "30 results with yet other provenances" in warning.text()
