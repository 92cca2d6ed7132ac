"""Charts drawn on the server as SVG geometry (rects and circles the templates emit), so the
timeline renders without any script, prints, and is escaped like the rest of the page.

>>> chart = stacked_bars([("2017-08", {"battles": 2}), ("2017-10", {"protests": 1})])
>>> [b.period for b in chart.bars]
['2017-08', '2017-09', '2017-10']
>>> [(s.key, s.value) for s in chart.bars[0].stack]
[('battles', 2)]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

WIDTH = 760
HEIGHT = 190
PAD_TOP, PAD_BOTTOM, PAD_SIDE = 12, 36, 36
# The timeline leaves out at most this share of the events at each end (dates far from the
# rest: a war of 1966 named in a 2018 article), then takes back the months near the core.
OUTLIER_SHARE = 0.02
MOST_MONTH_LABELS = 12


@dataclass(frozen=True, slots=True)
class Piece:
    key: str
    value: int
    y: float
    height: float


@dataclass(frozen=True, slots=True)
class Bar:
    period: str
    total: int
    x: float
    width: float
    stack: tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Counts outside the months drawn: ``before`` the first, ``after`` the last."""

    before: int = 0
    after: int = 0
    first: str = ""  # the first and last month drawn
    last: str = ""

    def __bool__(self) -> bool:
        return bool(self.before or self.after)


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    top: int
    keys: tuple[str, ...]
    years: tuple[Tick, ...] = ()
    left_out: LeftOut = LeftOut()

    @property
    def baseline(self) -> int:
        return self.height - PAD_BOTTOM


def months_between(first: str, last: str) -> list[str]:
    """Every ``YYYY-MM`` from ``first`` to ``last``, so empty months show as gaps."""
    y, m = int(first[:4]), int(first[5:7])
    out = []
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _month_index(period: str) -> int:
    return int(period[:4]) * 12 + int(period[5:7]) - 1


def core_months(totals: Mapping[str, int], share: float = OUTLIER_SHARE) -> tuple[str, str]:
    """The first and last month of the bulk of the data: at most ``share`` of the counts are
    dropped at each end, then the months within a quarter of the core's span (three months at
    least) of its edge are taken back, step by step, so a contiguous tail stays whole.

    >>> core_months({"1966-05": 1, **{f"2017-{m:02d}": 10 for m in range(1, 13)}})
    ('2017-01', '2017-12')
    >>> core_months({"2016-11": 1, **{f"2017-{m:02d}": 10 for m in range(1, 13)}})
    ('2016-11', '2017-12')
    """
    periods = sorted(p for p, n in totals.items() if n > 0)
    if not periods:
        return ("", "")
    allowed = share * sum(totals[p] for p in periods)
    lo, dropped = 0, 0
    while lo < len(periods) - 1 and dropped + totals[periods[lo]] <= allowed:
        dropped += totals[periods[lo]]
        lo += 1
    hi, dropped = len(periods) - 1, 0
    while hi > lo and dropped + totals[periods[hi]] <= allowed:
        dropped += totals[periods[hi]]
        hi -= 1
    span = _month_index(periods[hi]) - _month_index(periods[lo]) + 1
    gap = max(3, span // 4)
    while lo > 0 and _month_index(periods[lo]) - _month_index(periods[lo - 1]) <= gap:
        lo -= 1
    while (
        hi < len(periods) - 1 and _month_index(periods[hi + 1]) - _month_index(periods[hi]) <= gap
    ):
        hi += 1
    return periods[lo], periods[hi]


def stacked_bars(
    series: Sequence[tuple[str, Mapping[str, int]]],
    *,
    width: int = WIDTH,
    height: int = HEIGHT,
    order: Sequence[str] = (),
    clip: bool = False,
    month_names: Mapping[int, str] | None = None,
) -> BarChart:
    """Monthly stacked bars from ``[(YYYY-MM, {key: count})]`` (any order, gaps filled).

    ``order``: the keys' stacking and legend order (others after, sorted); ``clip``: draw
    only the :func:`core_months` and count what falls outside in ``left_out``;
    ``month_names``: labels of the months (1-12) under the bars, else their numbers.
    """
    by_period: dict[str, dict[str, int]] = {}
    for period, counts in series:
        slot = by_period.setdefault(period, {})
        for key, n in counts.items():
            slot[key] = slot.get(key, 0) + n
    if not by_period:
        return BarChart(width, height, (), (), 0, ())
    first, last = min(by_period), max(by_period)
    left_out = LeftOut()
    if clip:
        first, last = core_months({p: sum(c.values()) for p, c in by_period.items()})
        before = sum(sum(c.values()) for p, c in by_period.items() if p < first)
        after = sum(sum(c.values()) for p, c in by_period.items() if p > last)
        left_out = LeftOut(before, after, first, last)
        by_period = {p: c for p, c in by_period.items() if first <= p <= last}
    periods = months_between(first, last)
    present = {k for counts in by_period.values() for k in counts}
    keys = tuple(k for k in order if k in present) + tuple(sorted(present - set(order)))
    top = max(sum(c.values()) for c in by_period.values()) or 1
    plot_w = width - 2 * PAD_SIDE
    plot_h = height - PAD_TOP - PAD_BOTTOM
    step = plot_w / len(periods)
    bars = []
    for i, period in enumerate(periods):
        counts = by_period.get(period, {})
        y = float(height - PAD_BOTTOM)
        stack = []
        for key in keys:
            n = counts.get(key, 0)
            if n:
                h = plot_h * n / top
                y -= h
                stack.append(Piece(key, n, round(y, 2), round(h, 2)))
        x = PAD_SIDE + i * step
        bars.append(
            Bar(period, sum(counts.values()), round(x, 2), round(max(step - 1, 1), 2), tuple(stack))
        )
    ticks, years = _ticks(bars, month_names or {})
    return BarChart(width, height, tuple(bars), ticks, top, keys, years, left_out)


def _ticks(
    bars: Sequence[Bar], month_names: Mapping[int, str], most: int = MOST_MONTH_LABELS
) -> tuple[tuple[Tick, ...], tuple[Tick, ...]]:
    """Month labels under the bars, every 1, 2, 3, 6 or 12 months (the first that keeps
    ``most`` labels or fewer, on calendar boundaries), and a row of years under them: each
    January and the first bar; past 12 months a step, only the years (every few when many).

    >>> months = months_between("2017-11", "2018-02")
    >>> bars = [Bar(p, 1, i * 10.0, 9.0, ()) for i, p in enumerate(months)]
    >>> [(t.label) for t in _ticks(bars, {})[0]], [t.label for t in _ticks(bars, {})[1]]
    (['11', '12', '1', '2'], ['2017', '2018'])
    """
    centre = {b.period: round(b.x + b.width / 2, 2) for b in bars}
    step = next((k for k in (1, 2, 3, 6) if -(-len(bars) // k) <= most), 0)
    months: tuple[Tick, ...] = ()
    if step:
        months = tuple(
            Tick(centre[b.period], month_names.get(int(b.period[5:7]), str(int(b.period[5:7]))))
            for b in bars
            if (int(b.period[5:7]) - 1) % step == 0
        )
    starts = [b for b in bars if b.period.endswith("-01")]
    if not starts or starts[0] is not bars[0]:
        starts.insert(0, bars[0])
    every = max(1, -(-len(starts) // most))
    years = tuple(Tick(centre[b.period], b.period[:4]) for b in starts[::every])
    return months, years


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    value: float
    when: str
    series: int
    label: str


@dataclass(frozen=True, slots=True)
class DotChart:
    width: int
    height: int
    dots: tuple[Dot, ...]
    low: float
    high: float
    ticks: tuple[Tick, ...]

    @property
    def baseline(self) -> int:
        return self.height - PAD_BOTTOM


def _day(value: str) -> int:
    return date.fromisoformat(
        (value + "-01-01")[:10] if len(value) < 10 else value[:10]
    ).toordinal()


def dots_over_time(
    points: Sequence[tuple[str, float, int, str]], *, width: int = WIDTH, height: int = HEIGHT
) -> DotChart:
    """A dot per ``(ISO date, value, series index, label)``; x is time, y the value."""
    usable = [p for p in points if p[0] and p[0][:4].isdigit()]
    if not usable:
        return DotChart(width, height, (), 0, 0, ())
    days = [_day(p[0]) for p in usable]
    first, last = min(days), max(days)
    low, high = min(0.0, *(p[1] for p in usable)), max(p[1] for p in usable)
    span_x, span_y = max(last - first, 1), (high - low) or 1.0
    plot_w, plot_h = width - 2 * PAD_SIDE, height - PAD_TOP - PAD_BOTTOM
    dots = tuple(
        Dot(
            round(PAD_SIDE + plot_w * (d - first) / span_x, 2),
            round(height - PAD_BOTTOM - plot_h * (v - low) / span_y, 2),
            v,
            when,
            series,
            label,
        )
        for d, (when, v, series, label) in zip(days, usable, strict=True)
    )
    years = sorted({p[0][:4] for p in usable})
    ticks = tuple(
        Tick(round(PAD_SIDE + plot_w * (_day(y) - first) / span_x, 2), y)
        for y in years
        if first <= _day(y) <= last
    ) or (Tick(PAD_SIDE, usable[0][0][:10]),)
    return DotChart(width, height, dots, low, high, ticks)
