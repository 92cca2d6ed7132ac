"""The learned event model's candidates and their features.

The trigger lexicon is the candidate generator: every trigger the rules find becomes a
candidate, with the arguments the rules give it (also where the rules would drop it, which
becomes a feature). The model then decides, for each candidate and each event type it could
be, whether it tells a new event of that type in the news window: ``هجوم`` in «شنت الطائرات
هجوما على البلدة» is an air strike, not a clash; «ضربة الجزاء» is no event at all.

Features are named strings (``w=غارات``، ``c=مباراة``، ``time=old``); the ones that tell the
type apart are also conjoined with the type asked about (``explosions_remote_violence|c=طائرات``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from marsad.arabic.normalize import normalize_text
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import strip_article, word_list
from marsad.doc import Document, Time
from marsad.extract.events.component import EventContext, EventDraft
from marsad.extract.events.taxonomy import ACLED_TYPES, POLITICAL_TYPES
from marsad.extract.events.triggers import TriggerMatch, find_triggers
from marsad.extract.times.component import publication_date

__all__ = ["TYPED_PREFIXES", "Candidate", "candidate_types", "find_candidates", "typed_features"]

# Words around a trigger that tell a real, new event from sport, film, cyber, economy or
# speech (resources/events/context_cues.tsv, normalized).
_CONTEXT_CUES: Final = load_wordlist("events/context_cues.tsv")
_CUE_OF: Final[dict[str, str]] = {
    normalize_text(w): cue for w, cue in _CONTEXT_CUES.mapping("cue").items()
}
_WINDOW: Final = 6  # words on each side
_CLAUSE: Final = 250  # characters on each side where dates and years are read
_YEAR_RE: Final = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(slots=True)
class Candidate:
    """A trigger, the event the rules draft from it (under its lexicon type), and the
    features of the decision."""

    trigger: TriggerMatch
    draft: EventDraft
    features: dict[str, float]


def candidate_types(rule_type: str) -> tuple[str, ...]:
    """The types a trigger of ``rule_type`` may turn out to be: the types of its family (a
    clash word in an air raid's sentence is the air strike); a protest may be an accusation."""
    family = ACLED_TYPES if rule_type in ACLED_TYPES else POLITICAL_TYPES
    return tuple(sorted(set(family) | {rule_type}))


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f">{edges[-1]}"


def _time_relation(t: Time, published: date) -> str | None:
    """``old`` (before the month before publication), ``recent``, ``future``."""
    value = t.interval[0] if t.interval else t.value
    if not value:
        return None
    try:
        if len(value) == 4:
            d = date(int(value), 12, 31)
        elif len(value) == 7:
            d = date(int(value[:4]), int(value[5:7]), 28)
        else:
            d = date.fromisoformat(value[:10])
    except ValueError:
        return None
    if d > published + timedelta(days=1):
        return "future"
    if d < published - timedelta(days=31):
        return "old"
    return "recent"


def _words(text: str) -> list[str]:
    return [strip_article(w) for w in word_list(normalize_text(text))]


def find_candidates(
    doc: Document, ctx: EventContext, gate: float | None = None, *, every: bool = True
) -> list[Candidate]:
    """Every trigger of ``doc`` as a candidate with its rule draft and features (``every``:
    also those the rules would not report, with why as a feature)."""
    published = publication_date(doc.meta.published)
    year = published.year if published else None
    triggers = find_triggers(doc.text, year, every=every)
    n_sentences = len(ctx.sentences)
    # A retrospective (the 2003 war told on its anniversary) dates most of its sentences long
    # before publication: the share of old dates in the article is a feature of every trigger.
    doc_old = None
    if published is not None:
        dated = [r for x in ctx.times.items if (r := _time_relation(x, published)) is not None]
        if dated:
            doc_old = _bucket(int(4 * sum(r == "old" for r in dated) / len(dated)), (0, 1, 2))
    out = []
    for t in triggers:
        d = ctx.draft(t, strict=False)
        assert d is not None  # not strict: never dropped
        f: dict[str, float] = {}
        on = f.__setitem__
        form = _words(t.text)
        on(f"w={' '.join(form)}", 1.0)
        on(f"rt={t.type}", 1.0)
        on(f"rs={t.sub_type}", 1.0)
        on(f"pos={t.pos}", 1.0)
        for flag in ("anaphoric", "follows_up", "generic"):
            if getattr(t, flag):
                on(flag, 1.0)
        if d.dropped:
            on(f"dropped={d.dropped}", 1.0)
        if t.filtered:
            on(f"filtered={t.filtered}", 1.0)
        for role in ("actor1", "actor2", "place", "time", "reported_by"):
            on(f"has_{role}={getattr(d, role) is not None}", 1.0)
        if d.fatalities is not None:
            on("has_fatalities", 1.0)
            on(f"fat={_bucket(d.fatalities, (0, 1, 5, 20, 100, 999))}", 1.0)
        if d.place is not None:
            on(f"place_prec={d.place.precision}", 1.0)
        sent = ctx.sentences[d.sentence]
        on(f"sent={_bucket(d.sentence, (0, 1, 2, 5, 10))}", 1.0)
        on(f"rel={_bucket(int(10 * d.sentence / max(1, n_sentences)), (2, 5, 10))}", 1.0)
        # Quotes rarely nest: the one holding the trigger starts among the last few.
        if any(t.end <= q.end for q in ctx.quotes.before(t.start, 4)):
            on("in_quote", 1.0)
        before = _words(doc.text[max(sent.start, t.start - 80) : t.start])[-_WINDOW:]
        after = _words(doc.text[t.end : min(sent.end, t.end + 80)])[:_WINDOW]
        if before:
            on(f"L1={before[-1]}", 1.0)
        if after:
            on(f"R1={after[0]}", 1.0)
        for w in (*before, *after):
            on(f"c={w}", 1.0)
            cue = _CUE_OF.get(w)
            if cue:
                on(f"cue={cue}", 1.0)
        # Dates near the trigger in its sentence against the publication date: history, news,
        # or plans. A window, not the whole sentence: a text without full stops is one sentence.
        lo, hi = max(sent.start, t.start - _CLAUSE), min(sent.end, t.end + _CLAUSE)
        sentence_text = doc.text[lo:hi]
        if published is not None:
            relations = {
                _time_relation(x, published) for x in ctx.times.within(lo, hi) if x.end <= hi
            }
            for r in relations - {None}:
                on(f"time={r}", 1.0)
            if not relations - {None}:
                # No date near it: the last one told before it, within two sentences.
                first = ctx.sentences[max(0, d.sentence - 2)].start
                earlier = [x for x in ctx.times.before(t.start, 3) if x.start >= first]
                last = _time_relation(earlier[-1], published) if earlier else None
                on(f"prev_time={last}", 1.0)
            if doc_old is not None:
                on(f"doc_old={doc_old}", 1.0)
            years = [int(y) for y in _YEAR_RE.findall(sentence_text)]
            if any(y < published.year for y in years):
                on("year_before", 1.0)
        if gate is not None:
            on(f"gate={_bucket(int(10 * gate), (1, 3, 5, 7, 9))}", 1.0)
        on(f"doc_triggers={_bucket(len(triggers), (1, 3, 8, 20))}", 1.0)
        out.append(Candidate(t, d, f))
    return out


# The features that tell one type from another, conjoined with the type asked about.
TYPED_PREFIXES: Final = ("w=", "rt=", "rs=", "L1=", "R1=", "c=", "cue=", "pos=", "has_")


def typed_features(features: dict[str, float], type_: str, rule_type: str) -> dict[str, float]:
    """The features of "``features``' candidate is an event of ``type_``"."""
    out = {f"T={type_}": 1.0, f"T={type_}|same={type_ == rule_type}": 1.0, **features}
    for name, value in features.items():
        if name.startswith(TYPED_PREFIXES):
            out[f"{type_}|{name}"] = value
    return out
