"""Pipeline construction, the component registry and requirement checks."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from marsad.doc import Document, Meta
from marsad.errors import ContractError, PipelineError
from marsad.pipeline import (
    DOCUMENT_FIELDS,
    Component,
    Pipeline,
    check_contract,
    create,
    register,
    registered,
)
from marsad.settings import load_settings

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


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


# --- the component contract: a component writes only what it declares -------------------------


class WritesUndeclared:
    """Declares tokens but also writes meta (the bug the contract check exists for)."""

    name = "test.writes_undeclared.v1"
    requires = frozenset({"text"})
    assigns = frozenset({"tokens"})

    def __call__(self, doc: Document) -> Document:
        return doc.with_(tokens=(), meta=Meta(lang="xx"))

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
        return map(self, docs)


def test_a_component_writing_an_undeclared_field_fails_with_m032() -> None:
    nlp = Pipeline([WritesUndeclared()])
    doc = Document.from_text("قال الوزير إن 12 شخصا قتلوا.")
    with pytest.raises(ContractError) as info:
        nlp(doc)
    message = str(info.value)
    assert "M032" in message and "test.writes_undeclared.v1" in message
    assert "changed 'meta', which it does not declare" in message
    with pytest.raises(ContractError):
        list(nlp.pipe([doc]))


def test_a_component_returning_something_else_fails() -> None:
    class ReturnsNone:
        name = "test.returns_none.v1"
        requires = frozenset({"text"})
        assigns = frozenset({"tokens"})

        def __call__(self, doc: Document) -> Document:
            return None  # type: ignore[return-value]

    with pytest.raises(ContractError, match="NoneType"):
        Pipeline([ReturnsNone()])(Document.from_text("نص"))


def test_a_component_that_follows_a_field_must_run_after_its_writer() -> None:
    # «قال المتحدث إن 12 شخصا قتلوا»: quotes before figures would leave the figure without
    # its speaker, so the pipeline refuses to build.
    early = ["sentences.rules.v1", "tokenize.rules.v1", "ner.crf.v1", "times.rules.v1"]
    with pytest.raises(PipelineError, match=r"quotes\.rules\.v1.*quantities\.rules\.v1"):
        Pipeline.from_names([*early, "quotes.rules.v1", "quantities.rules.v1"])
    nlp = Pipeline.from_names([*early, "quantities.rules.v1", "quotes.rules.v1"])
    doc = nlp(
        Document.from_text("قال المتحدث إن 12 شخصا قتلوا في القصف.", Meta(published="2024-03-14"))
    )
    (figure,) = [q for q in doc.quantities if q.value == 12]
    assert figure.quote == doc.quotes[0].id
    # Without a figures component at all, quotes still run.
    assert Pipeline.from_names([*early, "quotes.rules.v1"])


def test_registration_checks_the_declaration() -> None:
    class WrongName:
        name = "test.other.v1"
        requires = frozenset({"text"})
        assigns = frozenset({"tokens"})

    with pytest.raises(PipelineError, match="declares the name"):
        register("test.wrong_name.v1")(WrongName)

    class UnknownField:
        name = "test.unknown_field.v1"
        requires = frozenset({"text"})
        assigns = frozenset({"tokenz"})

    with pytest.raises(PipelineError, match="tokenz"):
        register("test.unknown_field.v1")(UnknownField)


def test_component_settings_reach_the_factory_and_bad_ones_are_named() -> None:
    with pytest.raises(PipelineError, match=r"tokenize\.rules\.v1.*rejects its settings"):
        Pipeline.from_names(["tokenize.rules.v1"], {"tokenize.rules.v1": {"bogus": 1}})
    with pytest.raises(PipelineError, match="not in the pipeline"):
        Pipeline.from_names(["tokenize.rules.v1"], {"ner.crf.v1": {}})


@pytest.mark.parametrize("name", sorted(registered()))
def test_every_registered_component_writes_only_what_it_declares(name: str) -> None:
    """Each built-in component, run with what it needs on the bundled examples, changes only
    the fields it assigns (the pipeline checks it; the comparison is repeated here)."""
    order = list(load_settings().pipeline.components)
    # An alternative to a default component (events.rules.v1 for events.learned.v1) runs where
    # the default one of its family would.
    family = name.split(".")[0]
    position = next(i for i, n in enumerate(order) if n == name or n.split(".")[0] == family)
    before = Pipeline.from_names(order[:position])
    component = create(name)
    for path in sorted(EXAMPLES.glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        doc = before(Document.from_text(record["text"], Meta(published=record.get("published"))))
        out = component(doc)
        changed = {f for f in DOCUMENT_FIELDS if getattr(doc, f) is not getattr(out, f)}
        assert changed <= component.assigns, (path.name, changed - component.assigns)
        check_contract(component, doc, out)


def test_component_settings_come_from_the_settings_file(tmp_path: Path) -> None:
    from marsad.services.analysis import build_pipeline

    config = tmp_path / "settings.toml"
    config.write_text(
        '[pipeline]\ncomponents = ["sentences.rules.v1", "tokenize.rules.v1"]\n'
        '[pipeline.config."tokenize.rules.v1"]\nbogus = 1\n',
        encoding="utf-8",
    )
    settings = load_settings(config, use_user_file=False)
    assert settings.pipeline.config == {"tokenize.rules.v1": {"bogus": 1}}
    with pytest.raises(PipelineError, match=r"tokenize\.rules\.v1.*bogus"):
        build_pipeline(settings)
    assert build_pipeline(load_settings(use_user_file=False)).names[0] == "sentences.rules.v1"
