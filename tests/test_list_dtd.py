"""List files that declare a DTD or entities are refused, by every XML reader and by
detection, with an error naming the file and the line of the declaration.

Each hostile file is built from the first records of a real shared file: the attack goes
in front of the real root, and its entity reference into the record's first name-like
text, where an unexpanded entity would silently cut the name short.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest

from caspian.lists import detect
from caspian.lists.base import ListFormatError
from caspian.lists.xml_stream import DECLARES, declaration_line
from tests.conftest import LISTS
from tests.list_samples import first_xml_records, is_xml, list_files

XML_FILES = [p for p in list_files(LISTS) if is_xml(p.read_bytes()[:64])] if LISTS.is_dir() else []
IDS = [str(p.relative_to(LISTS)) for p in XML_FILES]


def _lol(depth: int = 9) -> str:
    decls = ['<!ENTITY lol0 "lol">']
    for i in range(1, depth + 1):
        decls.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return "".join(decls)


# name -> (internal subset or None, entity reference put into the name)
ATTACKS: dict[str, tuple[str | None, str]] = {
    "billion-laughs": (_lol(), "&lol9;"),
    "external-file": ('<!ENTITY xxe SYSTEM "file:///etc/passwd">', "&xxe;"),
    "external-http": ('<!ENTITY xxe SYSTEM "http://127.0.0.1:9/list.dtd">', "&xxe;"),
    "internal-entity-in-name": ('<!ENTITY e "EVIL">', "&e;"),
    "parameter-entity": ('<!ENTITY % p SYSTEM "http://127.0.0.1:9/p.dtd"> %p;', ""),
    "doctype-only": (None, ""),
}


def _split(data: bytes) -> tuple[str, str, str]:
    """(XML declaration, the rest of the document, the root's name)."""
    text = data.decode("utf-8")
    decl = ""
    if text.startswith("<?xml"):
        end = text.index("?>") + 2
        decl, text = text[:end], text[end:]
    root = re.search(r"<([A-Za-z_][\w.:-]*)", text)
    assert root is not None
    return decl, text, root.group(1)


def _with_reference(body: str, reference: str) -> str:
    """The reference put inside the first text of letters (a name, in every format)."""
    if not reference:
        return body
    m = re.search(r">([A-Za-z][A-Za-z .,'-]{2,})<", body)
    assert m is not None
    cut = m.start(1) + 2
    return body[:cut] + reference + body[cut:]


@cache
def _first_records(source: Path) -> bytes:
    return first_xml_records(source.read_bytes(), 2)


def hostile(source: Path, attack: str) -> tuple[bytes, int]:
    """A hostile copy of the first records of `source`, and the line of its DOCTYPE."""
    subset, reference = ATTACKS[attack]
    decl, body, root = _split(_first_records(source))
    doctype = f"<!DOCTYPE {root}" + (f" [\n{subset}\n]>" if subset else ">")
    prolog = f"{decl}\n<!-- a comment first -->\n{doctype}\n" if decl else f"{doctype}\n"
    line = prolog[: prolog.index("<!DOCTYPE")].count("\n") + 1
    return (prolog + _with_reference(body, reference)).encode("utf-8"), line


Reader = Callable[[Path], object]


def _readers(path: Path) -> list[tuple[str, Reader]]:
    """Detection, and the format's own reader when Caspian knows the format."""
    readers: list[tuple[str, Reader]] = [("read_paths", lambda p: detect.read_paths([p]))]
    root = detect._xml_root(path.read_bytes()[:4096].decode("utf-8", "replace"))
    fmt = detect.XML_ROOTS.get(root or "")
    if fmt:
        readers.append((fmt, detect.SINGLE_READERS[fmt]))
    return readers


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("source", XML_FILES, ids=IDS)
def test_declarations_are_refused(tmp_path: Path, source: Path, attack: str) -> None:
    data, line = hostile(source, attack)
    path = tmp_path / source.name
    path.write_bytes(data)
    assert declaration_line(path) == line
    for name, reader in _readers(source):
        with pytest.raises(ListFormatError) as info:
            reader(path)
        err = info.value
        assert (err.path, err.line) == (str(path), line), name
        assert DECLARES in str(err), name
        assert "official list files never do" in str(err)


def test_every_xml_format_is_covered() -> None:
    found = {detect.sniff(p) for p in XML_FILES}
    assert {"ofac-xml", "ofac-advanced-xml", "ofac-enhanced-xml", "un-xml"} <= found


@pytest.mark.parametrize(
    "prolog",
    [
        "<!DOCTYPE sdnList>",
        "<!doctype sdnList>",  # case
        "<!DocType sdnList>",
        "<!  DOCTYPE sdnList>",  # spacing
        "\n\n   \t<!DOCTYPE sdnList>",
        "<!-- <sdnList> in a comment -->\n<!DOCTYPE sdnList>",
        "<?pi <sdnList>?>\n<!DOCTYPE sdnList>",
        "<!--" + "x\n" * 50_000 + "-->\n<!DOCTYPE sdnList>",  # past any fixed-size head
        '<!ENTITY e "x">',  # an entity without a DOCTYPE
    ],
)
def test_declaration_found_whatever_surrounds_it(tmp_path: Path, prolog: str) -> None:
    path = tmp_path / "sdn.xml"
    body = "<sdnList><sdnEntry><uid>1</uid><lastName>A</lastName></sdnEntry></sdnList>"
    text = '<?xml version="1.0"?>\n' + prolog + "\n" + body
    path.write_text(text, encoding="utf-8")
    declaration = text.rindex("<!", 0, text.index("<sdnList><sdnEntry>"))
    line = text[:declaration].count("\n") + 1
    assert declaration_line(path) == line
    with pytest.raises(ListFormatError, match="declares a DTD/entities") as info:
        detect.read_paths([path])
    assert info.value.line == line


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-16-le", "\ufeff"), ("utf-16-be", "\ufeff"), ("utf-8", "\ufeff")]
)
def test_declaration_found_in_other_encodings(tmp_path: Path, encoding: str, bom: str) -> None:
    from caspian.lists import ofac_xml

    path = tmp_path / "sdn.xml"
    label = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
    text = (
        f'{bom}<?xml version="1.0" encoding="{label}"?>\n<!DOCTYPE sdnList [<!ENTITY e "x">]>\n'
        "<sdnList><sdnEntry><uid>1</uid><lastName>A&e;</lastName></sdnEntry></sdnList>"
    )
    path.write_bytes(text.encode(encoding))
    assert declaration_line(path) == 2
    with pytest.raises(ListFormatError, match="declares a DTD/entities") as info:
        ofac_xml.read(path)
    assert info.value.line == 2


def test_no_declaration_in_real_files() -> None:
    for path in XML_FILES:
        assert declaration_line(path) is None, path


def test_undeclared_entity_is_a_clear_error(tmp_path: Path) -> None:
    from caspian.lists import ofac_xml

    path = tmp_path / "sdn.xml"
    path.write_text(
        "<sdnList>\n<sdnEntry><uid>1</uid><lastName>AB&e;CD</lastName></sdnEntry></sdnList>",
        encoding="utf-8",
    )
    with pytest.raises(ListFormatError) as info:
        ofac_xml.read(path)
    assert (info.value.path, info.value.line) == (str(path), 2)
    assert "Entity 'e' not defined" in str(info.value)
    # the predefined entities still read
    path.write_text(
        "<sdnList><sdnEntry><uid>1</uid><lastName>AB&amp;CD &#233;</lastName>"
        "<sdnType>Entity</sdnType></sdnEntry></sdnList>",
        encoding="utf-8",
    )
    assert ofac_xml.read(path).entities[0].get("name") == ["AB&CD é"]
