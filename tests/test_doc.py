"""The Document model and the marsad.document/1 contract: round trips, schema, offsets."""

from __future__ import annotations

import json
import re

import pytest

from marsad.doc import (
    Change,
    Document,
    Entity,
    Event,
    Meta,
    Place,
    Quantity,
    Quote,
    Span,
    Speaker,
    Time,
    content_id,
)
from marsad.errors import InvalidDocumentError
from marsad.schema import document_schema, schema_errors, validate_document

TEXT = (
    "وأكد العقيد سامر الخطيب المتحدث باسم قيادة العمليات أن القوات استعادت قرية الحمرا. "
    "وقصفت طائرات مواقع في بلدة تل سلمى أمس، ما أسفر عن مقتل خمسة مسلحين على الأقل. "
    "وتراجعت الإيرادات من 2،4 مليار دولار إلى 900 مليون دولار."
)


def span_of(fragment: str, text: str = TEXT) -> Span:
    start = text.index(fragment)
    return Span(start, start + len(fragment), fragment)


def full_document() -> Document:
    """A document with one fact of every kind, offsets taken from the text itself."""
    per, place, cue = span_of("سامر الخطيب"), span_of("تل سلمى"), span_of("أكد")
    q1, q2 = span_of("2،4 مليار دولار"), span_of("900 مليون دولار")
    yesterday, trigger = span_of("أمس"), span_of("قصفت")
    quote = span_of("القوات استعادت قرية الحمرا")
    evidence = span_of(
        "وقصفت طائرات مواقع في بلدة تل سلمى أمس، ما أسفر عن مقتل خمسة مسلحين على الأقل"
    )
    return Document(
        text=TEXT,
        meta=Meta(title="تقرير", source="مرصد", published="2021-03-04", extra={"author": "x"}),
        sentences=(span_of(TEXT[: TEXT.index(".") + 1]),),
        entities=(
            Entity(
                "e1",
                "PER",
                per.start,
                per.end,
                per.text,
                "سامر الخطيب",
                "Samer al-Khatib",
                None,
                0.9,
                "test.v1",
            ),
            Entity("e2", "LOC", place.start, place.end, place.text, source="test.v1"),
        ),
        places=(
            Place("p1", "e2", "تل سلمى", "Tall Salma", 36.1, 37.2, "SY", "Aleppo", None, "town"),
        ),
        times=(
            Time(
                "t1",
                yesterday.start,
                yesterday.end,
                "أمس",
                "2021-03-03",
                "day",
                ("2021-03-03", "2021-03-03"),
            ),
        ),
        quantities=(
            Quantity(
                "q1",
                q1.start,
                q1.end,
                q1.text,
                2.4e9,
                "money",
                unit="USD",
                subject="الإيرادات",
                change=Change("q1", "q2", "down"),
            ),
            Quantity("q2", q2.start, q2.end, q2.text, 9e8, "money", unit="USD", qualifier="about"),
        ),
        quotes=(
            Quote(
                "c1",
                quote.start,
                quote.end,
                quote.text,
                "indirect",
                Speaker(
                    per.text, "e1", "سامر الخطيب", "المتحدث باسم قيادة العمليات", per.start, per.end
                ),
                cue,
            ),
        ),
        events=(
            Event(
                "v1",
                "explosions_remote_violence",
                "air_drone_strike",
                trigger,
                evidence,
                place="p1",
                time="t1",
                fatalities=5,
                confidence=0.8,
            ),
        ),
        pipeline=("test.v1",),
    )


def test_full_document_round_trips_and_validates() -> None:
    doc = full_document()
    data = doc.to_dict()
    validate_document(data)
    assert doc.offset_errors() == []
    again = Document.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again.to_dict() == data
    assert data["quantities"][0]["change"] == {"from": "q1", "to": "q2", "direction": "down"}
    assert data["meta"]["author"] == "x"


def test_contract_keys_are_always_present_on_an_empty_document() -> None:
    data = Document.from_text("نص قصير").to_dict()
    for key in (
        "schema",
        "id",
        "text",
        "meta",
        "sentences",
        "entities",
        "places",
        "times",
        "quantities",
        "quotes",
        "events",
    ):
        assert key in data
    assert data["schema"] == "marsad.document/1"
    assert set(data["meta"]) >= {"title", "source", "url", "published", "lang"}
    assert schema_errors(data) == []


def test_content_id_is_stable_and_content_based() -> None:
    assert Document.from_text("خبر").id == content_id("خبر") == Document.from_text("خبر").id
    assert Document.from_text("خبر").id != Document.from_text("خبر آخر").id


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d["entities"][0].update(start=1), "entities[e1]"),
        (lambda d: d["quotes"][0]["cue"].update(text="قال"), "quotes[c1].cue"),
        (lambda d: d["events"][0]["trigger"].update(end=10_000), "outside"),
        (lambda d: d.update(schema="marsad.document/9"), "unsupported schema"),
        (lambda d: d.pop("text"), "'text'"),
        (lambda d: d["entities"][0].pop("label"), "malformed"),
    ],
)
def test_from_dict_rejects_broken_documents(mutate, message) -> None:  # type: ignore[no-untyped-def]
    data = full_document().to_dict()
    mutate(data)
    with pytest.raises(InvalidDocumentError, match=re.escape(message)):
        Document.from_dict(data)


def test_schema_rejects_values_outside_the_contract() -> None:
    data = full_document().to_dict()
    data["entities"][0]["label"] = "PERS"
    data["events"][0]["type"] = "war"
    errors = schema_errors(data)
    assert any("entities/0/label" in e for e in errors)
    assert any("events/0/type" in e for e in errors)
    with pytest.raises(InvalidDocumentError):
        validate_document(data)


def test_schema_is_draft_2020_12() -> None:
    assert document_schema()["$schema"].endswith("2020-12/schema")


def test_span_outside_text_is_refused() -> None:
    doc = Document.from_text("قصف")
    assert doc.span(0, 3).text == "قصف"
    with pytest.raises(InvalidDocumentError):
        doc.span(2, 9)


def test_next_entity_number_continues_the_numbering() -> None:
    doc = Document.from_text("قال جون كيربي")
    assert doc.next_entity_number() == 1
    doc = doc.with_(
        entities=(
            Entity("e3", "PER", 4, 13, "جون كيربي"),
            Entity("x9", "ORG", 0, 3, "قال"),  # not an eN id: ignored
        )
    )
    assert doc.next_entity_number() == 4
