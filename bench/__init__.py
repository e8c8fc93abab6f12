"""Benchmarks and the matching evaluation (run as scripts; see each module)."""
