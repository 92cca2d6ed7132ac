"""``marsad watch``: arguments in, one line per poll out; the work is in
:mod:`marsad.services.watch`."""

from __future__ import annotations

import argparse
import json
import signal
import time

from rich.console import Console
from rich.markup import escape

from marsad.cli.output import EXIT_FAILED_INPUTS, EXIT_INTERRUPTED, EXIT_OK
from marsad.services.watch import PollResult, Watch, feeds_from, rules_from, state_path_for
from marsad.settings import WatchAlert, load_settings
from marsad.store import Store

EXIT_TERMINATED = 143  # 128 + SIGTERM
# New documents and failed entries listed per poll; the rest are counted.
_SHOWN_ARRIVED = 10
_SHOWN_FAILURES = 5


def run(args: argparse.Namespace, out: Console, err: Console) -> int:
    """Watch the feeds until Ctrl-C (exit 130) or SIGTERM (143), or poll each once
    with ``--once``."""
    settings = load_settings(args.config)
    feeds = feeds_from(settings, urls=args.urls, feeds_file=args.feeds, interval=args.interval)
    rules = rules_from(settings, _cli_rule(args))
    store_url = args.db or settings.store.url
    state_path = state_path_for(store_url, args.state or settings.watch.state)
    # Counters, not the results themselves: a watch may run for months.
    polls = new = 0
    failed = False

    def show(result: PollResult) -> None:
        nonlocal polls, new, failed
        polls += 1
        new += result.new
        failed = failed or bool(result.error or result.failed or result.alert_errors)
        if args.json:
            out.out(json.dumps(result.to_dict(), ensure_ascii=False), highlight=False)
        else:
            _print(result, out, err)

    with (
        Store.open(store_url) as store,
        Watch(
            store,
            settings,
            feeds,
            state_path=state_path,
            rules=rules,
            analyze=not args.no_analyze,
            on_poll=show,
        ) as watch,
    ):
        # A service manager stops with SIGTERM: the same clean stop as Ctrl-C.
        previous = signal.signal(signal.SIGTERM, _terminate)
        try:
            if not args.once:
                err.print(
                    f"watching {len(feeds)} feed{'s' * (len(feeds) != 1)} into {store_url} "
                    f"(state {state_path}); Ctrl-C stops",
                    highlight=False,
                )
            watch.run(once=args.once)
        except KeyboardInterrupt as exc:  # what each poll committed and saved stays
            how = "terminated" if isinstance(exc, _Terminated) else "interrupted"
            err.print(
                f"{how} after {polls} polls ({new} new documents); the state is saved",
                highlight=False,
            )
            return EXIT_TERMINATED if isinstance(exc, _Terminated) else EXIT_INTERRUPTED
        finally:
            signal.signal(signal.SIGTERM, previous)
    return EXIT_FAILED_INPUTS if failed else EXIT_OK


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the watcher is (a sleep, a fetch, an ingest) to stop it cleanly."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


def _cli_rule(args: argparse.Namespace) -> list[WatchAlert]:
    """The alert rule of the ``--alert-*`` options, when a destination is given."""
    conditions = (args.alert_type, args.alert_country, args.alert_entity)
    if not (args.alert_jsonl or args.alert_webhook):
        if any(conditions) or args.alert_min_fatalities is not None:
            from marsad.errors import WatchConfigError

            raise WatchConfigError("--alert-* conditions need --alert-jsonl or --alert-webhook")
        return []
    return [
        WatchAlert(
            name="cli",
            type=args.alert_type,
            country=args.alert_country,
            entity=args.alert_entity,
            min_fatalities=args.alert_min_fatalities,
            jsonl=args.alert_jsonl,
            webhook=args.alert_webhook,
        )
    ]


def _print(result: PollResult, out: Console, err: Console) -> None:
    when = time.strftime("%H:%M:%S", time.localtime(result.at))
    feed = escape(result.feed)
    if result.error is not None:
        err.print(
            f"{when} {feed} [red]failed[/] [{result.error.code}] {escape(result.error.message)}"
            f" · failure {result.failures}, retry in {_span(result.retry_in or 0)}",
            highlight=False,
        )
        return
    parts = [f"[bold]{result.new} new[/]", _count(result.events, "event"), f"{result.known} known"]
    if result.deferred:
        parts.append(f"{result.deferred} left for the next poll")
    if result.failed:
        parts.append(f"[red]{len(result.failed)} failed[/]")
    if result.alerts:
        parts.append(f"{result.alerts} alerted")
    out.print(f"{when} {feed} " + " · ".join(parts), highlight=False)
    for doc in result.arrived[:_SHOWN_ARRIVED]:
        title = escape(doc["title"] or doc["url"] or doc["doc_id"])
        events = f" · {_count(doc['events'], 'event')}" if doc["events"] else ""
        out.print(f"  + {title}{events}", highlight=False)
    if len(result.arrived) > _SHOWN_ARRIVED:
        out.print(f"  ... and {len(result.arrived) - _SHOWN_ARRIVED} more", highlight=False)
    for failure in result.failed[:_SHOWN_FAILURES]:
        err.print(
            f"  [red]failed[/] [{failure.code}] {escape(failure.input)}: {escape(failure.message)}",
            highlight=False,
        )
    if len(result.failed) > _SHOWN_FAILURES:
        err.print(f"  ... and {len(result.failed) - _SHOWN_FAILURES} more", highlight=False)
    for error in result.alert_errors:
        err.print(f"  [red]alert failed[/] {escape(str(error))}", highlight=False)


def _span(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:g} h"
    if seconds >= 60:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' * (n != 1)}"
