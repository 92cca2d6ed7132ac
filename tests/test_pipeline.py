"""Pipeline construction, the component registry and requirement checks."""

from __future__ import annotations

import pytest

from marsad.doc import Document
from marsad.errors import PipelineError
from marsad.pipeline import Component, Pipeline, create, register, registered


class NeedsEntities:
    name = "test.needs_entities.v1"
    requires = frozenset({"tokens", "entities"})
    assigns = frozenset({"events"})

    def __call__(self, doc: Document) -> Document:
        return doc


def test_builtin_components_are_registered_with_versions() -> None:
    names = registered()
    assert {"sentences.rules.v1", "tokenize.rules.v1"} <= set(names)
    for name in names:
        assert name.rsplit(".", 1)[-1].startswith("v")


def test_pipeline_refuses_to_build_naming_the_missing_requirement() -> None:
    with pytest.raises(PipelineError) as info:
        Pipeline([create("tokenize.rules.v1"), NeedsEntities()])
    message = str(info.value)
    assert "test.needs_entities.v1" in message
    assert "'entities'" in message
    assert "M021" in message
    assert "'tokens'" not in message.split("requires")[1].split("which")[0]


def test_requirement_order_matters() -> None:
    class NeedsSentences:
        name = "test.needs_sentences.v1"
        requires = frozenset({"sentences"})
        assigns = frozenset({"x"})

        def __call__(self, doc: Document) -> Document:
            return doc

    with pytest.raises(PipelineError, match=r"sentences\.rules\.v1"):
        Pipeline([NeedsSentences(), create("sentences.rules.v1")])
    Pipeline([create("sentences.rules.v1"), NeedsSentences()])


def test_unknown_component_lists_the_registered_ones() -> None:
    with pytest.raises(PipelineError, match=r"tokenize\.rules\.v1"):
        create("ner.crf.v9")


def test_names_must_carry_a_version() -> None:
    with pytest.raises(PipelineError, match="version"):
        register("tokenize.rules")


def test_non_components_are_refused() -> None:
    with pytest.raises(PipelineError, match="not a component"):
        Pipeline([object()])  # type: ignore[list-item]


def test_pipeline_records_the_components_that_ran() -> None:
    nlp = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1"])
    assert isinstance(nlp.components[0], Component)
    doc = nlp(Document.from_text("قال الوزير إن الاجتماع انتهى. وغادر الوفد."))
    assert doc.pipeline == ("sentences.rules.v1", "tokenize.rules.v1")
    assert len(doc.sentences) == 2
    assert doc.tokens


def test_pipe_gives_the_same_documents_as_calling_one_by_one() -> None:
    nlp = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1"])
    texts = ["وصل الوفد إلى بغداد.", "انفجرت عبوة ناسفة في الموصل. وأصيب ثلاثة.", "خبر"]
    docs = [Document.from_text(t) for t in texts]
    assert list(nlp.pipe(docs, batch_size=2)) == [nlp(d) for d in docs]
