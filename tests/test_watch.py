"""``marsad watch`` against feeds served from 127.0.0.1 by a real HTTP server in a thread:
new entries only, failing feeds retried with backoff, state across restarts, alerts to a
JSONL file and a local webhook, Ctrl-C. The scheduler's clock and sleep are fakes, so no
test waits for an interval to pass."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest

from marsad.cli import main
from marsad.errors import WatchConfigError, WatchStateError
from marsad.services.watch import (
    MIN_INTERVAL,
    Feed,
    PollResult,
    Watch,
    feeds_from,
    post_json,
    read_feeds_file,
    rules_from,
)
from marsad.settings import Settings, WatchAlert, load_settings
from marsad.store import Store

# Short texts written for these tests.
STRIKE = "قتل خمسة مدنيين في غارة جوية على سوق في مدينة الحديدة باليمن يوم الأحد."
CLASH = "اندلعت اشتباكات بين الجيش السوري ومسلحين في ريف إدلب أسفرت عن مقتل ثلاثة جنود."
PROTEST = "تظاهر مئات الطلاب في العاصمة الأردنية عمان احتجاجا على ارتفاع الأسعار."
FAIR = "افتتح وزير التعليم معرضا للكتاب في القاهرة بحضور عدد من الكتاب والناشرين."
COALITION = "شن التحالف بقيادة السعودية غارة جوية على مدينة صعدة في اليمن أسفرت عن مقتل سبعة أشخاص."
ARMY = "قتل عشرون شخصا في غارة جوية للجيش السوري على بلدة في ريف حماة."
RAIN = "هطلت أمطار غزيرة على مدينة طرابلس اللبنانية صباح اليوم وأغلقت بعض الطرق."

Entry = tuple[str, str, str]  # link path, title, text


def rss(entries: list[Entry], base: str = "https://news.example") -> bytes:
    items = "".join(
        f"<item><title>{escape(title)}</title><link>{base}{link}</link><guid>{base}{link}</guid>"
        "<pubDate>Sun, 10 Mar 2024 08:00:00 +0000</pubDate>"
        f"<description>{escape(text)}</description></item>"
        for link, title, text in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>نشرة الاختبار</title><link>{base}</link>{items}</channel></rss>"
    ).encode()


def atom(entries: list[Entry], base: str = "https://atom.example") -> bytes:
    items = "".join(
        f'<entry><title>{escape(title)}</title><link href="{base}{link}"/>'
        f"<id>{base}{link}</id><updated>2024-03-10T08:00:00Z</updated>"
        f'<content type="text">{escape(text)}</content></entry>'
        for link, title, text in entries
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>موجز</title><id>{base}/</id><updated>2024-03-10T08:00:00Z</updated>"
        f"{items}</feed>"
    ).encode()


@dataclass
class Site:
    """What the local server answers: path -> (status, content type, body); the POSTs it
    received per path, and how many GETs."""

    pages: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)
    posts: dict[str, list[bytes]] = field(default_factory=dict)
    gets: dict[str, int] = field(default_factory=dict)
    base: str = ""
    delay: float = 0.0  # seconds before a POST is answered

    def feed(self, path: str, body: bytes, status: int = 200) -> str:
        self.pages[path] = (status, "application/rss+xml; charset=utf-8", body)
        return self.base + path

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            state.gets[self.path] = state.gets.get(self.path, 0) + 1
            status, kind, body = state.pages.get(self.path, (404, "text/plain", b"not found"))
            self._answer(status, kind, body)

        def do_POST(self) -> None:
            if state.delay:
                time.sleep(state.delay)
            length = int(self.headers.get("Content-Length") or 0)
            state.posts.setdefault(self.path, []).append(self.rfile.read(length))
            status, kind, body = state.pages.get(self.path, (200, "text/plain", b"ok"))
            self._answer(status, kind, body)

        def _answer(self, status: int, kind: str, body: bytes) -> None:
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout)
                pass

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()


class FakeClock:
    """Wall-clock seconds that only move when the watcher sleeps."""

    def __init__(self) -> None:
        self.now = 1_710_000_000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def settings_for(**watch: Any) -> Settings:
    return load_settings(use_user_file=False, overrides={"watch": watch} if watch else None)


def refused_url() -> str:
    """A local URL nothing listens on (the port was just free)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


def make_watch(
    db: Path,
    feeds: list[Feed],
    clock: FakeClock,
    *,
    settings: Settings | None = None,
    rules: list[WatchAlert] | None = None,
    analyze: bool = False,
    store: Store | None = None,
) -> tuple[Watch, Store]:
    settings = settings or settings_for()
    store = store if store is not None else Store.open(str(db))
    watch = Watch(
        store,
        settings,
        feeds,
        state_path=db.with_name(db.name + ".watch.json"),
        rules=rules_from(settings, rules or []),
        analyze=analyze,
        clock=clock,
        sleep=clock.sleep,
    )
    return watch, store


def test_a_second_poll_adds_only_the_new_entries(
    site: Site, tmp_path: Path, store_url: str
) -> None:
    first = [("/a/1", "غارة", STRIKE), ("/a/2", "اشتباكات", CLASH)]
    url = site.feed("/rss.xml", rss(first))
    clock = FakeClock()
    store = Store.open(store_url)  # SQLite and PostgreSQL
    watch, store = make_watch(tmp_path / "w.db", [Feed(url, 600)], clock, store=store)
    with store, watch:
        one = watch.poll(watch.feeds[0])
        assert (one.error, one.new, one.known, one.failed) == (None, 2, 0, [])
        site.feed("/rss.xml", rss([("/a/3", "مظاهرة", PROTEST), *first]))
        clock.now += 600
        two = watch.poll(watch.feeds[0])
        assert (two.new, two.known) == (1, 2)
        assert store.counts()["documents"] == 3
        urls = {row["url"] for row in store.documents(limit=10)}
        assert urls == {f"https://news.example/a/{n}" for n in (1, 2, 3)}
        clock.now += 600
        three = watch.poll(watch.feeds[0])
        assert (three.new, three.known) == (0, 3)
    assert site.gets["/rss.xml"] == 3


def test_an_atom_feed_and_an_edited_entry_by_its_link(site: Site, tmp_path: Path) -> None:
    site.pages["/atom"] = (200, "application/atom+xml", atom([("/x", "مطر", RAIN)]))
    clock = FakeClock()
    watch, store = make_watch(tmp_path / "w.db", [Feed(site.url("/atom"), 600)], clock)
    with store, watch:
        assert watch.poll(watch.feeds[0]).new == 1
        # The same entry, its text corrected: known by its link, not stored again.
        edited = atom([("/x", "مطر", RAIN.replace("غزيرة", "غزيرة جدا"))])
        site.pages["/atom"] = (200, "application/atom+xml", edited)
        result = watch.poll(watch.feeds[0])
        assert (result.new, result.known) == (0, 1)
        assert store.counts()["documents"] == 1


def test_entries_sharing_one_link_are_known_by_their_content(site: Site, tmp_path: Path) -> None:
    url = site.feed("/same", rss([("/home", "أ", RAIN), ("/home", "ب", FAIR)]))
    watch, store = make_watch(tmp_path / "w.db", [Feed(url, 600)], FakeClock())
    with store, watch:
        assert watch.poll(watch.feeds[0]).new == 2
        assert watch.poll(watch.feeds[0]).known == 2


def test_an_unreadable_entry_is_reported_once(site: Site, tmp_path: Path) -> None:
    body = rss([("/ok", "أ", RAIN)]).replace(
        b"</channel>",
        b"<item><title>\xd8\xa8</title><link>https://news.example/empty</link></item></channel>",
    )
    url = site.feed("/rss.xml", body)
    clock = FakeClock()
    watch, store = make_watch(tmp_path / "w.db", [Feed(url, 600)], clock)
    with store, watch:
        one = watch.poll(watch.feeds[0])
        assert one.new == 1
        assert [(f.code, f.input) for f in one.failed] == [("M003", f"{url}#entry-2")]
        two = watch.poll(watch.feeds[0])
        assert (two.new, two.known, two.failed) == (0, 1, [])


def test_items_per_poll_are_bounded(site: Site, tmp_path: Path) -> None:
    entries = [("/1", "أ", RAIN), ("/2", "ب", FAIR), ("/3", "ج", PROTEST)]
    url = site.feed("/many", rss(entries))
    settings = settings_for(max_items=2)
    watch, store = make_watch(tmp_path / "w.db", [Feed(url, 600)], FakeClock(), settings=settings)
    with store, watch:
        one = watch.poll(watch.feeds[0])
        assert (one.new, one.deferred) == (2, 1)
        two = watch.poll(watch.feeds[0])
        assert (two.new, two.known, two.deferred) == (1, 2, 0)


def test_failing_feeds_are_retried_with_backoff_while_another_ingests(
    site: Site, tmp_path: Path
) -> None:
    good = site.feed("/good", rss([("/g/1", "أ", RAIN)]))
    broken = site.feed("/broken", b"server error", status=500)
    malformed = site.feed(
        "/malformed", "<?xml version='1.0'?><rss version='2.0'><channel><title>خبر</chan".encode()
    )
    refused = refused_url()
    feeds = [Feed(good, 600), Feed(broken, 600), Feed(malformed, 600), Feed(refused, 600)]
    clock = FakeClock()
    start = clock.now
    seen: list[PollResult] = []
    watch, store = make_watch(tmp_path / "w.db", feeds, clock)
    watch.on_poll = seen.append
    with store, watch:
        # Round 1 at 0 s polls all; the failing ones again at 60 s, 180 s (60 + 120) and
        # 420 s (+ 240); the good one at 600 s, after a new entry was added.
        site.feed("/good", rss([("/g/1", "أ", RAIN)]))
        results = watch.run(rounds=3)
        site.feed("/good", rss([("/g/2", "ب", FAIR), ("/g/1", "أ", RAIN)]))
        results += watch.run(rounds=3)  # at 180 s nothing is due, then 420 s and 600 s
    assert results == seen
    polls: dict[str, list[tuple[float, PollResult]]] = {}
    for result in results:
        polls.setdefault(result.feed, []).append((result.at - start, result))
    assert [at for at, _ in polls[broken]] == [0, 60, 180, 420]
    assert [at for at, _ in polls[refused]] == [0, 60, 180, 420]
    assert [at for at, _ in polls[good]] == [0, 600]
    assert [r.new for _, r in polls[good]] == [1, 1]
    errors = {
        feed: {(r.error.code if r.error else None) for _, r in p} for feed, p in polls.items()
    }
    assert errors == {good: {None}, broken: {"M008"}, malformed: {"M007"}, refused: {"M008"}}
    assert "HTTP 500" in str(polls[broken][0][1].error)
    assert [r.failures for _, r in polls[broken]] == [1, 2, 3, 4]
    assert [r.retry_in for _, r in polls[broken]] == [60, 120, 240, 480]
    assert site.gets["/broken"] == 4
    # The feed recovers: the next poll ingests it and its failures are forgotten.
    site.feed("/broken", rss([("/b/1", "ج", PROTEST)]))
    clock.now += 10_000
    watch, store = make_watch(tmp_path / "w.db", feeds, clock)
    with store, watch:
        recovered = watch.poll(feeds[1])
        assert (recovered.error, recovered.new, recovered.failures) == (None, 1, 0)
        assert watch.due_at(feeds[1]) == clock.now + 600
        assert store.counts()["documents"] == 3


def test_backoff_is_capped(site: Site, tmp_path: Path) -> None:
    broken = site.feed("/broken", b"", status=503)
    clock = FakeClock()
    settings = settings_for(backoff_max=300)
    watch, store = make_watch(tmp_path / "w.db", [Feed(broken, 900)], clock, settings=settings)
    with store, watch:
        results = watch.run(rounds=6)
    assert [r.retry_in for r in results] == [60, 120, 240, 300, 300, 300]


def test_the_state_survives_a_restart(site: Site, tmp_path: Path) -> None:
    url = site.feed("/rss.xml", rss([("/1", "أ", RAIN), ("/2", "ب", FAIR)]))
    feeds = [Feed(url, 900)]
    clock = FakeClock()
    db = tmp_path / "w.db"
    watch, store = make_watch(db, feeds, clock)
    with store, watch:
        assert [r.new for r in watch.run(rounds=1)] == [2]
    assert (tmp_path / "w.db.watch.json").is_file()
    # A new watcher over the same store and state: the feed is not due before its interval,
    # and its entries are known.
    clock.now += 100
    watch, store = make_watch(db, feeds, clock)
    with store, watch:
        assert watch.due_at(feeds[0]) == clock.now - 100 + 900
        results = watch.run(rounds=2)  # round 1: nothing due; then sleep 800 s and poll
        assert clock.slept == [800]
        assert [(r.new, r.known) for r in results] == [(0, 2)]
    # Without the state file the store's content ids still know them.
    (tmp_path / "w.db.watch.json").unlink()
    watch, store = make_watch(db, feeds, clock)
    with store, watch:
        result = watch.poll(feeds[0])
        assert (result.new, result.known) == (0, 2)
        assert store.counts()["documents"] == 2


def test_one_watcher_per_state(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    feeds = [Feed("http://127.0.0.1:9/x", 600)]
    watch, store = make_watch(db, feeds, FakeClock())
    with store, watch:
        with pytest.raises(WatchStateError, match="another marsad watch") as info:
            make_watch(db, feeds, FakeClock(), store=store)
        assert info.value.code == "M071"
    again, store = make_watch(db, feeds, FakeClock())  # released by close()
    with store, again:
        pass


def test_a_corrupt_state_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    (tmp_path / "w.db.watch.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(WatchStateError) as info:
        make_watch(db, [Feed("http://127.0.0.1:9/x", 600)], FakeClock())
    assert info.value.code == "M071"
    assert "w.db.watch.json" in str(info.value)


def test_alerts_go_to_jsonl_and_to_a_webhook(site: Site, tmp_path: Path) -> None:
    entries = [("/s", "غارة", STRIKE), ("/c", "اشتباكات", CLASH), ("/f", "معرض", FAIR)]
    url = site.feed("/rss.xml", rss(entries))
    out = tmp_path / "alerts.jsonl"
    rules = [
        WatchAlert(
            name="strikes",
            type="air_drone_strike",
            min_fatalities=1,
            jsonl=str(out),
            webhook=site.url("/hook"),
        ),
        WatchAlert(name="many-killed", min_fatalities=10, jsonl=str(tmp_path / "none.jsonl")),
        # A webhook that fails is reported, and the poll goes on.
        WatchAlert(name="broken", type="battles", webhook=site.url("/down")),
    ]
    site.pages["/down"] = (500, "text/plain", b"down")
    clock = FakeClock()
    watch, store = make_watch(tmp_path / "w.db", [Feed(url, 600)], clock, rules=rules, analyze=True)
    with store, watch:
        result = watch.poll(watch.feeds[0])
        assert (result.error, result.new, result.failed) == (None, 3, [])
        assert result.events >= 2
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [(e["alert"], e["sub_type"], e["url"]) for e in lines] == [
            ("strikes", "air_drone_strike", "https://news.example/s")
        ]
        assert lines[0]["fatalities"] == 5 and lines[0]["feed"] == url
        text = store.document(lines[0]["doc_id"])[0]["text"]
        assert text[lines[0]["trigger_start"] : lines[0]["trigger_end"]] == lines[0]["trigger"]
        assert not (tmp_path / "none.jsonl").exists()
        [posted] = site.posts["/hook"]
        body = json.loads(posted)
        assert body["alert"] == "strikes"
        assert [e["event_id"] for e in body["events"]] == [lines[0]["event_id"]]
        assert len(site.posts["/down"]) == 1
        assert [e.code for e in result.alert_errors] == ["M072"]
        assert "HTTP 500" in str(result.alert_errors[0])
        # The next poll has nothing new: no alert again.
        clock.now += 600
        again = watch.poll(watch.feeds[0])
        assert (again.new, again.alerts) == (0, 0)
        assert len(out.read_text(encoding="utf-8").splitlines()) == 1
        assert len(site.posts["/hook"]) == 1


def test_alert_rules_by_country_entity_and_fatalities(site: Site, tmp_path: Path) -> None:
    entries = [("/s", "أ", STRIKE), ("/c", "ب", CLASH), ("/k", "ج", COALITION), ("/h", "د", ARMY)]
    url = site.feed("/rss.xml", rss(entries))
    rules = [
        WatchAlert(name="yemen", country="ye", type="air_drone_strike", jsonl=str(tmp_path / "y")),
        WatchAlert(
            name="army",
            entity="Military Forces of Syria",
            min_fatalities=10,
            jsonl=str(tmp_path / "a"),
        ),
        WatchAlert(name="coalition", entity="التحالف العربي", jsonl=str(tmp_path / "c")),
    ]
    watch, store = make_watch(
        tmp_path / "w.db", [Feed(url, 600)], FakeClock(), rules=rules, analyze=True
    )
    with store, watch:
        result = watch.poll(watch.feeds[0])
    assert result.new == 4 and result.alert_errors == []
    assert sorted(a["url"] for a in result.arrived) == [f"https://news.example/{x}" for x in "chks"]

    def alerted(name: str) -> list[str]:
        lines = (tmp_path / name).read_text("utf-8").splitlines()
        return sorted(json.loads(line)["url"].rsplit("/", 1)[1] for line in lines)

    assert alerted("y") == ["k", "s"]
    assert alerted("a") == ["h"]
    assert alerted("c") == ["k"]
    assert result.alerts == 4


def test_a_webhook_that_hangs_is_cut_off(site: Site, tmp_path: Path) -> None:
    url = site.feed("/rss.xml", rss([("/s", "غارة", STRIKE)]))
    site.delay = 2.0
    rules = [WatchAlert(name="slow", webhook=site.url("/slow"))]
    settings = settings_for(alert_timeout=0.3)
    watch, store = make_watch(
        tmp_path / "w.db",
        [Feed(url, 600)],
        FakeClock(),
        settings=settings,
        rules=rules,
        analyze=True,
    )
    with store, watch:
        result = watch.poll(watch.feeds[0])
    assert result.new == 1
    assert [e.code for e in result.alert_errors] == ["M072"]
    assert "0.3 s" in str(result.alert_errors[0])
    started = time.monotonic()
    error = post_json(site.url("/slow"), b"{}", 0.3)
    assert error is not None and error.code == "M072"
    assert time.monotonic() - started < 2.0  # cut off, not waited for


def test_alerts_of_an_interrupted_poll_are_delivered_on_restart(site: Site, tmp_path: Path) -> None:
    url = site.feed("/rss.xml", rss([("/s", "غارة", STRIKE)]))
    out = tmp_path / "alerts.jsonl"
    rules = [WatchAlert(name="all", jsonl=str(out))]
    db = tmp_path / "w.db"
    watch, store = make_watch(db, [Feed(url, 600)], FakeClock(), rules=rules, analyze=True)

    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    with store, watch:
        watch.deliver_pending = interrupted  # type: ignore[method-assign]
        with pytest.raises(KeyboardInterrupt):
            watch.poll(watch.feeds[0])
        assert store.counts()["documents"] == 1
    assert not out.exists()
    watch, store = make_watch(db, [Feed(url, 600)], FakeClock(), rules=rules, analyze=True)
    with store, watch:
        assert watch.run(once=True)[0].known == 1
    assert [json.loads(line)["sub_type"] for line in out.read_text("utf-8").splitlines()] == [
        "air_drone_strike"
    ]


def test_bad_settings_are_refused(tmp_path: Path) -> None:
    settings = settings_for()
    with pytest.raises(WatchConfigError, match="below the minimum"):
        feeds_from(settings, urls=["http://127.0.0.1/x"], interval="30s")
    with pytest.raises(WatchConfigError, match="no feeds"):
        feeds_from(settings)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(
        "# local feeds\nhttp://127.0.0.1/a 15m\n\nhttp://127.0.0.1/b  # default\n", "utf-8"
    )
    assert [(f.url, f.interval) for f in feeds_from(settings, feeds_file=feeds)] == [
        ("http://127.0.0.1/a", 900),
        ("http://127.0.0.1/b", settings.watch.interval),
    ]
    assert feeds_from(settings, feeds_file=feeds, interval="2h")[1].interval == 7200
    feeds.write_text("http://127.0.0.1/a every-day\n", "utf-8")
    with pytest.raises(WatchConfigError, match=r"feeds\.txt:1"):
        read_feeds_file(feeds)
    for bad in (
        WatchAlert(type="air_drone_strike"),  # nowhere to send it
        WatchAlert(type="no_such_type", jsonl="a.jsonl"),
        WatchAlert(country="Yemen", jsonl="a.jsonl"),
        WatchAlert(webhook="ftp://example.org/hook"),
    ):
        with pytest.raises(WatchConfigError) as info:
            rules_from(settings, [bad])
        assert info.value.code == "M070"
    assert MIN_INTERVAL == 60


def test_cli_once_twice_then_ctrl_c(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.feed("/rss.xml", rss([("/1", "أ", RAIN), ("/2", "ب", FAIR)]))
    db = tmp_path / "w.db"
    args = ["watch", url, "--db", str(db), "--no-analyze"]
    assert main([*args, "--once"]) == 0
    assert "2 new · 0 events · 0 known" in capsys.readouterr().out
    assert main([*args, "--once", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["known"] == 2
    command = [sys.executable, "-m", "marsad.cli", *args]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    # Watching: polls (nothing new), then sleeps until Ctrl-C: exit 130, the state kept.
    site.feed("/rss.xml", rss([("/3", "ج", PROTEST), ("/1", "أ", RAIN), ("/2", "ب", FAIR)]))
    proc = subprocess.Popen(
        [*command, "--state", str(tmp_path / "s.json")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert "1 new · 0 events · 2 known" in line
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    state = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert len(state["feeds"][url]["seen"]) == 3
    with Store.open(str(db)) as store:
        assert store.counts()["documents"] == 3
    # SIGTERM (a service manager's stop) is the same clean stop, exit 143.
    proc = subprocess.Popen(
        [*command, "--state", str(tmp_path / "s.json"), "--interval", "1m"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert proc.stderr is not None
    assert "watching 1 feed" in proc.stderr.readline()  # started: SIGTERM is handled
    proc.terminate()
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    assert "terminated after" in err and "the state is saved" in err


def test_cli_reports_a_failing_feed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = refused_url()
    code = main(["watch", url, "--once", "--no-analyze", "--db", str(tmp_path / "w.db")])
    assert code == 1
    err = capsys.readouterr().err
    assert "[M008]" in err and "retry in 1 min" in err


def test_cli_refuses_an_interval_below_the_minimum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["watch", "http://127.0.0.1/x", "--interval", "5", "--db", str(tmp_path / "w")])
    assert code == 2
    assert "M070" in capsys.readouterr().err


def test_cli_reads_feeds_and_alerts_from_the_settings(
    site: Site, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = site.feed("/rss.xml", rss([("/s", "غارة", STRIKE), ("/r", "مطر", RAIN)]))
    alerts = tmp_path / "alerts.jsonl"
    config = tmp_path / "settings.toml"
    config.write_text(
        f'[watch]\ninterval = "1h"\n\n[[watch.feeds]]\nurl = "{url}"\ninterval = "5m"\n\n'
        f'[[watch.alerts]]\nname = "killed"\nmin_fatalities = 1\njsonl = "{alerts}"\n',
        "utf-8",
    )
    db = str(tmp_path / "w.db")
    assert main(["--config", str(config), "watch", "--once", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "2 new" in out and "+ غارة · 1 event\n" in out and "+ مطر" in out
    [line] = alerts.read_text("utf-8").splitlines()
    assert json.loads(line)["alert"] == "killed"
    state = json.loads(Path(db + ".watch.json").read_text("utf-8"))
    assert state["pending_alerts"] == {}
    # Alert rules select events: without the analysis they are refused.
    assert main(["--config", str(config), "watch", "--once", "--db", db, "--no-analyze"]) == 2
    assert "[M070]" in capsys.readouterr().err
    assert feeds_from(load_settings(config, use_user_file=False))[0].interval == 300
