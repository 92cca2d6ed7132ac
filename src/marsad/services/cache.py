"""Computed answers a server keeps for a while: map views (``events.geojson?limit=N``,
~0.1 s of SQL and JSON each) and event totals (a count over every event, ~15 ms on 30k
articles), which every map and list client asks for again and again.

An answer is reused while the store's newest document is the same one (a new ingest shows at
once) and for at most ``ttl`` seconds (a re-analysis or a deletion of stored documents,
which adds none, shows within that time). The cache holds at most ``size`` answers, least
recently used out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_SIZE = 64
DEFAULT_TTL = 30.0


@dataclass(frozen=True, slots=True)
class _Entry(Generic[T]):
    version: object
    made: float
    value: T


class AnswerCache(Generic[T]):
    """A bounded, thread-safe map from a question's key to its answer."""

    def __init__(
        self,
        size: int = DEFAULT_SIZE,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.ttl = ttl
        self._clock = clock
        self._entries: OrderedDict[Hashable, _Entry[T]] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: object, make: Callable[[], T]) -> T:
        """The answer for ``key`` made at ``version`` no longer than ``ttl`` ago, else
        ``make()`` (run outside the lock: two threads may both make it once)."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.version == version and now - entry.made <= self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.value
            self.misses += 1
        value = make()
        if self.size > 0:
            with self._lock:
                self._entries[key] = _Entry(version, now, value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value
