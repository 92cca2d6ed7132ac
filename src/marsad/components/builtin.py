"""Imports every built-in component so that its ``@register`` runs."""

from marsad.components import sentences, tokenizer

__all__ = ["sentences", "tokenizer"]
