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
HEIGHT = 180
PAD_TOP, PAD_BOTTOM, PAD_SIDE = 12, 28, 36


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
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    top: int
    keys: tuple[str, ...]

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


def stacked_bars(
    series: Sequence[tuple[str, Mapping[str, int]]], *, width: int = WIDTH, height: int = HEIGHT
) -> BarChart:
    """Monthly stacked bars from ``[(YYYY-MM, {key: count})]`` (any order, gaps filled)."""
    by_period: dict[str, dict[str, int]] = {}
    for period, counts in series:
        slot = by_period.setdefault(period, {})
        for key, n in counts.items():
            slot[key] = slot.get(key, 0) + n
    if not by_period:
        return BarChart(width, height, (), (), 0, ())
    periods = months_between(min(by_period), max(by_period))
    keys = tuple(sorted({k for counts in by_period.values() for k in counts}))
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
    return BarChart(width, height, tuple(bars), _ticks(bars), top, keys)


def _ticks(bars: Sequence[Bar], most: int = 8) -> tuple[Tick, ...]:
    """Labels under the bars: every month when few, else January of each year (or every
    few years when there are many)."""
    if len(bars) <= most:
        return tuple(Tick(b.x + b.width / 2, b.period) for b in bars)
    years = [b for b in bars if b.period.endswith("-01")] or [bars[0]]
    every = max(1, -(-len(years) // most))
    return tuple(Tick(b.x, b.period[:4]) for b in years[::every])


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
