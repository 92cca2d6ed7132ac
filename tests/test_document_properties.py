"""Property tests: every span of every produced document slices back to its text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from marsad.doc import Document
from marsad.schema import schema_errors
from marsad.services.analysis import analyze_text

# Arabic letters, harakat, tatweel, digits of three scripts, bidi and zero-width marks,
# presentation forms, punctuation of both scripts, quotes and whitespace.
ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوية"
    "أإآٱىؤئء"
    "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
    "ـ"
    "0123456789"
    "٠١٢٣٤٥٦٧٨٩"
    "۰۱۲۳۴۵۶۷۸۹"
    "\u200e\u200f\u202a\u202b\u202c\u2066\u2069\u200b\u200c\u200d\ufeff"
    "\ufefb\ufef5\ufe8d\ufdf2"
    ".،؛؟!:«»\"“”'()-%٫٬/"
    "abcXYZ"
    " \n\t\u00a0"
)

texts = st.text(alphabet=ALPHABET, max_size=300)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_every_span_slices_back_and_the_document_fits_the_schema(text: str) -> None:
    doc = analyze_text(text)
    assert doc.text == text
    assert doc.offset_errors() == []
    data = doc.to_dict(with_tokens=True)
    assert schema_errors(data) == []
    assert Document.from_dict(data) == doc


@settings(max_examples=200, deadline=None)
@given(texts)
def test_tokens_lie_inside_sentences_and_in_order(text: str) -> None:
    doc = analyze_text(text)
    ends = [s.end for s in doc.sentences]
    assert ends == sorted(ends)
    previous = 0
    for token in doc.tokens:
        assert token.start >= previous
        previous = token.end
        assert any(s.start <= token.start and token.end <= s.end for s in doc.sentences), token
