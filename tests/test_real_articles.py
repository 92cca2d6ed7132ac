"""Invariants on real news: the first articles of ../shared/data/ant-corpus-news (skipped
when absent). Nothing from the corpus is stored in the project."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path

import pytest

from marsad.schema import schema_errors
from marsad.services.analysis import analyze_text

ARTICLES = 300


@pytest.mark.shared
def test_real_articles_keep_every_invariant(shared_data: Path) -> None:
    path = shared_data / "ant-corpus-news" / "ant_v2.1_multisource.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} is not present")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        texts = [
            t
            for t in (json.loads(line)["text"] for line in itertools.islice(fh, ARTICLES))
            if t.strip()
        ]
    assert len(texts) > ARTICLES * 0.9
    for text in texts:
        doc = analyze_text(text)
        assert doc.offset_errors() == []
        assert schema_errors(doc.to_dict()) == []
        assert doc.meta.lang == "ar"
        sentences = iter(doc.sentences)
        sentence = next(sentences)
        for token in doc.tokens:  # every token lies inside one sentence
            while sentence.end <= token.start:
                sentence = next(sentences)
            assert sentence.start <= token.start and token.end <= sentence.end
        covered = sum(t.end - t.start for t in doc.tokens)
        assert covered >= 0.8 * len(text.replace(" ", ""))
