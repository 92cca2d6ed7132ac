"""The Arabic layer as pipeline components: sentences and tokens with their words.

The rules live in :mod:`marsad.arabic.sentences` and :mod:`marsad.arabic.tokenize`; these
classes only attach them to a Document.
"""

from __future__ import annotations

from marsad.arabic.sentences import split_sentences
from marsad.arabic.tokenize import tokenize
from marsad.doc import Document, Span, Token
from marsad.pipeline import register


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


@register("tokenize.rules.v1")
class Tokenizer:
    """Assigns ``tokens``: surface tokens, each with its words (``وبالموصل`` → و + ب + الموصل)."""

    name = "tokenize.rules.v1"
    requires = frozenset({"text"})
    assigns = frozenset({"tokens"})

    def find(self, doc: Document) -> list[Token]:
        return tokenize(doc.text)

    def apply(self, doc: Document, tokens: list[Token]) -> Document:
        return doc.with_(tokens=tuple(tokens))

    def __call__(self, doc: Document) -> Document:
        return self.apply(doc, self.find(doc))
