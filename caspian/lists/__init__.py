"""Adapters that bring official list files into the one entity model."""
