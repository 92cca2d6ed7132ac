"""Benchmark: what the component contract check costs (pipeline.check_contract after every
component, on every document).

    .venv/bin/python bench/contract.py [--limit 200] [--data ../shared/data] [--rounds 3]

Input: the first ``--limit`` articles of the ANT news corpus; skips with a message when the
file is absent. The default pipeline runs over them ``--rounds`` times with the check on and
with it replaced by a no-op, alternating, in one process; reported: the best time of each and
the difference per document. The end-to-end difference is within the noise of a shared
machine, so the check is also timed alone: every component's check on every analysed
document, repeated, gives its cost per document directly. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import marsad.pipeline as pipeline_module
from ant import DEFAULT_DATA, corpus_path, load_documents, run_info
from marsad.doc import Document
from marsad.pipeline import Pipeline
from marsad.settings import load_settings


def _time(nlp: Pipeline, docs: list[Document]) -> float:
    start = time.perf_counter()
    for doc in docs:
        nlp(doc)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        print(f"skipped: the ANT corpus is not under {args.data}", file=sys.stderr)
        return 0
    docs = load_documents(path, args.limit)
    nlp = Pipeline.from_names(load_settings().pipeline.components)
    nlp(docs[0])  # load the models before timing
    checked, unchecked = [], []
    real = pipeline_module.check_contract
    for _ in range(args.rounds):
        checked.append(_time(nlp, docs))
        pipeline_module.check_contract = lambda component, before, after: None
        try:
            unchecked.append(_time(nlp, docs))
        finally:
            pipeline_module.check_contract = real
    on, off = min(checked), min(unchecked)
    analysed = [nlp(doc) for doc in docs]
    repeats = 200
    start = time.perf_counter()
    for _ in range(repeats):
        for doc in analysed:
            for component in nlp.components:
                real(component, doc, doc)
    alone = (time.perf_counter() - start) / repeats / len(analysed)
    result = {
        "documents": len(docs),
        "checked_s": round(on, 3),
        "unchecked_s": round(off, 3),
        "cost_per_document_ms": round((on - off) / len(docs) * 1000, 3),
        "cost_share": round((on - off) / off, 4),
        "check_alone_per_document_us": round(alone * 1e6, 2),
        "check_alone_share": round(alone * len(docs) / off, 6),
        **run_info("contract"),
    }
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
