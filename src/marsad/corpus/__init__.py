"""Corpus use cases over the store: ingest, reanalyze, search, events, entities, figures and
exports, and the pure functions they need (rows, search text, MinHash)."""
