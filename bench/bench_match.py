"""Benchmark: matcher speed and memory with every shared list loaded together.

Measures index build time, a batch of 10,000 queries through `caspian match` on every
core, single-query latency (p50, p99) and resident memory, and prints each against a
baseline run in the same process: a brute-force rapidfuzz scan of every listed name
(`process.extractOne`, token_sort_ratio, in C) for the same queries.

    .venv/bin/python bench/bench_match.py [--lists ../shared/data/lists] [--queries 10000]
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson
from rapidfuzz import fuzz, process

from caspian.lists.active import from_files
from caspian.match import Matcher, Query

ROOT = Path(__file__).resolve().parents[1]
SEED = 20261121


def make_queries(matcher: Matcher, count: int) -> list[Query]:
    """Listed names, half with a typo, plus invented ordinary names (one in five)."""
    rng = random.Random(SEED)
    names = [(n.analysis.original, matcher.entities[n.entity].schema) for n in matcher.index.names]
    words = [
        "Nordic",
        "Precision",
        "Components",
        "Trading",
        "Pacific",
        "Delta",
        "Alpine",
        "Systems",
        "Logistics",
    ]
    words += ["Electronics", "Marine", "Global", "United", "Crystal"]
    forms = ["GmbH", "LLC", "Ltd", "SARL", "OOO", "Co. Ltd", "FZE", "AG", "Inc"]
    queries = []
    for i in range(count):
        if i % 5 == 4:
            name = f"{rng.choice(words)} {rng.choice(words)} {rng.choice(forms)}"
            queries.append(Query(f"q{i}", "Company", {"name": [name]}))
            continue
        name, schema = rng.choice(names)
        if i % 2 and len(name) > 6:
            pos = rng.randrange(1, len(name) - 1)
            name = name[:pos] + name[pos + 1 :]
        queries.append(Query(f"q{i}", schema, {"name": [name]}))
    return queries


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def batch_through_cli(lists: Path, queries: list[Query]) -> str:
    """Run `caspian match --input` as a user would; return its summary lines."""
    with tempfile.TemporaryDirectory() as tmp:
        qfile, rfile = Path(tmp) / "q.jsonl", Path(tmp) / "r.jsonl"
        qfile.write_bytes(
            b"\n".join(
                orjson.dumps({"id": q.id, "schema": q.schema, "properties": q.properties})
                for q in queries
            )
        )
        cmd = [sys.executable, "-m", "caspian.cli", "--data-dir", tmp, "match", "--dataset",
               str(lists), "--allow-truncated", "--input", str(qfile),
               "--output", str(rfile)]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        if done.returncode not in (0, 1):  # 1: some queries matched
            raise SystemExit(f"caspian match exited {done.returncode}: {done.stderr[-2000:]}")
        summary = [ln for ln in done.stderr.splitlines() if ln.startswith(("matched", "index"))]
        lines = rfile.read_bytes().count(b"\n")
        assert lines == len(queries), f"{lines} result lines for {len(queries)} queries"
        return "\n".join(summary)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lists", type=Path, default=ROOT.parent / "shared" / "data" / "lists")
    parser.add_argument("--queries", type=int, default=10_000)
    parser.add_argument("--baseline-queries", type=int, default=200)
    args = parser.parse_args()

    data = from_files([args.lists], allow_truncated=True)
    start = time.perf_counter()
    matcher = Matcher(data.entities)
    build = time.perf_counter() - start
    all_names = [n.analysis.original.casefold() for n in matcher.index.names]
    start = time.perf_counter()
    for name in all_names:
        fuzz.token_sort_ratio(name, name)
    baseline_build = time.perf_counter() - start
    queries = make_queries(matcher, args.queries)

    latencies = []
    for query in queries[:2000]:
        t = time.perf_counter()
        matcher.match(query)
        latencies.append(time.perf_counter() - t)
    latencies.sort()
    p50 = latencies[len(latencies) // 2] * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    mean_single = statistics.fmean(latencies) * 1000

    base = []
    for query in queries[: args.baseline_queries]:
        t = time.perf_counter()
        process.extractOne(query.names[0].casefold(), all_names, scorer=fuzz.token_sort_ratio)
        base.append(time.perf_counter() - t)
    base_ms = statistics.fmean(base) * 1000
    rss = peak_rss_mb()

    summary = batch_through_cli(args.lists, queries)
    rate = float(summary.split("(")[-1].split("/s")[0].replace(",", "")) if "/s)" in summary else 0

    print(f"index: {len(matcher.entities):,} entities, {len(matcher.index.names):,} names")
    print(f"{'measure':<40}{'caspian':>10}{'baseline':>10}{'ratio':>8}  aim")
    ratio = build / baseline_build
    print(f"{'index build (s)':<40}{build:>10.2f}{baseline_build:>10.2f}{ratio:>8.1f}"
          f"  < 5 s  (baseline: one rapidfuzz call per name)")  # fmt: skip
    print(f"{'single query p50 (ms)':<40}{p50:>10.2f}{base_ms:>10.2f}{p50 / base_ms:>8.2f}"
          f"  < 5 ms (baseline: brute-force extractOne over all names)")  # fmt: skip
    print(f"{'single query p99 (ms)':<40}{p99:>10.2f}{'':>10}{'':>8}  < 25 ms")
    print(f"{'single query mean (ms)':<40}{mean_single:>10.2f}{base_ms:>10.2f}"
          f"{mean_single / base_ms:>8.2f}")  # fmt: skip
    print(f"{f'batch of {len(queries):,} via caspian match (q/s)':<40}{rate:>10,.0f}"
          f"{1000 / base_ms:>10,.0f}{rate / (1000 / base_ms):>8.1f}  >= 1,000 q/s")  # fmt: skip
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"{'peak resident memory, this process (MB)':<40}{rss:>10.0f}{'':>10}{'':>8}  < 1 GB")
    print(f"{'peak resident memory, caspian match (MB)':<40}{child:>10.0f}{'':>10}{'':>8}  < 1 GB")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
