"""Benchmark: speed and memory of the NER step (``ner.crf.v1``) on real news articles.

    .venv/bin/python bench/ner.py [--limit 2000] [--data ../shared/data]

Input: article bodies of the ANT news corpus (``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``,
the first ``--limit`` articles). Skips with a message when the file is absent.

The articles are first split into sentences and tokens (not timed); then the NER component
runs over every document, timed alone, in one process (one core). Reported:

- tokens/s of the NER step (marsad tokens, punctuation included), and of its parts: feature
  extraction, CRF tagging, canonical names (alias table, transliteration);
- the load time of the model and resources (paid once per process);
- peak resident memory of the process (``ru_maxrss``) after loading and after the run.

Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ant import DEFAULT_DATA, corpus_path, load_texts, rss_mb
from marsad.doc import Document
from marsad.extract.entities.component import CrfNer
from marsad.pipeline import Pipeline


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--model", type=Path, help="a model file (default: the shipped one)")
    ap.add_argument(
        "--o-threshold", type=float, help="the tagger's O threshold (default: the shipped one)"
    )
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        return 0

    texts = load_texts(path, args.limit)
    base = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1"])
    docs = [base(Document.from_text(t)) for t in texts]
    tokens = sum(len(d.tokens) for d in docs)
    rss_before = rss_mb()

    from marsad.extract.entities.crf import O_THRESHOLD, CrfTagger
    from marsad.extract.entities.recognize import Recognizer

    def recognizer() -> Recognizer:
        threshold = O_THRESHOLD if args.o_threshold is None else args.o_threshold
        return Recognizer(tagger=CrfTagger(args.model, o_threshold=threshold))

    t0 = time.perf_counter()
    ner = CrfNer(recognizer())
    load_s = time.perf_counter() - t0
    rss_loaded = rss_mb()

    t0, c0 = time.perf_counter(), time.process_time()
    found = [ner.find(d) for d in docs]
    run_s = time.perf_counter() - t0
    # CPU time of this process: on a shared machine the wall clock also counts the time other
    # processes held the core, the CPU time does not.
    cpu_s = time.process_time() - c0
    entities = sum(len(ents) for ents in found)

    # The parts, on a fresh recognizer so the feature cache starts cold as above.
    from marsad.arabic.translit import transliterate
    from marsad.extract.entities.canonical import AliasTable, canonicalize

    rec = recognizer()
    infos_s = tag_s = 0.0
    for d in docs:
        t1 = time.perf_counter()
        feats = rec.featurizer.tokens(list(d.tokens))
        t2 = time.perf_counter()
        rec.tagger.tag(feats)
        infos_s += t2 - t1
        tag_s += time.perf_counter() - t2
    # Canonical names again over the first pass's entities (already canonical: same work).
    t1 = time.perf_counter()
    for ents in found:
        canonicalize(ents, aliases=AliasTable.load(), transliterate=transliterate)
    canon_s = time.perf_counter() - t1

    result = {
        "bench": "ner",
        "date": date.today().isoformat(),
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "python": platform.python_version(),
        "model": str(args.model or "shipped"),
        "articles": len(docs),
        "tokens": tokens,
        "entities": entities,
        "load_s": round(load_s, 2),
        "ner_s": round(run_s, 2),
        "tokens_per_s": round(tokens / run_s),
        "cpu_tokens_per_s": round(tokens / cpu_s),
        "features_tokens_per_s": round(tokens / infos_s),
        "crf_tokens_per_s": round(tokens / tag_s),
        "canonical_s": round(canon_s, 2),
        "rss_mb_before_load": round(rss_before),
        "rss_mb_after_load": round(rss_loaded),
        "rss_mb_peak": round(rss_mb()),
    }
    table = Table(title=f"NER on {len(docs)} ANT articles, {tokens:,} tokens (one process)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("NER step, tokens/s", f"{result['tokens_per_s']:,}")
    table.add_row("NER step, tokens per CPU second", f"{result['cpu_tokens_per_s']:,}")
    table.add_row("  features only, tokens/s", f"{result['features_tokens_per_s']:,}")
    table.add_row(
        "  CRF tagging only (whole doc as one sequence), tokens/s",
        f"{result['crf_tokens_per_s']:,}",
    )
    table.add_row("  canonical names, s", str(result["canonical_s"]))
    table.add_row("entities", f"{entities:,}")
    table.add_row("model + resources load, s", str(result["load_s"]))
    table.add_row(
        "peak RSS before / after load / end, MB",
        f"{result['rss_mb_before_load']} / {result['rss_mb_after_load']} / {result['rss_mb_peak']}",
    )
    Console().print(table)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
