"""Geocoding as a pipeline component: ``places.gazetteer.v1``.

Every LOC entity gets a Place (``p1``, ``p2``… in text order) resolved by
:class:`marsad.extract.places.Geocoder`: ``الميادين`` → Al Mayadin, SY, town; ``ريف إدلب الجنوبي`` →
Idlib governorate, region. A mention that cannot be resolved confidently still gets a Place,
with its name and every geographic field null; one of several namesakes in one country gets
that country only (coordinates, precision and English name null), and so does a name the
gazetteer lacks, in the country the text states for it (``من X ببريطانيا``) or the one country
its article is set in (``جبهة X`` in an article on Yemen).

Toponyms the NER missed are added as LOC entities when a cue word introduces them and they
resolve: ``قرية مرعناز``, ``بلدة كفرنبل``, ``مخيم جباليا``, ``ريف حلب``, ``قضاء الحويجة``. The new
entity covers the name only (``مرعناز``), like the NER's entities; its id continues the
document's numbering (``e7`` after ``e6``), so ids already pointed at never change.

Resolution runs twice: once on its own, then with the article's context (the countries and
governorates it names confidently), so ``طرابلس`` in an article about Lebanon is Tripoli,
Lebanon. Mentions with the same phrase resolve alike within an article: the most confident
reading (``كفرنبل بإدلب``) is given to the others (a bare ``كفرنبل`` later on).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from typing import Final

from marsad.doc import Document, Entity, Place
from marsad.extract.places.gazetteer import GeoEntry, normalize_key
from marsad.extract.places.geocode import Context, Geocoder, Resolution, TextWords, dateline
from marsad.pipeline import register

NAME = "places.gazetteer.v1"

# A resolution feeds the article's context only when it is this sure and broad or big
# enough to say where the article is (a village says little, and may itself be a guess).
_CONTEXT_CONFIDENCE = 0.8
_CONTEXT_MIN_POP = 50_000
# A list of places is at least this many mentions (two are often a pair of capitals).
_LIST_MIN: Final = 3
# A city of this many people keeps its reading whatever its list (``دمشق وبيروت``).
_CITY_OF_MILLIONS: Final = 1_000_000


@lru_cache(maxsize=1)
def _geocoder() -> Geocoder:
    # The gazetteer loads once per process, however many pipelines are built.
    return Geocoder()


def _gives_context(r: Resolution | None) -> GeoEntry | None:
    if r is None or r.entry is None or r.confidence < _CONTEXT_CONFIDENCE:
        return None
    if r.mode == "admin2":
        return None  # منطقة X is the vaguest frame: it must not set the scene by itself
    e = r.entry
    if e.kind in ("country", "admin1", "admin2") or e.population >= _CONTEXT_MIN_POP:
        return e
    return None


@register(NAME)
class GazetteerPlaces:
    """Assigns ``places`` (one per LOC mention) and adds cue-introduced LOC ``entities``."""

    name = NAME
    requires = frozenset({"entities"})
    assigns = frozenset({"places", "entities"})

    def __init__(self, geocoder: Geocoder | None = None) -> None:
        self.geocoder = geocoder if geocoder is not None else _geocoder()

    def find(self, doc: Document) -> tuple[list[Entity], list[Place]]:
        """The document's entities (with the new LOC ones, in text order) and its places.

        >>> from marsad.doc import Document, Entity
        >>> text = "قصفت الطائرات قرية مرعناز بريف حلب"
        >>> doc = Document.from_text(text).with_(entities=(
        ...     Entity("e1", "LOC", 31, 34, "حلب", source="ner.crf.v1"),))
        >>> entities, places = GazetteerPlaces().find(doc)
        >>> [(e.id, e.text) for e in entities]
        [('e2', 'مرعناز'), ('e1', 'حلب')]
        >>> [(p.id, p.entity, p.name, p.admin1, p.precision) for p in places]
        [('p1', 'e2', 'مرعناز', 'Aleppo', 'town'), ('p2', 'e1', 'ريف حلب', 'Aleppo', 'region')]
        """
        words = TextWords(doc.text)
        entities = list(doc.entities) + self._cued_entities(doc, words)
        entities.sort(key=lambda e: (e.start, e.end))
        mentions = [e for e in entities if e.label == "LOC"]
        head = dateline(doc.text, self.geocoder.gazetteer)
        first = [self._resolve(doc, e, words, None) for e in mentions]
        if head is not None:
            # «دبي، الإمارات العربية المتحدة (CNN)»: the dateline's places frame each other
            # and the article, however small the town.
            inside = [k for k, e in enumerate(mentions) if head[0] <= e.start < head[1]]
            frame = Context.of(
                r.entry for k in inside if (r := first[k]) is not None and r.entry is not None
            )
            for k in inside:
                if frame:
                    first[k] = self._resolve(doc, mentions[k], words, frame)
                r = first[k]
                if r is not None and r.entry is not None:
                    first[k] = replace(r, confidence=max(r.confidence, _CONTEXT_CONFIDENCE))
        contexts = _contexts(first)
        # A mention that found no name alone is read again in the whole article's context:
        # a spelling a long vowel or a space away is taken for a town of the article's
        # countries (``أبوديس`` in an article on Palestine is Abu Dis).
        second = [
            self._resolve(doc, m, words, contexts[r.key if r is not None else _WHOLE])
            if contexts
            else r
            for m, r in zip(mentions, first, strict=True)
        ]
        second = self._lists(doc, mentions, words, second)
        second = _consistent(second)
        second = self._in_article_country(doc, mentions, words, second)
        places = [
            _place(f"p{k}", entity, r)
            for k, (entity, r) in enumerate(zip(mentions, second, strict=True), 1)
        ]
        return entities, places

    def apply(self, doc: Document, entities: list[Entity], places: list[Place]) -> Document:
        return doc.with_(entities=tuple(entities), places=tuple(places))

    def __call__(self, doc: Document) -> Document:
        return self.apply(doc, *self.find(doc))

    # -- internals --------------------------------------------------------------------------
    def _resolve(
        self, doc: Document, entity: Entity, words: TextWords, context: Context | None
    ) -> Resolution | None:
        return self.geocoder.resolve(
            doc.text, entity.start, entity.end, context=context, words=words
        )

    def _lists(
        self,
        doc: Document,
        mentions: list[Entity],
        words: TextWords,
        resolutions: list[Resolution | None],
    ) -> list[Resolution | None]:
        """Places listed together (``حوش خرابو، بيت نايم، المحمدية``) lie together: a
        listed town outside the country most of the other listed places share is read again
        with them as its context (Al Muhammadiyah in Rif Dimashq, not
        Mohammedia, Morocco); if it still lies elsewhere it is left unplaced, rather than
        a confident wrong place. Countries and cities of millions keep their reading
        (``دمشق وبيروت``)."""
        out = list(resolutions)
        for group in _list_groups(doc.text, mentions):
            for k in group:
                r = out[k]
                if r is None or r.entry is None or r.mode is not None:
                    continue
                e = r.entry
                if e.kind == "country" or e.population >= _CITY_OF_MILLIONS:
                    continue
                others = [
                    o.entry
                    for m in group
                    if m != k
                    and (o := resolutions[m]) is not None
                    and o.entry is not None
                    and o.entry.kind in ("town", "village", "admin2")
                    and not o.country_only
                ]
                votes = Counter(o.country for o in others)
                if not votes:
                    continue
                country, n = votes.most_common(1)[0]
                if n < 2 or 2 * n <= len(others) or e.country == country:
                    continue  # no country most of the list shares, or this one's
                countries = {country}
                together = [o for o in others if o.country == country]
                again = self._resolve(doc, mentions[k], words, Context.of(together))
                if (
                    again is not None
                    and again.entry is not None
                    and again.entry.country in countries
                ):
                    out[k] = again
                else:
                    out[k] = replace(r, entry=None, precision=None, confidence=0.0)
        return out

    def _in_article_country(
        self,
        doc: Document,
        mentions: list[Entity],
        words: TextWords,
        resolutions: list[Resolution | None],
    ) -> list[Resolution | None]:
        """Names the gazetteer cannot place (a Yemeni front line, a camp, a West Bank
        hamlet) lie in the country the text states for them (``بيرنلي ببريطانيا``), else, in
        an article whose places lie mostly in one country, in that country, else in the one
        country of the towns beside them in their sentence (:meth:`_sentence_country`): they
        get the country alone, no point (:meth:`Geocoder.unknown_name_country`)."""
        article = _article_country(resolutions)
        unknown = [k for k, r in enumerate(resolutions) if r is None or r.entry is None]
        # A country the text states for one mention of a name holds for its every mention
        # (``ولاية بنجاب الهندية``, then ``ولاية بنجاب``).
        stated: dict[str, GeoEntry] = {}
        for k in unknown:
            m = mentions[k]
            here = self.geocoder.unknown_name_country(
                doc.text, m.start, m.end, article=None, words=words
            )
            if here is not None:
                stated.setdefault(_unknown_key(m, resolutions[k]), here)
        out = list(resolutions)
        starts = [m.start for m in mentions]
        for k in unknown:
            m, r = mentions[k], resolutions[k]
            country = stated.get(_unknown_key(m, r))
            if country is None:
                sentence = self._sentence_country(mentions, starts, words, resolutions, k)
                if article is None and sentence is None:
                    continue  # asked above with no setting: the text states no country
                country = self.geocoder.unknown_name_country(
                    doc.text, m.start, m.end, article=article, words=words, sentence=sentence
                )
            if country is None:
                continue
            if r is not None and r.only_in and country.country not in r.only_in:
                continue  # ``مدينة X الإسبانية``: Spain or nothing
            name = r.name if r is not None else m.text
            start, end = (r.start, r.end) if r is not None else (m.start, m.end)
            out[k] = Resolution(
                country, None, name, start, end, _UNKNOWN_NAME, None, country_only=True
            )
        return out

    def _sentence_country(
        self,
        mentions: list[Entity],
        starts: list[int],
        words: TextWords,
        resolutions: list[Resolution | None],
        k: int,
    ) -> str | None:
        """The one country the towns and units of mention ``k``'s sentence lie in, when one
        of them stands near it (``_SENTENCE_REACH``) and, where the gazetteer knows the name,
        its namesakes lie there too (``مطار المزة`` with Damascus beside it: Syria, not
        Jordan's Mezzeh). A country named in the sentence is as often a party (``سفير
        الولايات المتحدة لدى X``) as its container and says nothing."""
        m = mentions[k]
        first, last = words.index_at(m.start), words.index_at(max(m.start, m.end - 1))
        if first is None or last is None:
            return None
        lo, hi = words.sentence(first, last)
        a, b = words.words[lo].start, words.words[hi].end
        near_a = words.words[max(lo, first - _SENTENCE_REACH)].start
        near_b = words.words[min(hi, last + _SENTENCE_REACH)].end
        codes: set[str] = set()
        near = False
        for j in range(bisect_left(starts, a), bisect_left(starts, b)):
            r = resolutions[j]
            if j == k or r is None or r.entry is None or r.entry.kind == "country":
                continue
            codes.add(r.entry.country)
            near = near or near_a <= mentions[j].start < near_b
        r = resolutions[k]
        if r is not None and codes:
            namesakes = {e.country for e in self.geocoder.gazetteer.candidates(r.key)}
            codes = codes & namesakes if namesakes else codes
        return codes.pop() if near and len(codes) == 1 else None

    def _cued_entities(self, doc: Document, words: TextWords) -> list[Entity]:
        """LOC entities for cue-introduced names that no entity covers and that resolve."""
        taken = sorted((e.start, e.end) for e in doc.entities)
        next_id = doc.next_entity_number()
        out: list[Entity] = []
        for _, start, end in self.geocoder.cued_names(words):
            if any(s < end and start < e for s, e in taken):
                continue
            r = self.geocoder.resolve(doc.text, start, end, words=words)
            if r is None or r.entry is None:
                continue
            out.append(
                Entity(
                    id=f"e{next_id}",
                    label="LOC",
                    start=start,
                    end=end,
                    text=doc.text[start:end],
                    canonical=r.entry.name_ar or None,
                    name_en=r.entry.name_en or None,
                    score=r.confidence,
                    source=NAME,
                )
            )
            next_id += 1
        return out


# An article is set in one country when at least this many of its placed mentions lie there,
# and at least this share of them (a single mention, or a story told between two countries,
# sets no scene: ``قرقنة`` in a report that names Italy once).
_ARTICLE_MIN: Final = 2
_ARTICLE_SHARE: Final = 0.6
# How many words from an unplaced name a town or unit of its sentence may stand to say its
# country (``مطار المزة العسكري غرب العاصمة دمشق``; not a trip's last stop, ``زار صنعاء ثم
# توجه إلى X``).
_SENTENCE_REACH: Final = 6
# The confidence of a name placed in its article's country only (below a namesake's).
_UNKNOWN_NAME: Final = 0.3


def _unknown_key(mention: Entity, r: Resolution | None) -> str:
    """The phrase of a mention left unplaced: its resolution's key, else its text's."""
    return r.key if r is not None else normalize_key(mention.text)


def _article_country(resolutions: list[Resolution | None]) -> str | None:
    """The country most of the article's placed mentions lie in (see _ARTICLE_SHARE)."""
    counts = Counter(r.entry.country for r in resolutions if r is not None and r.entry is not None)
    if not counts:
        return None
    (top, n), *rest = counts.most_common(2)
    if n < _ARTICLE_MIN or n < _ARTICLE_SHARE * sum(counts.values()):
        return None
    if rest and rest[0][1] >= n:
        return None
    return top


# The key of the whole article's context, for a mention that read no name of its own.
_WHOLE: Final = ""


def _contexts(resolutions: list[Resolution | None]) -> dict[str, Context]:
    """For each phrase, the context the OTHER phrases of the article give: a mention must
    not vouch for itself (عمّان first read as Oman must not make Oman the context).

    Linear in the number of mentions: counts of phrases vouching for each country and
    governorate, less the phrase's own vote."""
    own: dict[str, Context] = {}
    by_key: dict[str, list[GeoEntry]] = {}
    for r in resolutions:
        if r is not None:
            entry = _gives_context(r)
            by_key.setdefault(r.key, [])
            if entry is not None:
                by_key[r.key].append(entry)
    countries: Counter[str] = Counter()
    admin1: Counter[tuple[str, str]] = Counter()
    points: Counter[tuple[float, float]] = Counter()
    for key, entries in by_key.items():
        own[key] = Context.of(entries)
        countries.update(own[key].countries)
        admin1.update(own[key].admin1)
        points.update(own[key].points)
    if not countries:
        return {}
    whole = Context(frozenset(countries), frozenset(admin1), frozenset(points))
    return {_WHOLE: whole} | {
        key: Context(
            frozenset(c for c, n in countries.items() if n > (c in mine.countries)),
            frozenset(a for a, n in admin1.items() if n > (a in mine.admin1)),
            frozenset(p for p, n in points.items() if n > (p in mine.points)),
        )
        for key, mine in own.items()
    }


# What may stand between two places of one list: a comma or the conjunction و, and other
# short items of the list the NER did not take (``بيت نايم، المحمدية، حوش القبيات``).
_LIST_GAP: Final = re.compile(
    r"(?:\s*[،,]\s*[^\s،,.؛:()«»\"]+(?:\s+[^\s،,.؛:()«»\"]+){0,2})*"
    # ... and the first word of the next item when the NER left it out (``حوش [الظواهرة]``)
    r"\s*(?:[،,]\s*(?:[^\s،,.؛:()«»\"]+\s+)?)?(?:و\s*)?"
)


def _list_groups(text: str, mentions: list[Entity]) -> list[list[int]]:
    """Runs of three or more mentions (indices) that follow each other with only a comma or
    ``و`` between them: a list of places."""
    groups: list[list[int]] = []
    run: list[int] = []
    for k, m in enumerate(mentions):
        if run and _LIST_GAP.fullmatch(text[mentions[run[-1]].end : m.start]):
            run.append(k)
            continue
        if len(run) >= _LIST_MIN:
            groups.append(run)
        run = [k]
    if len(run) >= _LIST_MIN:
        groups.append(run)
    return groups


def _consistent(resolutions: list[Resolution | None]) -> list[Resolution | None]:
    """Mentions of one phrase (same normalized words, same framing) resolve alike: each takes
    the most confident reading of the phrase in the article, never one in a country that a
    nationality adjective on one of them ruled out."""
    best: dict[tuple[str, str | None], Resolution] = {}
    # A nationality adjective on one mention (``فالنسيا الإسبانية``) rules out places
    # elsewhere for every mention of the name.
    only_in: dict[str, set[str]] = {}
    for r in resolutions:
        if r is not None and r.only_in:
            only_in.setdefault(r.key, set()).update(r.only_in)
    for r in resolutions:
        if r is None or r.entry is None:
            continue
        allowed = only_in.get(r.key)
        if allowed and r.entry.country not in allowed:
            continue
        group = (r.key, r.mode)
        if group not in best or r.confidence > best[group].confidence:
            best[group] = r
    out: list[Resolution | None] = []
    for r in resolutions:
        allowed = only_in.get(r.key) if r is not None else None
        if r is not None and r.entry is not None and allowed and r.entry.country not in allowed:
            r = replace(r, entry=None, precision=None, confidence=0.0, country_only=False)
        top = best.get((r.key, r.mode)) if r is not None else None
        if r is not None and top is not None and top.entry != r.entry:
            r = replace(
                r,
                entry=top.entry,
                precision=top.precision,
                confidence=top.confidence,
                country_only=top.country_only,
            )
        out.append(r)
    return out


def _place(pid: str, entity: Entity, r: Resolution | None) -> Place:
    if r is None or r.entry is None:
        return Place(id=pid, entity=entity.id, name=r.name if r else entity.text, source=NAME)
    e = r.entry
    if r.country_only:
        # One of several namesakes in this country: the country is known, the point is not.
        return Place(id=pid, entity=entity.id, name=r.name, country=e.country, source=NAME)
    return Place(
        id=pid,
        entity=entity.id,
        name=r.name,
        name_en=e.name_en or None,
        lat=e.lat,
        lon=e.lon,
        country=e.country or None,
        admin1=(e.admin1_en or None) if e.kind != "country" else None,
        geonameid=e.geonameid,
        precision=r.precision,
        source=NAME,
    )
