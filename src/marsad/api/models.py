"""The shapes of the REST API's JSON, as Pydantic models: what ``/openapi.json`` documents.

The routes write their JSON themselves (FastAPI's serialization through a model took four
times as long as reading the document), so these models describe the responses and are not
run on them; ``tests/test_api_openapi.py`` checks every route's real answers against the
published schemas, undeclared keys included, so the two cannot drift apart.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class ErrorDetail(BaseModel):
    code: str = Field(pattern=r"^M\d{3}$", description="the searchable error code (M051)")
    message: str = Field(description="what went wrong, naming the input it is about")


class ErrorResponse(BaseModel):
    """Every error of every route: ``{"error": {"code", "message"}}``."""

    error: ErrorDetail


class Counts(BaseModel):
    documents: int
    mentions: int
    places: int
    times: int
    quantities: int
    quotes: int
    events: int
    entities: int
    duplicates: int = Field(description="documents that copy an earlier one")
    stories: int


class ServerInfo(BaseModel):
    name: Literal["marsad"]
    version: str
    counts: Counts


class DocumentRow(BaseModel):
    """A stored document's metadata (the text and facts: ``/api/documents/{doc_id}``)."""

    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None = Field(description="YYYY-MM-DD")
    lang: str | None
    story_id: str | None
    duplicate_of: str | None
    pipeline: str | None = Field(description="the components that analyzed it, a JSON list")
    ingested_at: str


class DocumentList(BaseModel):
    documents: list[DocumentRow]


class SearchHit(BaseModel):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    story_id: str | None
    duplicate_of: str | None
    rank: float = Field(description="lower is better")
    snippet: str
    snippet_start: int = Field(description="the snippet's offset in the document's text")
    highlights: list[tuple[int, int]] = Field(description="[start, end] document offsets")


class SearchResult(BaseModel):
    query: str
    total: int
    hits: list[SearchHit]


class EventFields(BaseModel):
    """What an event row and an event's GeoJSON properties both say: the event, its actors',
    reporter's and place's names, and its document."""

    doc_id: str
    id: str
    type: str
    sub_type: str | None
    date: str | None
    trigger: str | None
    fatalities: int | None
    injured: int | None
    confidence: float | None = Field(description="calibrated probability, 0 to 1")
    country: str | None = Field(description="ISO 3166-1 alpha-2")
    story_id: str | None
    actor1: str | None
    actor1_en: str | None
    actor2: str | None
    actor2_en: str | None
    reported_by: str | None
    place: str | None
    place_en: str | None
    admin1: str | None
    title: str | None
    source: str | None
    url: str | None
    published: str | None


class EventRow(EventFields):
    """One event with its actors', reporter's and place's names and its document."""

    evidence_start: int | None
    evidence_end: int | None
    lat: float | None
    lon: float | None
    duplicate_of: str | None = Field(description="doc_id/event_id of the copy reported first")
    extractor: str | None = Field(description="the versioned component that found it")
    geo_precision: str | None
    event_id_cnty: str = Field(
        description="the event's id in the ACLED, PLOVER, GeoJSON and Parquet exports"
    )


class EventPage(BaseModel):
    total: int = Field(description="events matching the filters, over every page")
    events: list[EventRow]


class EventProperties(EventFields):
    """A GeoJSON feature's properties: the event's fields, with the one taxonomy's names and
    ACLED's codes, as in the ACLED CSV."""

    event_id_cnty: str | None = Field(description="ACLED-style id: ISO3 and a number")
    event_type: str | None = Field(description="ACLED's event type, in English")
    sub_event_type: str | None
    type_ar: str | None
    sub_type_ar: str | None
    disorder_type: str | None
    geo_precision: int | None = Field(description="ACLED's 1 (town) to 3 (region or country)")
    iso: int | None = Field(description="ISO 3166-1 numeric")
    country_name: str | None
    region: str | None


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: tuple[float, float] = Field(description="[longitude, latitude]")


class EventFeature(BaseModel):
    type: Literal["Feature"]
    geometry: Point
    properties: EventProperties


class EventFeatureCollection(BaseModel):
    """RFC 7946 GeoJSON: one point per geocoded event."""

    type: Literal["FeatureCollection"]
    features: list[EventFeature]


class EntityRow(BaseModel):
    key: str = Field(description="kb:Q… for a known entity, else LABEL:normalized name")
    label: Literal["PER", "ORG", "LOC", "MISC"]
    name: str
    name_en: str | None
    kb_id: str | None
    mentions: int
    documents: int
    first_seen: str | None
    last_seen: str | None


class EntityList(BaseModel):
    entities: list[EntityRow]


class MentionsInMonth(BaseModel):
    period: str = Field(description="YYYY-MM")
    mentions: int


class EntityMention(BaseModel):
    doc_id: str
    id: str
    text: str | None
    start: int | None
    end: int | None
    title: str | None
    published: str | None
    source: str | None


class EntityQuote(BaseModel):
    doc_id: str
    id: str
    text: str | None
    kind: str | None
    role: str | None
    title: str | None
    published: str | None
    source: str | None


class EntityEvent(BaseModel):
    doc_id: str
    id: str
    type: str
    sub_type: str | None
    date: str | None
    trigger: str | None
    role: str = Field(description="the entity's role in the event (actor1, actor2, …)")
    fatalities: int | None
    confidence: float | None
    duplicate_of: str | None
    title: str | None


class EntityDetail(BaseModel):
    key: str
    label: Literal["PER", "ORG", "LOC", "MISC"]
    name: str
    name_key: str
    name_en: str | None
    kb_id: str | None
    mentions: int
    documents: int
    first_seen: str | None
    last_seen: str | None
    timeline: list[MentionsInMonth]
    recent: list[EntityMention]
    quotes: list[EntityQuote]
    events: list[EntityEvent]


class FigureRow(BaseModel):
    doc_id: str
    id: str
    text: str | None
    value: float | None
    low: float | None
    high: float | None
    kind: str | None
    unit: str | None
    qualifier: str | None
    subject: str | None
    date: str | None
    start: int | None
    end: int | None
    reported_by: str | None
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    duplicate_of: str | None


class FigureList(BaseModel):
    subject: str
    figures: list[FigureRow]


class AnalyzeRequest(BaseModel):
    """The body of ``POST /api/analyze`` (JSON, at most the server's byte limit)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "text": "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب أمس.",
                    "published": "2019-03-04",
                }
            ]
        }
    )

    text: str = Field(description="the article's text (not blank)")
    published: str | None = Field(
        None, description="its publication date, YYYY-MM-DD (relative dates count from it)"
    )
    title: str | None = None


def schema_of(model: type[BaseModel]) -> dict[str, Any]:
    """A model's JSON Schema with its nested models under ``#/components/schemas``."""
    return model.model_json_schema(ref_template="#/components/schemas/{model}")
