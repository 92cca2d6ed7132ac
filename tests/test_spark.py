"""The Spark path in local mode (local[2]): same input, same facts as the single-machine path.

Skips when pyspark (the ``spark`` extra) or Java is missing.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from corpus_texts import STORY_RECORDS, numbered_articles, write_jsonl
from marsad.errors import InputNotFoundError, MalformedInputError
from marsad.services.analysis import default_settings
from marsad.services.ingest import ingest
from marsad.services.load import load, partitions
from marsad.services.queries import load_document
from marsad.store import Store

pytest.importorskip("pyspark")
if shutil.which("java") is None:
    pytest.skip("Spark needs Java", allow_module_level=True)

from marsad.spark.job import run_job, session

pytestmark = pytest.mark.slow
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _records() -> list[dict[str, Any]]:
    examples = [json.loads(p.read_text("utf-8")) for p in sorted(EXAMPLES.glob("*.json"))]
    undated = {"text": (EXAMPLES / "09-pentagon-troops-syria.txt").read_text("utf-8")}
    # The last record repeats a text (another source): one document, as with ``ingest``.
    again = STORY_RECORDS[3] | {"source": "صحيفة أخرى"}
    return [*examples, *STORY_RECORDS, *numbered_articles(8), undated, again]


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The input file (good records and two bad lines) and the job's output."""
    root = tmp_path_factory.mktemp("spark")
    source = write_jsonl(root / "input.jsonl", _records())
    with source.open("a", encoding="utf-8") as fh:
        fh.write('{"title": "no text"}\n{broken json\n')
    spark = session("local[2]")
    try:
        report = run_job(
            spark,
            str(source),
            str(root / "out"),
            components=default_settings().pipeline.components,
        )
    finally:
        spark.stop()
    assert (report.documents, report.errors) == (len(_records()), 2)  # rows, copy included
    yield source, root / "out"


def test_tables_are_partitioned_by_publication_date(job: tuple[Path, Path]) -> None:
    import pyarrow.parquet as pq

    _, out = job
    dates = partitions(out)
    assert "2019-03-04" in dates and dates[-1] == "unknown"  # the undated record
    documents = pq.read_table(out / "documents").to_pylist()
    assert len(documents) == len(_records())
    assert all(d["text"] and d["search_text"] and d["minhash"] for d in documents)
    errors = pq.read_table(out / "errors").to_pylist()
    assert sorted(e["code"] for e in errors) == ["M007", "M007"]
    assert all(e["input"] and e["message"] for e in errors)
    entities = pq.read_table(out / "entities").to_pylist()
    assert len({e["key"] for e in entities}) == len(entities)


def test_spark_and_single_machine_give_identical_facts(
    job: tuple[Path, Path], store_url: str, tmp_path: Path
) -> None:
    source, out = job
    with Store.open(str(tmp_path / "single.db")) as single, Store.open(store_url) as loaded:
        ingest([str(source)], single)
        report = load(out, loaded)
        assert report.ingested == len(_records()) - 1
        # The job's two unreadable records are the load's failures, as with ``ingest``.
        assert sorted(f.code for f in report.failed) == ["M007", "M007"]
        assert report.duplicates == 1
        assert loaded.counts() == single.counts()
        for row in single.documents(limit=100):
            assert (
                load_document(loaded, row["id"]).to_dict()
                == load_document(single, row["id"]).to_dict()
            )
        stories = {r["id"]: (r["story_id"], r["duplicate_of"]) for r in loaded.documents(limit=100)}
        assert stories == {
            r["id"]: (r["story_id"], r["duplicate_of"]) for r in single.documents(limit=100)
        }
        again = load(out, loaded)  # idempotent
        assert again.ingested == 0 and again.duplicates == len(_records())


def test_parquet_input(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    records = numbered_articles(4)
    pq.write_table(pa.Table.from_pylist(records), tmp_path / "articles.parquet")
    spark = session("local[2]")
    try:
        report = run_job(
            spark,
            str(tmp_path / "articles.parquet"),
            str(tmp_path / "out"),
            components=default_settings().pipeline.components,
        )
    finally:
        spark.stop()
    assert (report.documents, report.errors) == (4, 0)
    with Store.open(str(tmp_path / "s.db")) as store:
        assert load(tmp_path / "out", store).ingested == 4


def test_load_names_a_directory_that_is_not_a_job_output(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "s.db")) as store, pytest.raises(InputNotFoundError):
        load(tmp_path, store)


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda out: shutil.rmtree(out / "mentions"), "missing tables: mentions/"),
        (
            lambda out: (out / "events" / "_SUCCESS").unlink(),
            "not committed (no _SUCCESS): events/",
        ),
        (lambda out: shutil.rmtree(out / "errors"), "missing tables: errors/"),
    ],
)
def test_load_refuses_an_incomplete_job_output_and_stores_nothing(
    job: tuple[Path, Path], tmp_path: Path, damage: Any, named: str
) -> None:
    """A failed or cut-short job would store documents without their facts, which a later
    complete load could not repair (it skips stored documents): refused before any write."""
    _, out = job
    partial = tmp_path / "partial"
    shutil.copytree(out, partial)
    damage(partial)
    with Store.open(str(tmp_path / "s.db")) as store:
        with pytest.raises(MalformedInputError, match=re.escape(named)) as caught:
            load(partial, store)
        assert caught.value.code == "M007" and str(partial) in str(caught.value)
        assert store.counts()["documents"] == 0
        assert load(out, store).ingested == len(_records()) - 1  # the whole output still loads
