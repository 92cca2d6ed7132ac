"""The NER quality gate: scores on real annotated corpora must not fall below the floors
pinned in ``eval/baseline.json`` (skipped when ../shared/data is absent).

The same figures come from ``marsad eval ner --data PATH --format F --name NAME --baseline
eval/baseline.json``; raising a floor is ``--update-baseline``, lowering one needs
``--allow-lower`` and a reason in the commit message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from marsad.evaluation.baseline import check, load_baseline
from marsad.evaluation.conll import Format
from marsad.services.evaluate import evaluate_ner_model

BASELINE = Path(__file__).resolve().parent.parent / "eval" / "baseline.json"

# name, file, format, conventions: ANERcorp's test split is tagged with ANERcorp's own
# annotation conventions, which the model learned apart from the news corpus's
# (``train ner --separate-conventions``, MODEL_CARD.md); ``anercorp-test-news`` scores it with
# the news conventions the pipeline uses.
CORPORA: list[tuple[str, str, Format, str | None]] = [
    ("anercorp-test", "anercorp-camellab/ANERCorp_CamelLab_test.txt", "anercorp", "anercorp"),
    ("anercorp-test-news", "anercorp-camellab/ANERCorp_CamelLab_test.txt", "anercorp", None),
    ("wojood-test", "wojood-sample/test.txt", "wojood", None),
    ("wikifane", "fane-gold-2014/WikiFANE_Gold_2014_500K.txt.gz", "fane", None),
]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "path", "fmt", "conventions"),
    [pytest.param(*c, marks=[pytest.mark.slow] if c[0] == "wikifane" else []) for c in CORPORA],
)
def test_ner_scores_stay_above_their_floors(
    shared_data: Path, name: str, path: str, fmt: Format, conventions: str | None
) -> None:
    floors = {k: v for k, v in load_baseline(BASELINE).items() if k.startswith(f"ner.{name}.")}
    assert f"ner.{name}.micro_f1" in floors, f"no floor pinned for {name}"
    result = evaluate_ner_model(shared_data / path, fmt, conventions=conventions)
    failures = check(result.report.flat(f"ner.{name}"), floors, require_all=True)
    assert failures == []
