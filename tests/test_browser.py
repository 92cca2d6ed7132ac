"""User journeys in a real browser: Debian's Chromium driven by Playwright for Python, against
a real ``marsad serve`` process over a store of the examples (and an article carrying script
injection). Each journey saves a screenshot under ``build/screenshots`` (or
``$MARSAD_SCREENSHOTS``) and fails on any console error, page error or request that left the
server. Skips when Chromium or Playwright is missing; ``.ci/run`` installs both.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus_texts import INJECTION_RECORD, write_jsonl
from marsad.extract.events.taxonomy import ACLED_TYPES
from marsad.services.ingest import ingest
from marsad.store import Store
from servers import free_port, wait_until_up

playwright_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCREENSHOTS = Path(os.environ.get("MARSAD_SCREENSHOTS", ROOT / "build" / "screenshots"))
# Flags for a sandboxed machine with no network: without the background-networking ones,
# Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    db = str(folder / "ui.db")
    with Store.open(db) as store:
        ingest([str(EXAMPLES), str(write_jsonl(folder / "bad.jsonl", [INJECTION_RECORD]))], store)
    port = free_port()
    log = (folder / "serve.log").open("w")
    command = [sys.executable, "-m", "marsad.cli", "serve", "--db", db, "--port", str(port)]
    proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    wait_until_up(base, proc, folder / "serve.log")
    yield base
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Journey:
    """One browser page that records what went wrong: console errors (a CSP refusal is
    one), uncaught script errors, and any request to a host other than the server."""

    def __init__(self, browser: Any, base: str, name: str) -> None:
        self.base, self.name = base, name
        self.context = browser.new_context(
            viewport={"width": 1366, "height": 900}, locale="ar", accept_downloads=True
        )
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on(
            "request",
            lambda r: (
                r.url.startswith((base, "data:", "blob:"))
                or self.problems.append(f"outside request: {r.url}")
            ),
        )

    def open(self, path: str) -> Any:
        self.page.goto(self.base + path)
        return self.page

    def finish(self) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{self.name}.png"), full_page=True)
        pwned = self.page.evaluate("window.__pwned === undefined ? null : window.__pwned")
        self.context.close()
        assert pwned is None, f"injected script ran: {pwned}"
        assert not self.problems, self.problems


@pytest.fixture
def journey(browser: Any, server: str, request: pytest.FixtureRequest) -> Iterator[Journey]:
    j = Journey(browser, server, request.node.name.removeprefix("test_"))
    yield j
    j.finish()


def test_search_then_open_an_article_with_highlighted_facts(journey: Journey) -> None:
    page = journey.open("/")
    page.fill(".big-search input[name=q]", "إدلب")
    page.click(".big-search button")
    page.wait_for_url("**/search?q=*")
    hits = page.locator("li.hit")
    assert hits.count() >= 1
    assert page.locator(".hit mark").count() >= 1  # the query highlighted in snippets
    page.locator(".hit-title").first.click()
    page.wait_for_url("**/documents/*")
    assert page.locator("html").get_attribute("dir") == "rtl"
    spans = page.locator("#text .f")
    assert spans.count() >= 5
    for css in (".ent", ".qty", ".trigger"):
        assert page.locator(f"#text {css}").first.is_visible()
    # Clicking a highlighted event trigger selects its fact in the side panel.
    trigger = page.locator("#text .trigger").first
    fact_id = trigger.get_attribute("data-facts").split()[-1]
    trigger.click()
    selected = page.locator(f"#fact-{fact_id}")
    assert "selected" in (selected.get_attribute("class") or "")
    assert selected.is_visible()
    # The hover text carries the normalized value.
    assert page.locator("#text .ent").first.get_attribute("title")
    # The shipped Arabic font is the one in use.
    family = page.evaluate("getComputedStyle(document.querySelector('#text')).fontFamily")
    assert "Noto Naskh Arabic" in family
    assert page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'سوريا')")


def test_events_map_shows_markers_on_offline_country_boundaries(journey: Journey) -> None:
    page = journey.open("/events")
    page.wait_for_selector("#map[data-markers]")
    markers = int(page.locator("#map").get_attribute("data-markers"))
    points = page.evaluate("JSON.parse(document.getElementById('points').textContent).length")
    assert markers == points >= 3
    page.wait_for_selector("path.event-marker")
    assert page.locator("path.event-marker").count() == markers
    # The base layer (vendored Natural Earth countries) is drawn: many more paths than markers.
    # (Waited for by the map's own mark: wait_for_function polls through eval, which the
    # page's Content-Security-Policy refuses whenever the layer is not drawn yet.)
    page.wait_for_selector("#map[data-base-layer=drawn]")
    assert page.evaluate("document.querySelectorAll('#map path').length") > 100
    # Hovering a marker names its place, in a tooltip over that marker (in the right-to-left
    # page Leaflet's tooltips stood far to the side until the map was laid out left to right).
    marker = page.locator("path.precision-town").first.bounding_box()
    page.mouse.move(marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
    tip = page.locator(".leaflet-tooltip.place-tip")
    tip.wait_for()
    box = tip.bounding_box()
    assert abs((box["x"] + box["width"] / 2) - (marker["x"] + marker["width"] / 2)) < 20
    assert box["y"] + box["height"] <= marker["y"] + marker["height"] / 2
    points = page.evaluate("JSON.parse(document.getElementById('points').textContent)")
    assert tip.locator("strong").inner_text() in {p["place"] or p["place_en"] for p in points}
    page.locator("path.event-marker").first.click(force=True)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("a").get_attribute("href").startswith("/events?")
    # A country's centroid is drawn apart from towns: a small dashed ring, not a bubble.
    countries = page.locator("path.precision-country")
    towns = page.locator("path.precision-town")
    assert countries.count() >= 1 and towns.count() >= 1
    assert countries.first.get_attribute("stroke-dasharray")
    assert not towns.first.get_attribute("stroke-dasharray")


def test_events_map_world_view_has_no_band_across_the_world(journey: Journey) -> None:
    page = journey.open("/events")
    page.wait_for_selector("#map[data-base-layer=drawn]")
    page.evaluate("window.__marsadMap.setView([20, 0], 1)")
    page.wait_for_timeout(500)
    # No edge of any country ring given to Leaflet steps over more than half the world (an
    # edge from 180° to -180° is drawn as a line across the map: Russia, Fiji, Antarctica),
    # but along a pole, beyond the map's 85° edge (where Antarctica's ring is closed).
    longest = page.evaluate(
        """() => {
        let worst = 0;
        const walk = (ring) => {
          if (ring.length && Array.isArray(ring[0])) { ring.forEach(walk); return; }
          for (let i = 1; i < ring.length; i++) {
            if (Math.abs(ring[i].lat) > 85 && Math.abs(ring[i - 1].lat) > 85) continue;
            worst = Math.max(worst, Math.abs(ring[i].lng - ring[i - 1].lng));
          }
        };
        window.__marsadMap.eachLayer((layer) => {
          if (layer.feature && layer.getLatLngs) walk(layer.getLatLngs());
        });
        return worst;
      }"""
    )
    assert 0 < longest <= 180
    assert page.locator("#map .leaflet-overlay-pane path:not(.event-marker)").count() > 100


def test_events_timeline_renders_and_filters(journey: Journey) -> None:
    page = journey.open("/events")
    bars = page.locator("svg.bars rect")
    assert bars.count() >= 3
    months = page.locator("svg.bars text.tick.month").all_text_contents()
    assert len(months) >= 2 and all(m and not m.isdigit() for m in months)  # month names
    assert page.locator("svg.bars text.tick.year").count() >= 1
    assert page.locator("figcaption.legend .key").count() >= 2
    # A colour per type: no two types in the legend share one, none is the fallback grey.
    fills = page.evaluate(
        "[...new Set([...document.querySelectorAll('svg.bars rect')].map((r) => r.classList[0]))]"
        ".map((c) => getComputedStyle(document.querySelector('rect.' + c)).fill)"
    )
    assert len(set(fills)) == len(fills) >= 2 and "rgb(71, 85, 105)" not in fills
    total = int(page.evaluate("document.querySelector('h1 small').textContent"))
    page.select_option("select[name=type]", "explosions_remote_violence")
    page.fill("input[name=country]", "سوريا")  # a country's Arabic name, not only its code
    page.click("form.filters button")
    page.wait_for_url("**/events?*type=explosions_remote_violence*")
    narrowed = int(page.evaluate("document.querySelector('h1 small').textContent"))
    assert 0 < narrowed < total
    rows = page.locator("table.events tbody tr")
    assert rows.count() == narrowed
    assert page.locator(".chip").count() == 2
    assert page.locator(".chip[data-filter=country]").inner_text().startswith("الدولة: سوريا")
    # Sub-types by their Arabic names.
    subs = page.locator("table.events .sub-type").all_inner_texts()
    assert subs and all("_" not in t and not t.strip().isascii() for t in subs)


def test_an_unknown_country_is_said_on_the_events_page(journey: Journey) -> None:
    page = journey.open("/events")
    page.fill("input[name=country]", "نارنيا")
    page.click("form.filters button")
    page.wait_for_url("**/events?*country=*")
    notice = page.locator("p.notice")
    assert notice.is_visible() and "نارنيا" in notice.inner_text()
    assert page.locator("table.events tbody tr").count() == 0
    assert page.locator("form.filters").is_visible()  # the form stays, to try again


def test_english_names_read_left_to_right_in_the_arabic_pages(journey: Journey) -> None:
    page = journey.open("/entities?label=ORG")
    # An English name ending in a bracket or a full stop, set inside a right-to-left cell:
    # isolated, its last character is drawn at its right end ("Houthis (Ansar Allah)"),
    # not moved to its left as in ")Houthis (Ansar Allah".
    checked = page.evaluate(
        """() => {
        const out = [];
        for (const el of document.querySelectorAll('table.entities bdi')) {
          const text = el.textContent;
          if (!/^[A-Za-z].*[.)]$/.test(text) || !el.firstChild) continue;
          const at = (i) => {
            const r = document.createRange();
            r.setStart(el.firstChild, i);
            r.setEnd(el.firstChild, i + 1);
            return r.getBoundingClientRect().left;
          };
          out.push([text, at(0) < at(text.length - 1)]);
        }
        return out;
      }"""
    )
    assert checked, "no English name ending in punctuation on the page"
    assert all(ok for _, ok in checked), checked


def test_entity_page_from_the_entity_list(journey: Journey) -> None:
    page = journey.open("/entities")
    page.fill("input[name=name]", "سوريا")
    page.click("form.filters button")
    page.locator("table.entities a", has_text="سوريا").first.click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text().strip() == "سوريا"
    assert page.locator("svg.bars rect").count() >= 1  # mentions over time
    assert page.locator("ul.mentions li").count() >= 3
    # Following a mention lands on the article with that mention selected.
    page.locator("ul.mentions a").first.click()
    page.wait_for_url("**/documents/*#fact-*")
    assert page.locator(".fact.selected").count() == 1
    assert page.locator("#text .f.selected").count() >= 1


def test_analyze_page_highlights_a_pasted_text(journey: Journey) -> None:
    page = journey.open("/analyze")
    text = (
        "حلب - مرصد: قتل أربعة مدنيين وأصيب سبعة آخرون أمس في قصف مدفعي على حي الشعار في "
        'مدينة حلب، وقال مدير الدفاع المدني إن "فرق الإنقاذ ما زالت تبحث عن ناجين".'
    )
    page.fill("textarea[name=text]", text)
    page.fill("input[name=published]", "2019-03-04")
    page.click("form.analyze button")
    page.wait_for_selector("#text .f")
    assert page.locator("#text").inner_text() == text
    assert page.locator("#facts .fact[id^=fact-v]").count() >= 1
    assert page.locator("#text .quote").count() >= 1
    assert page.locator("#facts", has_text="2019-03-03").count() == 1  # "أمس" resolved


def test_export_download(journey: Journey, tmp_path: Path) -> None:
    page = journey.open("/events")
    with page.expect_download() as info:
        page.click("a[href='/api/export/acled-csv']")
    download = info.value
    assert download.suggested_filename == "marsad.csv"
    saved = tmp_path / "events.csv"
    download.save_as(saved)
    rows = list(csv.DictReader(saved.open(encoding="utf-8")))
    assert rows and {"event_date", "event_type", "fatalities"} <= set(rows[0])
    shown = int(page.evaluate("document.querySelector('h1 small').textContent"))
    # The export counts each story's event once, as the page does; the page also lists the
    # political interactions, which are the PLOVER export's, not ACLED's.
    listed = page.request.get(f"{journey.base}/api/events?limit=1000").json()
    assert listed["total"] == shown
    assert len(rows) == sum(e["type"] in ACLED_TYPES for e in listed["events"])


def test_search_facets_narrow_the_results(journey: Journey) -> None:
    page = journey.open("/search?q=" + "سوريا")
    total = page.locator(".summary").inner_text()
    page.locator(".facets .facet a").filter(has_text="وكالة مرصد الإخبارية").first.click()
    page.wait_for_url("**source=*")
    assert page.locator(".chip").count() == 1
    assert page.locator(".summary").inner_text() != total
    page.locator(".chip").click()  # removing the filter restores the results
    assert page.locator(".summary").inner_text() == total


def test_figure_page_charts_claims_by_source(journey: Journey) -> None:
    page = journey.open("/figures")
    page.fill("input[name=subject]", "الصادرات")
    page.click("form.filters button")
    page.wait_for_url("**/figures?subject=*")
    assert page.locator("table.figures tbody tr").count() >= 1
    assert page.locator("svg.dots circle").count() >= 1
    # One chart per unit, each captioned with its unit and how many values it holds.
    charts = page.locator("figure.unit-chart")
    assert charts.count() >= 1
    assert "قيمة" in charts.first.locator("figcaption").inner_text()


def test_injected_article_is_inert(journey: Journey) -> None:
    page = journey.open("/search?q=" + "بغداد")
    page.locator(".hit-title", has_text="خبيث").click()
    page.wait_for_url("**/documents/*")
    assert "<script>" in page.locator("h1").inner_text()  # shown as text
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("#text img, #text svg, #text b").count() == 0
