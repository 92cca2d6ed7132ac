"""``marsad serve``: the web UI and the REST API (FastAPI on uvicorn)."""

from __future__ import annotations

import argparse
import json
import os

import uvicorn
from fastapi import FastAPI
from rich.console import Console

from marsad.api.app import create_app
from marsad.api.inputs import ApiConfig
from marsad.cli.output import EXIT_OK, existing_store
from marsad.services.ingest import worker_count
from marsad.settings import load_settings

# How the parent tells each worker process what to serve: uvicorn starts workers from an
# import string, so the configuration travels in the environment (the workers are its
# children; nothing else reads it).
_ENVIRONMENT = "MARSAD_SERVE_CONFIG"


def _config(db: str | None, config: str | None, token: str | None) -> ApiConfig:
    settings = load_settings(config)
    return ApiConfig(db or settings.store.url, settings, token=token)


def app_from_environment() -> FastAPI:
    """The application of one worker process (``uvicorn --factory``)."""
    given = json.loads(os.environ[_ENVIRONMENT])
    return create_app(_config(given["db"], given["config"], given["token"]))


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """``marsad serve``: the web UI and the REST API over the store, until interrupted."""
    # Built here in every case, so a bad store URL or settings file fails before any worker
    # starts, with its M### error; a store that does not exist is refused (M041), never
    # created empty.
    config = _config(args.db, args.config, args.token)
    existing_store(config.store_url)
    app = create_app(config)
    workers = worker_count(args.workers)
    err.print(
        f"marsad on http://{args.host}:{args.port}/ (API: /api, docs: /docs)"
        + (f" · {workers} worker processes" if workers > 1 else ""),
        highlight=False,
    )
    if workers == 1:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
        return EXIT_OK
    os.environ[_ENVIRONMENT] = json.dumps(
        {"db": args.db, "config": args.config, "token": args.token}
    )
    uvicorn.run(
        f"{__name__}:app_from_environment",
        factory=True,
        workers=workers,
        host=args.host,
        port=args.port,
        log_level="warning",
    )
    return EXIT_OK
