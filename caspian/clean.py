"""Text as every stage cleans it: control characters out, white space folded.

Order fields, query names and listed names go through the same function, so a name
written with a tab, a non-breaking space or a stray control character in one place
meets itself written plainly in another. Format characters (the zero-width non-joiner
of Persian names, bidi marks) stay: the name analysis reads them.
"""

from __future__ import annotations

# C0 and C1 control characters, each read as a space (white space among them folds).
_CONTROLS = {code: " " for code in (*range(0x20), *range(0x7F, 0xA0))}


def clean_text(value: str) -> str:
    """`value` with control characters as spaces and runs of white space as one space."""
    if not value.isprintable():
        value = value.translate(_CONTROLS)
    return " ".join(value.split())


JSON_KINDS = {dict: "an object", list: "a list", str: "a text", bool: "true/false",
              int: "a number", float: "a number", type(None): "null"}  # fmt: skip


def json_kind(value: object) -> str:
    """What a JSON value is, in JSON's words (an error says "got a list", not "a dict")."""
    for kind, words in JSON_KINDS.items():
        if type(value) is kind:
            return words
    return "an object" if hasattr(value, "keys") else f"a {type(value).__name__}"
