"""Sentence splitting as a pipeline component (rules in ``marsad.text.sentences``)."""

from __future__ import annotations

from marsad.doc import Document, Span
from marsad.pipeline import register
from marsad.text.sentences import split_sentences


@register("sentences.rules.v1")
class SentenceSplitter:
    """Assigns ``sentences``: spans over the original text, coping with «» quotes, ``2،4``,
    ``2016.``, abbreviations (``د.``) and datelines (``بيروت - مرصد:``)."""

    name = "sentences.rules.v1"
    requires = frozenset({"text"})
    assigns = frozenset({"sentences"})

    def find(self, doc: Document) -> list[Span]:
        return [Span(s, e, doc.text[s:e]) for s, e in split_sentences(doc.text)]

    def apply(self, doc: Document, spans: list[Span]) -> Document:
        return doc.with_(sentences=tuple(spans))

    def __call__(self, doc: Document) -> Document:
        return self.apply(doc, self.find(doc))
