"""Streaming XML list files with errors that name the line: what every XML reader shares.

Elements are matched by local name, so a publisher's namespace changes (OFAC's moved
from `http://tempuri.org/sdnList.xsd` to the Sanctions List Service's) and
namespace-less copies all read the same. Nothing is fetched and no entity is expanded:
list files come from outside.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO

from lxml import etree

from caspian.lists.base import ListFormatError
from caspian.lists.text import BOM, decode

Element = etree._Element


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


def _parser_kwargs() -> dict[str, bool]:
    # No entity expansion or network access: list files come from outside.
    return {"resolve_entities": False, "no_network": True, "huge_tree": True}


def _syntax_error(path: Path, exc: etree.XMLSyntaxError, expected: str) -> ListFormatError:
    message = str(exc.msg or exc).split(", line ")[0]
    if "encoding" in message.lower() or "utf-8" in message.lower():
        # The decoder names the byte and the line better than libxml2 does.
        try:
            decode(path, path.read_bytes())
        except ListFormatError as err:
            return err
    return ListFormatError(
        path, f"malformed XML: {message}", line=exc.lineno or None, expected=expected
    )


def _check_not_empty(path: Path, fh: IO[bytes]) -> None:
    head = fh.read(4096)
    if not head.strip(b" \t\r\n" + BOM) and not fh.read(1):
        raise ListFormatError(path, "file is empty", expected="list records")
    fh.seek(0)


def check_root(path: Path, root: str, expected: str) -> str:
    """Namespace URI ('' if none) of a file whose root element must be `root`."""
    try:
        with path.open("rb") as fh:
            _check_not_empty(path, fh)
            for _event, elem in etree.iterparse(fh, events=("start",), **_parser_kwargs()):
                found = local(elem.tag)
                if found != root:
                    raise ListFormatError(
                        path,
                        f"root element is <{found}>, not <{root}>",
                        line=line_of(elem),
                        expected=expected,
                    )
                return etree.QName(elem).namespace or ""
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc, expected) from None
    raise ListFormatError(path, "no XML element found", line=1, expected=expected)


def iter_elements(
    path: Path, namespace: str, tags: Sequence[str], expected: str
) -> Iterator[tuple[str, Element]]:
    """Yield (local name, element) as each element in `tags` ends, freeing it afterwards.

    Streaming keeps memory flat on sdn_advanced.xml (~120 MB); a syntax error anywhere,
    including a truncated end, raises before the caller returns anything.
    """
    wanted = [f"{{{namespace}}}{t}" if namespace else t for t in tags]
    try:
        with path.open("rb") as fh:
            context = etree.iterparse(fh, events=("end",), tag=wanted, **_parser_kwargs())
            for _event, elem in context:
                yield local(elem.tag), elem
                elem.clear(keep_tail=False)
                parent = elem.getparent()
                if parent is not None:
                    while elem.getprevious() is not None:
                        del parent[0]
    except OSError as exc:
        raise ListFormatError(path, f"cannot read file: {exc.strerror or exc}") from None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc, expected) from None
