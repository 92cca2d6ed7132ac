"""Watching sources: poll feeds and URLs on a schedule, ingest what is new, raise alerts.

Every poll reads its feed through the one input path (:func:`marsad.inputs.read_inputs`: the
fetch limits, feed parsing, M### errors) and stores the entries it has not seen through the
ingest service (:func:`marsad.services.ingest.ingest_loaded`). An entry is known by its URL
(its content id when it has none, or when two entries of the feed share one) and by the
store's content identity, so neither a second poll nor a restart stores it twice.

A feed that fails (M008 fetch, M007 malformed, ...) is reported and retried after 60 s, then
twice as long each time up to ``watch.backoff_max``; the other feeds go on. What was seen,
the failures and the alerts still to deliver are kept in a small JSON state file (written
whole, then renamed into place, so a kill leaves the old or the new one), written after
every poll. Ctrl-C between two writes loses nothing: the batches ingest committed are
known to the store, the rest is read again.

Alerts: a rule (event type or sub-type, country, entity, least fatalities) selects the new
events of a poll (copies of an event a story already reported are left out); they are
appended to a JSONL file and/or POSTed as one JSON object to a webhook (bounded timeout).
A delivery that fails is reported (M072), never fatal. The ids of the documents whose
events still need alerting are saved before ingest, so an interrupted poll alerts them on
the next start.

The clock and the sleep are injectable, so tests run the scheduler in no time.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.error import HTTPError, URLError
from urllib.request import Request, urlopen

from marsad.corpus.writer import Failure, IngestReport
from marsad.errors import AlertError, InputError, MarsadError, WatchConfigError, WatchStateError
from marsad.extract.entities.canonical import variant_key
from marsad.inputs import Loaded, read_inputs
from marsad.services.ingest import ingest_loaded
from marsad.services.queries import make_filters, resolve_entity
from marsad.settings import Settings, WatchAlert, WatchFeed
from marsad.store import Store

__all__ = [
    "MIN_INTERVAL",
    "AlertRule",
    "Feed",
    "PollResult",
    "Watch",
    "feeds_from",
    "parse_interval",
    "post_json",
    "read_feeds_file",
    "rules_from",
    "state_path_for",
]

# The shortest interval between two polls of one feed (seconds): polite to the servers, and
# the first retry of a failing feed.
MIN_INTERVAL = 60.0
# Entry keys remembered per feed: far more than a feed lists at once (tens), so an entry that
# drops out of the feed and comes back is still known; the store's content ids back it up.
MAX_SEEN = 5000
STATE_VERSION = 1
_UNITS = {"": 1.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")


def parse_interval(text: str | float, *, source: str | None = None) -> float:
    """Seconds from ``90``, ``90s``, ``15m``, ``1h`` or ``1d``; M070 below :data:`MIN_INTERVAL`.

    >>> parse_interval("15m"), parse_interval(120)
    (900.0, 120.0)
    """
    if isinstance(text, int | float):
        seconds = float(text)
    else:
        found = _INTERVAL.match(text)
        if not found:
            raise WatchConfigError(
                f"not an interval: {text!r} (seconds, or a number with s, m, h or d)",
                source=source,
            )
        seconds = float(found.group(1)) * _UNITS[found.group(2).lower()]
    if seconds < MIN_INTERVAL:
        raise WatchConfigError(
            f"an interval of {seconds:g} s is below the minimum of {MIN_INTERVAL:g} s",
            source=source,
        )
    return seconds


@dataclass(frozen=True, slots=True)
class Feed:
    """A source to poll: a feed or page URL (or a local file) and its interval in seconds."""

    url: str
    interval: float


def read_feeds_file(path: str | Path) -> list[WatchFeed]:
    """The feeds of a file: one ``URL [INTERVAL]`` a line; blank lines and ``#`` comments
    are skipped. M070 names the line of a bad one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise WatchConfigError(f"cannot read the feeds file: {exc}", source=str(path)) from exc
    feeds: list[WatchFeed] = []
    for number, line in enumerate(lines, start=1):
        words = line.split("#", 1)[0].split() if not line.lstrip().startswith("#") else []
        if not words:
            continue
        where = f"{path}:{number}"
        if len(words) > 2:
            raise WatchConfigError("expected URL [INTERVAL]", source=where)
        interval = parse_interval(words[1], source=where) if len(words) == 2 else None
        feeds.append(WatchFeed(url=words[0], interval=interval))
    return feeds


def feeds_from(
    settings: Settings,
    *,
    urls: Iterable[str] = (),
    feeds_file: str | Path | None = None,
    interval: str | float | None = None,
) -> list[Feed]:
    """The feeds to watch: the settings' ``[[watch.feeds]]``, then the file's, then ``urls``
    (a URL given twice keeps its last interval). ``interval`` overrides the settings' global
    one for feeds without their own. M070 for none, ``-`` or an interval below the minimum."""
    default = parse_interval(
        interval if interval is not None else settings.watch.interval, source="watch.interval"
    )
    listed: list[WatchFeed] = list(settings.watch.feeds)
    if feeds_file is not None:
        listed += read_feeds_file(feeds_file)
    listed += [WatchFeed(url=url) for url in urls]
    feeds: dict[str, Feed] = {}
    for item in listed:
        url = item.url.strip()
        if not url:
            continue
        if url == "-":
            raise WatchConfigError("standard input cannot be watched", source=url)
        own = item.interval
        seconds = parse_interval(own, source=url) if own is not None else default
        feeds.pop(url, None)
        feeds[url] = Feed(url, seconds)
    if not feeds:
        raise WatchConfigError(
            "no feeds to watch: give URLs, --feeds FILE, or [[watch.feeds]] in the settings"
        )
    return list(feeds.values())


@dataclass(frozen=True, slots=True)
class AlertRule:
    """Which new events to alert on (every condition given must hold) and where to."""

    name: str
    event_type: str | None = None
    country: str | None = None
    entity: str | None = None  # an entity key, or a name's variant key
    min_fatalities: int | None = None
    jsonl: Path | None = None
    webhook: str | None = None

    @classmethod
    def from_settings(cls, alert: WatchAlert) -> AlertRule:
        """A rule checked like the query filters (M070 for a bad value or no destination)."""
        where = f"watch.alerts {alert.name}"
        if not alert.jsonl and not alert.webhook:
            raise WatchConfigError("an alert needs a jsonl file or a webhook URL", source=where)
        if alert.webhook and not alert.webhook.startswith(("http://", "https://")):
            raise WatchConfigError(f"not an http(s) URL: {alert.webhook!r}", source=where)
        if alert.country and not _COUNTRY.match(alert.country):
            raise WatchConfigError(
                f"country must be a two-letter code, not {alert.country!r}", source=where
            )
        try:
            filters = make_filters(entity=alert.entity, event_type=alert.type)
        except MarsadError as exc:
            raise WatchConfigError(exc.message, source=where) from exc
        return cls(
            name=alert.name,
            event_type=filters.event_type,
            country=alert.country.upper() if alert.country else None,
            entity=filters.entity,
            min_fatalities=alert.min_fatalities,
            jsonl=Path(alert.jsonl) if alert.jsonl else None,
            webhook=alert.webhook or None,
        )

    def matches(
        self,
        event: Mapping[str, Any],
        actors: Sequence[Mapping[str, Any]],
        keys: frozenset[str] = frozenset(),
    ) -> bool:
        """Whether a stored event row (with its actors' mention rows) meets every condition;
        ``keys``: the entity keys the rule's entity resolves to in the store (any name the
        lookup knows: داعش, Islamic State)."""
        if self.event_type and self.event_type not in (event["type"], event["sub_type"]):
            return False
        if self.country and event["country"] != self.country:
            return False
        if self.min_fatalities is not None and (event["fatalities"] or 0) < self.min_fatalities:
            return False
        if not self.entity:
            return True
        return any(m.get("entity_key") in keys or _names(self.entity, m) for m in actors)


def _names(entity: str, mention: Mapping[str, Any]) -> bool:
    """Whether ``entity`` (a key, or a name in any spelling the normalizer folds) is this
    mention's entity, by its own names."""
    if mention.get("entity_key") == entity:
        return True
    wanted = variant_key(entity)
    names = (mention.get("canonical"), mention.get("name_en"), mention.get("text"))
    return any(name and variant_key(name) == wanted for name in names)


def rules_from(settings: Settings, extra: Iterable[WatchAlert] = ()) -> list[AlertRule]:
    """The settings' ``[[watch.alerts]]`` and ``extra`` (the command line's), checked."""
    return [AlertRule.from_settings(a) for a in (*settings.watch.alerts, *extra)]


def state_path_for(store_url: str, configured: str = "") -> Path:
    """Where the state lives: ``configured``, else next to a SQLite store (``DB.watch.json``),
    else ``marsad-watch.json`` in the current folder (PostgreSQL, an in-memory store)."""
    if configured:
        return Path(configured)
    path = store_url.removeprefix("sqlite:///").removeprefix("sqlite://")
    if path == ":memory:" or "://" in path:
        return Path("marsad-watch.json")
    return Path(path).expanduser().with_name(Path(path).name + ".watch.json")


@dataclass(slots=True)
class PollResult:
    """What one poll of one feed did; ``error`` is set when the whole feed failed."""

    feed: str
    at: float
    new: int = 0
    known: int = 0
    deferred: int = 0  # new entries over watch.max_items, left for the next poll
    events: int = 0
    arrived: list[dict[str, Any]] = field(default_factory=list)  # doc_id, title, url, events
    failed: list[Failure] = field(default_factory=list)  # entries that could not be stored
    error: MarsadError | None = None
    failures: int = 0  # consecutive failures of the feed, this one included
    retry_in: float | None = None
    next_at: float = 0.0
    alerts: int = 0
    alert_errors: list[AlertError] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "feed": self.feed,
            "at": _iso(self.at),
            "new": self.new,
            "known": self.known,
            "deferred": self.deferred,
            "events": self.events,
            "arrived": self.arrived,
            "failed": [f.to_dict() for f in self.failed],
            "error": _error_dict(self.error) if self.error else None,
            "failures": self.failures,
            "retry_in": self.retry_in,
            "next_at": _iso(self.next_at),
            "alerts": self.alerts,
            "alert_errors": [_error_dict(e) for e in self.alert_errors],
        }


def _error_dict(error: MarsadError) -> dict[str, str | None]:
    return {"code": error.code, "message": error.message, "source": error.source}


def _iso(seconds: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


@dataclass(slots=True)
class _FeedState:
    seen: dict[str, None] = field(default_factory=dict)  # ordered: the oldest drop first
    last_poll: float | None = None
    failures: int = 0
    last_error: dict[str, str | None] | None = None
    stored: int = 0
    unreadable: dict[str, None] = field(default_factory=dict)  # "CODE name" of the last poll

    def remember(self, key: str) -> None:
        self.seen.pop(key, None)
        self.seen[key] = None
        while len(self.seen) > MAX_SEEN:
            del self.seen[next(iter(self.seen))]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seen": list(self.seen),
            "last_poll": self.last_poll,
            "failures": self.failures,
            "last_error": self.last_error,
            "stored": self.stored,
            "unreadable": list(self.unreadable),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> _FeedState:
        return cls(
            seen=dict.fromkeys(str(k) for k in data.get("seen", [])),
            last_poll=data.get("last_poll"),
            failures=int(data.get("failures", 0)),
            last_error=data.get("last_error"),
            stored=int(data.get("stored", 0)),
            unreadable=dict.fromkeys(str(k) for k in data.get("unreadable", [])),
        )


class _State:
    """The state file: per feed what was seen and its failures; the documents to alert."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.feeds: dict[str, _FeedState] = {}
        self.pending: dict[str, str] = {}  # document id -> the feed it came from
        self._lock = _lock(path)
        if path.exists():
            try:
                self._load()
            except WatchStateError:
                self.close()
                raise

    def close(self) -> None:
        """Release the state for another watcher."""
        if self._lock is not None:
            self._lock.close()  # closing the file releases its lock
            self._lock = None

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                raise ValueError(f"unknown version {data.get('version')!r}")
            self.feeds = {url: _FeedState.from_dict(f) for url, f in data["feeds"].items()}
            self.pending = {str(k): str(v) for k, v in data.get("pending_alerts", {}).items()}
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise WatchStateError(
                f"not a readable watch state ({exc}); move it away to start afresh",
                source=str(self.path),
            ) from exc

    def feed(self, url: str) -> _FeedState:
        return self.feeds.setdefault(url, _FeedState())

    def save(self) -> None:
        data = {
            "version": STATE_VERSION,
            "feeds": {url: f.to_dict() for url, f in self.feeds.items()},
            "pending_alerts": self.pending,
        }
        tmp = self.path.with_name(self.path.name + ".tmp")
        try:
            with tmp.open("w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)  # atomic: a kill leaves the old state or the new one
        except OSError as exc:
            raise WatchStateError(
                f"cannot write the watch state: {exc}", source=str(self.path)
            ) from exc


def _lock(path: Path) -> IO[bytes] | None:
    """An exclusive lock on ``PATH.lock``: two watchers on one state would each overwrite
    what the other saw. M071 when another process (or Watch) holds it; no lock where the
    platform has no ``fcntl`` (Windows)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover (Windows)
        return None
    lock_path = path.with_name(path.name + ".lock")
    try:
        handle = lock_path.open("ab")
    except OSError as exc:
        raise WatchStateError(f"cannot open the lock file: {exc}", source=str(lock_path)) from exc
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        raise WatchStateError(
            "another marsad watch is using this state; stop it, or give --state another file",
            source=str(path),
        ) from exc
    return handle


Clock = Callable[[], float]
Sleep = Callable[[float], None]


class Watch:
    """Polls ``feeds`` into ``store`` on their schedule; ``on_poll`` gets every result.

    ``clock`` (wall-clock seconds: the schedule outlives the process) and ``sleep`` are
    injectable for tests. ``analyze`` False stores without facts (and so without alerts).
    """

    def __init__(
        self,
        store: Store,
        settings: Settings,
        feeds: Sequence[Feed],
        *,
        state_path: Path,
        rules: Sequence[AlertRule] = (),
        analyze: bool = True,
        clock: Clock = time.time,
        sleep: Sleep = time.sleep,
        on_poll: Callable[[PollResult], None] | None = None,
    ) -> None:
        self.store, self.settings, self.feeds = store, settings, list(feeds)
        self.rules, self.analyze = list(rules), analyze
        self.clock, self.sleep, self.on_poll = clock, sleep, on_poll
        if self.rules and not analyze:
            raise WatchConfigError("alerts need the analysis: they select events")
        self.state = _State(state_path)

    def close(self) -> None:
        """Release the state file's lock (the store stays open: it is the caller's)."""
        self.state.close()

    def __enter__(self) -> Watch:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the schedule --------------------------------------------------------------------------

    def due_at(self, feed: Feed) -> float:
        """When ``feed`` is next polled: now for a new feed; its interval after a success;
        60 s, then twice as long each time (up to ``watch.backoff_max``) after failures."""
        state = self.state.feed(feed.url)
        if state.last_poll is None:
            return 0.0
        return state.last_poll + self._delay(feed, state.failures)

    def _delay(self, feed: Feed, failures: int) -> float:
        if failures == 0:
            return feed.interval
        backoff = MIN_INTERVAL * 2.0 ** min(failures - 1, 30)
        return min(backoff, max(self.settings.watch.backoff_max, MIN_INTERVAL))

    def run(self, *, once: bool = False, rounds: int | None = None) -> list[PollResult]:
        """Poll until interrupted: every due feed, then sleep until the next is due.
        ``once``: every feed once, now (for cron). ``rounds``: stop after that many rounds
        (tests). The results of every poll, in order (also given to ``on_poll``), when it
        ends by itself; a watch that runs until interrupted keeps none (its memory stays
        flat however long it runs: ``on_poll`` sees each)."""
        results: list[PollResult] = []
        keep = once or rounds is not None
        self.deliver_pending()
        if not self.feeds:
            return results
        done = 0
        while True:
            now = self.clock()
            due = self.feeds if once else [f for f in self.feeds if self.due_at(f) <= now]
            for feed in due:
                result = self.poll(feed)
                if keep:
                    results.append(result)
            done += 1
            if once or (rounds is not None and done >= rounds):
                return results
            wait = min(self.due_at(f) for f in self.feeds) - self.clock()
            if wait > 0:
                self.sleep(wait)

    # -- one poll ------------------------------------------------------------------------------

    def poll(self, feed: Feed) -> PollResult:
        """Poll ``feed`` once now: ingest its new entries, alert on their events, save."""
        state = self.state.feed(feed.url)
        result = PollResult(feed.url, self.clock())
        try:
            items = self._read(feed)
        except InputError as exc:
            state.last_poll, state.failures = result.at, state.failures + 1
            state.last_error = _error_dict(exc)
            result.error, result.failures = exc, state.failures
            result.retry_in = self._delay(feed, state.failures)
            result.next_at = result.at + result.retry_in
            self.state.save()
            return self._emit(result)
        candidates = self._new_entries(feed, items, state, result)
        keys = {loaded.document.id: key for key, loaded in candidates if loaded.document}
        if self.rules and self.analyze:  # saved first: an interrupted poll alerts on restart
            self.state.pending.update(dict.fromkeys(keys, feed.url))
            self.state.save()
        report = IngestReport()
        if candidates:  # nothing new: no pipeline to load
            report = ingest_loaded(
                [loaded for _, loaded in candidates],
                self.store,
                settings=self.settings,
                analyze=self.analyze,
            )
        result.failed.extend(report.failed)
        result.new = report.ingested
        stored = [doc_id for doc_id in keys if self.store.contains(doc_id)]
        for doc_id in stored:
            state.remember(keys[doc_id])
        state.stored += report.ingested
        for doc_id in stored:
            row, events = self._events(doc_id)
            result.events += len(events)
            result.arrived.append(
                {"doc_id": doc_id, "title": row["title"], "url": row["url"], "events": len(events)}
            )
        state.last_poll, state.failures, state.last_error = result.at, 0, None
        result.next_at = result.at + feed.interval
        self.state.save()
        self.deliver_pending(result)
        return self._emit(result)

    def _read(self, feed: Feed) -> list[Loaded]:
        """The feed's entries, bounded by the input limits; raises the error of a feed that
        cannot be read at all (an entry that cannot is one failed item)."""
        items: list[Loaded] = []
        for loaded in read_inputs(
            [feed.url],
            max_bytes=self.settings.input.max_bytes,
            max_chars=self.settings.input.max_chars,
            timeout=self.settings.watch.timeout,
        ):
            if loaded.error is not None and loaded.name == feed.url:
                raise loaded.error
            items.append(loaded)
        return items

    def _new_entries(
        self, feed: Feed, items: list[Loaded], state: _FeedState, result: PollResult
    ) -> list[tuple[str, Loaded]]:
        """The entries not seen before (by key or content), at most ``watch.max_items``."""
        urls = Counter(loaded.document.meta.url for loaded in items if loaded.document is not None)
        candidates: list[tuple[str, Loaded]] = []
        ids: set[str] = set()
        unreadable: dict[str, None] = {}
        for loaded in items:
            doc = loaded.document
            if doc is None:
                assert loaded.error is not None
                failure = Failure(loaded.name, loaded.error.code, loaded.error.message)
                unreadable[f"{failure.code} {failure.input}"] = None
                # An entry that cannot be read (no text) fails at every poll: reported when
                # it first appears (or moves), not each time.
                if f"{failure.code} {failure.input}" not in state.unreadable:
                    result.failed.append(failure)
                continue
            url = doc.meta.url
            # A page watched for changes, or entries sharing a link: known by their content.
            by_url = url and loaded.name != feed.url and urls[url] == 1
            key = f"url:{url}" if by_url else f"id:{doc.id}"
            if key in state.seen or doc.id in ids:
                result.known += 1
            elif self.store.contains(doc.id):  # stored by another feed or an earlier ingest
                state.remember(key)
                result.known += 1
            elif len(candidates) >= self.settings.watch.max_items:
                result.deferred += 1
            else:
                candidates.append((key, loaded))
                ids.add(doc.id)
        state.unreadable = unreadable
        return candidates

    def _emit(self, result: PollResult) -> PollResult:
        if self.on_poll is not None:
            self.on_poll(result)
        return result

    # -- events and alerts ---------------------------------------------------------------------

    def _events(self, doc_id: str) -> tuple[Mapping[str, Any], list[dict[str, Any]]]:
        """The stored document's row and events (without copies a story already reported), each
        with its document's metadata, place and actors, ready for an alert."""
        doc, facts = self.store.document(doc_id)
        mentions = {m["id"]: m for m in facts.get("mentions", [])}
        places = {p["id"]: p for p in facts.get("places", [])}
        events = []
        for event in facts.get("events", []):
            if event["duplicate_of"] is not None:
                continue
            actors = [mentions[a] for a in (event["actor1"], event["actor2"]) if a in mentions]
            place = places.get(event["place"]) or {}
            events.append(
                {
                    "doc_id": doc_id,
                    "event_id": event["id"],
                    "type": event["type"],
                    "sub_type": event["sub_type"],
                    "date": event["date"],
                    "country": event["country"],
                    "place": place.get("name"),
                    "place_en": place.get("name_en"),
                    "lat": event["lat"],
                    "lon": event["lon"],
                    "fatalities": event["fatalities"],
                    "injured": event["injured"],
                    "actor1": _actor(mentions.get(event["actor1"])),
                    "actor2": _actor(mentions.get(event["actor2"])),
                    "trigger": event["trigger"],
                    "trigger_start": event["trigger_start"],
                    "trigger_end": event["trigger_end"],
                    "confidence": event["confidence"],
                    "title": doc["title"],
                    "url": doc["url"],
                    "source": doc["source"],
                    "published": doc["published"],
                    "_actors": actors,
                }
            )
        return doc, events

    def deliver_pending(self, result: PollResult | None = None) -> None:
        """Alert on the events of the documents saved as pending (this poll's, or those of
        a poll interrupted before its alerts); a document not stored (yet) is dropped: it is
        read again as a new entry."""
        if not self.state.pending:
            return
        pending, self.state.pending = self.state.pending, {}
        events: list[dict[str, Any]] = []
        for doc_id, feed in pending.items():
            if self.store.contains(doc_id):
                events += [{**e, "feed": feed} for e in self._events(doc_id)[1]]
        for rule in self.rules:
            keys = self._entity_keys(rule.entity) if rule.entity else frozenset()
            matched = [e for e in events if rule.matches(e, e["_actors"], keys)]
            if not matched:
                continue
            errors = self._deliver(rule, [_public(e) for e in matched])
            if result is not None:
                result.alerts += len(matched)
                result.alert_errors.extend(errors)
        self.state.save()

    def _entity_keys(self, entity: str) -> frozenset[str]:
        """The store's keys for a rule's entity, as search and the API resolve it; none when
        the store does not know the name yet or it is ambiguous (the mention's own names are
        still compared)."""
        try:
            return frozenset(resolve_entity(self.store, entity))
        except MarsadError:
            return frozenset()

    def _deliver(self, rule: AlertRule, events: list[dict[str, Any]]) -> list[AlertError]:
        errors: list[AlertError] = []
        if rule.jsonl is not None:
            try:
                with rule.jsonl.open("a", encoding="utf-8") as fh:
                    for event in events:
                        fh.write(json.dumps({"alert": rule.name, **event}, ensure_ascii=False))
                        fh.write("\n")
            except OSError as exc:
                errors.append(AlertError(f"cannot append: {exc}", source=str(rule.jsonl)))
        if rule.webhook is not None:
            body = json.dumps({"alert": rule.name, "events": events}, ensure_ascii=False)
            error = post_json(rule.webhook, body.encode(), self.settings.watch.alert_timeout)
            if error is not None:
                errors.append(error)
        return errors


def _actor(mention: Mapping[str, Any] | None) -> str | None:
    if not mention:
        return None
    return mention.get("canonical") or mention.get("text")


def _public(event: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in event.items() if not k.startswith("_")}


def post_json(url: str, body: bytes, timeout: float) -> AlertError | None:
    """POST ``body`` (JSON) to ``url``; the error (M072) when it fails, else None."""
    request = Request(
        url, data=body, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urlopen(request, timeout=timeout) as response:
            response.read(1 << 16)  # a reply is not needed; a bounded read frees the socket
    except HTTPError as exc:
        exc.close()
        return AlertError(f"the webhook answered HTTP {exc.code} {exc.reason}", source=url)
    except URLError as exc:
        return AlertError(f"cannot reach the webhook: {exc.reason}", source=url)
    except TimeoutError:
        return AlertError(f"the webhook gave no answer within {timeout:g} s", source=url)
    except (OSError, ValueError) as exc:
        return AlertError(f"cannot post to the webhook: {exc}", source=url)
    return None
