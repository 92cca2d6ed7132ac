"""The bundled example articles: every one analyses into a sound, schema-valid document."""

from __future__ import annotations

from pathlib import Path

from marsad.schema import schema_errors
from marsad.services.analysis import analyze_inputs


def test_examples_analyse_cleanly(example_paths: list[Path]) -> None:
    outcomes = list(analyze_inputs(map(str, example_paths)))
    assert len(outcomes) == len(example_paths)
    for outcome in outcomes:
        assert outcome.error is None, outcome.error
        assert outcome.warnings == ()
        doc = outcome.document
        assert doc is not None
        assert doc.offset_errors() == []
        assert schema_errors(doc.to_dict(with_tokens=True)) == []
        assert doc.meta.lang == "ar"
        assert len(doc.sentences) >= 3
        assert len(doc.tokens) >= 50


def test_json_examples_carry_their_metadata(example_paths: list[Path]) -> None:
    json_paths = [p for p in example_paths if p.suffix == ".json"]
    assert json_paths
    for outcome in analyze_inputs(map(str, json_paths)):
        assert outcome.document is not None
        assert outcome.document.meta.published is not None
        assert outcome.document.meta.title
