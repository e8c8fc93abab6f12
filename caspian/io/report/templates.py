"""The Jinja2 environment the report is rendered with: auto-escaping on, every value
from an order or a result is text until a template says otherwise (never: fragments
rendered here are the only markup passed through).

Templates are written one element a line for the reader; the `Compact` extension joins
the lines (a newline and the indentation after it go) so a report of thousands of
orders carries no layout whitespace. Text that needs a space across a line break keeps
the space at the end of its line or inside a tag (`{{ " " }}`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from jinja2.ext import Extension
from markupsafe import Markup

from caspian.geo.countries import name as country_name

PACKAGE = "caspian.io.report"
CSS_FILE = "static/report.css"
COLOURS = {"BLOCK": "#b91c1c", "REVIEW": "#b45309", "CLEAR": "#15803d", "ERROR": "#4b5563"}
LAYOUT = re.compile(r"\n[ \t]*")


class Compact(Extension):
    """Drops each newline of a template with the indentation after it."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return LAYOUT.sub("", source)


def short(value: Any, limit: int) -> str:
    """At most `limit` characters, an ellipsis where cut."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def thousands(value: Any) -> str:
    return f"{int(value or 0):,}"


def fixed(value: Any, digits: int = 2) -> str:
    return f"{float(value or 0):.{digits}f}"


@cache
def country(code: str) -> str:
    return country_name(code)


def plural(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader(PACKAGE, "templates"),
        autoescape=select_autoescape(("html", "j2"), default_for_string=True, default=True),
        undefined=StrictUndefined,
        extensions=[Compact],
        auto_reload=False,  # package data: never changes while a report is written
    )
    env.filters.update(short=short, thousands=thousands, fixed=fixed, country=country)
    env.globals.update(COLOURS=COLOURS, plural=plural)
    return env


def template(name: str) -> Template:
    return environment().get_template(name)


def render(name: str, **context: Any) -> str:
    return template(name).render(**context)


def stream(name: str, **context: Any) -> Iterator[str]:
    """The page in pieces, as the template reaches them (fragments are copied in from
    their temporary files as it goes, never all held at once)."""
    return template(name).generate(**context)


def macro(name: str, macro_name: str) -> Any:
    """A macro of a template, callable from Python (returns markup)."""
    return getattr(template(name).module, macro_name)


@cache
def css() -> Markup:
    """The stylesheet, inlined into the page: the report is one file, read offline."""
    return Markup(files(PACKAGE).joinpath(CSS_FILE).read_text(encoding="utf-8"))
