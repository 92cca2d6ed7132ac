"""Word tokenization with clitic segmentation as a pipeline component.

The rules live in ``marsad.text.tokenize``; this module only attaches them to a Document.
"""

from __future__ import annotations

from marsad.doc import Document, Token
from marsad.pipeline import register
from marsad.text.tokenize import tokenize


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
