"""Is a casualty figure this event's toll, or a running or background total?

News gives an event's toll beside totals that are no one event's: «قتل أكثر من 62 ألفا منذ
2011», «ارتفعت حصيلة ضحايا الحرب إلى...», the toll of an attack recalled from last year. The
casualty rules (:func:`marsad.extract.events.triggers.toll_role`) tell a count of the killed or
the injured from other counts; this learned classifier tells, of those, an event's toll from
a total. It is a logistic model (:mod:`marsad.extract.linear`, trained by
``marsad.services.train_tolls`` on the annotated corpus's figures) over:

- the words right before and after the figure, normalized (the one word layer);
- cue words of ``resources/events/toll_cues.tsv`` in the figure's clause and sentence (منذ،
  حصيلة، ارتفع، إجمالي، حتى الآن، خلال، عام، الحرب، اليوم...);
- years in the clause and sentence, and whether one is before the publication year;
- the magnitude of the value, its hedge, whether it is a change (ارتفع إلى) or linked to a
  time;
- whether it sits in a quote, whether its sentence holds an event trigger, and where in the
  article it is.

The model's own threshold (chosen on the dev split, precision first) decides
:func:`is_event_toll`.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Final

from marsad.arabic.normalize import normalize_text
from marsad.arabic.sentences import split_sentences
from marsad.arabic.wordlists import load_wordlist
from marsad.arabic.words import clause_break_re, proclitic_splits, strip_definite, word_list
from marsad.doc import Quantity
from marsad.extract.events.taxonomy import VIOLENT_TYPES
from marsad.extract.events.triggers import find_triggers, toll_role
from marsad.extract.linear import LinearModel, load_model

__all__ = ["MODEL", "is_event_toll", "toll_features", "toll_model", "toll_probability"]

MODEL: Final = "events/models/tolls.json.gz"

_CUES: Final = load_wordlist("events/toll_cues.tsv")
_CUE_OF: Final[dict[str, tuple[str, ...]]] = {}
for _row in _CUES.rows:
    _key = normalize_text(_row["word"])
    _CUE_OF[_key] = (*_CUE_OF.get(_key, ()), _row["cue"])
_PHRASE_LENGTH: Final = max(len(k.split()) for k in _CUE_OF)
_YEAR: Final = re.compile(r"(?<!\d)(19[4-9]\d|20[0-4]\d)(?!\d)")
_NEAR: Final = 4  # words before and after the figure read as words
_QUOTE_OPEN, _QUOTE_CLOSE = "«“", "»”"

Span = tuple[int, int]


def toll_model() -> LinearModel:
    """The shipped toll classifier (its ``threshold`` is the decision point)."""
    return load_model(MODEL)


def toll_probability(
    text: str, quantity: Quantity, published: str | None, sentence: Span | None = None
) -> float:
    """The calibrated probability that ``quantity`` is the toll of an event the article
    reports, not a cumulative or background total (``sentence``: its sentence's span, found
    when not given)."""
    return toll_model().probability(toll_features(text, quantity, published, sentence))


def is_event_toll(
    text: str, quantity: Quantity, published: str | None, sentence: Span | None = None
) -> bool:
    """Whether the toll classifier takes ``quantity`` as an event's toll (at its threshold)."""
    model = toll_model()
    return model.probability(toll_features(text, quantity, published, sentence)) >= (
        model.threshold
    )


def _sentence_of(text: str, start: int, end: int) -> Span:
    for s, e in split_sentences(text):
        if s <= start < e:
            return s, max(e, end)
    return 0, len(text)


def _clause(text: str, sent: Span, start: int, end: int) -> Span:
    lo, hi = sent
    for m in clause_break_re().finditer(text, lo, hi):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return lo, hi


def _words(chunk: str) -> list[str]:
    return word_list(normalize_text(chunk))


def _cues(words: list[str]) -> set[str]:
    """The cue classes of ``words``: a word as written, without its proclitics, or a phrase."""
    found: set[str] = set()
    for i, w in enumerate(words):
        for split in proclitic_splits(w):
            found.update(_CUE_OF.get(split.stem, ()))
        for n in range(2, _PHRASE_LENGTH + 1):
            if i + n <= len(words):
                found.update(_CUE_OF.get(" ".join(words[i : i + n]), ()))
    return found


def _magnitude(q: Quantity) -> str:
    value = q.low if q.low is not None else q.value
    if value is None or value < 1:
        return "none"
    if value < 2:
        return "1"
    return str(min(5, int(math.log10(value)) + 1))  # 2-9 → 1 digit ... 10000+ → 5


def _year(published: str | None) -> int | None:
    return int(published[:4]) if published and published[:4].isdigit() else None


@lru_cache(maxsize=256)
def _triggers(sentence: str, year: int | None) -> tuple[tuple[int, str, bool], ...]:
    return tuple((t.start, t.type, t.anaphoric) for t in find_triggers(sentence, year))


def _inside_quote(text: str, sent: Span, start: int) -> bool:
    before = text[sent[0] : start]
    opened = sum(before.count(c) for c in _QUOTE_OPEN) - sum(before.count(c) for c in _QUOTE_CLOSE)
    return opened > 0 or before.count('"') % 2 == 1


def toll_features(
    text: str, quantity: Quantity, published: str | None, sentence: Span | None = None
) -> dict[str, float]:
    """The named features of the figure ``quantity`` of ``text`` (see the module docstring)."""
    q = quantity
    sent = sentence or _sentence_of(text, q.start, q.end)
    clause = _clause(text, sent, q.start, q.end)
    f: dict[str, float] = {}

    role = toll_role(text, q.start, q.end)
    f[f"role={role}"] = 1.0
    before = _words(text[sent[0] : q.start])
    after = _words(text[q.end : sent[1]])
    for k, w in enumerate(reversed(before[-_NEAR:])):
        f[f"b{k + 1 if k == 0 else ''}:{strip_definite(w)}"] = 1.0
    for k, w in enumerate(after[:_NEAR]):
        f[f"a{k + 1 if k == 0 else ''}:{strip_definite(w)}"] = 1.0

    clause_before = _cues(_words(text[clause[0] : q.start]))
    clause_after = _cues(_words(text[q.end : clause[1]]))
    sentence_cues = _cues(before) | _cues(after)
    for c in clause_before:
        f[f"cue:{c}@before"] = 1.0
    for c in clause_after:
        f[f"cue:{c}@after"] = 1.0
    for c in sentence_cues - clause_before - clause_after:
        f[f"cue:{c}@sentence"] = 1.0

    pub = _year(published)
    for where, (lo, hi) in (("clause", clause), ("sentence", sent)):
        years = [int(m.group()) for m in _YEAR.finditer(text, lo, hi)]
        if years:
            f[f"year@{where}"] = 1.0
            if pub is not None and min(years) < pub:
                f[f"year_before_pub@{where}"] = 1.0
            if pub is not None and pub in years:
                f[f"year_is_pub@{where}"] = 1.0

    f[f"mag={_magnitude(q)}"] = 1.0
    f[f"role={role}|mag={_magnitude(q)}"] = 1.0
    f[f"qualifier={q.qualifier}"] = 1.0
    if q.vague:
        f["vague"] = 1.0
    if q.change is not None:
        f[f"change={q.change.direction}"] = 1.0
    if q.time is not None:
        f["linked_time"] = 1.0
    if q.quote is not None or _inside_quote(text, sent, q.start):
        f["quoted"] = 1.0
    if q.reported_by is not None:
        f["reported"] = 1.0

    triggers = _triggers(text[sent[0] : sent[1]], pub)
    violent = [(s, anaphoric) for s, t, anaphoric in triggers if t in VIOLENT_TYPES]
    if not triggers:
        f["no_trigger"] = 1.0
    elif not violent:
        f["trigger=other"] = 1.0
    else:
        f["trigger=violent"] = 1.0
        if all(anaphoric for _, anaphoric in violent):
            f["trigger=anaphoric"] = 1.0
        local = q.start - sent[0]
        if any(clause[0] - sent[0] <= s < clause[1] - sent[0] for s, _ in violent):
            f["trigger@clause"] = 1.0
        if any(s < local for s, _ in violent):
            f["trigger@before"] = 1.0

    rel = q.start / max(1, len(text))
    f[f"position={min(4, int(rel * 5))}"] = 1.0
    if q.start < 400:
        f["lead"] = 1.0
    if sent[0] == 0:
        f["first_sentence"] = 1.0
    return f
