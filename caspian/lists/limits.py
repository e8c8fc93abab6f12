"""How much one list file may hold: the bounds that keep a hostile file from taking the
machine, in one place.

List files come from outside. Without bounds, an XML file of millions of tiny elements,
one enormous text node or a CSV line of a gigabyte takes gigabytes of memory before any
reader sees a record. Every reader streams and checks these limits as it goes, and a file
over one is refused with a `ListFormatError` that names the file, the line and the limit.

The defaults are generous: each is far above the largest official file (the notes give
the real figure, measured on the files in ../shared/data/lists), and low enough that a
file at every limit still reads in under 1 GB of memory: hostile files are measured in
tests/test_list_limits.py, files of max_records minimal records in
bench/bench_list_limits.py.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ListLimits:
    """Bounds on one list file. Frozen: a reader cannot loosen them by accident."""

    # Size of one list file. OFAC's sdn_advanced.xml, the largest official file, is about
    # 120 MB; the EU FSF XML about 26 MB. Readers keep what they read (the entities), so
    # the file size bounds the memory a file of long values can take.
    max_file_bytes: int = 512 * 1024 * 1024
    # Records (entities, rows, or the elements an XML reader handles) in one file. The
    # SDN list had 14,965 entries on 2024-05-03 (sdn.csv); sdn_advanced.xml holds the
    # same parties with their locations, documents and sanctions entries, a few records
    # each; the UK OFSI file of 2018 has 9,487 rows, the EU FSF about 6,200 entries. At
    # 1,000,000 a file of minimal UK OFSI rows took 1.4 GB; at this limit every reader
    # stays under 1 GB (bench/bench_list_limits.py).
    max_records: int = 500_000
    # Bytes of XML in one record, or between two records: this bounds the tree libxml2
    # builds before a reader sees it (a tiny element costs ~30 times its bytes). The
    # largest real record is 116 kB (the reference values of an OFAC enhanced file); the
    # largest OFAC or UN entry in the shared files is 9 kB.
    max_record_bytes: int = 8 * 1024 * 1024
    # XML elements in one record. The largest real record has 2,678 (the reference
    # values of an OFAC enhanced file); parties and entries under 300.
    max_elements_per_record: int = 100_000
    # Characters in one text value. The longest real value is 7,821 characters (an OFAC
    # remarks continuation). CSV cells are bounded by Python's csv module (131,072
    # characters), XML attributes by the record size.
    max_value_chars: int = 1_000_000
    # Bytes in one line of a CSV, tab-separated or JSON-lines file. The longest real
    # line is 12,545 bytes (an OpenSanctions FtM entity with its many properties).
    max_line_bytes: int = 10_000_000


DEFAULT_LIMITS = ListLimits()
# libxml2's own bounds without XML_PARSE_HUGE (Caspian never sets it): nesting depth and
# the length of one text node. Named here so the error messages can say them.
XML_MAX_DEPTH = 256
XML_MAX_TEXT_BYTES = 10_000_000


def over(what: str, limit: int) -> str:
    """The message for a file over a limit, with the limit in readable digits."""
    return f"{what} (limit {limit:,}: a list file this size is damaged or hostile)"
