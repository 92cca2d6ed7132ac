"""The use cases: analyze texts and inputs. Adapters (CLI, API, Spark) call only these.

>>> doc = analyze_text("قال المتحدث: «الوضع هادئ». وأضاف أن القوات انسحبت.")
>>> [doc.text[s.start:s.end] for s in doc.sentences][0]
'قال المتحدث: «الوضع هادئ».'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from marsad.doc import Document, Meta
from marsad.errors import AnalysisError, MarsadError
from marsad.inputs.reading import arabic_ratio, detect_lang, load_inputs
from marsad.pipeline import Pipeline
from marsad.settings import Settings, load_settings

if TYPE_CHECKING:
    from marsad.evaluation.conll import Format
    from marsad.evaluation.events import EventEvaluation
    from marsad.evaluation.ner import NerEvaluation
    from marsad.evaluation.quotes import QuoteEvaluation
    from marsad.evaluation.spans import SpanEvaluation


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result for one input: a document, or the error that stopped it, and warnings."""

    name: str
    document: Document | None = None
    error: MarsadError | None = None
    warnings: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def pipeline_for(names: tuple[str, ...], config: str = "{}") -> Pipeline:
    """The pipeline of these components with their settings (``config``: JSON of the
    ``[pipeline.config]`` table), built once per process (worker processes of
    ``ingest --workers`` and Spark's Python workers each build their own once)."""
    return Pipeline.from_names(names, json.loads(config))


@lru_cache(maxsize=1)
def default_settings() -> Settings:
    """The settings of this process (defaults + the user's file), read once."""
    return load_settings()


def build_pipeline(settings: Settings | None = None) -> Pipeline:
    """The pipeline the settings name, built once per distinct list of components."""
    settings = settings or default_settings()
    return pipeline_for(tuple(settings.pipeline.components), settings.pipeline.config_json())


def analyze_text(
    text: str, meta: Meta | None = None, *, settings: Settings | None = None
) -> Document:
    """Run the configured pipeline over one text."""
    meta = meta or Meta(lang=detect_lang(text))
    return build_pipeline(settings)(Document.from_text(text, meta))


def language_warnings(doc: Document) -> tuple[str, ...]:
    if doc.meta.lang == "ar":
        return ()
    share = arabic_ratio(doc.text)
    return (
        f"the text is not Arabic ({share:.0%} of its letters are Arabic): analysed anyway, "
        "but marsad's rules and models are made for Arabic",
    )


def analyze_inputs(
    paths: Iterable[str],
    *,
    settings: Settings | None = None,
    published: str | None = None,
    stdin: BinaryIO | None = None,
) -> Iterator[Outcome]:
    """Analyze every document in ``paths``; a bad input yields an error Outcome, never stops."""
    settings = settings or default_settings()
    pipeline = build_pipeline(settings)
    for loaded in load_inputs(
        paths, max_bytes=settings.input.max_bytes, published=published, stdin=stdin
    ):
        if loaded.document is None:
            yield Outcome(loaded.name, error=loaded.error)
            continue
        try:
            doc = pipeline(loaded.document)
        except MarsadError as exc:
            yield Outcome(loaded.name, error=exc)
            continue
        except Exception as exc:  # a bug in one component must not take the batch down
            error = AnalysisError(f"analysis failed: {exc!r}", source=loaded.name)
            yield Outcome(loaded.name, error=error)
            continue
        yield Outcome(loaded.name, doc, warnings=language_warnings(doc))


def train_ner_model(
    data: Path,
    out: Path,
    *,
    fmt: Format = "anercorp",
    unlabeled: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Train the CRF NER model on an annotated corpus (plus self-training on ``unlabeled``
    news articles) and write it to ``out``."""
    from marsad.extract.entities.train import (
        train_ner,  # training code is not needed to analyze: load late
    )

    return train_ner(data, out, fmt=fmt, unlabeled=unlabeled, progress=progress)


def evaluate_ner_model(data: Path, fmt: Format, *, model: Path | None = None) -> NerEvaluation:
    """Score the NER recognizer (the shipped model, or ``model``) on an annotated corpus."""
    from marsad.evaluation.ner import evaluate_ner
    from marsad.extract.entities.crf import CrfTagger
    from marsad.extract.entities.recognize import Recognizer

    recognizer = Recognizer(tagger=CrfTagger(model)) if model is not None else None
    return evaluate_ner(data, fmt, recognizer)


def evaluate_spans(data: Path) -> SpanEvaluation:
    """Score marsad's time and figure spans (and dateparser's dates beside them) on a Wojood
    file; dateparser comes with the ``dev`` extra."""
    from marsad.evaluation.spans import evaluate_spans as evaluate

    return evaluate(data)


def evaluate_quotes(
    gold: Path, corpus: Path | None, *, keep_errors: bool = False
) -> QuoteEvaluation:
    """Score the quotes component on the gold set in ``gold`` (the ANT part needs ``corpus``)."""
    from marsad.evaluation.quotes import evaluate_quotes as evaluate

    return evaluate(gold, corpus, keep_errors=keep_errors)


def evaluate_events(
    gold: Path, corpus: Path | None, *, keep_errors: bool = False
) -> EventEvaluation:
    """Score event extraction on the gold set in ``gold`` (the ANT parts need ``corpus``)."""
    from marsad.evaluation.events import evaluate_events as evaluate

    return evaluate(gold, corpus, keep_errors=keep_errors)


def check_baseline(
    results: dict[str, float], baseline: Path, *, update: bool = False, allow_lower: bool = False
) -> list[str]:
    """Compare results with the floors in ``baseline`` (or raise them with ``update``).

    Returns the failures (empty when every pinned metric is at or above its floor).
    """
    from marsad.evaluation import baseline as floors

    if update:
        floors.update(baseline, results, allow_lower=allow_lower)
        return []
    return floors.check(results, floors.load_baseline(baseline))


def pinned_names(baseline: Path, task: str) -> set[str]:
    """The corpus names with floors for ``task`` in a baseline file (``ner.NAME.metric``)."""
    from marsad.evaluation.baseline import load_baseline

    return {key.split(".")[1] for key in load_baseline(baseline) if key.startswith(f"{task}.")}


def pinned_floors(baseline: Path, prefix: str) -> dict[str, float]:
    """The floors in ``baseline`` whose keys start with ``prefix``; none when it does not exist."""
    from marsad.evaluation.baseline import load_baseline

    if not baseline.exists():
        return {}
    return {k: v for k, v in load_baseline(baseline).items() if k.startswith(prefix)}
