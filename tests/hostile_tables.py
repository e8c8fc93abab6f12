"""Order books built the way an attacker would: each one small on disk and cheap to build,
each aimed at one way a reader can be made to eat memory or time.

`HOSTILE` maps a name to a builder that writes the file into a folder and returns its path.
The xlsx files are written part by part with zipfile (streamed), not through openpyxl, so a
sheet of a million rows takes a second to build. Used by tests/test_order_limits.py, which
reads each in a child process and measures its peak memory.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

GB = 1 << 30
ROOT = Path(__file__).resolve().parents[1]
HEADER = "Order No.,Customer,Customer Country,Item Description\n"
ROW = "PO-1,Acme Trading LLC,AE,microcontroller\n"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

_OFFICE = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_PARTS = (("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet"),
          ("/xl/sharedStrings.xml", "sharedStrings"), ("/xl/styles.xml", "styles"))
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    + "".join(f'<Override PartName="{name}" ContentType="{_OFFICE}.{kind}+xml"/>'
              for name, kind in _PARTS)
    + "</Types>"
)  # fmt: skip
ROOT_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
    '<sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
    f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)
STYLES = (
    f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}">'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
)
HEADER_CELLS = ("Order No.", "Customer", "Customer Country", "Item Description")
ROW_CELLS = ("PO-1", "Acme Trading LLC", "AE", "microcontroller")


def run_child(args: list[str], out: Path) -> tuple[int, int, str]:
    """(exit code, peak resident memory in bytes, output) of a child process, which may
    address at most 3 GB (a regression fails here, not by taking the machine down)."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * GB, 3 * GB))

    with out.open("w+b") as fh:
        proc = subprocess.Popen(args, stdout=fh, stderr=subprocess.STDOUT, cwd=ROOT,
                                preexec_fn=cap)  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        fh.seek(0)
        text = fh.read().decode("utf-8", "replace")
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB here
    return proc.returncode, usage.ru_maxrss * scale, text


def inline_row(number: int, cells: Iterable[str]) -> str:
    xml = "".join(f'<c t="inlineStr"><is><t>{text}</t></is></c>' for text in cells)
    return f'<row r="{number}">{xml}</row>'


def sheet_xml(body: Iterable[str], *, before: Iterable[str] = ()) -> Iterator[str]:
    """A worksheet: `before` goes ahead of sheetData, `body` inside it."""
    yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">'
    yield from before
    yield "<sheetData>"
    yield from body
    yield "</sheetData></worksheet>"


def write_xlsx(path: Path, sheet: Iterable[str], *, shared: Iterable[str] | None = None,
               styles: Iterable[str] = (STYLES,), extra: int = 0, stored: bool = False
               ) -> Path:  # fmt: skip
    """A workbook with one sheet; parts are streamed into the zip in 1 MB pieces, packed as
    tight as deflate goes (a bomb) or stored as they are (`stored`: no ratio to give the
    bomb away, the reader's other limits must hold)."""
    parts: list[tuple[str, Iterable[str]]] = [
        ("[Content_Types].xml", [CONTENT_TYPES]), ("_rels/.rels", [ROOT_RELS]),
        ("xl/workbook.xml", [WORKBOOK]), ("xl/_rels/workbook.xml.rels", [WORKBOOK_RELS]),
        ("xl/styles.xml", styles), ("xl/worksheets/sheet1.xml", sheet),
    ]  # fmt: skip
    empty = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"/>']
    parts.append(("xl/sharedStrings.xml", empty if shared is None else shared))
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method, compresslevel=None if stored else 9) as archive:
        for name, pieces in parts:
            with archive.open(name, "w", force_zip64=True) as out:
                buffer: list[str] = []
                size = 0
                for piece in pieces:
                    buffer.append(piece)
                    size += len(piece)
                    if size > 1 << 20:
                        out.write("".join(buffer).encode())
                        buffer, size = [], 0
                out.write("".join(buffer).encode())
        for i in range(extra):
            archive.writestr(f"xl/media/junk{i}.bin", b"")
    return path


def ordinary_sheet() -> list[str]:
    return list(sheet_xml([inline_row(1, HEADER_CELLS), inline_row(2, ROW_CELLS)]))


# -- CSV -------------------------------------------------------------------------------


def csv_huge_cell(folder: Path) -> Path:
    """One 10 MB cell on one line."""
    path = folder / "huge-cell.csv"
    path.write_bytes((HEADER + "PO-1,Acme," + "A" * 10_000_000 + ",x\n").encode())
    return path


def csv_huge_quoted_cell(folder: Path) -> Path:
    """One quoted 10 MB cell running over 10,000 lines."""
    path = folder / "huge-quoted-cell.csv"
    path.write_bytes((HEADER + 'PO-1,"' + ("A" * 999 + "\n") * 10_000 + '",AE,x\n').encode())
    return path


def csv_endless_line(folder: Path) -> Path:
    """40 MB without a line end: 20 million empty cells."""
    path = folder / "endless-line.csv"
    path.write_bytes((HEADER + ROW + "," * 40_000_000).encode())
    return path


def csv_many_columns(folder: Path) -> Path:
    """A header of 2 million columns."""
    path = folder / "many-columns.csv"
    path.write_bytes(("Order No.,Customer" + ",Notes" * 2_000_000 + "\n" + ROW).encode())
    return path


def csv_cr_without_end(folder: Path) -> Path:
    """Old-Mac line ends (CR) in the first line, then 30 MB without any."""
    path = folder / "cr-lines.csv"
    path.write_bytes((HEADER.replace("\n", "\r") + ROW.replace("\n", "\r")).encode()
                     + b"B" * 30_000_000)  # fmt: skip
    return path


def csv_million_blank_rows(folder: Path) -> Path:
    """1.1 million blank lines, then an order."""
    path = folder / "blank-rows.csv"
    path.write_bytes((HEADER + "\n" * 1_100_000 + ROW).encode())
    return path


def csv_one_huge_order(folder: Path) -> Path:
    """50,000 rows of one order, each with a buyer of its own."""
    path = folder / "one-order.csv"
    rows = "".join(f"PO-1,Buyer {i} Trading LLC,AE,item {i}\n" for i in range(50_000))
    path.write_bytes((HEADER + rows).encode())
    return path


def utf16_endless_line(folder: Path) -> Path:
    """Excel's "Unicode text" (UTF-16) with a 10 MB line."""
    path = folder / "endless-line-utf16.csv"
    text = HEADER.replace(",", "\t") + "PO-1\tAcme\t" + "A" * 10_000_000 + "\n"
    path.write_bytes(text.encode("utf-16"))
    return path


# -- Excel -----------------------------------------------------------------------------


def xlsx_shared_strings_bomb(folder: Path) -> Path:
    """Ten million one-letter shared strings (170 MB of XML, a few hundred KB zipped)."""
    shared = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}">',
              *(["<si><t>a</t></si>" * 100_000] * 100), "</sst>"]  # fmt: skip
    return write_xlsx(folder / "shared-strings-bomb.xlsx", ordinary_sheet(), shared=shared)


def xlsx_huge_inline_cell(folder: Path) -> Path:
    """One inline cell of 50 MB."""
    big = f'<row r="2"><c t="inlineStr"><is><t>{"A" * 50_000_000}</t></is></c></row>'
    sheet = sheet_xml([inline_row(1, HEADER_CELLS), big])
    return write_xlsx(folder / "huge-inline-cell.xlsx", sheet, stored=True)


def xlsx_huge_shared_cell(folder: Path) -> Path:
    """One shared string of 50 MB, used by a cell."""
    shared = [f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"><si><t>',
              "B" * 50_000_000, "</t></si></sst>"]  # fmt: skip
    sheet = sheet_xml([inline_row(1, HEADER_CELLS), '<row r="2"><c t="s"><v>0</v></c></row>'])
    return write_xlsx(folder / "huge-shared-cell.xlsx", sheet, shared=shared, stored=True)


def xlsx_million_blank_rows(folder: Path) -> Path:
    """A million formatted blank rows (as Excel keeps them), then an order."""
    blank = (f'<row r="{i}" ht="15" customHeight="1"/>' for i in range(2, 1_048_576))
    body = [inline_row(1, HEADER_CELLS), *blank, inline_row(1_048_576, ROW_CELLS)]
    return write_xlsx(folder / "blank-rows.xlsx", sheet_xml(body))


def xlsx_huge_dimension(folder: Path) -> Path:
    """A declared used range of the whole sheet, and a cell in its far corner."""
    body = [inline_row(1, HEADER_CELLS), inline_row(2, ROW_CELLS),
            '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>']  # fmt: skip
    sheet = sheet_xml(body, before=['<dimension ref="A1:XFD1048576"/>'])
    return write_xlsx(folder / "huge-dimension.xlsx", sheet)


def xlsx_far_row(folder: Path) -> Path:
    """A row numbered a trillion: a reader that fills the gap never ends."""
    body = [inline_row(1, HEADER_CELLS), inline_row(2, ROW_CELLS),
            inline_row(10**12, ROW_CELLS)]  # fmt: skip
    return write_xlsx(folder / "far-row.xlsx", sheet_xml(body))


def xlsx_wide_rows(folder: Path) -> Path:
    """200,000 rows, each with one value in the last column (XFD)."""
    body = [inline_row(1, HEADER_CELLS),
            *(f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>PO-{i}</t></is></c>'
              f'<c r="XFD{i}"><v>1</v></c></row>' for i in range(2, 200_002))]  # fmt: skip
    return write_xlsx(folder / "wide-rows.xlsx", sheet_xml(body))


def xlsx_cell_flood(folder: Path) -> Path:
    """One row of five million empty cells (20 MB)."""
    body = [inline_row(1, HEADER_CELLS), '<row r="2">', *(["<c/>" * 100_000] * 50), "</row>"]
    return write_xlsx(folder / "cell-flood.xlsx", sheet_xml(body), stored=True)


def xlsx_element_flood(folder: Path) -> Path:
    """Ten million unknown elements (40 MB) ahead of the rows, and no declared dimension."""
    sheet = sheet_xml([inline_row(1, HEADER_CELLS), inline_row(2, ROW_CELLS)],
                      before=["<x/>" * 100_000] * 100)  # fmt: skip
    return write_xlsx(folder / "element-flood.xlsx", sheet, stored=True)


def xlsx_styles_bomb(folder: Path) -> Path:
    """Three million cell formats."""
    styles = [f'<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="{MAIN}"><cellXfs>',
              *(['<xf numFmtId="14"/>'] * 3_000_000), "</cellXfs></styleSheet>"]  # fmt: skip
    return write_xlsx(folder / "styles-bomb.xlsx", ordinary_sheet(), styles=styles)


def xlsx_many_parts(folder: Path) -> Path:
    """An archive of 20,000 empty parts."""
    return write_xlsx(folder / "many-parts.xlsx", ordinary_sheet(), extra=20_000)


def xlsx_entity_bomb(folder: Path) -> Path:
    """Billion laughs: a DTD whose entities expand a thousand-fold at each level."""
    entities = ['<!ENTITY a0 "ha">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    ]
    head = f'<?xml version="1.0"?><!DOCTYPE worksheet [{"".join(entities)}]>'
    body = (f'<worksheet xmlns="{MAIN}"><sheetData>{inline_row(1, HEADER_CELLS)}'
            f'<row r="2"><c t="inlineStr"><is><t>&a9;</t></is></c></row>'
            "</sheetData></worksheet>")  # fmt: skip
    return write_xlsx(folder / "entity-bomb.xlsx", [head, body])


def xlsx_deep_nesting(folder: Path) -> Path:
    """A cell nested a million elements deep."""
    body = [inline_row(1, HEADER_CELLS), '<row r="2"><c t="inlineStr"><is>',
            "<r>" * 1_000_000, "</r>" * 1_000_000, "</is></c></row>"]  # fmt: skip
    return write_xlsx(folder / "deep-nesting.xlsx", sheet_xml(body), stored=True)


def xlsx_attribute_flood(folder: Path) -> Path:
    """A cell with two million attributes in one start tag."""
    attrs = "".join(f' a{i}=""' for i in range(2_000_000))
    body = [inline_row(1, HEADER_CELLS), f'<row r="2"><c{attrs}><v>1</v></c></row>']
    return write_xlsx(folder / "attribute-flood.xlsx", sheet_xml(body), stored=True)


HOSTILE: dict[str, Callable[[Path], Path]] = {
    "csv-huge-cell": csv_huge_cell,
    "csv-huge-quoted-cell": csv_huge_quoted_cell,
    "csv-endless-line": csv_endless_line,
    "csv-many-columns": csv_many_columns,
    "csv-cr-without-end": csv_cr_without_end,
    "csv-million-blank-rows": csv_million_blank_rows,
    "csv-one-huge-order": csv_one_huge_order,
    "utf16-endless-line": utf16_endless_line,
    "xlsx-shared-strings-bomb": xlsx_shared_strings_bomb,
    "xlsx-huge-inline-cell": xlsx_huge_inline_cell,
    "xlsx-huge-shared-cell": xlsx_huge_shared_cell,
    "xlsx-million-blank-rows": xlsx_million_blank_rows,
    "xlsx-huge-dimension": xlsx_huge_dimension,
    "xlsx-far-row": xlsx_far_row,
    "xlsx-wide-rows": xlsx_wide_rows,
    "xlsx-cell-flood": xlsx_cell_flood,
    "xlsx-element-flood": xlsx_element_flood,
    "xlsx-styles-bomb": xlsx_styles_bomb,
    "xlsx-many-parts": xlsx_many_parts,
    "xlsx-entity-bomb": xlsx_entity_bomb,
    "xlsx-deep-nesting": xlsx_deep_nesting,
    "xlsx-attribute-flood": xlsx_attribute_flood,
}
