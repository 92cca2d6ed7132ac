"""Imports every built-in component so that its ``@register`` runs."""

from marsad.components import ner, quantities, quotes, sentences, times, tokenizer

__all__ = ["ner", "quantities", "quotes", "sentences", "times", "tokenizer"]
