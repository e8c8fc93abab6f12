"""Caspian: export-control and sanctions screening against official lists."""

__version__ = "0.1.0"
