"""Compare Caspian's matcher with nomenklatura's logic-v2 and logic-v1, side by side.

For every query of every evaluation set (bench/eval_sets.py; built first when bench/out
has none), Caspian's retrieval step gives the candidates once. Caspian answers with
`Matcher.match` (its own retrieval and scoring); each nomenklatura algorithm scores the
same candidates with `compare()` and ranks them. Every engine keeps its top 5, and each
decides a match at its own default threshold: Caspian's DEFAULT_THRESHOLD, and 0.7 for
nomenklatura (yente's SCORE_THRESHOLD; "the default (0.7)" in the OpenSanctions API docs).

Every set is split by entity into a tuning part and a frozen test part (bench/eval_split.py;
each query says `part`). Tune the matcher on the tune part only (`--part tune`); the test
part's figures are the ones to publish. `--part both` (the default) prints them side by
side.

Reported per set, part and engine: recall (an expected entity among the matches), top-1 (the
best result is an expected entity), other alerts (a non-expected entity matched too),
false-positive rate on the negative sets, Caspian's retrieval recall (an expected entity
among the candidates: the ceiling for every engine here), and queries per second
(nomenklatura: scoring only; Caspian: `match`, its retrieval included).

    .venv/bin/python bench/eval_match.py [--sets variants,negatives] [--limit-per-set 200]
        [--engines caspian,logic-v2,logic-v1] [--part tune|test|both] [--markdown] [--rebuild]

Writes bench/out/eval_summary.json and every query's top results to bench/out/results.jsonl.
nomenklatura is a benchmark-only dependency: `pip install -e '.[bench]'`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

try:
    from bench import eval_sets as es
except ModuleNotFoundError:  # run as a script: bench/ itself is on sys.path
    import eval_sets as es  # type: ignore[no-redef]

from caspian.match import DEFAULT_THRESHOLD, Matcher, Query
from caspian.model import Entity

ENGINES = ("caspian", "logic-v2", "logic-v1")
PARTS = ("tune", "test")
NOMENKLATURA_THRESHOLD = 0.7
CANDIDATES = 30
TOP = 5

# The three claims about logic-v2: (query schema, query name, listed name, claimed).
CLAIMS = (
    ("Organization", "Qods Aviation Industries", "صنایع هوایی قدس", 0.0),
    ("Organization", "Alabuga Special Economic Zone", "Особая экономическая зона Алабуга", 0.0),
    ("Organization", "Ghods Aviation Industry Co", "Qods Aviation Industries", 0.38),
)

# Scored once before any timing: the first comparison of a script or schema loads
# reference data (about 8 s for logic-v2's first Arabic person name).
WARM_UP = (
    ("Person", "Mohammad Reza Hosseini", "محمد رضا حسینی"),
    ("Person", "Vladimir Ivanov", "Владимир Иванов"),
    ("Person", "Wang Wei", "王伟"),
    ("Person", "Kim Jong Un", "김정은"),
    ("Organization", "Qods Aviation Industries", "Ghods Aviation Industry Co"),
    ("Company", "Nordic Components GmbH", "ООО Нордик Компонентс"),
    ("Vessel", "Ocean Star", "Ocean Star 2"),
)

Ranked = list[tuple[str, float, bool]]  # (entity id, score, match), best first


@dataclass(slots=True)
class EngineRun:
    """One engine's answers to one set."""

    ranked: list[Ranked] = field(default_factory=list)
    seconds: float = 0.0  # scoring the candidates, nothing else
    match_seconds: float | None = None  # Caspian: `match`, its own retrieval included


@dataclass(slots=True)
class SetRun:
    name: str
    queries: list[es.EvalQuery]
    candidates: list[list[Entity]]
    candidate_seconds: float
    engines: dict[str, EngineRun] = field(default_factory=dict)


# -- nomenklatura -------------------------------------------------------------------------


class Nomenklatura:
    """A nomenklatura algorithm scoring given candidates, as yente does after its search."""

    def __init__(self, name: str) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm(name)
        if algorithm is None:
            raise SystemExit(f"nomenklatura has no algorithm {name!r}")
        self.name = name
        self.model = model
        self.algorithm = algorithm
        self.config = algorithm.default_config()
        self.threshold = NOMENKLATURA_THRESHOLD
        self._proxies: dict[str, Any] = {}

    def proxy(self, proxy_id: str, schema: str, properties: dict[str, list[str]]) -> Any:
        """An FtM entity; the id must be unique per content: nomenklatura caches name
        analysis by entity id, so a reused id silently scores stale names."""
        cached = self._proxies.get(proxy_id)
        if cached is not None:
            return cached
        ftm_schema = self.model.get(schema) or self.model.get("LegalEntity")
        proxy = self.model.make_entity(ftm_schema)
        proxy.id = proxy_id
        for prop, values in properties.items():
            if prop in ftm_schema.properties:  # Caspian-only properties are left out
                proxy.add(prop, values, quiet=True)
        self._proxies[proxy_id] = proxy
        return proxy

    def entity_proxy(self, index: str, entity: Entity) -> Any:
        return self.proxy(f"{index}/{entity.id}", entity.schema, entity.properties)

    def query_proxy(self, query: es.EvalQuery) -> Any:
        return self.proxy(f"query/{query.id}", query.schema, query.properties)

    def score(self, query: Any, candidate: Any) -> float:
        return float(self.algorithm.compare(query, candidate, self.config).score)

    def warm_up(self) -> None:
        extra = {"birthDate": ["1970-01-02"], "nationality": ["ir"], "country": ["ru"]}
        for n, (schema, left, right) in enumerate(WARM_UP):
            for a, b in ((left, right), (right, left)):
                query = self.proxy(f"warm/{n}/{a}/query", schema, {"name": [a], **extra})
                self.score(query, self.proxy(f"warm/{n}/{b}/listed", schema, {"name": [b]}))

    def run(self, set_run: SetRun) -> EngineRun:
        pairs = [
            (self.query_proxy(q), [(e.id, self.entity_proxy(q.index, e)) for e in cands])
            for q, cands in zip(set_run.queries, set_run.candidates, strict=True)
        ]
        run = EngineRun()
        start = time.perf_counter()
        for query, candidates in pairs:
            scored = [(eid, self.score(query, proxy)) for eid, proxy in candidates]
            scored.sort(key=lambda s: -s[1])  # stable: ties keep Caspian's candidate order
            run.ranked.append([(eid, s, s >= self.threshold) for eid, s in scored[:TOP]])
        run.seconds = time.perf_counter() - start
        return run


def nomenklatura_available() -> bool:
    try:
        import nomenklatura  # noqa: F401
    except ImportError:
        return False
    return True


# -- Caspian ----------------------------------------------------------------------------


def to_query(query: es.EvalQuery) -> Query:
    return Query(id=query.id, schema=query.schema, properties=query.properties)


def run_caspian(matchers: dict[str, Matcher], set_run: SetRun) -> EngineRun:
    """Caspian's answers come from `match` (its own retrieval and scoring). Its scoring
    time is taken apart, as `score` over the shared candidates, to compare like with like."""
    queries = [(matchers[q.index], to_query(q)) for q in set_run.queries]
    run = EngineRun()
    start = time.perf_counter()
    for matcher, query in queries:
        results = matcher.match(query, limit=TOP)
        run.ranked.append([(r.entity.id, r.score, r.match) for r in results])
    run.match_seconds = time.perf_counter() - start
    start = time.perf_counter()
    for (matcher, query), candidates in zip(queries, set_run.candidates, strict=True):
        for entity in candidates:
            matcher.score(query, entity)
    run.seconds = time.perf_counter() - start
    return run


def warm_up_caspian(matcher: Matcher) -> None:
    for n, (schema, left, right) in enumerate(WARM_UP):
        for name in (left, right):
            matcher.match(Query(id=f"warm-{n}", schema=schema, properties={"name": [name]}))


def caspian_score(schema: str, query_name: str, listed_name: str) -> float:
    """Caspian's score for one pair, on a one-entity index."""
    entity = Entity("claim", schema, "claim", "claim", {"name": [listed_name]})
    matcher = Matcher([entity])
    query = Query(id="claim", schema=schema, properties={"name": [query_name]})
    return matcher.score(query, entity).score


# -- metrics ----------------------------------------------------------------------------


def metrics(queries: Sequence[es.EvalQuery], ranked: Sequence[Ranked]) -> dict[str, Any]:
    positives = [(q, r) for q, r in zip(queries, ranked, strict=True) if q.expected]
    negatives = [r for q, r in zip(queries, ranked, strict=True) if not q.expected]
    out: dict[str, Any] = {"n": len(queries)}
    if positives:
        found = top1 = other = 0
        for query, results in positives:
            expected = set(query.expected)
            found += any(m and eid in expected for eid, _s, m in results)
            top1 += bool(results) and results[0][0] in expected and results[0][1] > 0
            other += any(m and eid not in expected for eid, _s, m in results)
        out["recall"] = found / len(positives)
        out["top1"] = top1 / len(positives)
        out["other_alerts"] = other / len(positives)
    if negatives:
        out["fp_rate"] = sum(any(m for _e, _s, m in r) for r in negatives) / len(negatives)
    return out


def retrieval_recall(queries: Sequence[es.EvalQuery],
                     candidates: Sequence[list[Entity]]) -> float | None:  # fmt: skip
    positives = [(q, c) for q, c in zip(queries, candidates, strict=True) if q.expected]
    if not positives:
        return None
    hits = sum(bool(set(q.expected) & {e.id for e in c}) for q, c in positives)
    return hits / len(positives)


def part_rows(queries: Sequence[es.EvalQuery]) -> dict[str, list[int]]:
    """Query positions by part ("tune", "test")."""
    rows: dict[str, list[int]] = {part: [] for part in PARTS}
    for i, query in enumerate(queries):
        rows.setdefault(query.part or "tune", []).append(i)
    return rows


def summarise(set_run: SetRun) -> dict[str, Any]:
    n = len(set_run.queries)
    parts = part_rows(set_run.queries)
    summary: dict[str, Any] = {
        "n": n,
        "parts_n": {part: len(rows) for part, rows in parts.items()},
        "index": set_run.queries[0].index if n else None,
        "retrieval_recall": retrieval_recall(set_run.queries, set_run.candidates),
        "retrieval_recall_parts": {
            part: retrieval_recall(
                [set_run.queries[i] for i in rows], [set_run.candidates[i] for i in rows]
            )
            for part, rows in parts.items()
        },
        "candidates_per_second": n / set_run.candidate_seconds if set_run.candidate_seconds else 0,
        "engines": {},
        "kinds": {},
    }
    by_kind: dict[str, list[int]] = defaultdict(list)
    for i, query in enumerate(set_run.queries):
        by_kind[query.kind or "-"].append(i)
    for engine, run in set_run.engines.items():
        result = metrics(set_run.queries, run.ranked)
        result["parts"] = {
            part: metrics([set_run.queries[i] for i in rows], [run.ranked[i] for i in rows])
            for part, rows in parts.items()
        }
        result["seconds"] = run.seconds
        result["queries_per_second"] = n / run.seconds if run.seconds else 0
        if run.match_seconds is not None:
            result["match_seconds"] = run.match_seconds
            result["match_queries_per_second"] = n / run.match_seconds if run.match_seconds else 0
        summary["engines"][engine] = result
    if len(by_kind) > 1:
        for kind, rows in sorted(by_kind.items()):
            sub = [set_run.queries[i] for i in rows]
            summary["kinds"][kind] = {
                engine: {
                    **metrics(sub, [run.ranked[i] for i in rows]),
                    "parts": {
                        part: metrics([sub[j] for j in idx], [run.ranked[rows[j]] for j in idx])
                        for part, idx in part_rows(sub).items()
                    },
                }
                for engine, run in set_run.engines.items()
            }
    return summary


# -- tables -----------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}"


def shown_parts(part: str) -> tuple[str, ...]:
    return PARTS if part == "both" else (part,)


def _by_part(values: dict[str, Any], key: str, parts: Sequence[str]) -> list[str]:
    return [pct(values.get(p, {}).get(key)) for p in parts]


def main_table(
    summary: dict[str, Any], engines: Sequence[str], part: str = "both"
) -> list[list[str]]:
    """One row per set and engine; each figure for each part shown (tune, test)."""
    parts = shown_parts(part)
    head = ["set", "n " + "/".join(parts), "engine"]
    for metric in ("recall", "top-1", "other alerts", "FP rate", f"retrieval@{CANDIDATES}"):
        head += [f"{metric} {p}" for p in parts]
    rows = [[*head, "scoring q/s", "match q/s"]]
    for name, data in summary["sets"].items():
        for i, engine in enumerate(engines):
            result = data["engines"].get(engine)
            if result is None:
                continue
            by_part = result["parts"]
            retrieval = [
                pct(data["retrieval_recall_parts"].get(p)) if i == 0 else "" for p in parts
            ]
            rows.append([
                name if i == 0 else "",
                "/".join(str(data["parts_n"].get(p, 0)) for p in parts) if i == 0 else "",
                engine,
                *_by_part(by_part, "recall", parts),
                *_by_part(by_part, "top1", parts),
                *_by_part(by_part, "other_alerts", parts),
                *_by_part(by_part, "fp_rate", parts),
                *retrieval,
                f"{result['queries_per_second']:,.0f}",
                f"{result['match_queries_per_second']:,.0f}" if "match_seconds" in result else "",
            ])  # fmt: skip
    return rows


def kind_table(
    summary: dict[str, Any], engines: Sequence[str], part: str = "both"
) -> list[list[str]]:
    """Recall per kind on positive sets, FP rate per kind on negative sets, by part."""
    parts = shown_parts(part)
    rows = [["set", "kind", "n " + "/".join(parts), "metric",
             *[f"{e} {p}" for e in engines for p in parts]]]  # fmt: skip
    for name, data in summary["sets"].items():
        for kind, by_engine in data["kinds"].items():
            first = next(iter(by_engine.values()))
            metric = "recall" if "recall" in first else "fp_rate"
            values = [pct(by_engine[e]["parts"].get(p, {}).get(metric)) if e in by_engine else ""
                      for e in engines for p in parts]  # fmt: skip
            n = "/".join(str(first["parts"].get(p, {}).get("n", 0)) for p in parts)
            rows.append([name, kind, n, metric.replace("_", " "), *values])
    return rows


def render(rows: list[list[str]], markdown: bool, left: int = 3) -> str:
    """A plain-text table (the first `left` columns left-aligned) or a Markdown one."""
    if markdown:
        lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * len(rows[0])]
        lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
        return "\n".join(lines)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    fmt = "  ".join(f"{{:{'<' if i < left else '>'}{w}}}" for i, w in enumerate(widths))
    lines = [fmt.format(*rows[0]), "  ".join("-" * w for w in widths)]
    lines += [fmt.format(*row) for row in rows[1:]]
    return "\n".join(lines)


# -- running ----------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def check_claims(engines: dict[str, Nomenklatura]) -> list[dict[str, Any]]:
    claims = []
    for n, (schema, query_name, listed_name, claimed) in enumerate(CLAIMS):
        row: dict[str, Any] = {
            "query": query_name,
            "listed": listed_name,
            "schema": schema,
            "claimed_logic_v2": claimed,
            "caspian": caspian_score(schema, query_name, listed_name),
        }
        for name, engine in engines.items():
            query = engine.proxy(f"claim/{n}/query", schema, {"name": [query_name]})
            listed = engine.proxy(f"claim/{n}/listed", schema, {"name": [listed_name]})
            row[name] = engine.score(query, listed)
        claims.append(row)
    return claims


def claims_table(claims: list[dict[str, Any]], engines: Sequence[str]) -> list[list[str]]:
    """The issue's claims about logic-v2, checked: each engine's score for each pair."""
    rows = [["query", "listed (schema)", *engines, "issue says (logic-v2)"]]
    for c in claims:
        scores = [f"{c[e]:.3f}" if e in c else "" for e in engines]
        listed = f"{c['listed']} ({c['schema']})"
        rows.append([c["query"], listed, *scores, f"{c['claimed_logic_v2']:.2f}"])
    return rows


def claims_text(claims: list[dict[str, Any]], engines: Sequence[str]) -> str:
    return render(claims_table(claims, engines), markdown=False, left=2)


def load_sets(args: argparse.Namespace, lists: Callable[[], es.Lists]) -> None:
    manifest = args.out / "manifest.json"
    built = orjson.loads(manifest.read_bytes()) if manifest.exists() else {}
    stale = set(es.SET_NAMES) - set(built.get("sizes", {})) or built.get("seed") != args.seed
    if args.rebuild or stale or not (args.out / "indexes.json").exists():
        # Sets written by an older eval_sets (without a set it now builds) are rebuilt.
        log(f"building evaluation sets in {args.out} ...")
        sets = es.build_sets(lists(), args.seed)
        es.write_sets(sets, args.out, args.lists, args.seed)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(es.SET_NAMES))
    parser.add_argument("--limit-per-set", type=int, default=None)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--part", choices=("tune", "test", "both"), default="both",
                        help="which part's figures to print: tune on the tune part only; "
                             "the frozen test part is what the README publishes")  # fmt: skip
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the evaluation sets")
    parser.add_argument("--lists", type=Path, default=es.DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=es.DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=es.SEED)
    args = parser.parse_args()
    set_names = [s.strip() for s in args.sets.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for name in set_names:
        if name not in es.SET_NAMES:
            parser.error(f"unknown set {name!r}; expected some of {', '.join(es.SET_NAMES)}")
    for engine in engines:
        if engine not in ENGINES:
            parser.error(f"unknown engine {engine!r}; expected some of {', '.join(ENGINES)}")
    nomenklatura_names = [e for e in engines if e != "caspian"]
    if nomenklatura_names and not nomenklatura_available():
        parser.error("nomenklatura is not installed: pip install -e '.[bench]'")

    started = time.perf_counter()
    loaded: list[es.Lists] = []

    def lists() -> es.Lists:
        if not loaded:
            loaded.append(es.Lists.load(args.lists))
        return loaded[0]

    load_sets(args, lists)
    sets = es.read_sets(args.out, set_names)
    if args.limit_per_set is not None:
        sets = {name: queries[: args.limit_per_set] for name, queries in sets.items()}
    specs = es.read_indexes(args.out)
    scorers = {name: Nomenklatura(name) for name in nomenklatura_names}
    for scorer in scorers.values():
        start = time.perf_counter()
        scorer.warm_up()
        log(f"{scorer.name}: warmed up in {time.perf_counter() - start:.1f}s")

    claims = check_claims(scorers)
    log(claims_text(claims, engines))

    matchers: dict[str, Matcher] = {}
    index_info: dict[str, dict[str, Any]] = {}
    for index in sorted({q.index for queries in sets.values() for q in queries}):
        entities = es.build_index(lists(), specs[index])
        start = time.perf_counter()
        matchers[index] = Matcher(entities)
        seconds = time.perf_counter() - start
        warm_up_caspian(matchers[index])
        index_info[index] = {"entities": len(entities), "build_seconds": seconds}
        log(f"index {index}: {len(entities)} entities, Caspian index built in {seconds:.2f}s")

    summary: dict[str, Any] = {
        "thresholds": {
            "caspian": DEFAULT_THRESHOLD,
            **{name: NOMENKLATURA_THRESHOLD for name in nomenklatura_names},
        },
        "candidates": CANDIDATES,
        "top": TOP,
        "claims": claims,
        "indexes": index_info,
        "sets": {},
    }
    result_lines: list[bytes] = []
    for name, queries in sets.items():
        set_run = evaluate(name, queries, matchers, engines, scorers)
        summary["sets"][name] = summarise(set_run)
        result_lines += result_records(set_run)
    summary["seconds"] = time.perf_counter() - started
    summary["engine_seconds"] = {
        engine: sum(s["engines"][engine]["seconds"] for s in summary["sets"].values())
        for engine in engines
    }

    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "eval_summary.json").write_bytes(
        orjson.dumps(summary, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS)
    )
    (args.out / "results.jsonl").write_bytes(b"".join(line + b"\n" for line in result_lines))
    (args.out / "eval_tables.md").write_text(report(summary, engines, claims, markdown=True))
    print(report(summary, engines, claims, markdown=args.markdown, part=args.part))
    return 0


def report(
    summary: dict[str, Any],
    engines: Sequence[str],
    claims: list[dict[str, Any]],
    markdown: bool,
    part: str = "both",
) -> str:
    times = ", ".join(f"{e} {s:.1f}s" for e, s in summary["engine_seconds"].items())
    notes = (
        f"Thresholds: Caspian {DEFAULT_THRESHOLD}, nomenklatura {NOMENKLATURA_THRESHOLD}. "
        f"Top {TOP} of {CANDIDATES} candidates (Caspian's, for every engine). Scoring q/s: "
        "the same candidates scored, nothing else; match q/s: Caspian's match(), its "
        f"retrieval included. Scoring time: {times}. Total run {summary['seconds']:.1f}s."
    )
    parts = [
        render(claims_table(claims, engines), markdown, left=2),
        render(main_table(summary, engines, part), markdown),
        render(kind_table(summary, engines, part), markdown),
        notes,
    ]
    return "\n\n".join(parts) + "\n"


def evaluate(
    name: str,
    queries: list[es.EvalQuery],
    matchers: dict[str, Matcher],
    engines: Sequence[str],
    scorers: dict[str, Nomenklatura],
) -> SetRun:
    start = time.perf_counter()
    candidates = [matchers[q.index].candidates(to_query(q), limit=CANDIDATES) for q in queries]
    set_run = SetRun(name, queries, candidates, time.perf_counter() - start)
    for engine in engines:
        run = (
            run_caspian(matchers, set_run) if engine == "caspian" else scorers[engine].run(set_run)
        )
        set_run.engines[engine] = run
        log(f"{name}: {engine} scored {len(queries)} queries in {run.seconds:.2f}s")
    return set_run


def result_records(set_run: SetRun) -> list[bytes]:
    lines = []
    for i, query in enumerate(set_run.queries):
        record = {
            "id": query.id,
            "set": query.set,
            "kind": query.kind,
            "name": query.properties.get("name"),
            "expected": query.expected,
            "retrieved": bool(set(query.expected) & {e.id for e in set_run.candidates[i]}),
            "engines": {
                engine: [[eid, round(score, 4), match] for eid, score, match in run.ranked[i]]
                for engine, run in set_run.engines.items()
            },
        }
        lines.append(orjson.dumps(record))
    return lines


if __name__ == "__main__":
    raise SystemExit(main())
