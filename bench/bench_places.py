"""Benchmark: finding places of interest in long, noisy order-book addresses
(caspian.geo.places.find_places).

Prints microseconds per address, best of --repeat rounds, with a baseline run in the same
process on the same addresses: `str.casefold().split()`, the floor of any scan of the
text. The aim: under 50 µs per address of about 100 characters.

    .venv/bin/python bench/bench_places.py [--rounds 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from caspian.geo.places import find_places

PARTS = [
    ("Jumeirah Lakes Towers, Cluster V", "Dubai, United Arab Emirates", "Mr. Ali"),
    ("ул. Портовая, д. 5, корп. 2", "г. Махачкала, Республика Дагестан", "Иванов"),
    ("Hauptstrasse 5, Gewerbegebiet Nord", "80331 München, Deutschland", "Dr. Müller"),
    ("12/F Nathan Road, Tsim Sha Tsui", "Kowloon, Hong Kong SAR", "Wong Ka Ming"),
    ("خیابان ولیعصر، کوچه بهار", "تهران، ایران", "آقای رضایی"),
    ("弥敦道100号", "中国香港特别行政区九龙", "王先生"),
]


def addresses() -> list[str]:
    return [
        f"Office {n}, {street}, P.O. Box {1000 + n}, {city}, tel. +{n} 555 {n:04d}, contact {who}"
        for n, (street, city, who) in enumerate(PARTS * 5)
    ]


def per_address_us(
    run: Callable[[str], object], texts: list[str], rounds: int, repeat: int
) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(rounds):
            for text in texts:
                run(text)
        best = min(best, time.perf_counter() - start)
    return best / (rounds * len(texts)) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    texts = addresses()
    for text in texts:  # tables loaded, caches warm, as in a long screening run
        find_places(text)
    mean = sum(map(len, texts)) / len(texts)
    floor = per_address_us(lambda t: t.casefold().split(), texts, args.rounds, args.repeat)
    us = per_address_us(find_places, texts, args.rounds, args.repeat)
    print(f"{len(texts)} addresses, {mean:.0f} characters on average, {args.rounds} rounds")
    print(f"baseline casefold().split(): {floor:.2f} µs/address")
    print(f"find_places: {us:.2f} µs/address ({us / floor:.0f}x baseline)  aim < 50 µs")


if __name__ == "__main__":
    main()
