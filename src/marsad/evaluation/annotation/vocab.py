"""The value sets of the annotated corpus's layers (one home; the guideline explains each)."""

from __future__ import annotations

from typing import Final

from marsad.extract.events.taxonomy import ACLED_TYPES, POLITICAL_TYPES

LAYERS: Final = ("entities", "toponyms", "times", "figures", "events", "negatives")
ENTITY_TYPES: Final = frozenset({"PER", "ORG", "LOC", "MISC"})
PRECISIONS: Final = frozenset({"point", "town", "region", "country"})
FIGURE_KINDS: Final = frozenset({"killed", "injured", "other"})
# toll: the toll of an event the article reports; cumulative: a running or background total
# (a war's dead, a year's, "since 2011"); neither: a count that is no toll (troops, refugees).
FIGURE_ROLES: Final = frozenset({"toll", "cumulative", "neither"})
NEGATIVE_REASONS: Final = frozenset(
    {
        "background",
        "planned",
        "negated",
        "hypothetical",
        "metaphor",
        "verbal",
        "generic",
        "accident",
    }
)
EVENT_TYPES: Final = frozenset(ACLED_TYPES) | frozenset(POLITICAL_TYPES)


def sub_type_ok(type_: str, sub_type: str | None) -> bool:
    """ACLED types take one of their sub-types; a political type takes itself (or null)."""
    if type_ in ACLED_TYPES:
        return sub_type in ACLED_TYPES[type_]
    return type_ in POLITICAL_TYPES and sub_type in (None, type_)
