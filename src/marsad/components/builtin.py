"""Imports every built-in component so that its ``@register`` runs."""

from marsad.components import (
    actors,
    events,
    ner,
    places,
    quantities,
    quotes,
    sentences,
    times,
    tokenizer,
)

__all__ = [
    "actors",
    "events",
    "ner",
    "places",
    "quantities",
    "quotes",
    "sentences",
    "times",
    "tokenizer",
]
