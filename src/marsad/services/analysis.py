"""The analysis use cases: one text, or every document of some inputs, through the configured
pipeline.

>>> doc = analyze_text("قال المتحدث: «الوضع هادئ». وأضاف أن القوات انسحبت.")
>>> [doc.text[s.start:s.end] for s in doc.sentences][0]
'قال المتحدث: «الوضع هادئ».'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import BinaryIO

from marsad.doc import Document, Meta
from marsad.errors import AnalysisError, MarsadError
from marsad.inputs import read_inputs
from marsad.inputs.reading import arabic_ratio, detect_lang
from marsad.pipeline import Pipeline, pipeline_for
from marsad.settings import Settings, load_settings

__all__ = [
    "Outcome",
    "analyze_document",
    "analyze_inputs",
    "analyze_text",
    "build_pipeline",
    "default_settings",
    "language_warnings",
    "pipeline_for",
]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result for one input: a document, or the error that stopped it, and warnings."""

    name: str
    document: Document | None = None
    error: MarsadError | None = None
    warnings: tuple[str, ...] = ()


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


def analyze_document(doc: Document, *, settings: Settings | None = None) -> Document:
    """Run the configured pipeline over a document an input reader made."""
    return build_pipeline(settings)(doc)


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
    for loaded in read_inputs(
        paths,
        max_bytes=settings.input.max_bytes,
        published=published,
        stdin=stdin,
        max_chars=settings.input.max_chars,
    ):
        read_warnings = loaded.warnings  # what the reader repaired (bad bytes, NULs...)
        if loaded.document is None:
            yield Outcome(loaded.name, error=loaded.error, warnings=read_warnings)
            continue
        try:
            doc = pipeline(loaded.document)
        except MarsadError as exc:
            yield Outcome(loaded.name, error=exc, warnings=read_warnings)
            continue
        except Exception as exc:  # a bug in one component must not take the batch down
            error = AnalysisError(f"analysis failed: {exc!r}", source=loaded.name)
            yield Outcome(loaded.name, error=error, warnings=read_warnings)
            continue
        yield Outcome(loaded.name, doc, warnings=(*read_warnings, *language_warnings(doc)))
