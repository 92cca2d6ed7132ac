"""Named-entity recognition as a pipeline component: ``ner.crf.v1``.

Tags each sentence's tokens with the shipped CRF (:mod:`marsad.extract.entities.crf`), adds
gazetteer matches the CRF missed, and gives every mention a canonical name, an English name and a
knowledge-base id where known (:mod:`marsad.extract.entities.canonical`).

Spans never include clitics: in ``وسوريا`` the entity is ``سوريا``, in ``لداعش`` it is
``داعش``, in ``بالموصل`` it is ``الموصل`` (the article belongs to the name).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from marsad.arabic.translit import transliterate
from marsad.doc import Document, Entity, EntityLabel, Token
from marsad.extract.entities.canonical import AliasTable, canonicalize
from marsad.extract.entities.gazetteer import PLACE_TYPES
from marsad.extract.entities.recognize import Recognizer
from marsad.extract.places.geocode import dateline_outlet
from marsad.pipeline import register

NAME = "ner.crf.v1"
_LABELS: dict[str, EntityLabel] = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}


@lru_cache(maxsize=1)
def _recognizer() -> Recognizer:
    # The model and resources load once per process (about a second), however many
    # pipelines are built: a Spark executor or a web worker pays it once.
    return Recognizer()


def stem_start(tok: Token) -> int:
    """Where a mention starting at ``tok`` starts: after its proclitics."""
    for word in tok.words:
        if word.kind != "proclitic":
            return word.start
    return tok.start


def stem_end(tok: Token) -> int:
    """Where a mention ending at ``tok`` ends: before its enclitics."""
    for word in reversed(tok.words):
        if word.kind != "enclitic":
            return word.end
    return tok.end


def sentence_tokens(doc: Document) -> list[list[Token]]:
    """The document's tokens grouped by the sentence their first character falls in."""
    groups: list[list[Token]] = []
    bounds = [s.end for s in doc.sentences] or [len(doc.text)]
    k = 0
    current: list[Token] = []
    for tok in doc.tokens:
        while k < len(bounds) - 1 and tok.start >= bounds[k]:
            if current:
                groups.append(current)
            current = []
            k += 1
        current.append(tok)
    if current:
        groups.append(current)
    return groups


@register(NAME)
class CrfNer:
    """Assigns ``entities``: PER, ORG, LOC and MISC mentions with canonical names."""

    name = NAME
    requires = frozenset({"sentences", "tokens"})
    assigns = frozenset({"entities"})

    def __init__(self, recognizer: Recognizer | None = None) -> None:
        self.recognizer = recognizer if recognizer is not None else _recognizer()

    def find(self, doc: Document) -> list[Entity]:
        """Entity mentions in document order, with ids ``e1``, ``e2``…"""
        groups = sentence_tokens(doc)
        info = self.recognizer.featurizer.info
        per_sentence = self.recognizer.document([[info(t) for t in toks] for toks in groups])
        entities: list[Entity] = []
        outlet = dateline_outlet(doc.text) or (0, 0)
        for toks, mentions in zip(groups, per_sentence, strict=True):
            for m in mentions:
                start, end = stem_start(toks[m.start]), stem_end(toks[m.end - 1])
                if end <= start or m.label not in _LABELS:
                    continue
                if outlet[0] <= start and end <= outlet[1]:
                    continue  # the dateline's boilerplate outlet
                entities.append(
                    Entity(
                        id=f"e{len(entities) + 1}",
                        label=_LABELS[m.label],
                        start=start,
                        end=end,
                        text=doc.text[start:end],
                        score=m.score,
                        source=NAME,
                    )
                )
        named = canonicalize(entities, aliases=AliasTable.load(), transliterate=transliterate)
        return [self._place_name(e) for e in named]

    def _place_name(self, entity: Entity) -> Entity:
        """A LOC the alias table does not know takes its English name from the gazetteer,
        unless the name is ambiguous there (``عمان``: Oman or Amman): better none than a
        confident wrong one."""
        if entity.label != "LOC" or entity.name_en:
            return entity
        gazetteer = self.recognizer.featurizer.gazetteer
        names = {
            e.name_en
            for e in gazetteer.lookup(entity.canonical or entity.text)
            if e.type in PLACE_TYPES and e.name_en
        }
        return replace(entity, name_en=names.pop()) if len(names) == 1 else entity

    def apply(self, doc: Document, entities: list[Entity]) -> Document:
        return doc.with_(entities=tuple(entities))

    def __call__(self, doc: Document) -> Document:
        return self.apply(doc, self.find(doc))
