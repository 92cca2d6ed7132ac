"""The web UI in-process: every page renders (right to left, our own assets only), has a JSON
twin with the data it shows, escapes what articles carry, and turns errors into pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from corpus_texts import INJECTION_MARKER, INJECTION_RECORD, write_jsonl
from marsad.api.app import create_app
from marsad.api.inputs import ApiConfig
from marsad.services.analysis import default_settings
from marsad.services.ingest import ingest
from marsad.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
PAGES = (
    "/",
    "/search",
    "/search?q=سوريا",
    "/events",
    "/events?country=YE",
    "/events?min_confidence=0.5&type=explosions_remote_violence",
    "/entities",
    "/entities?label=PER",
    "/entities/kb:Q858",
    "/figures",
    "/figures?subject=الصادرات",
    "/analyze",
)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("web")
    path = str(folder / "web.db")
    with Store.open(path) as store:
        ingest([str(EXAMPLES), str(write_jsonl(folder / "bad.jsonl", [INJECTION_RECORD]))], store)
    return path


@pytest.fixture(scope="module")
def client(store_path: str) -> Iterator[TestClient]:
    app = create_app(ApiConfig(store_path, default_settings(), max_analyze_bytes=20_000))
    with TestClient(app) as c:
        yield c


def _doc_id(client: TestClient, title_part: str) -> str:
    docs = client.get("/api/documents", params={"limit": 50}).json()["documents"]
    return next(d["id"] for d in docs if title_part in (d["title"] or ""))


@pytest.mark.parametrize("url", PAGES)
def test_every_page_renders_rtl_with_only_local_assets(client: TestClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    html = response.text
    assert '<html lang="ar" dir="rtl">' in html
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Nothing loaded from outside this server: every script, stylesheet and image is local.
    for attr in re.findall(r'<(?:script|link|img)[^>]*(?:src|href)="([^"]+)"', html):
        assert attr.startswith("/"), attr
    assert "<script>" not in html  # no inline script: the CSP would refuse it anyway


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_a_json_twin(client: TestClient, url: str) -> None:
    sep = "&" if "?" in url else "?"
    twin = client.get(f"{url}{sep}format=json")
    assert twin.status_code == 200 and twin.headers["content-type"] == "application/json"
    assert isinstance(twin.json(), dict)
    assert f'href="{url.split("?")[0]}?' in client.get(url).text.replace("&amp;", "&")


def test_twins_carry_the_same_data_as_the_api(client: TestClient) -> None:
    page = client.get("/search", params={"q": "سوريا", "format": "json"}).json()
    api = client.get("/api/search", params={"q": "سوريا"}).json()
    assert page["total"] == api["total"] and page["hits"] == api["hits"]
    assert {f["value"] for f in page["facets"]["entity"]} >= {"kb:Q858"}
    events = client.get("/events", params={"format": "json"}).json()
    assert events["total"] == client.get("/api/events").json()["total"]
    assert sum(p["events"] for p in events["points"]) <= events["total"]
    entity = client.get("/entities/kb:Q858", params={"format": "json"}).json()
    assert entity == client.get("/api/entities/kb:Q858").json()


def test_article_page_highlights_every_fact_at_its_characters(client: TestClient) -> None:
    doc_id = _doc_id(client, "إدلب")
    doc = client.get(f"/api/documents/{doc_id}").json()
    html = client.get(f"/documents/{doc_id}").text
    spans = re.findall(r'<span class="f ([^"]+)" data-facts="([^"]+)"[^>]*>([^<]*)</span>', html)
    assert spans
    covered = {fact for _, facts, _ in spans for fact in facts.split()}
    expected = {e["id"] for e in doc["entities"]} | {q["id"] for q in doc["quantities"]}
    expected |= {v["id"] for v in doc["events"] if v.get("trigger")}
    assert expected <= covered
    for kind in ("entities", "quantities", "quotes", "events", "times"):
        for fact in doc[kind]:
            assert f'id="fact-{fact["id"]}"' in html  # every fact in the side panel
    # The highlighted text, unescaped and joined, is the document's text exactly.
    body = re.search(r'<div class="text" id="text">(.*?)</div>', html, re.S)
    assert body is not None
    plain = re.sub(r"<[^>]+>", "", body.group(1))
    import html as htmllib

    assert htmllib.unescape(plain) == doc["text"]


def test_injected_markup_is_shown_as_text_everywhere(client: TestClient) -> None:
    doc_id = _doc_id(client, "خبيث")
    pages = [
        f"/documents/{doc_id}",
        "/search?q=بغداد",
        "/search",
        "/events?country=IQ",
        "/",
    ]
    entity_keys = client.get(f"/documents/{doc_id}", params={"format": "json"}).json()
    pages += [f"/entities/{k}" for k in set(entity_keys["entity_keys"].values())][:3]
    for url in pages:
        html = client.get(url).text
        assert INJECTION_MARKER not in html, url
        assert "<img src=x" not in html and "<svg onload" not in html, url
        assert "</textarea><b>" not in html, url
        assert 'href="javascript:' not in html, url
    article = client.get(f"/documents/{doc_id}").text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in article
    assert "javascript:window.__pwned=4" in article  # shown, not linked
    analyzed = client.post("/analyze", data={"text": INJECTION_RECORD["text"]}).text
    assert INJECTION_MARKER not in analyzed and "</textarea><b>" not in analyzed


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/documents/nope", 404, "M052"),
        ("/no-such-page", 404, "M052"),
        ("/entities/kb:Q0", 404, "M052"),
        ("/events?from=2018-99-01", 400, "M051"),
        ("/search?q=%22unclosed", 400, "M051"),
        ("/search?page=0", 400, "M051"),
        ("/figures?subject=ا", 400, "M051"),
    ],
)
def test_errors_are_pages_with_a_json_twin(
    client: TestClient, url: str, status: int, code: str
) -> None:
    page = client.get(url)
    assert page.status_code == status and code in page.text and 'dir="rtl"' in page.text
    sep = "&" if "?" in url else "?"
    twin = client.get(f"{url}{sep}format=json")
    assert twin.status_code == status and twin.json()["error"]["code"] == code


def test_analyze_form(client: TestClient) -> None:
    text = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب أمس، ما أدى إلى مقتل أربعة مدنيين."
    page = client.post("/analyze", data={"text": text, "published": "2019-03-04"})
    assert page.status_code == 200 and 'class="f ' in page.text and "fact-v1" in page.text
    twin = client.post("/analyze?format=json", data={"text": text}).json()
    assert twin["document"]["events"]
    too_big = client.post("/analyze", data={"text": "ب" * 30_000})
    assert too_big.status_code == 413 and "M006" in too_big.text
    empty = client.post("/analyze", data={"text": "  "})
    assert empty.status_code == 400


def test_analyze_form_needs_the_token_when_one_is_set(store_path: str) -> None:
    app = create_app(ApiConfig(store_path, default_settings(), token="s3cret"))
    with TestClient(app) as c:
        form = c.get("/analyze").text
        assert 'name="token"' in form
        text = "قال المتحدث إن الوضع هادئ."
        assert c.post("/analyze", data={"text": text}).status_code == 401
        assert c.post("/analyze", data={"text": text, "token": "wrong"}).status_code == 401
        assert c.post("/analyze", data={"text": text, "token": "s3cret"}).status_code == 200


def test_static_files_and_offline_docs(client: TestClient) -> None:
    for path in (
        "/static/marsad.css",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/countries-50m.json",
        "/static/vendor/fonts/noto-naskh-arabic-arabic-400-normal.woff2",
    ):
        assert client.get(path).status_code == 200, path
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs


def test_events_form_filters_on_a_minimum_confidence(client: TestClient) -> None:
    html = client.get("/events").text
    field = re.search(r'<input type="number" name="min_confidence"[^>]*>', html)
    assert field and all(a in field[0] for a in ('min="0"', 'max="1"', 'step="0.05"'))
    assert "<th>الثقة</th>" in html  # each listed event shows its confidence
    sure = client.get("/events", params={"min_confidence": "0.6"})
    assert 'name="min_confidence" min="0" max="1" step="0.05" placeholder="0.5" value="0.6"' in (
        sure.text
    )  # the value round-trips
    assert "أدنى ثقة: 0.6" in sure.text  # and is a chip (named in Arabic) that removes it
    shown = re.findall(r'<td class="num confidence">([0-9.]+)</td>', sure.text)
    assert shown and all(float(c) >= 0.6 for c in shown)
    twin = client.get("/events", params={"min_confidence": "0.6", "format": "json"}).json()
    assert twin["total"] == len([e for e in twin["events"] if e["confidence"] >= 0.6])
    bad = client.get("/events", params={"min_confidence": "2"})
    assert bad.status_code == 400 and "M051" in bad.text


def test_entity_pages_and_filters_show_names_not_folded_keys(client: TestClient) -> None:
    """A key made of a folded name (``ORG:غيش عربي سوري``) is never shown: the entity's name
    stands for it on its page, in the filter chips and in the events form."""
    key = "ORG:غيش عربي سوري"
    page = client.get(f"/entities/{key}")
    assert page.status_code == 200
    visible = re.sub(r"<[^>]*>", " ", page.text)  # links may carry the key, the text not
    assert "الجيش العربي السوري" in visible and "غيش" not in visible
    for url in ("/events", "/search"):
        html = client.get(url, params={"q": "في", "entity": key}).text
        chip = re.search(r'<a class="chip"[^>]*data-filter="entity"[^>]*>(.*?)</a>', html, re.S)
        assert chip is not None and "الجيش العربي السوري" in chip.group(1), url
        assert "غيش" not in re.sub(r"<[^>]*>", " ", chip.group(1))
    form = client.get("/events", params={"entity": key}).text
    assert 'name="entity" value="الجيش العربي السوري"' in form
    # The name typed back into the form finds the same events.
    by_key = client.get("/api/events", params={"entity": key}).json()
    assert client.get("/api/events", params={"entity": "الجيش العربي السوري"}).json() == by_key
    # A name that matches nothing is said on the page, not an empty list.
    missing = client.get("/search", params={"q": "في", "entity": "زززز"})
    assert missing.status_code == 404 and "M080" in missing.text


# -- issue 23: the UI fixes ----------------------------------------------------------------


def _text(html: str) -> str:
    """What a reader sees: the page without its scripts, tags and attributes."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_the_timeline_is_clipped_to_the_data_and_says_what_it_left_out() -> None:
    from marsad.api import charts
    from marsad.api.web import month_names

    series = [("1966-05", {"battles": 1})]
    series += [(f"2017-{m:02d}", {"battles": 5, "consult": 3}) for m in range(3, 13)]
    series += [("2018-01", {"accuse": 2}), ("2031-01", {"riots": 1})]
    chart = charts.stacked_bars(
        series,
        order=["battles", "riots", "consult", "accuse"],
        clip=True,
        month_names=month_names(),
    )
    assert chart.bars[0].period == "2017-03" and chart.bars[-1].period == "2018-01"
    assert (chart.left_out.before, chart.left_out.after) == (1, 1)
    assert chart.keys == ("battles", "consult", "accuse")  # the given order, present ones only
    # Month names under the bars (11 months: every month), the years on their own row.
    assert [t.label for t in chart.ticks][:2] == ["مارس", "أبريل"]
    assert [t.label for t in chart.years] == ["2017", "2018"]
    # Unclipped, the same data spans 65 years.
    assert len(charts.stacked_bars(series).bars) > 700


def test_the_events_page_draws_the_clipped_timeline_with_month_labels(client: TestClient) -> None:
    html = client.get("/events").text
    assert re.search(r'<text class="tick month"[^>]*>[^<0-9]+</text>', html)  # month names
    assert '<text class="tick year"' in html
    # The examples have two events dated to a year only and none far off: nothing is clipped.
    assert 'class="left-out"' not in html


def test_every_event_type_has_its_own_colour() -> None:
    from marsad.extract.events.taxonomy import EVENT_TYPES

    css = (Path(__file__).resolve().parents[1] / "src/marsad/api/static/marsad.css").read_text()
    colours = dict(re.findall(r"--(ev\d|pol\d): (#[0-9a-f]{6})", css))
    fills = {}
    for t in EVENT_TYPES:
        found = re.search(rf"rect\.ev-{t.code} {{ fill: var\(--(\w+)\); }}", css)
        assert found, f"no timeline colour for {t.code}"
        fills[t.code] = colours[found[1]]
    assert len(set(fills.values())) == len(EVENT_TYPES)  # political types distinguishable
    assert colours["ev7"] not in fills.values()  # the grey is only for what has no colour


@pytest.mark.parametrize("name", ["سوريا", "سورية", "Syria", "syria", "sy"])
def test_the_country_filter_takes_arabic_and_english_names(client: TestClient, name: str) -> None:
    by_code = client.get("/events", params={"country": "SY", "format": "json"}).json()
    by_name = client.get("/events", params={"country": name, "format": "json"}).json()
    assert by_name["total"] == by_code["total"] > 0
    page = client.get("/events", params={"country": name})
    assert page.status_code == 200 and "الدولة: سوريا" in _text(page.text)  # the chip


def test_an_unknown_country_is_a_word_on_the_page_not_an_error_page(client: TestClient) -> None:
    page = client.get("/events", params={"country": "نارنيا"})
    assert page.status_code == 200
    assert 'class="notice"' in page.text and "لا نعرف دولة باسم" in page.text
    assert "M051" not in page.text and '<table class="events">' in page.text
    assert not re.findall(r'<td class="num confidence">', page.text)  # no events listed
    twin = client.get("/events", params={"country": "نارنيا", "format": "json"})
    assert twin.status_code == 400 and twin.json()["error"]["code"] == "M051"


def test_no_raw_codes_of_sub_types_or_roles_in_the_arabic_pages(client: TestClient) -> None:
    from marsad.extract.events.taxonomy import ALL_CODES

    codes = [*sorted(c for c in ALL_CODES if "_" in c), "actor1", "actor2", "reported_by"]
    raw = re.compile(r"\b(" + "|".join(codes) + r")\b")
    pages = ["/", "/events", "/events?type=battles", "/search?q=سوريا"]
    events = client.get("/api/events", params={"limit": 100}).json()["events"]
    pages += sorted({f"/documents/{e['doc_id']}" for e in events})
    keys = {
        k
        for d in pages[4:]
        for k in client.get(d, params={"format": "json"}).json()["entity_keys"].values()
    }
    pages += [f"/entities/{k}" for k in sorted(keys)][:40]
    sub_types = roles = 0
    for url in pages:
        html = client.get(url).text
        seen = _text(html) + " ".join(re.findall(r'title="([^"]*)"', html))  # hover text too
        assert not raw.findall(seen), (url, raw.findall(seen)[:5])
        sub_types += html.count('class="sub-type"')
        roles += len(re.findall(r'دوره: <span class="role" data-code="\w+">[^<a-z]+</span>', html))
    assert sub_types > 0 and roles > 0  # both shown, by their Arabic names


def test_place_entities_carry_their_kind_so_a_city_and_its_governorate_differ() -> None:
    from marsad.api.web import place_kind_name

    # Al Hudaydah the city (geonames 79415) and the governorate (79416), one Arabic name.
    assert place_kind_name("geo:79415", "الحديدة") == "مدينة"
    assert place_kind_name("geo:79416", "الحديدة") == "محافظة"
    assert place_kind_name("kb:Q858", "سوريا") == ""


def test_search_facets_and_entity_list_name_a_places_kind(client: TestClient) -> None:
    # The Taiz article's facets (its commonest entities) include Taiz the city.
    html = client.get("/search", params={"q": "الحديدة"}).text
    facet = re.search(
        r'entity=geo%3A70225">\s*<bdi>تعز</bdi>\s*<span class="kind">\(([^)]+)\)', html
    )
    assert facet and facet[1] == "مدينة"
    listing = client.get("/entities", params={"name": "الحديدة"}).text
    assert '<span class="kind">(محافظة)</span>' in listing


def test_mixed_direction_strings_are_isolated(client: TestClient) -> None:
    html = client.get("/entities", params={"label": "ORG"}).text
    english = re.findall(r"<td><bdi>([A-Za-z][^<]*)</bdi></td>", html)
    assert english, "no English name shown isolated"
    assert not re.search(r"<td>[A-Za-z][^<]*[.)]</td>", html)  # none left bare in an RTL cell


def test_the_figures_page_charts_every_unit_or_names_what_it_left_out() -> None:
    from marsad.api.web import MAX_UNIT_CHARTS, figures_view

    def row(i: int, unit: str, date: str | None) -> dict[str, object]:
        return {"source": "s", "value": float(i), "kind": "count", "unit": unit, "date": date,
                "published": None, "text": str(i)}  # fmt: skip

    units = ["شخص", "جندي", "مدني", "طفل", "امرأة", "مسلح"]
    rows = [
        row(i, u, "2018-01-0" + str(1 + i % 9)) for n, u in enumerate(units) for i in range(6 - n)
    ]
    rows.append(row(1, "شخص", None))  # no date: counted, not drawn
    view = figures_view(rows)
    drawn = [(c["unit"], c["count"], c["undated"]) for c in view["unit_charts"]]
    assert drawn == [("شخص", 7, 1), ("جندي", 5, 0), ("مدني", 4, 0), ("طفل", 3, 0)]
    assert len(drawn) == MAX_UNIT_CHARTS
    assert [(u["unit"], u["count"]) for u in view["left_out"]] == [("امرأة", 2), ("مسلح", 1)]
    assert sum(len(c["chart"].dots) for c in view["unit_charts"]) == 18  # every dated value


def test_the_figures_page_says_which_units_it_did_not_draw(client: TestClient) -> None:
    html = client.get("/figures", params={"subject": "الصادرات"}).text
    assert html.count('<figure class="chart unit-chart"') >= 1
    assert "قيمة" in _text(html)
