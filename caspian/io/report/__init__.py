"""The screening report: one self-contained HTML file a reviewer opens offline.

Rendered with Jinja2 templates (`templates/`, auto-escaping on: party names come from
customers) and one stylesheet (`static/report.css`, inlined into the page). The writer
streams: memory holds counters and the offsets of at most `max_details` detailed
orders, never the orders themselves.

- `writer`: ReportWriter, the counters and the temporary files.
- `route`: the route of one order, its stops marked from the reasons' refs (pure).
- `card`: one order's card, index row and clear row.
- `summary`: decision chart, top reasons, lists and provenance.
- `provenance`: the provenances the results of a run carry.
- `templates`: the Jinja2 environment.
"""

from caspian.io.report.card import render_card, render_clear_row, render_index_row
from caspian.io.report.route import RoutePoint, route_drawing, route_nodes
from caspian.io.report.summary import describe_list_date, lists_brief, lists_table
from caspian.io.report.writer import ReportWriter

__all__ = [
    "ReportWriter",
    "RoutePoint",
    "describe_list_date",
    "lists_brief",
    "lists_table",
    "render_card",
    "render_clear_row",
    "render_index_row",
    "route_drawing",
    "route_nodes",
]
