"""Build the tokenizer's word-type lexicon from the corpora in ../shared/data.

Writes ``src/marsad/resources/lexicon/words.tsv.gz``: NORMALIZED word types
(``marsad.arabic.normalize.normalize_text``) with counts; word types and counts only, never
sentences or text. See ``src/marsad/resources/lexicon/README.md`` for the sources, their
licences and the column meanings.

    .venv/bin/python scripts/build_lexicon.py [--data ../shared/data] [--min-count 2]

Sources (all optional; a missing one is reported and skipped):

- ANT corpus v2.1 news (``ant-corpus-news/ant_v2.1_multisource.jsonl.gz``): title, abstract
  and body of every article;
- ANERcorp, CAMeL Lab split, TRAIN file only (``anercorp-camellab/ANERCorp_CamelLab_train.txt``);
- Wikidata English-Arabic person-name tokens (``names-wikidata-en-ar``): the ``name`` column.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from marsad.arabic.normalize import normalize_text
from marsad.arabic.tokenize import ARABIC_WORD_PATTERN

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "marsad" / "resources" / "lexicon" / "words.tsv.gz"

_WORD = re.compile(ARABIC_WORD_PATTERN)
_MARKS = re.compile("[\u0610-\u061a\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_HAMZA_ALEFS = "أإآٱ"


def ant_words(path: Path) -> Iterator[str]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            for field in ("title", "abstract", "text"):
                yield from _WORD.findall(rec.get(field) or "")


def anercorp_words(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            token = line.rsplit(" ", 1)[0] if " " in line else ""
            yield from _WORD.findall(token)


def name_tokens(path: Path) -> Iterator[tuple[str, int]]:
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 3 and parts[2].isdigit():
                yield parts[1].replace(" ", ""), int(parts[2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--min-count", type=int, default=2, help="keep types seen at least this often")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args(argv)
    data: Path = args.data

    surface: Counter[str] = Counter()
    used: list[str] = []
    ant = data / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz"
    aner = data / "anercorp-camellab" / "ANERCorp_CamelLab_train.txt"
    names = data / "names-wikidata-en-ar" / "wd_arabic.normalized.aligned.tokens.gz"
    for path, reader, label in (
        (ant, ant_words, "ANT corpus v2.1 (news, 2018)"),
        (aner, anercorp_words, "ANERcorp CAMeL Lab split, train"),
    ):
        if path.exists():
            surface.update(reader(path))
            used.append(label)
        else:
            print(f"skipped (absent): {path}", file=sys.stderr)

    count: Counter[str] = Counter()
    tm: Counter[str] = Counter()
    bare: Counter[str] = Counter()
    for word, c in surface.items():
        form = normalize_text(word)
        if not form:
            continue
        count[form] += c
        letters = _MARKS.sub("", word)
        if letters.endswith("ة"):
            tm[form] += c
        if form[0] == "ا" and letters[:1] == "ا":
            bare[form] += c

    name: Counter[str] = Counter()
    if names.exists():
        for token, c in name_tokens(names):
            form = normalize_text(token)
            if form and _WORD.fullmatch(form):
                name[form] += c
        used.append("Wikidata person-name tokens (names-wikidata-en-ar)")
    else:
        print(f"skipped (absent): {names}", file=sys.stderr)
    if not count:
        print("no source found: nothing written", file=sys.stderr)
        return 1

    keep = {f for f, c in count.items() if c >= args.min_count} | set(name)
    rows = sorted(keep, key=lambda f: (-count[f], f))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.out, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write("# marsad word-type lexicon (normalized forms, counts only)\n")
        fh.write(f"# built: {date.today().isoformat()}\n")
        fh.write(f"# min_count: {args.min_count}\n")
        fh.write(f"# sources: {'; '.join(used)}\n")
        fh.write("form\tcount\ttm\tbare\tname\n")
        for f in rows:
            vals = [count[f], tm[f], bare[f], name[f]]
            fh.write(f + "\t" + "\t".join(str(v) if v else "" for v in vals) + "\n")
    print(f"{len(rows)} types ({sum(count.values())} tokens counted) -> {args.out}")
    print(f"size: {args.out.stat().st_size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
