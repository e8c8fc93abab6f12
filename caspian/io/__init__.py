"""Adapters for what users hand in and get back: tables, reports."""
