"""Actor linking as a pipeline component: ``actors.kb.v1``.

Finds the actors of :class:`marsad.extract.actors.kb.ActorKB` in the text and puts them on the
document's entities: a mention the tagger found takes the actor's canonical name, English
name and Wikidata id; a mention it missed (``طائرات روسية``, ``مسلحون مجهولون``) becomes a
new ORG entity. The actor itself (category, country) stays reachable through
:func:`actor_of`, so the event extractor can read ``Military Forces of Turkey`` and
``state_forces`` from an entity.

Where the tagger caught part of a multi-word actor (``النظام السوري`` of ``قوات النظام
السوري``, ``الدعم السريع`` of ``قوات الدعم السريع``), the entity takes the actor's span. Entity
ids are never renumbered: other facts may point at them. An entity merged into another one is
dropped, and references to it (places, quote speakers, quantities, events) move to the one it
was merged into.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import replace

from marsad.doc import Document, Entity, Event, Place, Quantity, Quote
from marsad.extract.actors.kb import Actor, ActorKB, ActorMatch
from marsad.pipeline import register

NAME = "actors.kb.v1"


def actor_of(entity: Entity, kb: ActorKB | None = None) -> Actor | None:
    """The actor an entity names, by its canonical name, else by its text.

    >>> from marsad.doc import Entity
    >>> actor_of(Entity("e1", "ORG", 0, 12, "جماعة الحوثي")).name_en
    'Houthis (Ansar Allah)'
    >>> actor_of(Entity("e2", "PER", 0, 5, "كيربي")) is None
    True
    """
    kb = kb if kb is not None else ActorKB.load()
    for name in (entity.canonical, entity.text):
        if name:
            actor = kb.lookup(name)
            if actor is not None:
                return actor
    return None


def linked(entity: Entity, actor: Actor) -> Entity:
    """The entity with the actor's names and the actor's knowledge-base id, or none.

    Never the id the NER gave the mention: that id names what the tagger saw, and where the
    match grows over it, only a part of the actor's name (القدس in فيلق القدس, سوريا in قوات
    سوريا الديمقراطية, إيران in الحوثيون المدعومون من إيران); carried over, it merged the actor
    with the place in every count. Even on the same span it may name something else than the
    actor (البنتاغون, the Department of Defense, for the US military): an actor without an id
    is keyed by its canonical name, the same for all its mentions.
    """
    return replace(entity, canonical=actor.canonical, name_en=actor.name_en, kb_id=actor.kb_id)


@register(NAME)
class ActorLinker:
    """Assigns ``entities``: actor names on tagged mentions, new ORG mentions for the rest."""

    name = NAME
    requires = frozenset({"text", "entities"})
    assigns = frozenset({"entities"})

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb if kb is not None else ActorKB.load()

    def find(self, doc: Document) -> list[ActorMatch]:
        """The actor mentions of the document's text, in order, each on its name alone: a
        table alias that goes on to describe the actor (``الحوثيون المدعومون من إيران``)
        identifies it, but the mention ends before the description, whose place stays a
        place (:meth:`ActorKB.name_length`)."""
        out = []
        for match in self.kb.find(doc.text):
            n = self.kb.name_length(match.text)
            out.append(match if n == len(match.text) else _cut(match, n))
        return out

    def apply(self, doc: Document, matches: Sequence[ActorMatch]) -> Document:
        """Put the matches on the document's entities (a new Document)."""
        current: dict[str, Entity | None] = {e.id: e for e in doc.entities}
        ordered = sorted(doc.entities, key=lambda e: (e.start, e.end))
        starts = [e.start for e in ordered]
        longest = max((e.end - e.start for e in ordered), default=0)
        merged: dict[str, str] = {}
        touched: set[str] = set()
        added: list[Entity] = []
        next_n = doc.next_entity_number()
        for match in matches:
            # Entities that may overlap the match: starting less than `longest` before it.
            lo = bisect_left(starts, match.start - longest)
            overlapping = []
            for original in ordered[lo:]:
                if original.start >= match.end:
                    break
                entity = current[original.id]
                if entity is not None and entity.start < match.end and match.start < entity.end:
                    overlapping.append(entity)
            if not overlapping:
                added.append(
                    linked(
                        Entity(
                            id=f"e{next_n}",
                            label="ORG",
                            start=match.start,
                            end=match.end,
                            text=match.text,
                            source=NAME,
                        ),
                        match.actor,
                    )
                )
                next_n += 1
                continue
            keep = self._resolve(match, overlapping)
            if keep is None:
                continue
            current[keep.id] = keep
            touched.add(keep.id)
            for other in overlapping:
                if other.id != keep.id and match.start <= other.start and other.end <= match.end:
                    current[other.id] = None
                    merged[other.id] = keep.id
        # Tagged ORG mentions the matcher did not reach, whose canonical name (from the NER
        # alias table) is an actor: القاعدة → تنظيم القاعدة → al-Qaeda.
        for entity_id, entity in current.items():
            if entity is None or entity_id in touched or entity.label != "ORG":
                continue
            actor = self.kb.lookup(entity.canonical) if entity.canonical else None
            if actor is not None:
                current[entity_id] = linked(entity, actor)
        entities = sorted(
            [e for e in current.values() if e is not None] + added, key=lambda e: (e.start, e.end)
        )
        return _remap(doc.with_(entities=tuple(entities)), merged)

    def _resolve(self, match: ActorMatch, overlapping: list[Entity]) -> Entity | None:
        """The entity that takes the match, with its new span and names; None to leave all.

        - the match covers every overlapping entity: the first takes the match's span (the
          tagger caught part of the name, or cut it in pieces);
        - one entity contains the match and starts with it, and the rest only describes the
          actor (``الحشد الشعبي العراقي``, :meth:`ActorKB.describes`): it keeps its span and
          takes the actor's names; any other rest (``حزب الاتحاد الديمقراطي المسيحي``) makes
          it another actor, left alone;
        - the match covers most of a crossing entity: it takes the match's span;
        - otherwise (``المرصد السوري لحقوق الإنسان`` around a shorter match) nothing changes.
        """
        first = overlapping[0]
        span = (match.start, match.end)
        if all(match.start <= e.start and e.end <= match.end for e in overlapping):
            return _respan(linked(first, match.actor), match)
        if len(overlapping) == 1 and first.start == match.start and first.end >= match.end:
            # The rest of the mention must only describe the actor (العراقي, الإرهابي, المدعومة
            # من ...): حزب الاتحاد الديمقراطي المسيحي is not the PYD.
            rest = first.text[match.end - first.start :]
            return linked(first, match.actor) if self.kb.describes(rest) else None
        if len(overlapping) == 1:
            common = min(first.end, span[1]) - max(first.start, span[0])
            if 2 * common > first.end - first.start:
                return _respan(linked(first, match.actor), match)
        return None

    def __call__(self, doc: Document) -> Document:
        return self.apply(doc, self.find(doc))


def _cut(match: ActorMatch, n: int) -> ActorMatch:
    """``match`` on its first ``n`` characters."""
    return ActorMatch(match.start, match.start + n, match.text[:n], match.actor)


def _respan(entity: Entity, match: ActorMatch) -> Entity:
    """The entity on the match's span, labelled ORG: an actor is an organization or a group
    even where the tagger read a place in it (قوات سوريا الديمقراطية)."""
    if (entity.start, entity.end) == (match.start, match.end):
        return replace(entity, label="ORG")
    # The span is the table's, not the tagger's: its score no longer applies.
    return replace(
        entity,
        label="ORG",
        start=match.start,
        end=match.end,
        text=match.text,
        score=None,
        source=NAME,
    )


def _remap(doc: Document, merged: dict[str, str]) -> Document:
    """Point every reference to a merged entity at the entity it was merged into."""
    if not merged:
        return doc

    def ref(entity_id: str | None) -> str | None:
        return merged.get(entity_id, entity_id) if entity_id is not None else None

    places: list[Place] = [replace(p, entity=ref(p.entity)) for p in doc.places]
    quotes: list[Quote] = [
        replace(q, speaker=replace(q.speaker, entity=ref(q.speaker.entity)))
        if q.speaker is not None
        else q
        for q in doc.quotes
    ]
    quantities: list[Quantity] = [
        replace(q, reported_by=ref(q.reported_by)) for q in doc.quantities
    ]
    events: list[Event] = [
        replace(v, actor1=ref(v.actor1), actor2=ref(v.actor2), reported_by=ref(v.reported_by))
        for v in doc.events
    ]
    return doc.with_(
        places=tuple(places),
        quotes=tuple(quotes),
        quantities=tuple(quantities),
        events=tuple(events),
    )
