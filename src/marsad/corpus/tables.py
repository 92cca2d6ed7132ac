"""Analysed documents as table files: what ``marsad spark run`` writes and ``marsad load`` reads.

The tables have the store's columns (``store/schema.py``) and two more for ``documents``:
``search_text`` (the words the full-text index holds) and ``input_order`` (the record's place
in the input, so loading links near-duplicate stories in the order ingestion would). Every
table but ``entities`` is partitioned by the document's publication date
(``published_date=2018-06-14``, or ``unknown``), so one day's partition holds whole documents.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from marsad.corpus.minhash import band_keys
from marsad.corpus.rows import entity_row
from marsad.corpus.writer import Prepared
from marsad.store import DocumentRows
from marsad.store.schema import FACT_TABLES, TABLES, Column

Row = dict[str, Any]
PARTITION: Final = "published_date"
UNKNOWN_DATE: Final = "unknown"
# The tables written, in order; ``entities`` is one row per corpus-wide key, not partitioned.
OUTPUT_TABLES: Final = ("documents", *FACT_TABLES, "event_arguments", "entities")
_DOCUMENT_EXTRA: Final = (Column("search_text", "text"), Column("input_order", "int"))
_LEFT_OUT: Final = frozenset({"seq"})


def output_columns(table: str) -> tuple[Column, ...]:
    """The columns of one output table (the partition column not included)."""
    columns = tuple(c for c in TABLES[table].columns if c.name not in _LEFT_OUT)
    return columns + _DOCUMENT_EXTRA if table == "documents" else columns


def partition_value(published: str | None) -> str:
    return published or UNKNOWN_DATE


def tables_of(item: Prepared, input_order: int) -> dict[str, list[Row]]:
    """One analysed document as rows of every output table."""
    rows = item.rows
    document = rows.document | {
        "story_id": rows.document["id"],
        "duplicate_of": None,
        "similarity": None,
        "minhash": item.minhash,
        "search_text": item.index_text,
        "input_order": input_order,
    }
    out: dict[str, list[Row]] = {"documents": [document]}
    for table in FACT_TABLES:
        out[table] = list(rows.facts.get(table, []))
    out["event_arguments"] = list(rows.event_arguments)
    out["entities"] = list(rows.entities)
    return out


def prepared_documents(
    documents: Iterable[Mapping[str, Any]], facts: Mapping[str, Sequence[Mapping[str, Any]]]
) -> list[Prepared]:
    """Documents of one partition, with their fact rows, back into what the store writes,
    in input order. Canonical entity rows are rebuilt from the mentions."""
    by_doc: dict[str, dict[str, list[Row]]] = defaultdict(lambda: defaultdict(list))
    seen: set[tuple[Any, ...]] = set()
    for table, rows in facts.items():
        for row in rows:
            # The same text twice in the input gives one document id twice: keep one copy.
            key = (table, row["doc_id"], row.get("id"), row.get("event_id"), row.get("role"))
            if key in seen:
                continue
            seen.add(key)
            clean = {k: v for k, v in row.items() if k != PARTITION}
            by_doc[row["doc_id"]][table].append(clean)
    out = []
    # A repeated document stays in the list (the writer counts it as a duplicate); its fact
    # rows were kept once above.
    for document in sorted(documents, key=lambda d: (d["input_order"], d["id"])):
        own = by_doc.get(document["id"], {})
        doc_row = {
            k: v
            for k, v in document.items()
            if k
            not in {
                "search_text",
                "input_order",
                "minhash",
                PARTITION,
                "story_id",
                "duplicate_of",
                "similarity",
            }
        }
        mentions = own.get("mentions", [])
        bundle = DocumentRows(
            document=doc_row,
            facts={t: own.get(t, []) for t in FACT_TABLES},
            entities=[entity_row(m) for m in mentions],
            event_arguments=own.get("event_arguments", []),
        )
        minhash = document["minhash"]
        out.append(
            Prepared(
                bundle,
                document["search_text"] or "",
                minhash,
                band_keys(minhash) if minhash else [],
            )
        )
    return out
