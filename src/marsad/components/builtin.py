"""Imports every built-in component so that its ``@register`` runs."""

from marsad.components import ner, sentences, tokenizer

__all__ = ["ner", "sentences", "tokenizer"]
