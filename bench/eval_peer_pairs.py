"""Agreement with the name pairs other screening projects wrote for their own tests.

../shared/data/peer_pairs/pairs.jsonl (its README says where each pair comes from):
1,307 labelled pairs from nomenklatura, yente, watchman, rigour and others, written by
people who never saw Caspian. Nothing here is tuned on them: they are the held-out
measure of generalisation. Each pair is scored by Caspian (`caspian compare`'s core,
`caspian.match.compare.Comparer`, at its default threshold) and by nomenklatura's
logic-v2 (at 0.70), side by side in one run. Caspian weighs words by a table counted over
all the official lists in ../shared/data/lists, as the README of the pairs says.

A pair is agreed with when the engine's match decision equals the label. A pair Caspian
refuses to score (a query it cannot screen, such as one with only `firstName` and
`lastName`) counts as a disagreement, whatever the label, and is counted apart.
Reported overall, for the hand-curated pairs and the model-proposed ones, per quality
tier (STRONG must hold), per source, per group and per category, with recall on the
pairs that should match and the false-positive rate on those that must not.

    .venv/bin/python bench/eval_peer_pairs.py [--pairs PATH] [--lists DIR]
        [--engines caspian,logic-v2] [--markdown]

Writes bench/out/peer_pairs.json (the figures) and bench/out/peer_pairs_scores.jsonl
(every pair's scores and Caspian's explanation).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

try:
    from bench import eval_match as em
    from bench import eval_sets as es
except ModuleNotFoundError:  # run as a script: bench/ itself is on sys.path
    import eval_match as em  # type: ignore[no-redef]
    import eval_sets as es  # type: ignore[no-redef]

from caspian.lists.active import from_files
from caspian.match import DEFAULT_THRESHOLD, QueryError
from caspian.match.compare import Comparer, candidate_from_json, query_from_json
from caspian.match.word_table import WordTable

DEFAULT_PAIRS = es.SHARED / "data" / "peer_pairs" / "pairs.jsonl"
ENGINES = ("caspian", "logic-v2")
MODEL_PROPOSED = "LLM-proposed deviation"  # the category of the model-proposed pairs
# Properties that make a side's `a`/`b` the parts joined, not a name of its own.
NAME_PARTS = frozenset({"firstName", "lastName", "middleName", "fatherName", "secondName",
                        "motherName", "title"})  # fmt: skip
MIN_CATEGORY = 5  # categories with fewer pairs are summed in one row of the table


@dataclass(slots=True)
class Pair:
    id: str
    expected: bool
    source: str
    group: str
    category: str
    quality: str
    query_schema: str
    candidate_schema: str
    query: dict[str, list[str]]
    candidate: dict[str, list[str]]
    a: str
    b: str
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def repo(self) -> str:
        return self.source.split(":", 1)[0]

    @property
    def curated(self) -> str:
        return "model-proposed" if self.category == MODEL_PROPOSED else "hand-curated"


def _side(name: str, props: Any, joined: Any) -> dict[str, list[str]]:
    """A side's properties: its FtM properties, and its name unless it only shows the
    name parts joined."""
    out: dict[str, list[str]] = {}
    for key, value in (props or {}).items():
        values = value if isinstance(value, list) else [value]
        values = [v for v in values if isinstance(v, str) and v.strip()]
        if values:
            out[str(key)] = values
    parts_only = joined is True or (joined is None and NAME_PARTS & set(out))
    if name and not parts_only and name not in out.get("name", []):
        out.setdefault("name", []).insert(0, name)
    return out


def read_pairs(path: Path) -> list[Pair]:
    pairs = []
    for line in path.read_bytes().splitlines():
        if not line.strip():
            continue
        row = orjson.loads(line)
        schema = row["schema"]
        pairs.append(Pair(
            id=row["id"], expected=bool(row["expected"]), source=row["source"],
            group=row.get("group", ""), category=row.get("category", ""),
            quality=row.get("quality") or "no tier", query_schema=schema,
            candidate_schema=row.get("b_schema") or schema,
            query=_side(row["a"], row.get("a_props"), row.get("a_joined")),
            candidate=_side(row["b"], row.get("b_props"), row.get("b_joined")),
            a=row["a"], b=row["b"],
        ))  # fmt: skip
    return pairs


# -- engines ------------------------------------------------------------------------------


def word_table(lists: Path) -> WordTable:
    """Word rarity over every official list file there (as scripts/build_word_table.py)."""
    screening = from_files([lists], allow_truncated=True)
    return WordTable.count(screening.entities, [v.source for v in screening.versions])


def score_caspian(pairs: Sequence[Pair], comparer: Comparer) -> float:
    start = time.perf_counter()
    for pair in pairs:
        try:
            query = query_from_json({"schema": pair.query_schema, "properties": pair.query})
            candidate = candidate_from_json(
                {"schema": pair.candidate_schema, "properties": pair.candidate}
            )
        except QueryError as exc:
            pair.scores["caspian"] = {"score": 0.0, "match": False, "refused": str(exc)}
            continue
        result = comparer.compare(query, candidate)
        pair.scores["caspian"] = {"score": round(result.score, 4), "match": result.match,
                                  "explanation": result.explanation}  # fmt: skip
    return time.perf_counter() - start


def score_nomenklatura(pairs: Sequence[Pair], engine: em.Nomenklatura) -> float:
    start = time.perf_counter()
    for pair in pairs:
        query = engine.proxy(f"peer/{pair.id}/a", pair.query_schema, pair.query)
        candidate = engine.proxy(f"peer/{pair.id}/b", pair.candidate_schema, pair.candidate)
        try:
            score = engine.score(query, candidate)
        except Exception as exc:  # a pair nomenklatura cannot score counts against it
            pair.scores[engine.name] = {"score": 0.0, "match": False, "refused": repr(exc)}
            continue
        pair.scores[engine.name] = {"score": round(score, 4), "match": score >= engine.threshold}
    return time.perf_counter() - start


# -- figures ------------------------------------------------------------------------------


def figures(pairs: Sequence[Pair], engines: Sequence[str]) -> dict[str, Any]:
    positives = [p for p in pairs if p.expected]
    negatives = [p for p in pairs if not p.expected]
    out: dict[str, Any] = {"n": len(pairs), "positives": len(positives),
                           "negatives": len(negatives)}  # fmt: skip
    for engine in engines:

        def right(p: Pair, engine: str = engine) -> bool:
            s = p.scores[engine]
            return "refused" not in s and s["match"] == p.expected

        out[engine] = {
            "agreement": sum(map(right, pairs)) / len(pairs) if pairs else None,
            "agreed": sum(map(right, pairs)),
            "recall": sum(map(right, positives)) / len(positives) if positives else None,
            "fp_rate": (
                sum(p.scores[engine]["match"] for p in negatives) / len(negatives)
                if negatives
                else None
            ),
            "refused": sum("refused" in p.scores[engine] for p in pairs),
        }
    return out


def grouped(pairs: Iterable[Pair], key: Callable[[Pair], str],
            engines: Sequence[str]) -> dict[str, dict[str, Any]]:  # fmt: skip
    groups: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        groups[key(pair)].append(pair)
    return {name: figures(group, engines) for name, group in sorted(groups.items())}


def summarise(pairs: Sequence[Pair], engines: Sequence[str]) -> dict[str, Any]:
    strong = [p for p in pairs if p.quality == "STRONG"]
    return {
        "thresholds": {"caspian": DEFAULT_THRESHOLD,
                       **{e: em.NOMENKLATURA_THRESHOLD for e in engines if e != "caspian"}},
        "overall": figures(pairs, engines),
        "curation": grouped(pairs, lambda p: p.curated, engines),
        "quality": grouped(pairs, lambda p: p.quality, engines),
        "source": grouped(pairs, lambda p: p.repo, engines),
        "source_file": grouped(pairs, lambda p: p.source, engines),
        "group": grouped(pairs, lambda p: p.group, engines),
        "category": grouped(pairs, lambda p: p.category, engines),
        "strong_wrong": [
            {"id": p.id, "a": p.a, "b": p.b, "expected": p.expected,
             **{e: p.scores[e]["score"] for e in engines}}
            for p in strong
            if any(p.scores[e]["match"] != p.expected or "refused" in p.scores[e]
                   for e in engines)
        ],
    }  # fmt: skip


# -- tables ------------------------------------------------------------------------------


def _row(label: str, data: dict[str, Any], engines: Sequence[str]) -> list[str]:
    cells = [label, str(data["n"]), f"{data['positives']}/{data['negatives']}"]
    for metric in ("agreement", "recall", "fp_rate"):
        cells += [em.pct(data[e][metric]) for e in engines]
    cells.append(" / ".join(str(data[e]["refused"]) for e in engines))
    return cells


def _head(first: str, engines: Sequence[str]) -> list[str]:
    head = [first, "n", "match/no"]
    for metric in ("agree %", "recall %", "FP %"):
        head += [f"{metric} {e}" for e in engines]
    return [*head, "refused " + "/".join(engines)]


def tables(summary: dict[str, Any], engines: Sequence[str], markdown: bool) -> str:
    overview = [_head("pairs", engines), _row("all", summary["overall"], engines)]
    for section in ("curation", "quality"):
        overview += [_row(k, v, engines) for k, v in summary[section].items()]
    sources = [_head("source", engines)]
    sources += [_row(k, v, engines) for k, v in summary["source"].items()]
    groups = [_head("group", engines)]
    groups += [_row(k, v, engines) for k, v in summary["group"].items()]
    categories = [_head("category", engines)]
    small = [k for k, v in summary["category"].items() if v["n"] < MIN_CATEGORY]
    big = sorted(((k, v) for k, v in summary["category"].items() if v["n"] >= MIN_CATEGORY),
                 key=lambda kv: -kv[1]["n"])  # fmt: skip
    categories += [_row(k, v, engines) for k, v in big]
    strong = [["STRONG pair wrong", "expected", *engines]]
    strong += [[f"{s['id']}: {s['a']} / {s['b']}", str(s["expected"]),
                *(f"{s[e]:.3f}" for e in engines)] for s in summary["strong_wrong"]]  # fmt: skip
    parts = [em.render(t, markdown, left=1) for t in (overview, sources, groups, categories)]
    parts.append(f"({len(small)} categories of fewer than {MIN_CATEGORY} pairs are in "
                 "bench/out/peer_pairs.json.)")  # fmt: skip
    if len(strong) > 1:
        parts.append(em.render(strong, markdown, left=2))
    return "\n\n".join(parts) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=Path, default=DEFAULT_PAIRS)
    parser.add_argument("--lists", type=Path, default=es.DEFAULT_LISTS)
    parser.add_argument("--out", type=Path, default=es.DEFAULT_OUT)
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    args = parser.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    for engine in engines:
        if engine not in ENGINES:
            parser.error(f"unknown engine {engine!r}; expected some of {', '.join(ENGINES)}")
    if any(e != "caspian" for e in engines) and not em.nomenklatura_available():
        parser.error("nomenklatura is not installed: pip install -e '.[bench]'")
    pairs = read_pairs(args.pairs)
    seconds: dict[str, float] = {}
    if "caspian" in engines:
        started = time.perf_counter()
        words = word_table(args.lists)
        em.log(f"word table: {words.names:,} names of {len(words.built_from)} lists, "
               f"counted in {time.perf_counter() - started:.1f}s")  # fmt: skip
        seconds["caspian"] = score_caspian(pairs, Comparer(words))
    for engine in engines:
        if engine != "caspian":
            scorer = em.Nomenklatura(engine)
            scorer.warm_up()
            seconds[engine] = score_nomenklatura(pairs, scorer)
    summary = summarise(pairs, engines)
    summary["seconds"] = seconds
    summary["pairs_file"] = str(args.pairs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "peer_pairs.json").write_bytes(orjson.dumps(summary, option=orjson.OPT_INDENT_2))
    lines = [orjson.dumps({"id": p.id, "expected": p.expected, "source": p.source,
                           "category": p.category, "quality": p.quality, "a": p.a, "b": p.b,
                           **p.scores}) for p in pairs]  # fmt: skip
    (args.out / "peer_pairs_scores.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    print(tables(summary, engines, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
