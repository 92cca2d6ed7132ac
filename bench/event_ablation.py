"""The event model's ablation on the annotated corpus: rules alone → + candidate model →
+ document gate → + gate bar (→ + toll model), scored by the corpus scorer (``marsad eval
events``) on dev and test. The test split is read in aggregate only: no error is listed.

    .venv/bin/python bench/event_ablation.py [--splits dev test] [--json]

The model without the gate is fitted here from the train split exactly as ``marsad train
events`` fits it (same seedless solver, so the same weights); "+ document gate" is the shipped
model without its gate bar (the gate as a feature only); the others are the shipped ones.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from marsad.evaluation.annotation.evaluate import corpus_docs, score_corpus_events
from marsad.extract.events.learned import MODEL
from marsad.extract.linear import load_model
from marsad.pipeline import Pipeline
from marsad.services.analysis import build_pipeline, default_settings
from marsad.services.train_events import analyze_split, before_events, train_events

ROOT = Path(__file__).resolve().parents[1]
ANT = ROOT.parent / "shared/data/ant-corpus-news/ant_v2.1_multisource.jsonl.gz"


def _pipelines(no_gate: Path, no_bar: Path) -> dict[str, Pipeline]:
    names = [c.name for c in build_pipeline(default_settings()).components]
    before = before_events(names)
    return {
        "rules alone": Pipeline.from_names([*before, "events.rules.v1"]),
        "+ candidate model": Pipeline.from_names(
            [*before, "events.learned.v1"], {"events.learned.v1": {"model": str(no_gate)}}
        ),
        "+ document gate": Pipeline.from_names(
            [*before, "events.learned.v1"], {"events.learned.v1": {"model": str(no_bar)}}
        ),
        "+ gate bar (shipped)": Pipeline.from_names([*before, "events.learned.v1"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT / "eval/corpus")
    parser.add_argument("--ant", type=Path, default=ANT)
    parser.add_argument("--splits", nargs="+", default=["dev", "test"], choices=["dev", "test"])
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    names = [c.name for c in build_pipeline(default_settings()).components]
    pre = Pipeline.from_names(before_events(names))
    train = analyze_split(args.root, args.ant, "train", pre)
    dev = analyze_split(args.root, args.ant, "dev", pre)
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        no_gate = Path(tmp) / "no-gate.json.gz"
        train_events(train, dev, no_gate, gate=False, gate_bar=False)
        no_bar = Path(tmp) / "no-bar.json.gz"
        shipped = load_model(MODEL)
        replace(shipped, meta={**shipped.meta, "gate_bar": None}).save(no_bar)
        for variant, nlp in _pipelines(no_gate, no_bar).items():
            for split in args.splits:
                docs = corpus_docs(args.root, args.ant, split)
                part, alarms = score_corpus_events(docs, nlp, f"corpus-{split}")
                rows.append(
                    {
                        "variant": variant,
                        "split": split,
                        "precision": round(part.precision, 3),
                        "recall": round(part.recall, 3),
                        "f1": round(part.f1, 3),
                        "fatalities_exact": round(part.fatalities_exact, 3),
                        "events_per_other_article": alarms.to_dict()["per_other_article"],
                        "false_per_other_article": alarms.to_dict()["false_per_other_article"],
                        "cumulative_as_toll": alarms.cumulative_as_toll,
                    }
                )
    if args.json:
        print(json.dumps({"rows": rows, "seconds": round(time.perf_counter() - started)}))
        return
    print("| variant | split | P | R | F1 | fatalities exact | events (false) / other article |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for r in rows:
        print(
            f"| {r['variant']} | {r['split']} | {r['precision']:.3f} | {r['recall']:.3f} | "
            f"{r['f1']:.3f} | {r['fatalities_exact']:.3f} | {r['events_per_other_article']:.2f} "
            f"({r['false_per_other_article']:.2f}) |"
        )
    print(f"\n{time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
