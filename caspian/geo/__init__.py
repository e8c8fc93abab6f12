"""Countries and places: pure lookups over the project's data tables."""
