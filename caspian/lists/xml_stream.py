"""Streaming XML list files with errors that name the line: what every XML reader shares.

Elements are matched by local name, so a publisher's namespace changes (OFAC's moved
from `http://tempuri.org/sdnList.xsd` to the Sanctions List Service's) and
namespace-less copies all read the same.

List files come from outside, so the parser trusts nothing in them:
- a file that declares a DTD or entities is refused (`refuse_declarations`): no official
  list does, and an entity can expand to gigabytes ("billion laughs"), fetch a file or a
  URL, or hide part of a value (an unexpanded reference silently cuts a name short);
- nothing is fetched and no entity is expanded, whatever the file says;
- libxml2 keeps its own bounds (no `huge_tree`): 256 levels of nesting, 10 MB in one
  text node or start tag;
- `iter_elements` frees every record once the reader has it and bounds records, elements
  and values (`ListLimits`), so memory stays flat whatever the file holds.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from lxml import etree

from caspian.lists.base import ListFormatError
from caspian.lists.limits import (
    DEFAULT_LIMITS,
    XML_MAX_DEPTH,
    XML_MAX_TEXT_BYTES,
    ListLimits,
    over,
)
from caspian.lists.text import BOM, check_size, utf8_error

Element = etree._Element

DECLARES = (
    "declares a DTD/entities; official list files never do, and an entity could expand or hide data"
)
NO_DECLARATIONS = "an XML list file without <!DOCTYPE> or <!ENTITY> declarations"
_DECLARATION = re.compile(r"<!\s*(?:DOCTYPE|ENTITY)", re.I)
_BLANKS = re.compile("[ \t\r\n\ufeff]+")
_SCAN_CHUNK = 1 << 16


def local(tag: object) -> str:
    """Local name of an element tag ('' for comments and processing instructions)."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def children(elem: Element, name: str | None = None) -> Iterator[Element]:
    """Child elements, optionally only those with a given local name."""
    for child in elem:
        if isinstance(child.tag, str) and (name is None or local(child.tag) == name):
            yield child


def line_of(elem: Element) -> int | None:
    """Source line of an element (the stubs type it loosely)."""
    line = elem.sourceline
    return line if isinstance(line, int) else None


def child(elem: Element, name: str) -> Element | None:
    return next(children(elem, name), None)


def text(elem: Element | None) -> str | None:
    """Stripped text of an element, None when absent or blank."""
    if elem is None or elem.text is None:
        return None
    value = elem.text.strip()
    return value or None


def child_text(elem: Element, name: str) -> str | None:
    return text(child(elem, name))


def fields(elem: Element) -> dict[str, str]:
    """Leaf children by local name (first one wins): the shape of most OFAC records."""
    out: dict[str, str] = {}
    for sub in children(elem):
        value = text(sub)
        if value is not None:
            out.setdefault(local(sub.tag), value)
    return out


def _parser_kwargs() -> dict[str, Any]:
    # No entity expansion, no DTD loading, no network; comments and processing
    # instructions are dropped (no reader needs them, and they would pile up).
    return {
        "resolve_entities": False,
        "no_network": True,
        "load_dtd": False,
        "remove_comments": True,
        "remove_pis": True,
    }


# -- DTDs and entities --------------------------------------------------------------------


def _prolog_decoder(head: bytes) -> tuple[codecs.IncrementalDecoder, int]:
    """A decoder for the prolog's markup (the bytes that may start the file), and how many
    bytes of BOM to skip. ASCII-compatible encodings are read as latin-1: the markup of
    the prolog is ASCII in all of them."""
    for bom, name in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (BOM, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            return codecs.getincrementaldecoder(name)(errors="replace"), len(bom)
    if head.startswith(b"<\x00") or head.startswith(b"\x00<"):
        name = "utf-16-le" if head[0] == 0x3C else "utf-16-be"
        return codecs.getincrementaldecoder(name)(errors="replace"), 0
    return codecs.getincrementaldecoder("latin-1")(), 0


def declaration_line(path: Path) -> int | None:
    """Line of a `<!DOCTYPE` or `<!ENTITY` before the root element, or None.

    Scans only the prolog (the XML declaration, comments, processing instructions and
    blanks before the root), streaming, so a long prolog costs no memory: whatever the
    case, spacing or comments around it, a declaration is found before the parser reads
    a byte of it. The parser checks again (see `_check_parsed`)."""
    with path.open("rb") as fh:
        head = fh.read(4)
        decoder, skip = _prolog_decoder(head)
        buf = decoder.decode(head[skip:])
        pos, line, closing = 0, 1, ""
        eof = False
        while True:
            if closing:  # inside a comment or processing instruction
                end = buf.find(closing, pos)
                if end < 0:
                    keep = max(pos, len(buf) - len(closing) + 1)
                    line += buf.count("\n", pos, keep)
                    buf, pos = buf[keep:], 0
                else:
                    line += buf.count("\n", pos, end)
                    pos, closing = end + len(closing), ""
                    continue
            else:
                blanks = _BLANKS.match(buf, pos)
                if blanks:
                    line += blanks.group(0).count("\n")
                    pos = blanks.end()
                rest = buf[pos : pos + 16]
                if rest.startswith("<!--"):
                    pos, closing = pos + 4, "-->"
                    continue
                if rest.startswith("<?"):
                    pos, closing = pos + 2, "?>"
                    continue
                if _DECLARATION.match(rest):
                    return line
                if len(rest) >= 16 or (rest and not rest.startswith("<")) or eof:
                    if rest.startswith("<!") and _DECLARATION.match(buf[pos : pos + 64]):
                        return line
                    return None  # the root element (or garbage the parser will name)
                buf, pos = buf[pos:], 0
            if eof:
                return None
            chunk = fh.read(_SCAN_CHUNK)
            eof = not chunk
            buf += decoder.decode(chunk, final=eof)


def refuse_declarations(path: Path) -> None:
    """Refuse a list file that declares a DTD or entities (see the module notes)."""
    try:
        line = declaration_line(path)
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    if line is not None:
        raise ListFormatError(path, DECLARES, line=line, expected=NO_DECLARATIONS)


def _check_parsed(path: Path, elem: Element) -> None:
    """What libxml2 parsed before the first element: refuse any DTD the scan missed."""
    info = elem.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or info.system_url:
        raise ListFormatError(path, DECLARES, expected=NO_DECLARATIONS)


# -- errors ---------------------------------------------------------------------------------

_LIMIT_MESSAGES = (
    ("excessive depth", f"elements nested more than {XML_MAX_DEPTH} levels deep"),
    ("text node too long", f"a text longer than {XML_MAX_TEXT_BYTES:,} bytes"),
    ("buffer size limit", f"a tag or value longer than {XML_MAX_TEXT_BYTES:,} bytes"),
    ("huge input lookup", f"a tag or value longer than {XML_MAX_TEXT_BYTES:,} bytes"),
    ("name too long", "an element or attribute name that is too long"),
)


def _libxml2_error(exc: etree.XMLSyntaxError) -> tuple[str, int | None]:
    """libxml2's message and line. A pull parser closed after an error may only say "no
    element found"; the error it stopped at is then the last one in its log."""
    message = str(exc.msg or exc).split(", line ")[0].strip()
    line = exc.lineno if isinstance(exc.lineno, int) and exc.lineno > 0 else None
    if message in ("", "no element found"):
        entry = getattr(exc.error_log, "last_error", None)  # untyped in the stubs
        if entry is not None and entry.level >= etree.ErrorLevels.ERROR and entry.message:
            return entry.message.strip(), entry.line if entry.line > 0 else line
    return message, line


def _syntax_error(path: Path, exc: etree.XMLSyntaxError, expected: str) -> ListFormatError:
    message, line = _libxml2_error(exc)
    lowered = message.lower()
    for key, meaning in _LIMIT_MESSAGES:
        if key in lowered:
            return ListFormatError(
                path, f"XML over libxml2's limits: {meaning}", line=line, expected=expected
            )
    if "entity" in lowered and ("not defined" in lowered or "undeclared" in lowered):
        return ListFormatError(
            path,
            f"malformed XML: {message}",
            line=line,
            expected="only XML's predefined entities (&amp; &lt; &gt; &quot; &apos;)",
        )
    if "encoding" in lowered or "utf-8" in lowered:
        # The decoder names the byte and the line better than libxml2 does.
        found = utf8_error(path)
        if found is not None:
            return found
    return ListFormatError(path, f"malformed XML: {message}", line=line, expected=expected)


def _check_not_empty(path: Path, fh: IO[bytes], expected: str) -> None:
    while chunk := fh.read(_SCAN_CHUNK):
        if chunk.replace(BOM, b"").strip(b" \t\r\n"):
            fh.seek(0)
            return
    raise ListFormatError(path, "file is empty", expected=expected)


# -- the root and the records ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Root:
    """The root element as the file starts it: what readers check before streaming."""

    namespace: str  # '' if none
    attrib: dict[str, str]
    line: int | None


def read_root(path: Path, root: str, expected: str, *, limits: ListLimits = DEFAULT_LIMITS) -> Root:
    """The root element of a file whose root must be `root` (by local name), after the
    checks every list file gets: its size, that it is not empty and declares no DTD."""
    check_size(path, limits)
    try:
        with path.open("rb") as fh:
            _check_not_empty(path, fh, expected)
            refuse_declarations(path)
            for _event, elem in etree.iterparse(fh, events=("start",), **_parser_kwargs()):
                _check_parsed(path, elem)
                found = local(elem.tag)
                if found != root:
                    raise ListFormatError(
                        path,
                        f"root element is <{found}>, not <{root}>",
                        line=line_of(elem),
                        expected=expected,
                    )
                namespace = _namespace(path, elem, expected)
                attrib = {str(k): str(v) for k, v in elem.attrib.items()}
                return Root(namespace, attrib, line_of(elem))
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc, expected) from None
    raise ListFormatError(path, "no XML element found", line=1, expected=expected)


def _namespace(path: Path, elem: Element, expected: str) -> str:
    """The root's namespace URI, from its tag ("{uri}name"). libxml2 takes any text as a
    URI; one holding a brace cannot name an element (lxml refuses it), so neither can
    it name a list."""
    tag = str(elem.tag)
    namespace = tag[1 : tag.rindex("}")] if tag.startswith("{") else ""
    if "{" in namespace or "}" in namespace:
        raise ListFormatError(
            path,
            f"the root's namespace {namespace!r} is not a URI",
            line=line_of(elem),
            expected=expected,
        )
    return namespace


def check_root(path: Path, root: str, expected: str, *, limits: ListLimits = DEFAULT_LIMITS) -> str:
    """Namespace URI ('' if none) of a file whose root element must be `root`."""
    return read_root(path, root, expected, limits=limits).namespace


def _free(elem: Element) -> None:
    """Drop a handled record and everything before it, at every level above it too."""
    elem.clear()  # its tail too
    node: Element | None = elem
    while node is not None:
        parent = node.getparent()
        if parent is None:
            break
        while node.getprevious() is not None:
            del parent[0]
        node = parent


_COUNT_ELEMENTS = etree.XPath("count(descendant-or-self::*)")
_TEXT_LENGTH = etree.XPath("string-length(string(.))")
_LONG_TEXTS = etree.XPath("descendant-or-self::text()[string-length() > $n]")


def _check_record(path: Path, elem: Element, limits: ListLimits, expected: str) -> None:
    """Bounds on one complete record: its elements, and the length of each text in it
    (checked as the record's whole text first, which is one pass in C)."""
    count = _COUNT_ELEMENTS(elem)
    if isinstance(count, float) and count > limits.max_elements_per_record:
        raise ListFormatError(
            path,
            over(
                f"<{local(elem.tag)}> holds {int(count):,} elements",
                limits.max_elements_per_record,
            ),
            line=line_of(elem),
            expected=expected,
        )
    length = _TEXT_LENGTH(elem)
    if isinstance(length, float) and length > limits.max_value_chars:
        found = _LONG_TEXTS(elem, n=limits.max_value_chars)
        if isinstance(found, list) and found:
            value = found[0]
            getparent = getattr(value, "getparent", None)
            owner = getparent() if getparent is not None else None
            where = owner if isinstance(owner, etree._Element) else elem
            raise ListFormatError(
                path,
                over(
                    f"<{local(where.tag)}> holds a text of {len(str(value)):,} characters",
                    limits.max_value_chars,
                ),
                line=line_of(where),
                expected=expected,
            )


def iter_elements(
    path: Path,
    namespace: str,
    tags: Sequence[str],
    expected: str,
    *,
    limits: ListLimits = DEFAULT_LIMITS,
) -> Iterator[tuple[str, Element]]:
    """Yield (local name, element) as each element in `tags` ends, freeing it afterwards.

    Streaming keeps memory flat on sdn_advanced.xml (~120 MB); a syntax error anywhere,
    including a truncated end, raises before the caller returns anything.

    Bounded by `limits` at C speed: the bytes read since the last record (which bounds
    the tree libxml2 builds for one record, or for anything between two), then on each
    record its elements and the length of its texts, and the number of records.
    """
    wanted = [f"{{{namespace}}}{t}" if namespace else t for t in tags]
    records = since = 0
    last_line = 1
    check_size(path, limits)
    try:
        with path.open("rb") as fh:
            _check_not_empty(path, fh, expected)
            refuse_declarations(path)
            try:
                parser = etree.XMLPullParser(events=("end",), tag=wanted, **_parser_kwargs())
            except ValueError:  # a namespace no element can have (see _namespace)
                raise ListFormatError(
                    path, f"namespace {namespace!r} is not a URI", expected=expected
                ) from None
            done = False
            # Fed in chunks well under the bytes-per-record limit, checked between chunks.
            size = min(_SCAN_CHUNK, max(1024, limits.max_record_bytes // 4))
            while not done:
                chunk = fh.read(size)
                if chunk:
                    parser.feed(chunk)
                    since += len(chunk)
                else:
                    parser.close()
                    done = True
                for _event, elem in parser.read_events():
                    if not isinstance(elem, etree._Element):
                        continue
                    if records == 0:
                        _check_parsed(path, elem)
                    _check_record(path, elem, limits, expected)
                    records += 1
                    if records > limits.max_records:
                        raise ListFormatError(
                            path,
                            over(f"more than {limits.max_records:,} records", limits.max_records),
                            line=line_of(elem),
                            expected=expected,
                        )
                    last_line = line_of(elem) or last_line
                    yield local(elem.tag), elem
                    _free(elem)
                    since = 0
                if since > limits.max_record_bytes:
                    raise ListFormatError(
                        path,
                        over(
                            f"more than {limits.max_record_bytes:,} bytes of XML after line "
                            f"{last_line} without a complete record",
                            limits.max_record_bytes,
                        ),
                        line=last_line,
                        expected=expected,
                    )
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc, expected) from None
