"""Per-source ablation of the NER CRF, scored on dev data only (MODEL_CARD.md's table).

    PYTHONPATH=src .venv/bin/python scripts/ner_ablation.py train --out /tmp/nerx A A+C A+W A+C+W
    PYTHONPATH=src .venv/bin/python scripts/ner_ablation.py score --out /tmp/nerx A A+C ...

Dev data: the last tenth of the ANERcorp train split (the models here train on the other nine
tenths) and the annotated corpus's dev split (exact span and type over the full pipeline, as
``marsad eval entities --split dev`` scores it). Test splits are not read.

Sources: ``A`` ANERcorp (9/10 of train), ``C`` the corpus's train split, ``W`` Wojood's train
file; ``C2`` counts the corpus twice; ``a`` is ``A`` with its own copy of the features that carry
annotation conventions (``features.with_conventions``), ``f`` with its own copy of every
feature, ``w`` is ``W`` with its own convention features. (``+d``, document evidence
features, was tried in commit 36f77b2 and removed: MODEL_CARD.md.)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

SHARED = Path("/work/shared/data")
ANER = SHARED / "anercorp-camellab/ANERCorp_CamelLab_train.txt"
WOJOOD = SHARED / "wojood-sample/train.txt"
ANT = SHARED / "ant-corpus-news/ant_v2.1_multisource.jsonl.gz"
ROOT = Path("eval/corpus")


def _aner_split() -> tuple[list, list]:
    from marsad.evaluation.conll import read_conll

    sentences = read_conll(ANER, "anercorp")
    cut = len(sentences) * 9 // 10
    return sentences[:cut], sentences[cut:]


def train(names: list[str], out: Path, params: dict) -> None:
    from marsad.extract.entities.crf import train_crf
    from marsad.extract.entities.features import Featurizer, with_conventions
    from marsad.services.train import Source, source_rows

    aner, _ = _aner_split()
    cache: dict[str, list] = {}
    fz = Featurizer()

    def rows(part: str) -> list:
        key = part
        if key in cache:
            return cache[key]
        part_rows = [(fz.strings(s.tokens), list(s.labels)) for s in aner] if part in "Aaf" else []
        if part == "A":
            cache[key] = part_rows
        elif part == "a":  # ANERcorp with its own copy of the convention features
            cache[key] = [(with_conventions(f, "anercorp"), y) for f, y in part_rows]
        elif part == "f":  # ANERcorp with its own copy of every feature (Daumé III)
            cache[key] = [
                ([[*fs, *(f"anercorp:{f}" for f in fs)] for fs in f], y) for f, y in part_rows
            ]
        elif part == "w":  # Wojood with its own copy of the convention features
            cache[key] = [
                (with_conventions(feats, "wojood"), labels)
                for feats, labels in source_rows(Source("wojood", WOJOOD), fz, print)
            ]
        elif part == "C":
            cache[key] = source_rows(Source("corpus", ROOT, ant=ANT), fz, print)
        elif part == "W":
            cache[key] = source_rows(Source("wojood", WOJOOD), fz, print)
        return cache[key]

    for name in names:
        data: list = []
        for part in name.split("+"):
            weight = int(part[1:]) if len(part) > 1 else 1
            data += rows(part[0]) * weight
        figures = train_crf(data, out / f"{name}.crfsuite", params, progress=print)
        print(name, json.dumps(figures), flush=True)


def _recognizer(model: Path, threshold: float, conventions: str | None = None) -> Any:
    from marsad.extract.entities.crf import CrfTagger
    from marsad.extract.entities.features import Featurizer
    from marsad.extract.entities.recognize import Recognizer

    return Recognizer(
        tagger=CrfTagger(model, o_threshold=threshold),
        featurizer=Featurizer(conventions=conventions),
    )


def score_aner(model: Path, threshold: float, conventions: str | None = None) -> dict:
    from marsad.evaluation.conll import ENTITY_TYPES
    from marsad.evaluation.metrics import score

    _, dev = _aner_split()
    rec = _recognizer(model, threshold, conventions)
    predicted: list[list[str]] = []
    for k in range(0, len(dev), 20):
        predicted += rec.strings([s.tokens for s in dev[k : k + 20]])
    report = score([list(s.labels) for s in dev], predicted, types=ENTITY_TYPES)
    name = "aner-dev" + (f"-{conventions}" if conventions else "")
    return {k: round(v, 4) for k, v in report.flat(name).items() if k.endswith("_f1")}


def score_corpus(model: Path, threshold: float) -> dict:
    import marsad.extract.entities.component as component
    from marsad.services.evaluate import evaluate_corpus

    component._recognizer = lambda: _recognizer(model, threshold)  # type: ignore
    result = evaluate_corpus("entities", ROOT, ANT, "dev")
    return {k: round(v, 4) for k, v in result["floors"].items()}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=["train", "score", "score-one"])
    ap.add_argument("names", nargs="+")
    ap.add_argument("--out", type=Path, default=Path("/tmp/nerx"))
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--params", default="{}", help="crfsuite parameters (JSON)")
    args = ap.parse_args()
    if args.action == "train":
        train(args.names, args.out, json.loads(args.params))
    elif args.action == "score-one":  # one model, in its own process (the pipeline caches)
        model = args.out / f"{args.names[0]}.crfsuite"
        row = {"model": args.names[0], "threshold": args.threshold}
        row |= score_aner(model, args.threshold) | score_corpus(model, args.threshold)
        if args.names[0][0] in "af":  # ANERcorp with its own conventions: score both ways
            row |= score_aner(model, args.threshold, "anercorp")
        print(json.dumps(row), flush=True)
    else:
        for name in args.names:
            subprocess.run(
                [sys.executable, __file__, "score-one", name, "--out", str(args.out),
                 "--threshold", str(args.threshold)],
                check=True,
            )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
