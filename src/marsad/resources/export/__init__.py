"""The column specs, note templates and outlet table of the exports (data only)."""
