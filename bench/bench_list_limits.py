"""Memory at the record limit: a file of `ListLimits.max_records` minimal records, read by
each reader in a child process, and the same plus one (refused).

The minimal record is the smallest one each reader accepts, which makes a file of them
the worst case per byte; the peak resident memory of the child is printed. Slow (each
case builds and reads hundreds of thousands of entities), hence here and not in tests/:

    .venv/bin/python bench/bench_list_limits.py [--records N] [--only FORMAT]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from caspian.lists import bis_dpl, trade_csl  # noqa: E402
from caspian.lists.limits import DEFAULT_LIMITS  # noqa: E402
from caspian.lists.uk_ofsi import HEADER_2018  # noqa: E402
from tests.hostile_lists import read_in_child  # noqa: E402


def _ofac_xml(n: int) -> Iterator[bytes]:
    yield b"<sdnList>\n"
    for i in range(n):
        yield b"<sdnEntry><uid>%d</uid><lastName>N%d</lastName></sdnEntry>\n" % (i, i)
    yield b"</sdnList>\n"


def _un_xml(n: int) -> Iterator[bytes]:
    yield b'<CONSOLIDATED_LIST dateGenerated="2026-01-01"><INDIVIDUALS>\n'
    for i in range(n):
        yield b"<INDIVIDUAL><DATAID>%d</DATAID><FIRST_NAME>N%d</FIRST_NAME></INDIVIDUAL>\n" % (i, i)
    yield b"</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n"


def _ofac_csv(n: int) -> Iterator[bytes]:
    for i in range(n):
        yield b'%d,"N%d",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n' % (i, i)


def _uk(n: int) -> Iterator[bytes]:
    yield (",".join(HEADER_2018) + "\n").encode()
    where = {c: i for i, c in enumerate(HEADER_2018)}
    for i in range(n):
        cells = [""] * len(HEADER_2018)
        cells[0], cells[1] = f"N{i}", "A"
        cells[where["Group Type"]], cells[where["Alias Type"]] = "Entity", "Prime Alias"
        cells[where["Regime"]], cells[where["Group ID"]] = "R", str(i)
        yield (",".join(cells) + "\n").encode()


def _dpl(n: int) -> Iterator[bytes]:
    yield ("\t".join(bis_dpl.COLUMNS) + "\n").encode()
    for i in range(n):
        yield b"N%d\t\t\t\t\t\t01/02/2020\t\t\t\t\t\n" % i


def _csl(n: int) -> Iterator[bytes]:
    yield (",".join(trade_csl.COLUMNS) + "\n").encode()
    for i in range(n):
        yield b"%d,Entity List (EL),,,,N%d" % (i, i) + b"," * 23 + b"\n"


def _ftm(n: int) -> Iterator[bytes]:
    for i in range(n):
        yield b'{"id":"x%d","schema":"Person","properties":{"name":["N%d"]}}\n' % (i, i)


CASES: dict[str, Callable[[int], Iterator[bytes]]] = {
    "ofac-xml": _ofac_xml,
    "un-xml": _un_xml,
    "ofac-csv": _ofac_csv,
    "uk-ofsi-csv": _uk,
    "bis-dpl": _dpl,
    "trade-csl": _csl,
    "ftm": _ftm,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=DEFAULT_LIMITS.max_records)
    parser.add_argument("--only", choices=sorted(CASES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, build in CASES.items():
            if args.only and fmt != args.only:
                continue
            for count in (args.records, args.records + 1):
                path = Path(tmp) / f"{fmt}.list"
                with path.open("wb") as fh:
                    fh.writelines(build(count))
                start = time.perf_counter()
                out = read_in_child(path, fmt)
                seconds = time.perf_counter() - start
                outcome = out.get("error") or out.get("crash") or f"{out['entities']:,} entities"
                outcome = outcome.replace(str(path), path.name)
                print(
                    f"{fmt:12} {count:>10,} records {path.stat().st_size / 1e6:7.1f} MB "
                    f"{out.get('peak_mib', 0):7.0f} MiB peak {seconds:6.1f} s  {outcome[:90]}",
                    flush=True,
                )
                path.unlink()


if __name__ == "__main__":
    main()
