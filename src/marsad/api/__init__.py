"""The REST API adapter (FastAPI): ``marsad serve``."""
