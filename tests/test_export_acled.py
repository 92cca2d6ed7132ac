"""The ACLED export against its checked-in column spec, loaded with pandas as an analyst
would; the PLOVER export of the political interactions; the same ids, type codes, names and
precision codes in the CSV, GeoJSON and Parquet exports; the filters of ``marsad export`` and
``marsad figures``. Everything runs on a real SQLite store built by ingesting test texts."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus_texts import STORY_RECORDS, write_jsonl
from marsad.cli import main
from marsad.corpus.acled import (
    ACLED_COLUMNS,
    EXTRA_COLUMNS,
    PLOVER_COLUMNS,
    column_spec,
    event_number,
)
from marsad.errors import ExportError
from marsad.extract.events.taxonomy import ACLED_TYPES, POLITICAL_TYPES, event_type
from marsad.services.ingest import ingest
from marsad.store import Store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# ACLED's current export columns in its order, written out here so that the checked-in spec
# (resources/export/acled_columns.tsv) is checked against an independent list.
ACLED_ORDER = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
ARABIC = re.compile(r"[\u0600-\u06ff]")

# Invented reports from outlets the outlet table knows (so every word of their notes is
# English); one is the issue's example, one a political interaction.
RECORDS: list[dict[str, Any]] = [
    {
        "text": "قصفت طائرات التحالف بقيادة السعودية سوقا في مدينة الحديدة يوم الخميس 2 أغسطس "
        "2018، ما أسفر عن مقتل 20 مدنيا وإصابة 10 آخرين، حسب بي بي سي.",
        "published": "2018-08-03",
        "source": "BBC",
        "url": "https://example.org/hudaydah",
    },
    {
        "text": "قتل ثلاثة مدنيين وأصيب تسعة آخرون في قصف مدفعي استهدف بلدة سراقب في ريف إدلب "
        "يوم الجمعة 9 مارس 2018.",
        "published": "2018-03-10",
        "source": "skynews",
        "url": "https://example.org/saraqib",
    },
    {
        "text": "التقى وزير الخارجية الأردني نظيره العراقي في بغداد أمس لبحث العلاقات الثنائية "
        "بين البلدين.",
        "published": "2017-08-28",
        "source": "alarabia",
        "url": "https://example.org/baghdad",
    },
]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of the examples, the story copies (for duplicates) and the records above."""
    folder = tmp_path_factory.mktemp("acled")
    url = str(folder / "store.db")
    with Store.open(url) as store:
        paths = [
            str(EXAMPLES),
            str(write_jsonl(folder / "story.jsonl", STORY_RECORDS)),
            str(write_jsonl(folder / "outlets.jsonl", RECORDS)),
        ]
        report = ingest(paths, store)
        assert not report.failed and report.ingested == 9 + len(STORY_RECORDS) + len(RECORDS)
    return url


def export(capsys: pytest.CaptureFixture[str], db: str, out: Path, *args: str) -> tuple[int, str]:
    code = main(["export", "--db", db, "--out", str(out), *args])
    return code, capsys.readouterr().err


def read_spec_csv(path: Path, spec: str = "acled_columns.tsv", **kw: Any) -> pd.DataFrame:
    """The file loaded with the spec's dtypes, as an analyst would."""
    dtypes = {column: dtype for column, dtype, _ in column_spec(spec)}
    return pd.read_csv(path, dtype=dtypes, **kw)


@pytest.fixture(scope="module")
def acled(db: str, tmp_path_factory: pytest.TempPathFactory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("csv") / "acled.csv"
    assert main(["export", "--db", db, "--format", "acled-csv", "--out", str(out)]) == 0
    return read_spec_csv(out)


def test_the_spec_is_acleds_31_columns_in_acleds_order() -> None:
    assert list(ACLED_COLUMNS) == ACLED_ORDER and len(ACLED_COLUMNS) == 31
    assert {dtype for _, dtype, _ in column_spec()} <= {"string", "Int64", "float64"}
    assert all(how for _, _, how in column_spec())  # every column says how it is filled


def test_the_export_loads_with_acleds_dtypes(acled: pd.DataFrame) -> None:
    assert list(acled.columns) == [*ACLED_ORDER, *EXTRA_COLUMNS]
    dtypes = {column: dtype for column, dtype, _ in column_spec()}
    assert {c: str(acled[c].dtype) for c in ACLED_ORDER} == dtypes
    assert len(acled) >= 15
    ids = acled["event_id_cnty"]
    assert ids.is_unique and ids.str.fullmatch(r"[A-Z]{3}[0-9]+").all()
    # Every row is one of ACLED's types, with ACLED's names; the political ones are elsewhere.
    names = {event_type(code).name_en for code in ACLED_TYPES}
    assert set(acled["event_type"]) <= names
    assert set(acled["marsad_type"]) <= set(ACLED_TYPES)
    assert set(acled["disorder_type"]) <= {
        "Political violence",
        "Demonstrations",
        "Political violence; Demonstrations",
        "Strategic developments",
    }
    # Integers where ACLED has integers: fatalities is 0 (never empty) when none is reported.
    assert acled["fatalities"].notna().all() and (acled["fatalities"] >= 0).all()
    unreported = acled["tags"].fillna("").str.contains("fatalities not reported")
    assert (acled.loc[unreported, "fatalities"] == 0).all() and unreported.any()
    assert set(acled["geo_precision"].dropna()) <= {1, 2, 3}
    assert set(acled["inter1"]) | set(acled["inter2"]) <= set(range(9))
    for row in acled.itertuples():
        low, high = sorted((row.inter1, row.inter2))
        assert row.interaction == (low * 10 + high if low else high * 10)
    dated = acled[acled["event_date"].notna()]
    assert (dated["year"] == dated["event_date"].str[:4].astype(int)).all()
    assert (acled["timestamp"] > 1_600_000_000).all()
    # Countries by name with their numeric code and ACLED region, never "SY".
    located = acled[acled["iso"] > 0]
    assert not located["country"].str.fullmatch(r"[A-Z]{2}").any()
    assert located["region"].notna().all()
    syria = acled[acled["country"] == "Syria"]
    assert (
        not syria.empty and set(syria["iso"]) == {760} and set(syria["region"]) == {"Middle East"}
    )
    assert syria["event_id_cnty"].str.startswith("SYR").all()


def test_the_issues_example_row(acled: pd.DataFrame) -> None:
    (row,) = acled[acled["marsad_url"] == "https://example.org/hudaydah"].itertuples()
    assert (row.event_date, row.year, row.time_precision) == ("2018-08-02", 2018, 1)
    assert (row.event_type, row.sub_event_type) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (row.actor1, row.inter1, row.actor2, row.inter2, row.interaction) == (
        "Saudi-led Coalition",
        8,
        "Civilians (Yemen)",
        7,
        78,
    )
    assert row.civilian_targeting == "Civilian targeting"
    assert (row.iso, row.region, row.country) == (887, "Middle East", "Yemen")
    assert (row.admin1, row.admin2, row.location, row.geo_precision) == (
        "Al Hudaydah",
        "Al Hali",
        "Al Hudaydah",
        1,
    )
    assert (row.source, row.source_scale, row.fatalities) == (
        "BBC News Arabic",
        "International",
        20,
    )
    assert row.notes == (
        "On 2 August 2018, Saudi-led Coalition carried out an air or drone strike that hit "
        "civilians in Al Hudaydah (Yemen). 20 killed, 10 injured. Reported by BBC News Arabic."
    )


def test_notes_are_english(acled: pd.DataFrame) -> None:
    known = acled[acled["source_scale"].notna()]
    assert len(known) >= 2
    assert not known["notes"].str.contains(ARABIC).any()
    # The date and the place phrases follow the precision codes.
    for row in acled.fillna({"time_precision": 0, "geo_precision": 0}).itertuples():
        if row.time_precision == 1:
            assert row.notes.startswith("On ") and "shortly before" not in row.notes
        elif row.time_precision == 2:
            assert row.notes.startswith(("On or shortly before ", "From "))
        if row.geo_precision == 3:
            assert f" in {row.country}." in row.notes
        elif row.geo_precision in (1, 2):
            assert f" in {row.location}" in row.notes
        if row.fatalities:
            assert f"{row.fatalities} killed" in row.notes
    # An outlet the table does not know keeps its stored name: the rest of the note is English.
    for row in acled.itertuples():
        rest = row.notes.replace(str(row.source).split("; ")[0], "")
        for name in (row.actor1, row.actor2):
            rest = rest.replace(str(name), "")
        assert not ARABIC.search(rest), row.notes


def test_bom_and_acled_only(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert export(capsys, db, plain, "--format", "acled-csv", "--acled-only")[0] == 0
    assert export(capsys, db, excel, "--format", "acled-csv", "--acled-only", "--bom")[0] == 0
    assert not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    assert excel.read_bytes()[3:] == plain.read_bytes()
    frame = read_spec_csv(excel, encoding="utf-8-sig")
    assert list(frame.columns) == ACLED_ORDER
    code, err = export(capsys, db, tmp_path / "x.geojson", "--format", "geojson", "--bom")
    assert code == 2 and "--bom" in err


def test_ids_are_stable_across_exports(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    first, second = tmp_path / "1.csv", tmp_path / "2.csv"
    assert export(capsys, db, first, "--format", "acled-csv")[0] == 0
    assert export(capsys, db, second, "--format", "acled-csv", "--country", "SY")[0] == 0
    every = read_spec_csv(first).set_index(["marsad_document_id", "marsad_event_id"])
    syria = read_spec_csv(second).set_index(["marsad_document_id", "marsad_event_id"])
    assert not syria.empty and set(syria["country"]) == {"Syria"}
    # The same event has the same id whatever the export and its filters.
    assert (every.loc[syria.index, "event_id_cnty"] == syria["event_id_cnty"]).all()


def test_plover_export_holds_the_political_interactions(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, acled: pd.DataFrame
) -> None:
    out = tmp_path / "plover.csv"
    code, err = export(capsys, db, out, "--format", "plover-csv")
    assert code == 0 and "political interactions" in err
    plover = read_spec_csv(out, "plover_columns.tsv")
    assert list(plover.columns) == list(PLOVER_COLUMNS)
    dtypes = {column: dtype for column, dtype, _ in column_spec("plover_columns.tsv")}
    assert {c: str(plover[c].dtype) for c in plover.columns} == dtypes
    assert not plover.empty
    assert set(plover["event_type"]) <= {code.upper() for code in POLITICAL_TYPES}
    assert plover["event_id"].is_unique
    assert not set(plover["event_id"]) & set(acled["event_id_cnty"])
    (meeting,) = plover[plover["url"] == "https://example.org/baghdad"].itertuples()
    assert meeting.event_type == "CONSULT" and meeting.country == "Iraq"
    assert meeting.notes.startswith("On 27 August 2017, ") and not ARABIC.search(meeting.notes)


def test_geojson_and_parquet_carry_the_same_codes(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, acled: pd.DataFrame
) -> None:
    geo, tables = tmp_path / "events.geojson", tmp_path / "tables"
    assert export(capsys, db, geo, "--format", "geojson")[0] == 0
    assert export(capsys, db, tables, "--format", "parquet")[0] == 0
    features = {
        f["properties"]["event_id_cnty"]: f for f in json.loads(geo.read_text("utf-8"))["features"]
    }
    events = pq.read_table(tables / "events.parquet")
    places = pq.read_table(tables / "places.parquet")
    documents = pq.read_table(tables / "documents.parquet")
    # Typed dates: a partial date is its first day, the text kept beside it.
    assert events.schema.field("date").type == pa.date32()
    assert documents.schema.field("published").type == pa.date32()
    assert pa.types.is_timestamp(documents.schema.field("ingested_at").type)
    assert events.schema.field("date_text").type == pa.string()
    parquet = {r["event_id_cnty"]: r for r in events.to_pylist()}
    precision = {(r["doc_id"], r["id"]): r["geo_precision"] for r in places.to_pylist()}
    assert len(parquet) == events.num_rows  # the id is unique over every stored event
    checked = 0
    for row in acled.itertuples():
        stored = parquet[row.event_id_cnty]
        assert (stored["doc_id"], stored["id"]) == (row.marsad_document_id, row.marsad_event_id)
        assert stored["type"] == row.marsad_type and stored["event_type"] == row.event_type
        sub = "" if pd.isna(row.sub_event_type) else row.sub_event_type
        assert (stored["sub_event_type"] or "") == sub
        day = None if pd.isna(row.event_date) else row.event_date
        assert (stored["date"] and stored["date"].isoformat()) == day, (stored, row)
        feature = features.get(row.event_id_cnty)
        if feature is None:
            assert pd.isna(row.latitude)  # only events without coordinates have no feature
            continue
        props = feature["properties"]
        assert (props["type"], props["event_type"]) == (row.marsad_type, row.event_type)
        assert props["geo_precision"] == row.geo_precision
        assert props["geo_precision"] == precision[(stored["doc_id"], stored["place"])]
        assert props["iso"] == row.iso and props["country_name"] == row.country
        assert props["region"] == row.region and props["disorder_type"] == row.disorder_type
        assert feature["geometry"]["coordinates"] == [row.longitude, row.latitude]
        checked += 1
    assert checked >= 10


def test_export_filters(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path) -> None:
    def rows(*args: str) -> pd.DataFrame:
        out = tmp_path / "f.csv"
        assert export(capsys, db, out, "--format", "acled-csv", *args)[0] == 0
        return read_spec_csv(out)

    every = rows()
    shelling = rows("--type", "shelling_artillery_missile_attack")
    assert 0 < len(shelling) < len(every)
    assert set(shelling["sub_event_type"]) == {"Shelling/artillery/missile attack"}
    dated = rows("--from", "2018-01-01", "--to", "2018-12-31")
    assert 0 < len(dated) < len(every) and (dated["year"] == 2018).all()
    # The wire copies of one story are one event, unless asked for.
    copies = rows("--with-duplicates")
    assert len(copies) > len(every)
    assert main(["events", "--db", db, "--country", "YE", "--json", "--limit", "0"]) == 0
    yemen_events = json.loads(capsys.readouterr().out)["events"]
    yemen = rows("--country", "YE")
    assert len(yemen) == sum(e["type"] in ACLED_TYPES for e in yemen_events) > 0
    geo = tmp_path / "ye.geojson"
    assert export(capsys, db, geo, "--format", "geojson", "--country", "YE")[0] == 0
    features = json.loads(geo.read_text("utf-8"))["features"]
    assert features and {f["properties"]["country"] for f in features} == {"YE"}
    code, err = export(capsys, db, tmp_path / "t", "--format", "parquet", "--country", "YE")
    assert code == 2 and "parquet" in err
    assert main(["export", "--db", db, "--format", "acled-csv", "--type", "bombing"]) == 2
    assert "M051" in capsys.readouterr().err


def test_events_has_no_cap_and_says_what_it_shows(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    assert main(["events", "--db", db, "--json", "--limit", "0"]) == 0
    captured = capsys.readouterr()
    every = json.loads(captured.out)
    assert len(every["events"]) == every["total"] > 2 and "showing" not in captured.err
    assert main(["events", "--db", db, "--limit", "2"]) == 0
    err = capsys.readouterr().err
    assert f"showing 2 of {every['total']}" in err
    assert main(["events", "--db", db, "--json", "--limit", "5000"]) == 0  # past the old cap
    assert len(json.loads(capsys.readouterr().out)["events"]) == every["total"]


def test_figures_take_filters_and_say_what_they_leave_out(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    def claims(*args: str) -> list[dict[str, Any]]:
        assert main(["figures", "مقتل", "--db", db, "--json", *args]) == 0
        found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)
        return found

    every = claims("--limit", "0")
    libya = claims("--place", "LY")
    assert 0 < len(libya) < len(every)  # figures no longer mix every conflict
    assert {c["doc_id"] for c in libya} < {c["doc_id"] for c in every}
    assert claims("--from", "2030-01-01") == []
    assert main(["figures", "مقتل", "--db", db, "--limit", "1"]) == 0
    assert "showing the first 1 claims; there are more" in capsys.readouterr().err


def test_analyze_writes_both_exports(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", RECORDS)
    assert main(["analyze", str(path), "--format", "acled-csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns[:31]) == ACLED_ORDER and len(frame) >= 2
    assert main(["analyze", str(path), "--format", "plover-csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert list(frame.columns) == list(PLOVER_COLUMNS) and set(frame["event_type"]) == {"CONSULT"}


def test_event_numbers_never_collide() -> None:
    assert event_number(12, 1) == 12_001 and event_number(12, 999) == 12_999
    assert event_number(13, 1) > event_number(12, 999)
    with pytest.raises(ExportError, match=r"M042.*more than 999 events"):
        event_number(12, 1000)


def test_every_export_and_figures_find_an_entity_by_name(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    """An actor given by name filters the jsonl, ACLED and GeoJSON exports and the figures as
    it filters events (the exports once compared the typed name with the stored keys, and
    wrote empty files); a name nothing answers is M080, not an empty file."""
    with Store.open(db) as store:
        row = store.db.rows(
            "SELECT e.key, e.name FROM event_arguments a JOIN entities e ON e.key = a.entity_key "
            "JOIN events v ON v.doc_id = a.doc_id AND v.id = a.event_id "
            "WHERE a.role = 'actor1' AND v.type IN ('battles', 'explosions_remote_violence', "
            "'violence_against_civilians') AND v.duplicate_of IS NULL "
            "GROUP BY e.key, e.name ORDER BY count(*) DESC LIMIT 1"
        )[0]
    by_key, by_name = ("--entity", row["key"]), ("--entity", row["name"])
    for fmt in ("acled-csv", "jsonl", "geojson"):
        outputs = []
        for args in (by_key, by_name):
            out = tmp_path / f"x.{fmt}"
            assert export(capsys, db, out, "--format", fmt, *args)[0] == 0, fmt
            outputs.append(out.read_text("utf-8"))
        assert outputs[0] == outputs[1], fmt
        # Not an empty export: a document (jsonl), or a header and a row.
        assert outputs[0].count("\n") >= (1 if fmt == "jsonl" else 2), fmt
    code, err = export(capsys, db, tmp_path / "none.csv", "--format", "acled-csv",
                       "--entity", "لا أحد بهذا الاسم")  # fmt: skip
    assert code != 0 and "M080" in err
    assert main(["figures", "قتلى", "--db", db, "--entity", row["name"], "--json"]) in (0, 1)
    named = capsys.readouterr().out
    assert main(["figures", "قتلى", "--db", db, "--entity", row["key"], "--json"]) in (0, 1)
    assert capsys.readouterr().out == named
