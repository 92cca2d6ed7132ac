"""Benchmark: the most frequent entity keys of the news, for a check that no key merges actors.

    .venv/bin/python bench/entity_keys.py [--limit 5000] [--top 100] [--data ../shared/data]
        [--out bench/entity_keys.md] [--details /tmp/entity_keys.json]

Input: the first ``--limit`` articles of the ANT news corpus
(``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``) in the categories ``middleEast`` and
``internationalNews``. Skips with a message when the file is absent.

Each article goes through the default pipeline, and every entity mention gets the corpus key
the store would give it (``marsad.corpus.rows.entity_key``: the knowledge-base id, else the
gazetteer id of its place, else its label and folded canonical name). Reported, for the
``--top`` keys by mention count: the key, mentions, documents, the name the store would show
(the most frequent canonical name), the English name, the labels, and how many distinct
surface forms fall under it. Keys that look like a merge of two actors are flagged:

- ``labels``: PER mentions under one key with ORG/LOC ones (a person is never a place);
- ``actors``: surface forms that the actor knowledge base reads as two different actors (a
  generic form under the key of the actor it stands for in a country, «الجيش» under the
  Syrian army's key where ``actors.country.v1`` placed it there, is not a merge);
- ``names``: surface forms that the NER alias table gives two different canonical names.

``--out`` writes the list as a Markdown table (keys, counts, names; no article text).
``--details`` writes every surface form with its count for the reviewer (article words: keep
it out of git). Prints a summary and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ant import DEFAULT_DATA, corpus_path, read_articles, rss_mb, run_info
from marsad.corpus.rows import entity_key
from marsad.doc import Document, Meta
from marsad.extract.actors.kb import ActorKB
from marsad.extract.entities.canonical import AliasTable, clean_mention
from marsad.pipeline import Pipeline
from marsad.settings import load_settings

CATEGORIES = frozenset({"middleEast", "internationalNews"})


@dataclass
class KeyStats:
    """What one entity key holds across the articles."""

    mentions: int = 0
    documents: set[str] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)
    canonicals: Counter[str] = field(default_factory=Counter)
    english: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)


def merge_flags(stats: KeyStats, kb: ActorKB, aliases: AliasTable) -> list[str]:
    """Why a key may hold two different actors (empty when nothing points to it)."""
    flags = []
    if stats.labels["PER"] and (stats.labels["ORG"] or stats.labels["LOC"]):
        flags.append("labels")
    found = {a for s in stats.surfaces if (a := kb.lookup(s)) is not None}
    # A generic form («الجيش», «المدنيين») under the key of the country actor it stands for
    # there is that actor, placed by actors.country.v1, not a second one.
    placed = {g for g in found for a in found if a.country and kb.in_country(g, a.country) == a}
    actors = {a.id for a in found - placed}
    if len(actors) > 1:
        flags.append("actors:" + "/".join(sorted(actors)))
    names = {e.canonical for s in stats.surfaces if (e := aliases.lookup(s)) is not None}
    if len(names) > 1:
        flags.append("names:" + "/".join(sorted(names)))
    return flags


def collect(docs: list[tuple[str, Document]], nlp: Pipeline) -> dict[str, KeyStats]:
    keys: dict[str, KeyStats] = defaultdict(KeyStats)
    for doc_id, doc in docs:
        out = nlp(doc)
        place_of = {p.entity: p for p in out.places if p.entity}
        for e in out.entities:
            s = keys[entity_key(e, place_of)]
            s.mentions += 1
            s.documents.add(doc_id)
            s.surfaces[clean_mention(e.text)] += 1
            s.canonicals[e.canonical or clean_mention(e.text)] += 1
            if e.name_en:
                s.english[e.name_en] += 1
            s.labels[e.label] += 1
    return keys


def markdown(rows: list[dict[str, Any]], info: dict[str, Any]) -> str:
    head = (
        f"# The {len(rows)} most frequent entity keys of {info['articles']:,} ANT news articles\n\n"
        "Written by `bench/entity_keys.py` (categories middleEast and internationalNews, the "
        f"first {info['articles']:,} articles of `ant_v2.1_multisource.jsonl.gz`, default "
        f"pipeline, {info['date']}). `forms`: distinct surface forms under the key; `flags`: "
        "the script's merge checks (see its docstring). Names only, no article text.\n\n"
        "| # | key | mentions | docs | name | English | labels | forms | flags |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    lines = [
        f"| {i} | `{r['key']}` | {r['mentions']} | {r['documents']} | {r['name']} | "
        f"{r['name_en'] or ''} | {r['labels']} | {r['forms']} | {' '.join(r['flags'])} |"
        for i, r in enumerate(rows, 1)
    ]
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--limit", type=int, default=5000)
    ap.add_argument("--top", type=int, default=100)
    ap.add_argument("--out", type=Path, help="the Markdown list (keys, counts, names)")
    ap.add_argument("--details", type=Path, help="JSON with every surface form (not for git)")
    args = ap.parse_args(argv)
    path = corpus_path(args.data)
    if path is None:
        return 0

    docs: list[tuple[str, Document]] = []
    for row in read_articles(path, 0):
        if CATEGORIES & set(row.get("categories") or ()):
            docs.append((row["id"], Document.from_text(row["text"], Meta(published=row["date"]))))
            if len(docs) >= args.limit:
                break
    nlp = Pipeline.from_names(load_settings(None, use_user_file=False).pipeline.components)
    t0 = time.perf_counter()
    keys = collect(docs, nlp)
    seconds = time.perf_counter() - t0

    kb, aliases = ActorKB.load(), AliasTable.load()
    top = sorted(keys.items(), key=lambda kv: (-kv[1].mentions, kv[0]))[: args.top]
    rows = []
    for key, s in top:
        rows.append(
            {
                "key": key,
                "mentions": s.mentions,
                "documents": len(s.documents),
                "name": s.canonicals.most_common(1)[0][0],
                "name_en": s.english.most_common(1)[0][0] if s.english else None,
                "labels": "/".join(f"{lab}:{n}" for lab, n in s.labels.most_common()),
                "forms": len(s.surfaces),
                "flags": merge_flags(s, kb, aliases),
            }
        )
    info = run_info("entity_keys") | {
        "articles": len(docs),
        "seconds": round(seconds, 1),
        "articles_per_s": round(len(docs) / seconds, 1) if seconds else None,
        "keys": len(keys),
        "mentions": sum(s.mentions for s in keys.values()),
        "top_flagged": sum(1 for r in rows if r["flags"]),
        "peak_rss_mb": round(rss_mb()),
    }
    for i, r in enumerate(rows, 1):
        flags = " ".join(r["flags"])
        print(f"{i:3} {r['mentions']:6} {r['key']}  {r['name']} / {r['name_en']}  {flags}")
    if args.out:
        args.out.write_text(markdown(rows, info), encoding="utf-8")
    if args.details:
        detail = {
            key: {"surfaces": s.surfaces.most_common(), "canonicals": s.canonicals.most_common()}
            for key, s in top
        }
        args.details.write_text(json.dumps(detail, ensure_ascii=False, indent=1), "utf-8")
    print(json.dumps(info, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
