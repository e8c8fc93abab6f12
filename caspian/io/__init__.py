"""Adapters for what users hand in and get back (tables, JSON lines, reports) and the
worker processes that run batches of them on every core."""
