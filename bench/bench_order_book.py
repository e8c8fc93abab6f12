"""Benchmark: the main job end to end, a CSV order book to all three outputs.

100,000 orders (three parties and two items each, one CSV row per order line) screened
by `caspian screen` against every shared list, writing the JSON-lines results, the flat
CSV and the HTML report, on every core. Prints orders per second and the peak memory of
the `caspian screen` process, with a baseline run in the same process: the three
parties' name matching alone, uncached, one core.

    .venv/bin/python bench/bench_order_book.py [--orders 100000] [--pool 2000]
"""

from __future__ import annotations

import csv
import resource
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_screen import baseline_rate, make_orders, parse_args, run_screen

HEADER = ["Order No.", "Seller", "Seller Country", "Customer", "Customer Country", "Ship-to",
          "Ship-to Country", "Item Description", "HS Code", "Part No.", "Qty", "Route",
          "Payer Country", "Payment Method", "End Use"]  # fmt: skip


def rows(order: dict[str, Any]) -> list[list[str]]:
    seller, buyer, consignee = order["parties"]
    route = " > ".join(f"{s['place']} ({s['country']})" for s in order["route"])
    out = []
    for item in order["items"]:
        out.append([order["id"], seller["name"], seller["country"], buyer["name"],
                    buyer["country"], consignee["name"], consignee["country"],
                    item.get("description", ""), item.get("hs_code", ""),
                    item.get("part_number", ""), str(item.get("quantity", "")), route,
                    order["payment"]["payer_country"], "wire", order["end_use"]])  # fmt: skip
    return out


def main() -> int:
    args = parse_args(__doc__.splitlines()[0], 100_000)
    orders = make_orders(args.orders, args.pool)

    baseline = baseline_rate(orders[: args.baseline_orders], args.lists)

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "order_book.csv"
        with book.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            for order in orders:
                writer.writerows(rows(order))
        out = Path(tmp) / "out"
        done, wall, took = run_screen(tmp, book, ["--out-dir", str(out)], args.lists)
        if done.returncode not in (0, 1):
            print(done.stderr)
            return 2
        sizes = {p.name: p.stat().st_size for p in out.iterdir()}
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rate = args.orders / took
    print(f"{args.orders:,} orders ({args.orders * 2:,} CSV rows; 3 parties from a pool of "
          f"{args.pool:,} + listed names, 2 items), every shared list, 3 outputs")  # fmt: skip
    print(f"{'measure':<44}{'caspian':>10}{'baseline':>10}{'ratio':>8}  aim")
    print(f"{'orders/s, CSV to all three outputs':<44}{rate:>10,.0f}{baseline:>10,.0f}"
          f"{rate / baseline:>8.1f}  >= 500/s")  # fmt: skip
    print(f"{'orders/s incl. start-up and index build':<44}{args.orders / wall:>10,.0f}")
    print(f"{'peak resident memory of caspian screen (MB)':<44}{child:>10,.0f}"
          f"{'':>18}  < 1,500 MB")  # fmt: skip
    print("outputs: " + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sorted(sizes.items())))
    print("baseline: the three parties' name matching alone, uncached, in this process")
    return 0


if __name__ == "__main__":
    sys.exit(main())
