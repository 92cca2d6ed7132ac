"""Computed answers the server keeps for a while: map views (``events.geojson?limit=N``),
which take ~0.1 s of SQL and JSON each and which every map client asks for again and again.

An answer is reused while the store's newest document is the same one (a new ingest shows at
once) and for at most ``ttl`` seconds (a re-analysis of stored documents, which adds none,
shows within that time). The cache holds at most ``size`` answers, least recently used out.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

DEFAULT_SIZE = 64
DEFAULT_TTL = 30.0


@dataclass(frozen=True, slots=True)
class _Entry:
    version: object
    made: float
    body: bytes


class AnswerCache:
    """A bounded, thread-safe map from a request's key to its answer's bytes."""

    def __init__(
        self,
        size: int = DEFAULT_SIZE,
        ttl: float = DEFAULT_TTL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.size = size
        self.ttl = ttl
        self._clock = clock
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: object, make: Callable[[], bytes]) -> bytes:
        """The answer for ``key`` made at ``version`` no longer than ``ttl`` ago, else
        ``make()`` (run outside the lock: two threads may both make it once)."""
        now = self._clock()
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None and entry.version == version and now - entry.made <= self.ttl:
                self._entries.move_to_end(key)
                self.hits += 1
                return entry.body
            self.misses += 1
        body = make()
        if self.size > 0:
            with self._lock:
                self._entries[key] = _Entry(version, now, body)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return body
