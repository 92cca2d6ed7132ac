"""Figures as a pipeline component (rules in ``marsad.extract.figures.rules``), each linked to
the time expression of its clause.

Which time a figure takes, in order:

1. a time right after it, with at most a short preposition between
   (``640 مليون دولار في 2016``, ``9 آلاف عام 2012``);
2. else the nearest time in its clause with no other figure in between (a clause ends at
   ``،`` ``؛`` ``.`` and at ``فيما``/``بينما``/``في حين``);
3. else the only time of its sentence, when the sentence has exactly one.

Numbers inside time expressions (``12 يناير 2017``) are not figures.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Final

from marsad.arabic.words import CONJ_OPT, clause_break_re
from marsad.doc import Change, Document, Quantity, Span, Time
from marsad.extract.figures.rules import Figure, find_figures
from marsad.pipeline import register

# What may stand between a figure and the time that follows it.
_TIME_GLUE_RE: Final = re.compile(
    rf"\s*(?:(?:{CONJ_OPT}(?:في|خلال|منذ|حتى|بحلول|عام|سنة|العام|مع|نهاية|بداية|مطلع)|،|,)\s*){{0,2}}"
)
_CLAUSE_BREAK_RE: Final = clause_break_re(("فيما", "بينما", "في حين"))


@register("quantities.rules.v1")
class QuantityTagger:
    """Assigns ``quantities``: money, percentages, counts, measures and ordinals with their
    unit, qualifier, range, change, subject and time."""

    name = "quantities.rules.v1"
    requires = frozenset({"text", "sentences", "times"})
    assigns = frozenset({"quantities"})

    def __call__(self, doc: Document) -> Document:
        figures = find_figures(doc.text, [(t.start, t.end) for t in doc.times])
        ids = [f"q{i}" for i in range(1, len(figures) + 1)]
        times = link_times(doc.text, figures, doc.times, doc.sentences)
        quantities = tuple(
            Quantity(
                id=ids[i],
                start=f.start,
                end=f.end,
                text=f.text,
                value=f.value,
                kind=f.kind,
                low=f.low,
                high=f.high,
                unit=f.unit,
                qualifier=f.qualifier,
                subject=f.subject,
                time=times[i],
                change=_change(f, ids),
                vague=f.vague,
                source=self.name,
            )
            for i, f in enumerate(figures)
        )
        return doc.with_(quantities=quantities)


def _change(f: Figure, ids: Sequence[str]) -> Change | None:
    c = f.change
    if c is None:
        return None
    return Change(
        from_=ids[c.from_index] if c.from_index is not None else None,
        to=ids[c.to_index] if c.to_index is not None else None,
        direction=c.direction,
        percent=c.percent,
    )


def link_times(
    text: str, figures: Sequence[Figure], times: Sequence[Time], sentences: Sequence[Span]
) -> list[str | None]:
    """The id of each figure's time expression (see the module docstring), or None.

    Times and sentences are looked up by bisection, so a document with 100,000 figures costs
    no more per figure than one with ten.
    """
    ordered = sorted(times, key=lambda t: t.start)
    starts = [t.start for t in ordered]
    sentence_starts = [s.start for s in sentences]
    out: list[str | None] = []
    for i, f in enumerate(figures):
        prev_end = figures[i - 1].end if i > 0 else 0
        next_start = figures[i + 1].start if i + 1 < len(figures) else len(text)
        out.append(
            _time_of(text, f, ordered, starts, sentences, sentence_starts, prev_end, next_start)
        )
    return out


def _time_of(
    text: str,
    f: Figure,
    times: Sequence[Time],
    starts: Sequence[int],
    sentences: Sequence[Span],
    sentence_starts: Sequence[int],
    prev_end: int,
    next_start: int,
) -> str | None:
    glue = _TIME_GLUE_RE.match(text, f.end)
    after = glue.end() if glue else f.end
    k = bisect_left(starts, f.end)
    if k < len(times) and times[k].start <= after + 1 and times[k].start < next_start:
        return times[k].id
    c_start, c_end = _clause(text, f.start, f.end)
    best: tuple[int, str] | None = None
    # The nearest time before the figure and the nearest after it are the only candidates.
    before = bisect_right(starts, f.start) - 1
    for t in (times[before] if before >= 0 else None, times[k] if k < len(times) else None):
        if t is None:
            continue
        if t.end <= f.start and t.start >= max(c_start, prev_end):
            dist = f.start - t.end
        elif t.start >= f.end and t.end <= min(c_end, next_start):
            dist = t.start - f.end
        else:
            continue
        if best is None or dist < best[0]:
            best = (dist, t.id)
    if best is not None:
        return best[1]
    j = bisect_right(sentence_starts, f.start) - 1
    if j >= 0 and f.start < sentences[j].end:
        sentence = sentences[j]
        lo = bisect_left(starts, sentence.start)
        hi = bisect_left(starts, sentence.end)
        if hi - lo == 1:
            return times[lo].id
    return None


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around ``text[start:end]``: between the nearest breaks on either side."""
    left = max(
        (m.end() for m in _CLAUSE_BREAK_RE.finditer(text, max(0, start - 300), start)), default=0
    )
    after = _CLAUSE_BREAK_RE.search(text, end, end + 300)
    right = after.start() if after else min(len(text), end + 300)
    return left, right
