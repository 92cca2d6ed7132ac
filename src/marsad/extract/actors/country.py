"""Generic actors placed in their country: ``actors.country.v1``.

The actor linker gives a mention that names no country a generic actor: «الجيش» is Military
Forces (country unknown), «قوات الأمن» Police Forces (country unknown), «المدنيين» Civilians.
Keyed by that name, every article's army, police or civilians were one entity across the
corpus, merging opposing sides (issue 22). An ACLED coder reads them as the forces (or the
civilians) of the country the event happens in; this step does the same, after the events:

- a generic actor that is an event's actor takes the country of that event's place;
- else, one whose sentence names places of a single country takes that country
  («اعتقلت قوات الأمن خمسة أشخاص في بغداد»: the Iraqi police);
- else it stays generic: «(country unknown)» is honest where the text says nothing.

The entity then carries the country's actor: its canonical name, English name and id
(``الجيش`` → الجيش العراقي, Military Forces of Iraq), so counts, entity pages and filters keep
each country's forces apart. Spans and ids never change.

A bare generic is no named entity (the corpus guidelines: «الجيش», «قوات الأمن» are not
ORGs): the mentions the linker added for them only to give events their actors are dropped
here when no event, quote, figure or place points at them, and marked ``generic`` (an
entity, not a name) when one does. On the annotated corpus's dev split the drop took ORG
precision from 0.663 to 0.716 at the same recall (F1 0.705 → 0.734).
The same holds for a mention that describes an actor's members, residents or weapons rather
than naming it («الجنود الإسرائيليين», «مقاتلو المعارضة», «مستوطنون», «طائرات التحالف»: its
first word is in ``resources/events/actor_descriptive.tsv``): the linker's unused ones are
dropped too (corpus dev ORG F1 0.738 → 0.743, micro 0.820 → 0.822; none was a gold span on
dev or train). An alias that names its actor only in context («قوات النظام», «قوات الاحتلال»,
«قوات التحالف»: ``resources/events/actor_bare.tsv``) stays, linked, on every mention the
linker made of it, and is marked ``generic`` too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import replace

from marsad.arabic.normalize import normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import strip_article, without_proclitic
from marsad.doc import Document, Entity
from marsad.extract.actors.component import NAME as LINKER
from marsad.extract.actors.component import actor_of, linked
from marsad.extract.actors.kb import Actor, ActorKB
from marsad.pipeline import register

NAME = "actors.country.v1"

# Heads of mentions that describe an actor's members or weapons, not its name (written
# without the article; resources/events/actor_descriptive.tsv).
_DESCRIPTIVE = load_wordlist("events/actor_descriptive.tsv").normalized()


def _first_forms(words: list[str]) -> set[str]:
    """The first word as written, without the article, and without the ل of a contracted
    لل (``لتحالف`` of «للتحالف» → ``تحالف``)."""
    first = words[0]
    return {first, strip_article(first, min_stem=1), without_proclitic(first, "ل", min_length=2)}


def _bare_key(phrase: str) -> tuple[str, ...]:
    words = normalize_text(phrase).split()
    return (strip_article(words[0], min_stem=1), *words[1:]) if words else ()


# Whole actor aliases that are no names (resources/events/actor_bare.tsv), first word bare.
_BARE = frozenset(_bare_key(p) for p in load_wordlist("events/actor_bare.tsv").normalized())


def descriptive(mention: str) -> bool:
    """Whether a mention describes an actor's members, residents or weapons instead of
    naming it: its first word, without the article (or the ل of a contracted لل), is a
    descriptive head.

    >>> descriptive("الجنود الإسرائيليين"), descriptive("لمستوطنين")
    (True, True)
    >>> descriptive("قوات سوريا الديمقراطية"), descriptive("الجيش الإسرائيلي")
    (False, False)
    """
    words = normalize_text(mention).split()
    return bool(words) and not _first_forms(words).isdisjoint(_DESCRIPTIVE)


def bare(mention: str) -> bool:
    """Whether a mention is an alias that names its actor only in context, with no name or
    nationality in it (``resources/events/actor_bare.tsv``).

    >>> bare("قوات النظام"), bare("لتحالف"), bare("قوات النظام السوري"), bare("قوات الشرعية")
    (True, True, False, False)
    """
    words = normalize_text(mention).split()
    if not words:
        return False
    rest = tuple(words[1:])
    return any((form, *rest) in _BARE for form in _first_forms(words))


def event_countries(doc: Document) -> dict[str, str]:
    """Entity id → the country of the first event (in order) it is an actor of, where that
    event has a place with a country."""
    place_country = {p.id: p.country for p in doc.places if p.country}
    found: dict[str, str] = {}
    for event in doc.events:
        country = place_country.get(event.place or "")
        if country is None:
            continue
        for actor in (event.actor1, event.actor2):
            if actor is not None:
                found.setdefault(actor, country)
    return found


def referenced(doc: Document) -> set[str]:
    """Ids of the entities another fact points at (an event's actors and source, a quote's
    speaker, a figure's source, a place's mention)."""
    refs: set[str | None] = {p.entity for p in doc.places}
    refs |= {q.speaker.entity for q in doc.quotes if q.speaker is not None}
    refs |= {q.reported_by for q in doc.quantities}
    for event in doc.events:
        refs |= {event.actor1, event.actor2, event.reported_by}
    return {r for r in refs if r is not None}


def sentence_countries(doc: Document, starts: list[int]) -> dict[int, str]:
    """Sentence index → the one country of the places its words name (sentences naming
    places of two countries, or none, are left out); ``starts``: the sentences' starts."""
    spans = {e.id: e.start for e in doc.entities}
    seen: dict[int, set[str]] = {}
    for place in doc.places:
        start = spans.get(place.entity or "")
        if place.country and start is not None and starts:
            seen.setdefault(bisect_right(starts, start) - 1, set()).add(place.country)
    return {i: next(iter(c)) for i, c in seen.items() if len(c) == 1}


@register(NAME)
class ActorCountry:
    """Assigns ``entities``: generic actors (forces of an unnamed country, civilians,
    protesters, rioters) take the actor of the country their event or sentence is in; the
    linker's generic and descriptive mentions that nothing points at are dropped, the others
    marked ``generic``."""

    name = NAME
    requires = frozenset({"sentences", "entities", "places", "events"})
    assigns = frozenset({"entities"})

    def __init__(self, kb: ActorKB | None = None) -> None:
        self.kb = kb if kb is not None else ActorKB.load()

    def generic(self, entity: Entity) -> Actor | None:
        """The generic actor an ORG mention names (:meth:`ActorKB.is_generic`), or None."""
        if entity.label != "ORG":
            return None
        actor = actor_of(entity, self.kb)
        return actor if actor is not None and self.kb.is_generic(actor) else None

    def __call__(self, doc: Document) -> Document:
        generic = {e.id: a for e in doc.entities if (a := self.generic(e)) is not None}
        by_linker = [e for e in doc.entities if e.source == LINKER]
        described = {e.id for e in by_linker if descriptive(e.text)}
        unnamed = {e.id for e in by_linker if bare(e.text)}
        if not generic and not described and not unnamed:
            return doc
        by_event = event_countries(doc)
        starts = [s.start for s in doc.sentences]
        by_sentence = sentence_countries(doc, starts)
        used = referenced(doc)
        entities: list[Entity] = []
        for entity in doc.entities:
            actor = generic.get(entity.id)
            unused = entity.source == LINKER and entity.id not in used
            if unused and (actor is not None or entity.id in described):
                # a bare «الجيش», or «الجنود الإسرائيليين», that the linker added for an
                # event that did not come
                continue
            country = None
            if actor is not None:
                country = by_event.get(entity.id) or _in_sentence(by_sentence, starts, entity)
            local = self.kb.in_country(actor, country) if actor and country else None
            if local is not None:
                entity = linked(entity, local)
            if entity.source == LINKER and (
                actor is not None or entity.id in described or entity.id in unnamed
            ):
                # an actor's mention but no name: the guidelines and the entity scores leave
                # «الجيش», «الجنود الإسرائيليين» and «قوات النظام» out
                entity = replace(entity, generic=True)
            entities.append(entity)
        return doc.with_(entities=tuple(entities))


def _in_sentence(by_sentence: Mapping[int, str], starts: list[int], entity: Entity) -> str | None:
    return by_sentence.get(bisect_right(starts, entity.start) - 1) if starts else None
