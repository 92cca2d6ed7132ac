"""``marsad spark run``: the pipeline over a Spark cluster, writing the store's tables.

The adapter holds no NLP: each record goes through the same functions as ``marsad ingest``
(``reading.document_from_record``, the configured pipeline, ``corpus.writer.prepare``), and
the rows come out as the Parquet tables of :mod:`marsad.corpus.tables`, partitioned by
publication date. The pipeline is built once per Python worker process (``services.pipeline_for``
is cached per process, and Spark reuses its Python workers across tasks), never per record.
A record that cannot be read or analysed becomes a row of the ``errors`` table, with its
input and the reason; the job never fails because of one.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from marsad.corpus.tables import OUTPUT_TABLES, PARTITION, output_columns, partition_value
from marsad.corpus.tables import tables_of as table_rows
from marsad.corpus.writer import prepare
from marsad.errors import AnalysisError, ConfigError, MarsadError
from marsad.inputs.reading import document_from_record, parse_json
from marsad.inputs.sources import too_long
from marsad.pipeline import pipeline_for
from marsad.store.schema import ColumnType
from marsad.store.store import now

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

InputFormat = Literal["auto", "jsonl", "parquet", "text"]
ERRORS_TABLE: Final = "errors"
_ERROR_COLUMNS: Final = ("input", "code", "message")


def input_format(glob: str, fmt: InputFormat) -> Literal["jsonl", "parquet", "text"]:
    """The format of the input: as given, else from the path (``.parquet`` or a local
    directory of them, ``.txt``, else JSON lines, gzip-compressed or not).

    >>> input_format("s3a://news/2018/*.jsonl.gz", "auto"), input_format("a/*.txt", "auto")
    ('jsonl', 'text')
    """
    if fmt != "auto":
        return fmt
    path = glob.rstrip("/").lower()
    local = Path(glob)
    if path.endswith(".parquet") or (local.is_dir() and any(local.glob("*.parquet"))):
        return "parquet"
    if path.endswith((".txt", ".text")):
        return "text"
    return "jsonl"


def _record(payload: str, fmt: str, name: str) -> Any:
    if fmt == "text":
        return {"text": payload}
    return parse_json(payload, name)  # M007 for malformed or too deeply nested JSON


def _jsonable(row: dict[str, Any]) -> dict[str, Any]:
    return {k: base64.b64encode(v).decode() if isinstance(v, bytes) else v for k, v in row.items()}


def analyze_partition(
    items: Iterable[tuple[str, int, str]],
    *,
    components: tuple[str, ...],
    fmt: str,
    stamp: str,
    config: str = "{}",
    max_chars: int | None = None,
) -> Iterator[tuple[str, str, str]]:
    """Every (table, partition, JSON row) of the records of one Spark partition; records
    are (input file, position in the input, payload). A text over ``max_chars``
    (``input.max_chars``) is an M011 row of the errors table, as in ``marsad ingest``."""
    pipeline = pipeline_for(components, config)
    for source, position, payload in items:
        if not payload or not payload.strip():
            continue
        name = f"{source}#{position}"
        try:
            doc = document_from_record(_record(payload, fmt, name), name)
            refused = None if max_chars is None else too_long(doc.text, max_chars, name)
            if refused is not None:
                raise refused
            try:
                doc = pipeline(doc)
            except MarsadError:
                raise
            except Exception as exc:  # a bug in one component must not fail the job
                raise AnalysisError(f"analysis failed: {exc!r}", source=name) from exc
            date = partition_value(doc.meta.published)
            for table, rows in table_rows(
                prepare(doc, analyzed=True, ingested_at=stamp), position
            ).items():
                for row in rows:
                    yield table, date, json.dumps(_jsonable(row), ensure_ascii=False)
        except MarsadError as exc:
            error = {"input": name, "code": exc.code, "message": exc.message}
            yield ERRORS_TABLE, "", json.dumps(error, ensure_ascii=False)


def _spark_type(kind: ColumnType) -> Any:
    from pyspark.sql import types as T

    return {
        "text": T.StringType(),
        "int": T.LongType(),
        "seq": T.LongType(),
        "real": T.DoubleType(),
        "bytes": T.StringType(),  # base64 in the JSON rows; decoded when written
    }[kind]


def _read_input(spark: SparkSession, glob: str, fmt: str) -> DataFrame:
    from pyspark.sql import functions as F

    if fmt == "parquet":
        df = spark.read.parquet(glob)
        payload = F.to_json(F.struct(*[F.col(c) for c in df.columns]))
    elif fmt == "text":
        df = spark.read.text(glob, wholetext=True)
        payload = F.col("value")
    else:
        df = spark.read.text(glob)  # .gz is read transparently
        payload = F.col("value")
    return df.select(F.input_file_name().alias("source"), payload.alias("payload"))


@dataclass(frozen=True, slots=True)
class JobReport:
    records: int
    documents: int
    errors: int
    output: str


def run_job(
    spark: SparkSession,
    input_glob: str,
    output: str,
    *,
    components: Iterable[str],
    fmt: InputFormat = "auto",
    config: str = "{}",
    max_chars: int | None = None,
) -> JobReport:
    """Analyse every record of ``input_glob`` and write the tables under ``output``; a text
    over ``max_chars`` characters is refused (M011) like in ``marsad ingest``."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    kind = input_format(input_glob, fmt)
    try:
        source = _read_input(spark, input_glob, kind)
    except Exception as exc:  # Spark's AnalysisException for a path that matches nothing
        raise ConfigError(
            f"cannot read the input: {exc}".splitlines()[0], source=input_glob
        ) from exc
    indexed = source.rdd.zipWithIndex().map(lambda x: (x[0]["source"], x[1], x[0]["payload"]))
    wanted = spark.sparkContext.defaultParallelism * 2
    if indexed.getNumPartitions() < wanted:  # one gzip file is one partition
        indexed = indexed.repartition(wanted)
    names, stamp = tuple(components), now()

    def analyze(items: Iterable[tuple[str, int, str]]) -> Iterator[tuple[str, str, str]]:
        return analyze_partition(
            items, components=names, fmt=kind, stamp=stamp, config=config, max_chars=max_chars
        )

    rows = spark.createDataFrame(
        indexed.mapPartitions(analyze), "tbl string, pdate string, row string"
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        for table in OUTPUT_TABLES:
            columns = output_columns(table)
            schema = T.StructType([T.StructField(c.name, _spark_type(c.type)) for c in columns])
            df = (
                rows.where(F.col("tbl") == table)
                .select(F.from_json("row", schema).alias("r"), F.col("pdate").alias(PARTITION))
                .select("r.*", PARTITION)
            )
            for c in columns:
                if c.type == "bytes":
                    df = df.withColumn(c.name, F.unbase64(c.name))
            target = f"{output.rstrip('/')}/{table}"
            if table == "entities":
                df.drop(PARTITION).dropDuplicates(["key"]).write.mode("overwrite").parquet(target)
            else:
                df.write.mode("overwrite").partitionBy(PARTITION).parquet(target)
        error_schema = T.StructType([T.StructField(c, T.StringType()) for c in _ERROR_COLUMNS])
        errors = (
            rows.where(F.col("tbl") == ERRORS_TABLE)
            .select(F.from_json("row", error_schema).alias("e"))
            .select("e.*")
        )
        errors.write.mode("overwrite").parquet(f"{output.rstrip('/')}/{ERRORS_TABLE}")
        documents = rows.where(F.col("tbl") == "documents").count()
        n_errors = rows.where(F.col("tbl") == ERRORS_TABLE).count()
    finally:
        rows.unpersist()
    return JobReport(documents + n_errors, documents, n_errors, output)


def session(master: str | None = None, app: str = "marsad") -> SparkSession:
    """A SparkSession: the one spark-submit configured, else local mode on ``master``
    (default ``local[*]``), with the Python workers on this interpreter."""
    import os
    import sys

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app)
    if master:
        builder = builder.master(master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:
        # Not under spark-submit (which sets the master and starts the gateway): local mode.
        builder = builder.master("local[*]")
    builder = builder.config("spark.ui.enabled", "false").config(
        "spark.sql.session.timeZone", "UTC"
    )
    return builder.getOrCreate()
