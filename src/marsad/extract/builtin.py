"""Imports every built-in component so that its ``@register`` runs."""

from marsad.arabic import components as arabic
from marsad.extract.actors import component as actors
from marsad.extract.actors import country as actor_country
from marsad.extract.entities import component as entities
from marsad.extract.events import component as events
from marsad.extract.events import learned as learned_events
from marsad.extract.figures import component as figures
from marsad.extract.places import component as places
from marsad.extract.quotes import component as quotes
from marsad.extract.times import component as times

__all__ = [
    "actor_country",
    "actors",
    "arabic",
    "entities",
    "events",
    "figures",
    "learned_events",
    "places",
    "quotes",
    "times",
]
