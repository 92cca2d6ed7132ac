"""Benchmark: normalization + tokenization speed, marsad vs camel-tools vs spaCy, in one run.

    .venv/bin/python bench/tokenization.py [--limit 5000] [--data ../shared/data]

Input: article bodies of the ANT news corpus (``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``,
the first ``--limit`` articles; 0 = all). Skips with a message when the file is absent.

Systems, each timed over the same texts (words/s counts the input's whitespace words, the
same number for all):

- ``marsad``: ``normalize_text(text)`` + ``tokenize(text)`` (tokens with clitic words and
  glued-word repair; the per-word analysis cache starts cold, the lexicon is loaded before
  timing and its load time reported apart);
- ``camel-tools``: ``normalize_unicode``, ``dediac_ar``, ``normalize_alef_ar``,
  ``normalize_alef_maksura_ar``, ``normalize_teh_marbuta_ar``, then ``simple_word_tokenize``;
- ``spacy-blank-ar``: ``spacy.blank("ar").tokenizer(text)`` (tokenizer only);
- ``marsad-analyze``: ``services.analyze_text(text)``, the whole default pipeline (sentence
  splitting + tokenization into a Document).

Systems take turns over rounds of 500 articles, in rotating order, so drift in the speed of
the machine affects all of them alike.

camel-tools and spaCy are optional (``pip install marsad[bench]``; install ``torch==2.13.0``
first); a missing one is reported and skipped. Prints a table and one JSON line.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table

from ant import CORPUS, DEFAULT_DATA, cpu_model, load_texts

# A system: text -> (tokens, words) produced
System = Callable[[str], tuple[int, int]]


def marsad_system() -> tuple[System, float]:
    from marsad.arabic.lexicon import load_lexicon
    from marsad.arabic.normalize import normalize_text
    from marsad.arabic.tokenize import tokenize

    t0 = time.perf_counter()
    load_lexicon()
    load_s = time.perf_counter() - t0

    def run(text: str) -> tuple[int, int]:
        normalize_text(text)
        tokens = tokenize(text)
        return len(tokens), sum(len(t.words) for t in tokens)

    return run, load_s


def marsad_analyze_system() -> System:
    from marsad.services.analysis import analyze_text

    def run(text: str) -> tuple[int, int]:
        doc = analyze_text(text)
        return len(doc.tokens), sum(len(t.words) for t in doc.tokens)

    return run


def camel_system() -> System:
    from camel_tools.tokenizers.word import simple_word_tokenize
    from camel_tools.utils.dediac import dediac_ar
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
        normalize_unicode,
    )

    def run(text: str) -> tuple[int, int]:
        text = normalize_unicode(text)
        text = dediac_ar(text)
        text = normalize_alef_ar(text)
        text = normalize_alef_maksura_ar(text)
        text = normalize_teh_marbuta_ar(text)
        n = len(simple_word_tokenize(text))
        return n, n

    return run


def spacy_system() -> System:
    import spacy

    tokenizer = spacy.blank("ar").tokenizer

    def run(text: str) -> tuple[int, int]:
        n = len(tokenizer(text))
        return n, n

    return run


# Articles per round. Systems take turns round by round (in rotating order), so a slow spell
# of this shared VM hits every system alike instead of whichever happened to run then.
ROUND = 500


def time_systems(
    systems: list[tuple[str, System]], texts: list[str]
) -> dict[str, tuple[float, int, int]]:
    """Seconds, tokens and words out per system, over the same texts, interleaved by round."""
    totals = {name: (0.0, 0, 0) for name, _ in systems}
    for r, first in enumerate(range(0, len(texts), ROUND)):
        chunk = texts[first : first + ROUND]
        shift = r % len(systems)
        for name, run in systems[shift:] + systems[:shift]:
            tokens = words = 0
            t0 = time.perf_counter()
            for text in chunk:
                t, w = run(text)
                tokens += t
                words += w
            seconds = time.perf_counter() - t0
            total_s, total_tokens, total_words = totals[name]
            totals[name] = (total_s + seconds, total_tokens + tokens, total_words + words)
    return totals


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="marsad tokenizer benchmark")
    ap.add_argument("--limit", type=int, default=0, help="articles to use (0 = all, the default)")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = ap.parse_args(argv)
    console = Console()

    path = args.data / CORPUS
    if not path.exists():
        console.print(f"[yellow]skipped:[/] corpus not found at {path}")
        return 0
    texts = load_texts(path, args.limit)
    n_words = sum(len(t.split()) for t in texts)
    n_chars = sum(len(t) for t in texts)

    systems: list[tuple[str, System]] = []
    run, load_s = marsad_system()
    systems.append(("marsad", run))
    # The whole default pipeline (sentences + tokens into a Document); it shares the word
    # cache with "marsad", so the cache is cold for whichever of the two meets a word first.
    systems.append(("marsad-analyze", marsad_analyze_system()))
    skipped: dict[str, str] = {}
    for name, factory in (("camel-tools", camel_system), ("spacy-blank-ar", spacy_system)):
        try:
            systems.append((name, factory()))
        except ImportError as exc:
            skipped[name] = f"not installed ({exc.name})"

    results = []
    for name, (seconds, tokens, words) in time_systems(systems, texts).items():
        results.append(
            {
                "system": name,
                "seconds": round(seconds, 3),
                "words_per_s": round(n_words / seconds),
                "tokens": tokens,
                "words_out": words,
            }
        )

    table = Table(
        title=f"normalize + tokenize, {len(texts)} ANT articles, {n_words:,} whitespace words"
    )
    for col in ("system", "seconds", "input words/s", "tokens", "words out"):
        table.add_column(col, justify="left" if col == "system" else "right")
    for r in results:
        table.add_row(
            str(r["system"]),
            f"{r['seconds']:.2f}",
            f"{r['words_per_s']:,}",
            f"{r['tokens']:,}",
            f"{r['words_out']:,}",
        )
    console.print(table)
    console.print(f"marsad lexicon load: {load_s:.2f} s (not in the timings)")
    for name, why in skipped.items():
        console.print(f"[yellow]{name} skipped:[/] {why}")
    print(
        json.dumps(
            {
                "bench": "tokenize",
                "date": date.today().isoformat(),
                "articles": len(texts),
                "input_words": n_words,
                "chars": n_chars,
                "cpu": cpu_model(),
                "python": platform.python_version(),
                "lexicon_load_s": round(load_s, 3),
                "results": results,
                "skipped": skipped,
            },
            ensure_ascii=False,
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
