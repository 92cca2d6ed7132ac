"""``marsad serve``: the web UI and the REST API (FastAPI on uvicorn)."""

from __future__ import annotations

import argparse

import uvicorn
from rich.console import Console

from marsad.api.app import create_app
from marsad.api.inputs import ApiConfig
from marsad.cli.output import EXIT_OK, existing_store
from marsad.settings import load_settings


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``marsad serve``: the web UI and the REST API over the store, until interrupted."""
    settings = load_settings(args.config)
    url = existing_store(args.db or settings.store.url)
    app = create_app(ApiConfig(url, settings, token=args.token))
    err.print(
        f"marsad on http://{args.host}:{args.port}/ (API: /api, docs: /docs)", highlight=False
    )
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
