"""Time expressions as a pipeline component (rules in ``marsad.extract.times.rules``).

Relative expressions (``أمس الأول``, ``الشهر الماضي``) are resolved against ``meta.published``;
without a publication date they are still found, with ``value`` and ``interval`` None.
"""

from __future__ import annotations

from datetime import date

from marsad.doc import Document, Time
from marsad.extract.times.rules import find_times
from marsad.pipeline import register


def publication_date(published: str | None) -> date | None:
    """The date part of ``meta.published`` (``2017-06-14`` or ``2017-06-14T08:30:00Z``).

    None when it is missing or not an ISO date: a wrong date would shift every relative
    expression in the article, so it is better to leave them unresolved.

    >>> publication_date("2017-06-14T08:30:00+03:00")
    datetime.date(2017, 6, 14)
    >>> publication_date("14/6/2017") is None
    True
    """
    if not published:
        return None
    try:
        day = date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None
    # Relative dates reach years around it (أمس، العام الماضي، 11 كانون الأول): outside these
    # years a "publication date" is a placeholder (0001-01-01, 9999-12-31), and the arithmetic
    # would leave the calendar.
    return day if _FIRST_YEAR <= day.year <= _LAST_YEAR else None


_FIRST_YEAR, _LAST_YEAR = 1800, 2199


@register("times.rules.v1")
class TimeTagger:
    """Assigns ``times``: dates, relative days, weeks, months, years, seasons and ranges."""

    name = "times.rules.v1"
    requires = frozenset({"text", "meta"})
    assigns = frozenset({"times"})

    def __call__(self, doc: Document) -> Document:
        published = publication_date(doc.meta.published)
        times = tuple(
            Time(
                id=f"t{i}",
                start=m.start,
                end=m.end,
                text=m.text,
                value=m.value,
                granularity=m.granularity,
                interval=m.interval,
                source=self.name,
            )
            for i, m in enumerate(find_times(doc.text, published), start=1)
        )
        return doc.with_(times=times)
