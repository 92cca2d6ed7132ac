"""Events: ACLED-style conflict events and PLOVER-style political interactions with arguments.

Hand-written rules for marsad: triggers come from :mod:`marsad.extract.events.triggers`; the
arguments are read from what earlier components found in the trigger's sentence:

- ``actor1`` (agent): for a verb, the actor right after it (``قصفت طائرات روسية``) unless a
  preposition introduces it, else the nearest actor before it in the sentence (``القوات
  العراقية استعادت``); for a noun, the actor after it (``غارات للتحالف``، ``غارات روسية``) or the
  one before it (``شنت طائرات التحالف غارات``);
- ``actor2`` (target): the next actor after the trigger that is not the agent (``مواقع لوحدات
  حماية الشعب``، ``على مدنيين``);
- ``place``: the most precise geocoded place in the sentence, nearest the trigger; else the last
  place named in the two sentences before it;
- ``time``: a time expression in the sentence, nearest the trigger;
- ``fatalities`` / ``injured``: the figures of the sentence that a casualty word governs
  (:func:`marsad.extract.events.triggers.toll_role`), under ACLED's conservative values
  (the quantities component already gives ``at least 7`` → 7, ``العشرات`` → 10);
- ``reported_by``: the speaker of the quote or attributed claim the trigger sits in.

Mentions of one happening are merged: in one sentence, triggers of one type are one event
(``وفجّر انتحاري نفسه بحزام ناسف``); across sentences, events of one type and sub-type merge
when their places and agents do not disagree (the lead and its detail paragraph).

>>> from marsad.pipeline import Pipeline
>>> nlp = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1",
...     "actors.kb.v1", "places.gazetteer.v1", "times.rules.v1", "quantities.rules.v1",
...     "quotes.rules.v1", "events.rules.v1"])
>>> doc = nlp(Document.from_text("وقتل سبعة مسلحين على الأقل في غارات روسية على بلدة كفرنبل."))
>>> [(e.type, e.sub_type, e.fatalities) for e in doc.events]
[('explosions_remote_violence', 'air_drone_strike', 7)]
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Final, Generic, TypeVar

from marsad.arabic.normalize import normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import without_proclitic, word_list
from marsad.doc import Document, Entity, EntityLabel, Event, Place, Quantity, Span, Speaker, Time
from marsad.extract.actors.component import actor_of
from marsad.extract.entities.gazetteer import Gazetteer
from marsad.extract.events.taxonomy import ACLED_TYPES, TERRITORIAL_SUB_TYPES, VIOLENT_TYPES
from marsad.extract.events.tolls import is_event_toll
from marsad.extract.events.triggers import (
    TERRITORY,
    TriggerMatch,
    find_triggers,
    ground_follows,
    implicit_tolls,
    toll_role,
)
from marsad.extract.times.rules import first_day, time_days
from marsad.pipeline import register

__all__ = [
    "EventContext",
    "EventDraft",
    "EventTagger",
    "entities_overlap",
    "extract_events",
    "glued_preposition",
    "merge_mentions",
    "one_row_per_event",
    "same_actor",
    "same_record",
    "same_story_event",
]

_PRECISION_RANK: Final = {"point": 0, "town": 1, "region": 2, "country": 3}


# Words around actors and places that tell the arguments apart
# (resources/events/argument_cues.tsv, normalized).
_ARGUMENT_CUES: Final = load_wordlist("events/argument_cues.tsv")
# Right before an actor: it is an object, not the agent (``على``، ``مواقع``).
_OBJECT_CUES: Final = _ARGUMENT_CUES.normalized(cue="object")
# Between a noun trigger and an actor: the actor is the agent (``غارات شنها``).
_AGENT_CUES: Final = _ARGUMENT_CUES.normalized(cue="agent")
_BETWEEN: Final = _ARGUMENT_CUES.normalized(cue="between")
_IN: Final = _ARGUMENT_CUES.normalized(cue="venue")
_VISIT: Final = _ARGUMENT_CUES.normalized(cue="visit")
# The unit words that may stand between في and a place name (مدينة، العاصمة، ولاية).
_UNIT_WORDS: Final = frozenset().union(
    *(
        load_wordlist("places/cues.tsv").normalized(list=k)
        for k in ("town", "admin1", "admin2", "capital")
    )
)
# Around a place: where an organization sits (``ومقره لندن``، ``يتخذ من بريطانيا مقرا``).
_SEAT_BEFORE: Final = _ARGUMENT_CUES.normalized(cue="seat_before")
_SEAT_AFTER: Final = _ARGUMENT_CUES.normalized(cue="seat_after")
_AGENT_AFTER: Final = 40  # characters between a verb and the agent after it
_AGENT_BEFORE: Final = 90
_PLACE_LOOKBACK: Final = 2  # sentences
# Deaths in one event (ACLED's: one day, one place) never come near this in the annotated
# corpus (122 annotated tolls, the largest 215); a figure this large is a war's, a
# campaign's or a period's total («مقتل نحو 10 آلاف شخص», «ألف قتيل خلال أسبوعين») or a
# crowd («تظاهر الآلاف»): it stays a figure of the article, never an event's fatalities.
MAX_EVENT_DEATHS: Final = 1_000


@register("events.rules.v1")
class EventTagger:
    """Assigns ``events``: typed events with actors, place, time, casualties and source."""

    name = "events.rules.v1"
    requires = frozenset(
        {"text", "sentences", "entities", "places", "times", "quantities", "quotes"}
    )
    assigns = frozenset({"events", "entities"})

    def __call__(self, doc: Document) -> Document:
        events, sources = extract_events(doc, source=self.name)
        if not sources:
            return doc.with_(events=events)
        entities = sorted((*doc.entities, *sources), key=lambda e: (e.start, -e.end))
        return doc.with_(events=events, entities=tuple(entities))


def extract_events(
    doc: Document, *, source: str | None = None
) -> tuple[tuple[Event, ...], list[Entity]]:
    """The events of ``doc`` (see the module docstring), ids ``v1``, ``v2``... in text order,
    and the entities made for sources the NER had missed (``قال الدفاع المدني السوري إن``:
    ``reported_by`` must name an entity)."""
    year = _published_year(doc)
    ctx = EventContext(doc, source)
    drafts = [ctx.draft(t) for t in find_triggers(doc.text, year)]
    merged = _merge(_without_generic([d for d in drafts if d is not None]))
    ctx.after_merging(merged)
    events = tuple(
        d.to_event(f"v{i + 1}", doc, source) for i, d in enumerate(sorted(merged, key=_start))
    )
    used = {e.reported_by for e in events}
    return events, [e for e in ctx.new_sources.values() if e.id in used]


def _start(d: EventDraft) -> int:
    return d.trigger.start


def _published_year(doc: Document) -> int | None:
    published = doc.meta.published
    return int(published[:4]) if published and published[:4].isdigit() else None


@dataclass(slots=True)
class EventDraft:
    """One trigger's event as the rules read it, before mentions merge (the learned model's
    candidates and the role model work on it too)."""

    trigger: TriggerMatch
    sentence: int
    evidence: tuple[int, int]
    actor1: Entity | None = None
    actor2: Entity | None = None
    place: Place | None = None
    time: str | None = None
    # The time's resolved value (ISO date or interval): two mentions of one event name its day
    # with different words (أمس in the lead, الاثنين in the detail), so ids never match.
    time_value: str | None = None
    fatalities: int | None = None
    injured: int | None = None
    reported_by: str | None = None
    # The resolved speaker when the trigger is a quote's cue (``ودعت`` → who called), read once
    # when drafted: the rules' agent of last resort and a candidate of the role model.
    cue_speaker: Entity | None = None
    mentions: int = 1
    # Why the rules would drop it (candidates only): ``no_ground``، ``no_actor``.
    dropped: str | None = None
    # The learned model's probability that it is a new event of its type (None: rules only).
    probability: float | None = None

    @property
    def type(self) -> str:
        return self.trigger.type

    def to_event(self, id_: str, doc: Document, source: str | None) -> Event:
        t = self.trigger
        found = sum(x is not None for x in (self.actor1, self.actor2, self.place, self.time))
        if self.probability is not None:
            confidence = self.probability
        else:
            confidence = min(0.95, t.weight + 0.04 * found + 0.03 * (self.mentions - 1))
        return Event(
            id=id_,
            type=t.type,
            # The contract's sub-types are ACLED's; a political interaction has none.
            sub_type=t.sub_type if t.type in ACLED_TYPES else None,
            trigger=doc.span(t.start, t.end),
            evidence=doc.span(*self.evidence),
            actor1=self.actor1.id if self.actor1 else None,
            actor2=self.actor2.id if self.actor2 else None,
            place=self.place.id if self.place else None,
            time=self.time,
            fatalities=self.fatalities,
            injured=self.injured,
            reported_by=self.reported_by,
            confidence=round(confidence, 2),
            source=source,
        )


T = TypeVar("T")


class _ByStart(Generic[T]):
    """Items sorted by start offset, found by range in logarithmic time (a 20 MB text has
    hundreds of thousands of entities, so no lookup may scan them all)."""

    def __init__(self, items: Iterable[T], start: Callable[[T], int]) -> None:
        self.items = sorted(items, key=start)
        self.starts = [start(x) for x in self.items]

    def within(self, lo: int, hi: int) -> list[T]:
        """Items starting in ``[lo, hi)``, in text order."""
        return self.items[bisect_left(self.starts, lo) : bisect_left(self.starts, hi)]

    def before(self, pos: int, n: int) -> list[T]:
        """The last ``n`` items starting at or before ``pos``, nearest last."""
        k = bisect_right(self.starts, pos)
        return self.items[max(0, k - n) : k]


class EventContext:
    """One article's sentences, candidate actors, places, times, figures and quotes."""

    def __init__(self, doc: Document, source: str | None = None) -> None:
        self.doc = doc
        self.source = source
        self.new_sources: dict[tuple[int, int], Entity] = {}
        self.next_id = doc.next_entity_number()
        self.text = doc.text
        self.sentences: list[Span] = list(doc.sentences) or [doc.span(0, len(doc.text))]
        self.starts = [s.start for s in self.sentences]
        acting = [e for e in doc.entities if _may_act(e)]
        self.actors = _ByStart(acting, _entity_start)
        # In politics a state acts under its own name (``طالبت الولايات المتحدة``، ``روسيا
        # تتهم``): countries join the candidate actors of political interactions.
        countries = {p.entity for p in doc.places if p.precision == "country"}
        self.political_actors = _ByStart(
            [e for e in doc.entities if e.id in countries] + acting, _entity_start
        )
        self.by_id = {e.id: e for e in doc.entities}
        self.entities = _ByStart(doc.entities, _entity_start)
        self.places = _ByStart(
            ((self.by_id[p.entity], p) for p in doc.places if p.entity in self.by_id),
            lambda ep: ep[0].start,
        )
        self.times = _ByStart((t for t in doc.times if t.value is not None), lambda t: t.start)
        self.quantities = _ByStart(doc.quantities, lambda q: q.start)
        self.quotes = _ByStart(doc.quotes, lambda q: q.start)
        self.cues = {q.cue.start: q for q in doc.quotes if q.cue is not None}

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def draft(self, t: TriggerMatch, *, strict: bool = True) -> EventDraft | None:
        """The trigger's event with its arguments; None where the rules drop it, unless not
        ``strict`` (the learned model's candidates), which marks why in ``dropped``."""
        k = self.sentence_of(t.start)
        sent = self.sentences[k]
        draft = EventDraft(t, k, (sent.start, max(sent.end, t.end)))
        if t.sub_type == TERRITORY and not self._ground_after(t):
            if strict:
                return None
            draft.dropped = "no_ground"
        draft.cue_speaker = self._speaker(t)
        draft.actor1 = self._agent(t, sent) or draft.cue_speaker
        draft.actor2 = self._target(t, sent, draft.actor1)
        if t.sub_type == TERRITORY:
            draft.trigger = replace(t, sub_type=_territory(draft.actor1))
        if t.type not in ACLED_TYPES and draft.actor1 is None and not _titled_subject(t, self.text):
            # A political interaction needs somebody who acts: an actor, or at least a title
            # or body as the verb's subject (``وهدد الرئيس الإيراني``); ``استقبل المعرض زوارا``
            # is no meeting.
            if strict:
                return None
            draft.dropped = "no_actor"
        draft.place = self._place(t, k)
        when = self._time(t, sent)
        if when is not None:
            draft.time, draft.time_value = when.id, _time_value(when)
        if t.type in VIOLENT_TYPES or t.sub_type == "excessive_force_against_protesters":
            draft.fatalities, draft.injured = self._tolls(sent)
        draft.reported_by = self._reporter(t)
        return draft

    def _ground_after(self, t: TriggerMatch) -> bool:
        if ground_follows(self.text, t.end):
            return True
        return bool(self.places.within(t.end, t.end + 61))

    # -- actors -------------------------------------------------------------------------------

    def _speaker(self, t: TriggerMatch) -> Entity | None:
        """The resolved speaker when the trigger is a quote's cue (``ودعت`` → the speaker)."""
        q = self.cues.get(t.start)
        if q is None or q.speaker is None:
            return None
        return self.by_id.get(q.speaker.entity or "")

    def actors_in(self, sent: Span, political: bool = False) -> list[Entity]:
        """The candidate actors inside ``sent`` (``political``: countries too)."""
        pool = self.political_actors if political else self.actors
        return [e for e in pool.within(sent.start, sent.end) if e.end <= sent.end]

    def _agent(self, t: TriggerMatch, sent: Span) -> Entity | None:
        actors = self.actors_in(sent, t.type not in ACLED_TYPES)
        after = [e for e in actors if t.end <= e.start <= t.end + _AGENT_AFTER]
        if after:
            e = after[0]
            between = self.text[t.end : e.start]
            words = word_list(normalize_text(between))
            if words and words[-1] in _BETWEEN:
                return e  # ``اشتباكات بين القوات الحكومية و...``: the first named acts
            glued = glued_preposition(self.text, e.start)
            if t.pos == "noun" and (glued == "ل" or not words or _agent_cue(between)):
                return e  # ``غارة للتحالف``، ``هجوم لقوات الدعم السريع``، ``غارات روسية``
            if t.pos == "verb" and not glued and not (words and words[-1] in _OBJECT_CUES):
                return e  # ``قصفت طائرات روسية``
        before = [e for e in actors if e.end <= t.start and t.start - e.end <= _AGENT_BEFORE]
        for e in reversed(before):
            if not _is_object(
                self.text[max(sent.start, e.start - 12) : e.start], self.text, e.start
            ):
                return e
        return None

    def _target(self, t: TriggerMatch, sent: Span, agent: Entity | None) -> Entity | None:
        for e in self.actors_in(sent, t.type not in ACLED_TYPES):
            if e.start < t.end or (agent is not None and entities_overlap(e, agent)):
                continue
            if agent is not None and same_actor(e, agent):
                continue
            return e
        return None

    # -- place, time, tolls, source ------------------------------------------------------------

    def _place(self, t: TriggerMatch, k: int) -> Place | None:
        sent = self.sentences[k]
        here = [
            (e, p)
            for e, p in self.places.within(sent.start, sent.end)
            if e.end <= sent.end and p.country is not None and not _seat(self.text, e)
        ]
        if t.type not in ACLED_TYPES:
            # A meeting or a statement happens at a venue (``في القاهرة``); the countries it
            # is about (``طالبت السعودية``) are actors or topics, not its place.
            visited = [(e, p) for e, p in here if e.start >= t.start and _visited(self.text, e)]
            here = visited or [
                (e, p) for e, p in here if p.precision != "country" and _venue(self.text, e)
            ]
            if not here:
                return None
        if here:
            return min(
                here,
                key=lambda ep: (
                    _PRECISION_RANK.get(ep[1].precision or "", 4),
                    abs(ep[0].start - t.end) + (0 if ep[0].start >= t.end else 40),
                ),
            )[1]
        lo = self.sentences[max(0, k - _PLACE_LOOKBACK)].start
        earlier = [
            p
            for e, p in self.places.within(lo, sent.start)
            if p.country and not _seat(self.text, e)
        ]
        return earlier[-1] if earlier else None

    def after_merging(self, drafts: Sequence[EventDraft]) -> None:
        """What both event taggers do to their merged events: no date after the article
        (:meth:`undate_future`), and the article's place for a violent event told without
        one (:meth:`place_in_article`)."""
        self.undate_future(drafts)
        self.place_in_article(drafts)

    def undate_future(self, drafts: Sequence[EventDraft]) -> None:
        """Take from each draft a time after the publication day: news reports what happened,
        and in the annotated corpus (none of its 682 train and dev events is dated after
        publication) such a date belongs to another clause of the sentence (a deadline, a
        summit to come, a condition: ``توعد ترامب إيران إذا ... في 12 مايو المقبل``). The
        event keeps its place in the record, dated by its article."""
        published = first_day(self.doc.meta.published)
        if published is None:
            return
        times = {t.id: t for t in self.doc.times}
        for d in drafts:
            days = time_days(times.get(d.time or ""), None) if d.time else None
            if days is not None and days[0] > published:
                d.time = d.time_value = None

    def place_in_article(self, drafts: Sequence[EventDraft]) -> None:
        """Give each merged ACLED event that found no place near its trigger the article's
        place at that point: the most precise place of the last sentence before its own that
        names one, else of the first sentence after. News tells where once and then what
        (``في ريف درعا ... وقال ناشطون إن 3 قتلوا``), and ACLED codes every event somewhere.
        Political interactions are left alone: the annotated corpus gives four in five of
        them no place. Done after merging, so mentions still join as the words told them."""
        best: dict[int, Place] = {}  # sentence -> its most precise place (the first of a rank)
        for e, p in self.places.within(0, len(self.text)):
            if p.country is None or _seat(self.text, e):
                continue
            k = self.sentence_of(e.start)
            if k not in best or _rank(p) < _rank(best[k]):
                best[k] = p
        named = sorted(best)
        for d in drafts:
            if d.place is not None or d.type not in ACLED_TYPES or not named:
                continue
            i = bisect_left(named, d.sentence)
            d.place = best[named[i - 1] if i > 0 else named[0]]

    def _time(self, t: TriggerMatch, sent: Span) -> Time | None:
        # A date for the event itself: a day or a week, not a month or year of background
        # (``أواخر عام 2014``).
        here = [
            x
            for x in self.times.within(sent.start, sent.end)
            if x.end <= sent.end and x.granularity in ("day", "week")
        ]
        if not here:
            return None
        return min(here, key=lambda x: abs(x.start - t.start))

    def _tolls(self, sent: Span) -> tuple[int | None, int | None]:
        killed: int | None = None
        injured: int | None = None
        total = False  # a killed figure too large for one event was passed over
        for q in self.quantities.within(sent.start, sent.end):
            if q.end > sent.end or q.kind != "count":
                continue
            value = _acled_value(q)
            if value is None:
                continue
            role = toll_role(self.text, q.start, q.end)
            if role == "killed" and value >= MAX_EVENT_DEATHS:
                total = True  # a total or a crowd, not one event's dead (MAX_EVENT_DEATHS)
                continue
            open_slot = (role == "killed" and killed is None) or (
                role == "injured" and injured is None
            )
            # A running or background total (since 2011, a war's toll) is no event's toll.
            if open_slot and not is_event_toll(
                self.text, q, self.doc.meta.published, (sent.start, sent.end)
            ):
                continue
            if role == "killed" and killed is None:
                killed = value
            elif role == "injured" and injured is None:
                injured = value
        if killed is None or injured is None:
            one_killed, one_injured = implicit_tolls(self.text[sent.start : sent.end])
            # «قتل 1500 شخص» is no «قتل شخص»: the total's sentence gets no implicit one.
            killed = killed if killed is not None or total else one_killed
            injured = injured if injured is not None else one_injured
        return killed, injured

    def _reporter(self, t: TriggerMatch) -> str | None:
        # Quotes rarely nest, so the one holding the trigger starts among the last few.
        for q in reversed(self.quotes.before(t.start, 4)):
            if t.end <= q.end and q.speaker is not None:
                return q.speaker.entity or self._source_entity(q.speaker)
        return None

    def _source_entity(self, speaker: Speaker) -> str | None:
        """An entity for a source the NER found no name in (``generic``); none for a document
        or a pronoun.

        A mention the NER did find is reused rather than doubled: the one on the speaker's
        own span whatever its label (``الصين``, tagged LOC, would otherwise come back as an
        ORG on the same span), else the first organization or person inside the speaker's
        words (``مصدر في الرئاسة التركية`` → ``الرئاسة التركية``).
        """
        if speaker.start is None or speaker.end is None or speaker.label == "DOC":
            return None
        key = (speaker.start, speaker.end)
        inside = [
            e for e in self.entities.within(speaker.start, speaker.end) if e.end <= speaker.end
        ]
        same = [e for e in inside if (e.start, e.end) == key]
        named = sorted((e for e in inside if e.label in ("ORG", "PER")), key=_entity_start)
        if same or named:
            return (same or named)[0].id
        if key not in self.new_sources:
            label: EntityLabel = "PER" if speaker.label == "PER" else "ORG"
            self.new_sources[key] = Entity(
                id=f"e{self.next_id}",
                label=label,
                start=speaker.start,
                end=speaker.end,
                text=self.text[speaker.start : speaker.end],
                canonical=speaker.canonical or speaker.text,
                source=self.source,
                # the NER found no name in it: «مصدر محلي», «مصادر عسكرية», «السلطات»
                generic=True,
            )
            self.next_id += 1
        return self.new_sources[key].id


_SUBJECT_CUES: Final = frozenset({"PER_CUE", "ORG_CUE"})
_BODIES: Final = _ARGUMENT_CUES.normalized(cue="body")


def _rank(place: Place) -> int:
    """How precise a place is (0: a point; 4: unknown), for choosing among a sentence's."""
    return _PRECISION_RANK.get(place.precision or "", 4)


def _titled_subject(t: TriggerMatch, text: str) -> bool:
    """The verb's subject right after it is a title or a body (``الرئيس``، ``البعثة``)."""
    if t.pos != "verb":
        return False
    words = word_list(normalize_text(text[t.end : t.end + 40]))
    if not words:
        return False
    word = words[0]
    return word in _BODIES or bool(Gazetteer.load().types_of(word) & _SUBJECT_CUES)


def _entity_start(e: Entity) -> int:
    return e.start


def _may_act(e: Entity) -> bool:
    """Organizations, people, and places that stand for a state (``إسرائيل تقصف``)."""
    if e.label in ("ORG", "PER"):
        return True
    return actor_of(e) is not None


def _is_object(between: str, text: str, start: int) -> bool:
    words = word_list(normalize_text(between))
    if words and words[-1] in _OBJECT_CUES:
        return True
    # A glued preposition: مواقع لوحدات، بالتحالف (entity spans start after the clitic).
    return start > 0 and text[start - 1] in "لب" and (start < 2 or text[start - 2].isspace())


def _venue(text: str, e: Entity) -> bool:
    """The place is introduced as where something happens: ``في القاهرة``، ``بالرياض``، ``في
    مدينة إنزبروك`` (a unit word of resources/places/cues.tsv may stand between)."""
    if glued_preposition(text, e.start) == "ب":
        return True
    words = word_list(normalize_text(text[max(0, e.start - 30) : e.start]))
    if len(words) >= 2 and words[-1] in _UNIT_WORDS:
        words = words[:-1]
    return bool(words) and words[-1] in _IN


def _visited(text: str, e: Entity) -> bool:
    """The place is the one visited, a word of visiting up to two words before it: «زار
    الرئيس الصين», «زيارة كيم لبكين»; where the visit happens, a country too."""
    words = word_list(normalize_text(text[max(0, e.start - 40) : e.start]))[-3:]
    return any(without_proclitic(w) in _VISIT for w in words)


def _seat(text: str, e: Entity) -> bool:
    """The place is where a source or an organization sits, not where anything happened:
    ``المرصد، الذي يتخذ من بريطانيا مقرا له`` (the event is not in the United Kingdom),
    ``ومقره في لندن``."""
    after = word_list(normalize_text(text[e.end : e.end + 12]))
    if after and after[0] in _SEAT_AFTER:
        return True
    before = word_list(normalize_text(text[max(0, e.start - 20) : e.start]))
    if before and before[-1] in _IN:  # ومقره في لندن
        before = before[:-1]
    return bool(before) and before[-1] in _SEAT_BEFORE


def glued_preposition(text: str, start: int) -> str | None:
    """``ل`` or ``ب`` glued to the word an entity starts in (its span starts after it)."""
    if start > 0 and text[start - 1] in "لب" and (start < 2 or text[start - 2] in " \t\nو"):
        return text[start - 1]
    return None


def _agent_cue(between: str) -> bool:
    return any(w in _AGENT_CUES for w in word_list(normalize_text(between)))


def entities_overlap(a: Entity, b: Entity) -> bool:
    """Whether the two entities' spans share a character."""
    return a.start < b.end and b.start < a.end


def _key(e: Entity) -> str:
    return normalize_text(e.canonical or e.text)


def same_actor(a: Entity, b: Entity) -> bool:
    """Whether the two entities name one actor (the same normalized canonical name)."""
    return _key(a) == _key(b)


def _territory(agent: Entity | None) -> str:
    actor = actor_of(agent) if agent is not None else None
    if actor is not None and actor.category == "state_forces":
        return "government_regains_territory"
    return "non_state_actor_overtakes_territory"


def _acled_value(q: Quantity) -> int | None:
    """ACLED's conservative count: a range counts its low end; an unknown value none."""
    value = q.low if q.low is not None else q.value
    if value is None or value < 0:
        return None
    return int(value)


# ---------------------------------------------------------------------------------------------
# Merging mentions of one happening
# ---------------------------------------------------------------------------------------------


def _merge(
    drafts: Sequence[EventDraft], same: Callable[[EventDraft, EventDraft], bool] | None = None
) -> list[EventDraft]:
    """Mentions of one happening as one event. A noun that points back (``الهجوم``) joins the
    latest earlier event of its type and never starts one on its own. ``same``: whether two
    drafts tell one event (default: the rules' :func:`_same_event`)."""
    same = same or _same_event
    out: list[EventDraft] = []
    by_type: dict[str, list[EventDraft]] = {}
    for d in drafts:
        same_type = by_type.setdefault(d.type, [])
        target = next((o for o in same_type if same(o, d)), None)
        latest = same_type[-1] if same_type else None
        if target is None and d.trigger.anaphoric:
            if latest is None:
                continue  # points back at nothing told: background
            target = latest
        elif target is None and d.trigger.follows_up and latest is not None:
            near = d.sentence - latest.sentence <= 1
            target = latest if near and _places_agree(latest, d) else None
        if target is not None:
            _absorb(target, d)
        else:
            out.append(d)
            same_type.append(d)
    return out


def _without_generic(drafts: list[EventDraft]) -> list[EventDraft]:
    """Drop a bare ``هجوم`` where its sentence tells the attack more precisely (an
    explosion, an air strike, an attack on civilians), after lending it its arguments."""
    specific: dict[int, EventDraft] = {}
    for d in drafts:
        if not d.trigger.generic and d.type in VIOLENT_TYPES:
            specific.setdefault(d.sentence, d)
    out: list[EventDraft] = []
    for d in drafts:
        other = specific.get(d.sentence)
        if d.trigger.generic and other is not None and other.type != d.type:
            other.actor1 = other.actor1 or d.actor1
            other.actor2 = other.actor2 or d.actor2
            continue
        out.append(d)
    return out


def _places_agree(a: EventDraft, b: EventDraft) -> bool:
    return a.place is None or b.place is None or _same_place(a.place, b.place)


def _same_event(a: EventDraft, b: EventDraft) -> bool:
    if a.type != b.type:
        return False
    if a.sentence == b.sentence:
        return True
    if a.type not in ACLED_TYPES or a.trigger.sub_type != b.trigger.sub_type:
        return False
    if not _places_agree(a, b):
        return False
    return not (a.actor1 and b.actor1 and not same_actor(a.actor1, b.actor1))


def same_story_event(a: EventDraft, b: EventDraft) -> bool:
    """One event told twice in an article (the lead, then its detail paragraph or a quote):
    same type, and no argument they both have disagrees; political interactions also share
    their agent. Used by the learned model, whose candidates are many mentions per event."""
    if a.type != b.type:
        return False
    if a.sentence == b.sentence:
        return True
    if not _places_agree(a, b) or (a.time_value and b.time_value and a.time_value != b.time_value):
        return False
    if a.actor1 and b.actor1 and not same_actor(a.actor1, b.actor1):
        return False
    if a.actor2 and b.actor2 and not same_actor(a.actor2, b.actor2):
        return False
    if a.type in ACLED_TYPES:
        return a.trigger.sub_type == b.trigger.sub_type or not (a.place and b.place)
    return bool(a.actor1 and b.actor1)


def same_record(a: EventDraft, b: EventDraft) -> bool:
    """Two events of one article that an analyst's table would show as one row, so one event
    told twice in words the story rule could not join (two paragraphs naming the strike with
    different actors found, or none). An ACLED event is its type, sub-type, place and day:
    two with all four equal (a missing place or date counts as a value) are one. A political
    interaction told without its place or date is the one told with them, unless the two name
    different countries or days."""
    if a.type != b.type:
        return False
    if a.type in ACLED_TYPES:
        same_place = (
            _same_place(a.place, b.place)
            if a.place and b.place
            else a.place is None and b.place is None
        )
        return (
            a.trigger.sub_type == b.trigger.sub_type and same_place and a.time_value == b.time_value
        )
    country_a = a.place.country if a.place else None
    country_b = b.place.country if b.place else None
    if country_a and country_b and country_a != country_b:
        return False
    return not (a.time_value and b.time_value and a.time_value != b.time_value)


def one_row_per_event(drafts: Sequence[EventDraft]) -> list[EventDraft]:
    """``drafts`` (already merged by the story rule) with each set of :func:`same_record`
    events folded into its most probable one, which takes the others' missing arguments."""
    kept: list[EventDraft] = []
    for d in sorted(drafts, key=lambda d: -(d.probability or 0.0)):
        target = next((k for k in kept if same_record(k, d)), None)
        if target is None:
            kept.append(d)
        else:
            _absorb(target, d)
    return kept


def merge_mentions(drafts: list[EventDraft]) -> list[EventDraft]:
    """The learned model's kept mentions as events: a bare attack word lends its arguments to
    its sentence's precise event, the story rule joins the mentions of one event, then the
    mentions that are one row of an analyst's table are folded (:func:`one_row_per_event`)."""
    return one_row_per_event(_merge(_without_generic(drafts), same_story_event))


def _same_place(a: Place, b: Place) -> bool:
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    return (a.country, a.admin1, a.name) == (b.country, b.admin1, b.name) or (
        a.country == b.country and a.lat == b.lat and a.lon == b.lon
    )


def _absorb(into: EventDraft, other: EventDraft) -> None:
    # A weaker trigger in the same sentence (انتحاري after فجّر نفسه) adds nothing but its
    # arguments; a detail paragraph may carry the toll the lead lacked.
    if other.trigger.weight > into.trigger.weight and other.sentence == into.sentence:
        into.trigger = other.trigger
    elif into.trigger.sub_type == "armed_clash" and other.trigger.sub_type in TERRITORIAL_SUB_TYPES:
        # The fighting that took ground is coded as the territorial change (ACLED).
        into.trigger, into.evidence = other.trigger, other.evidence
    into.actor1 = into.actor1 or other.actor1
    into.actor2 = into.actor2 or other.actor2
    if into.place is None or (
        other.place is not None
        and _PRECISION_RANK.get(other.place.precision or "", 4)
        < _PRECISION_RANK.get(into.place.precision or "", 4)
    ):
        into.place = other.place or into.place
    if into.time is None:
        into.time, into.time_value = other.time, other.time_value
    into.fatalities = _max(into.fatalities, other.fatalities)
    into.injured = _max(into.injured, other.injured)
    into.reported_by = into.reported_by or other.reported_by
    into.mentions += 1
    if other.probability is not None:
        into.probability = max(into.probability or 0.0, other.probability)


def _time_value(time: Time) -> str | None:
    """What a time says, for comparing two mentions: its interval, else its value (None for a
    time the rules could not resolve: it then agrees with anything, like a missing time)."""
    if time.interval is not None:
        return f"{time.interval[0]}/{time.interval[1]}"
    return time.value


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    return a if b is None else max(a, b)
