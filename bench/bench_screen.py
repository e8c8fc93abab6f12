"""Benchmark: `caspian screen` on orders of three parties and two items, every shared list.

Orders are generated deterministically: parties drawn from a pool of ordinary invented
companies in many countries (an order book repeats its customers) with a few listed
names written otherwise, items from a mix of ordinary goods and CHPL/UAV parts, routes
through ordinary ports and diversion hubs. Prints orders per second through the CLI on
every core, against a baseline run in the same process: the three parties' name
matching alone, uncached, one core.

    .venv/bin/python bench/bench_screen.py [--orders 10000] [--pool 2000]
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import orjson

from caspian.lists.active import from_files
from caspian.match import Matcher
from caspian.order import parse_order
from caspian.screen import party_query

ROOT = Path(__file__).resolve().parents[1]
SEED = 4

WORDS = ["Nordic", "Precision", "Components", "Pacific", "Delta", "Alpine", "Systems", "Marine",
         "Global", "United", "Crystal", "Sunrise", "Atlas", "Vertex", "Harbor", "Quantum", "Orion",
         "Summit", "Blue", "Green", "Apex", "Metro", "Union", "Silver", "Star",
         "Eagle"]  # fmt: skip
FORMS = {"DE": "GmbH", "FR": "SARL", "US": "Inc", "GB": "Ltd", "JP": "K.K.", "IT": "S.r.l.",
         "NL": "BV", "AE": "FZE", "TR": "A.S.", "HK": "Ltd", "CN": "Co., Ltd", "IN": "Pvt Ltd",
         "KZ": "TOO", "RU": "OOO", "SG": "Pte Ltd", "BR": "Ltda", "PL": "Sp. z o.o."}  # fmt: skip
LISTED = [("Ghods Aviation Industry Co", "AE"), ("Kimia Part Sivan Co. Ltd", "TR"),
          ("ООО Алабуга Девелопмент", "RU"), ("Shahed Aviation Industries", "IR")]  # fmt: skip
ITEMS: list[dict[str, Any]] = [
    {"description": "thick film resistor 10k", "hs_code": "8533.21"},
    {"description": "notebook computer", "hs_code": "8471.30"},
    {"description": "office chair", "hs_code": "9401.31"},
    {"description": "copper cable", "hs_code": "8544.49"},
    {"description": "32-bit microcontroller", "part_number": "STM32F405RGT6"},
    {"description": "GNSS module", "part_number": "NEO-M8N-0-10"},
    {"description": "FPGA", "part_number": "XC7Z020-1CLG400C"},
    {"description": "MEMS gyroscope", "part_number": "ADIS16470"},
    {"description": "digital servo"},
    {"description": "ceramic capacitor MLCC", "hs_code": "8532.24"},
]
ROUTES = [[("Rotterdam", "NL")], [("Hamburg", "DE")], [("Jebel Ali", "AE")],
          [("Istanbul", "TR")], [("Singapore", "SG"), ("Port Klang", "MY")],
          [("Shanghai", "CN")], [("Almaty", "KZ")]]  # fmt: skip


def make_orders(count: int, pool: int) -> list[dict[str, Any]]:
    rng = random.Random(SEED)
    countries = list(FORMS)
    parties = []
    for _ in range(pool):
        country = rng.choice(countries)
        parties.append((f"{rng.choice(WORDS)} {rng.choice(WORDS)} {FORMS[country]}", country))
    parties += LISTED
    orders = []
    for i in range(count):
        (seller, sc), (buyer, bc), (consignee, cc) = (rng.choice(parties) for _ in range(3))
        orders.append({
            "id": f"PO-{i}",
            "parties": [{"role": "seller", "name": seller, "country": sc},
                        {"role": "buyer", "name": buyer, "country": bc},
                        {"role": "consignee", "name": consignee, "country": cc}],
            "items": [rng.choice(ITEMS) | {"quantity": rng.randint(1, 5000)} for _ in range(2)],
            "route": [{"place": p, "country": c} for p, c in rng.choice(ROUTES)],
            "payment": {"payer_country": bc, "method": "wire"},
            "end_use": rng.choice(["production of controllers", "resale", ""]),
        })  # fmt: skip
    return orders


def baseline_rate(orders: list[dict[str, Any]], lists: Path) -> float:
    """Orders per second of the baseline: the parties' name matching alone, uncached."""
    matcher = Matcher(from_files([lists], allow_truncated=True).entities)
    start = time.perf_counter()
    for body in orders:
        for party in parse_order(body).parties:
            query = party_query(party)
            if query is not None:
                matcher.match(query, limit=3)
    return len(orders) / (time.perf_counter() - start)


def parse_args(description: str, orders: int) -> argparse.Namespace:
    """The options every screening benchmark takes."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    parser.add_argument("--orders", type=int, default=orders)
    parser.add_argument("--pool", type=int, default=2_000)
    parser.add_argument("--baseline-orders", type=int, default=1_000)
    return parser.parse_args()


def run_screen(
    data_dir: str, source: Path, outputs: list[str], lists: Path
) -> tuple[subprocess.CompletedProcess[str], float, float]:
    """Run `caspian screen` in a child process: the run, its wall time, and the screening
    time it reports (the wall time when it reports none)."""
    cmd = [sys.executable, "-m", "caspian.cli", "--data-dir", data_dir, "screen", str(source),
           *outputs, "--dataset", str(lists), "--allow-truncated"]  # fmt: skip
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    screened = [ln for ln in done.stderr.splitlines() if ln.startswith("Screened")]
    took = float(screened[0].split(" in ")[1].split(" s")[0]) if screened else wall
    return done, wall, took


def main() -> int:
    args = parse_args(__doc__.splitlines()[0], 10_000)
    orders = make_orders(args.orders, args.pool)

    baseline = baseline_rate(orders[: args.baseline_orders], args.lists)

    with tempfile.TemporaryDirectory() as tmp:
        source, target = Path(tmp) / "orders.jsonl", Path(tmp) / "results.jsonl"
        source.write_bytes(b"\n".join(orjson.dumps(o) for o in orders))
        done, wall, took = run_screen(tmp, source, ["--output", str(target)], args.lists)
        if done.returncode not in (0, 1):
            print(done.stderr)
            return 2
        results = [orjson.loads(line) for line in target.read_bytes().splitlines()]
    decisions: dict[str, int] = {}
    for r in results:
        decisions[r.get("decision", "error")] = decisions.get(r.get("decision", "error"), 0) + 1
    rate = len(results) / took
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{len(orders):,} orders (3 parties from a pool of {args.pool:,} + listed names, "
          f"2 items), every shared list; decisions: {decisions}")  # fmt: skip
    print(f"{'measure':<46}{'caspian':>10}{'baseline':>10}{'ratio':>8}  aim")
    print(f"{'orders/s through caspian screen (screening)':<46}{rate:>10,.0f}{baseline:>10,.0f}"
          f"{rate / baseline:>8.1f}  >= 500/s")  # fmt: skip
    print(f"{'orders/s incl. start-up and index build':<46}{len(results) / wall:>10,.0f}")
    print(f"{'peak resident memory of caspian screen (MB)':<46}{child:>10,.0f}")
    print("baseline: the three parties' name matching alone, uncached, in this process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
