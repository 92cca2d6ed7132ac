"""Learn word clusters for the NER tagger from unlabeled Arabic news.

Writes ``src/marsad/resources/entities/clusters.tsv.gz``: one row per normalized word form (the
clitic-free stem form the tokenizer gives, e.g. ``سوريا`` from ``وسوريا``), with the ids of
its cluster at three granularities. Only word forms and cluster ids are written, never text.

    .venv/bin/python scripts/build_ner_clusters.py [--data ../shared/data]

How: word2vec (gensim, skip-gram) over the stems of the ANT news corpus plus the ANERcorp
TRAIN split (never the test split), then k-means over the vectors at k = 64, 256 and 1024.
A CRF cannot use dense vectors cheaply; cluster ids carry most of their signal for unseen names
(a new surname lands in the cluster of known surnames) as a handful of sparse features.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from gensim.models import Word2Vec
from sklearn.cluster import MiniBatchKMeans

from marsad.arabic.tokenize import tokenize
from marsad.extract.entities.features import stem_key

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "marsad" / "resources" / "entities" / "clusters.tsv.gz"
KS = (64, 256, 1024)


def stems(text: str) -> list[str]:
    """The stem keys of one text's word tokens, in order (punctuation kept as its own form)."""
    out: list[str] = []
    for tok in tokenize(text):
        key = stem_key(tok)
        if key:
            out.append(key)
    return out


def ant_sentences(path: Path) -> Iterator[list[str]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for field in ("title", "abstract", "text"):
                for para in (rec.get(field) or "").split("\n"):
                    words = stems(para)
                    if len(words) > 1:
                        yield words


def anercorp_sentences(path: Path) -> Iterator[list[str]]:
    words: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                if words:
                    yield stems(" ".join(words))
                words = []
                continue
            words.append(line.rsplit(" ", 1)[0])
    if words:
        yield stems(" ".join(words))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--dim", type=int, default=100)
    ap.add_argument("--min-count", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=5)
    ap.add_argument("--vectors", type=Path, help="also save the word vectors (KeyedVectors) here")
    args = ap.parse_args(argv)

    t0 = time.time()
    corpus: list[list[str]] = list(
        ant_sentences(args.data / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz")
    )
    corpus.extend(
        anercorp_sentences(args.data / "anercorp-camellab" / "ANERCorp_CamelLab_train.txt")
    )
    n_words = sum(len(s) for s in corpus)
    print(f"{len(corpus)} sentences, {n_words} words tokenized in {time.time() - t0:.0f}s")

    t0 = time.time()
    model = Word2Vec(
        corpus,
        vector_size=args.dim,
        window=5,
        min_count=args.min_count,
        sg=1,
        negative=5,
        workers=2,
        epochs=args.epochs,
        seed=13,
    )
    print(f"word2vec: {len(model.wv)} types in {time.time() - t0:.0f}s")
    if args.vectors:
        model.wv.save(str(args.vectors))

    vectors = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    ids: list[np.ndarray] = []
    for k in KS:
        t0 = time.time()
        km = MiniBatchKMeans(n_clusters=k, random_state=13, batch_size=4096, n_init=3)
        ids.append(km.fit_predict(vectors))
        print(f"k-means k={k} in {time.time() - t0:.0f}s")

    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(
        (word, *(int(col[i]) for col in ids)) for i, word in enumerate(model.wv.index_to_key)
    )
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# form\t" + "\t".join(f"k{k}" for k in KS) + "\n")
        for word, *cs in rows:
            fh.write(word + "\t" + "\t".join(map(str, cs)) + "\n")
    print(f"wrote {len(rows)} forms to {args.out} ({args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
