"""The corpus store (SQLite by default, PostgreSQL by URL). Imports only ``marsad.doc`` and
``marsad.errors`` from the rest of marsad; the pipeline never imports the store."""

from marsad.store.sql import Filters
from marsad.store.store import DocumentRows, Store, StoryLink

__all__ = ["DocumentRows", "Filters", "Store", "StoryLink"]
