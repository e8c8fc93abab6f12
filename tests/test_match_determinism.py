"""The same query gives the same results in every process.

Python salts the hash of strings per process, so anything that iterates a set of words
or cuts a list at a tie in its order would make a name retrieve other candidates from
one run to the next: a result a regulator could not reproduce. Two child processes with
different hash seeds screen the same queries (listed names, cut by one letter, and
invented ones) against every shared list and must give the same ranked results, to the
last digit.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson

SCRIPT = r"""
import sys, orjson
from pathlib import Path
from caspian.lists.active import from_files
from caspian.match import Matcher, Query
data = from_files([Path(sys.argv[1])], allow_truncated=True)
matcher = Matcher(data.entities, words=data.words)
names = sorted({n for e in data.entities[::97] for _, n in e.names() if len(n) > 6})[:400]
queries = [n[:2] + n[3:] for n in names] + [n.upper()[::-1] for n in names[:100]]
queries += ["Zenith Marine Components FZE", "Ivan Petrovich Sidorenko", "Mohammed Al Hashimi"]
out = [[(r.entity.id, round(r.score, 9)) for r in matcher.match(Query.from_json(
    {"schema": "Thing", "properties": {"name": [q]}}), limit=10)] for q in queries]
sys.stdout.buffer.write(orjson.dumps([queries, out]))
"""


def _run(lists_dir: Path, seed: str) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(lists_dir)], env=env,
                          capture_output=True, check=True, timeout=600)  # fmt: skip
    result: list[object] = orjson.loads(done.stdout)
    return result


def test_results_do_not_depend_on_the_hash_seed(lists_dir: Path) -> None:
    (queries, first), (_, second) = _run(lists_dir, "1"), _run(lists_dir, "2")
    assert isinstance(queries, list) and len(queries) > 400
    assert any(first), "the queries found nothing: the test would prove nothing"
    differ = [q for q, a, b in zip(queries, first, second, strict=True) if a != b]
    assert differ == []
