"""Today's system's entities and toponyms as a draft an annotator corrects (``marsad gold
show --draft``): the corpus guideline allows this for the entity and toponym layers when every
item is reviewed and the record says it was drafted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from marsad.doc import Meta
from marsad.evaluation.annotation.anchor import occurrences
from marsad.evaluation.annotation.tools import lookup_place
from marsad.services.analysis import analyze_text

__all__ = ["GAZETTEER", "draft"]

# the shipped gazetteer as a file (the lookup scans it; marsad.extract.places reads it by key)
GAZETTEER = Path(__file__).resolve().parent.parent / "resources" / "places" / "places.tsv.gz"
_PRECISION = {"country": "country", "admin1": "region", "admin2": "region"}


def draft(text: str, published: str | None, *, entities: bool) -> dict[str, Any]:
    """Today's system's entities and geocoded places, as snippets an annotator corrects."""
    doc = analyze_text(text, Meta(published=published))
    out: dict[str, Any] = {"pre_annotation": "marsad draft: entities and toponyms"}

    def snippet(start: int, end: int) -> Any:
        piece = text[start:end]
        found = occurrences(text, piece)
        return piece if len(found) == 1 else [piece, found.index(start)]

    if entities:
        out["entities"] = [
            {"s": snippet(e.start, e.end), "type": e.label, "kb": e.kb_id} for e in doc.entities
        ]
    places = {p.entity: p for p in doc.places if p.entity}
    toponyms = []
    for entity in doc.entities:
        if entity.label != "LOC":
            continue
        item: dict[str, Any] = {"s": snippet(entity.start, entity.end), "dateline": False}
        place = places.get(entity.id)
        if place is not None and place.lat is not None:
            item.update(
                gid=f"geonames:{place.geonameid}" if place.geonameid else None,
                lat=place.lat,
                lon=place.lon,
                country=place.country,
                admin1=None,
                precision=place.precision,
                _name=place.name_en,
                _from="marsad geocoder",
            )
        else:
            hits = lookup_place(entity.text, GAZETTEER)
            if hits:
                top = max(hits, key=lambda h: (h["kind"] == "country", h["population"]))
                item.update(
                    gid=top["gid"],
                    lat=top["lat"],
                    lon=top["lon"],
                    country=top["country"],
                    admin1=top["admin1"],
                    precision=_PRECISION.get(top["kind"], "town"),
                    _name=top["name_en"],
                    _from="gazetteer: the country, else the most populous candidate",
                )
            else:
                item.update(unresolvable=True, _from="no gazetteer match")
        toponyms.append(item)
    out["toponyms"] = toponyms
    return out
