"""Components, their registry, and the Pipeline that runs them in order.

A component is any object with a versioned ``name`` (``tokenize.rules.v1``), the document
fields it ``requires`` and ``assigns``, and ``__call__(doc) -> doc``; ``pipe(docs)`` is optional
for components that gain from batches. A component may also declare ``follows``: fields it
reads and updates when present but does not need (the quotes component gives the figures
inside a quote their speaker), so whatever assigns them must run before it.

The contract is held in two places:

- at construction, every requirement must be assigned by an earlier component (or be a base
  field such as ``text``), and nothing a component ``follows`` may be assigned after it; the
  Pipeline refuses to build otherwise (M021), naming what is missing and who could provide it;
- after every component, on every document, the fields it does not declare in ``assigns``
  must be the very same objects as before (the Document is frozen, so this is an identity
  comparison and costs nothing measurable); a component that writes anything else fails
  with M032 naming the component and the fields.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import fields
from functools import lru_cache
from typing import Any, Protocol, TypeVar, runtime_checkable

from marsad.doc import Document
from marsad.errors import ContractError, PipelineError

# Fields every Document has before any component runs.
BASE_FIELDS = frozenset({"text", "meta"})
# Fields a component may write: every field of the Document except the pipeline's own record
# of the components that ran.
DOCUMENT_FIELDS: frozenset[str] = frozenset(f.name for f in fields(Document)) - {"pipeline"}


@runtime_checkable
class Component(Protocol):
    """One step of the pipeline: (Document) -> Document."""

    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def __call__(self, doc: Document) -> Document: ...


Factory = Callable[..., Component]
F = TypeVar("F", bound=Factory)

_REGISTRY: dict[str, Factory] = {}


def register(name: str) -> Callable[[F], F]:
    """Register a component factory under a versioned name (``family.impl.vN``).

    The factory (a class) must declare the same ``name`` and its ``requires`` and ``assigns``
    as class attributes, naming only Document fields, so that a pipeline can be checked
    before any component is built.
    """
    parts = name.split(".")
    if len(parts) < 2 or not parts[-1].startswith("v") or not parts[-1][1:].isdigit():
        raise PipelineError(f"component name {name!r} must end with a version such as '.v1'")

    def decorate(factory: F) -> F:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise PipelineError(f"component {name!r} is registered twice")
        _check_declaration(name, factory)
        _REGISTRY[name] = factory
        return factory

    return decorate


def _check_declaration(name: str, factory: Factory) -> None:
    declared = getattr(factory, "name", None)
    if declared != name:
        raise PipelineError(f"component {name!r} declares the name {declared!r}")
    for attribute in ("requires", "assigns", "follows"):
        value: object = getattr(factory, attribute, frozenset())
        if not isinstance(value, frozenset):
            raise PipelineError(f"component {name!r}: {attribute} must be a frozenset of fields")
        unknown = sorted(value - DOCUMENT_FIELDS)
        if unknown:
            raise PipelineError(
                f"component {name!r}: {attribute} names {unknown}, which are not Document fields"
            )


def registered() -> dict[str, Factory]:
    """All registered component factories by name (loads the built-in components first)."""
    _load_builtins()
    return dict(_REGISTRY)


def create(name: str, **config: Any) -> Component:
    """Build a registered component by its versioned name, with its settings (the
    ``[pipeline.config."NAME"]`` table of the settings file)."""
    factories = registered()
    if name not in factories:
        known = ", ".join(sorted(factories)) or "none"
        raise PipelineError(f"unknown component {name!r}; registered: {known}")
    try:
        return factories[name](**config)
    except TypeError as exc:
        if not config:  # a bug in the component, not a bad setting
            raise
        raise PipelineError(f"component {name!r} rejects its settings {config}: {exc}") from exc


def _load_builtins() -> None:
    # Importing the module runs its @register decorators; done lazily so that the pipeline
    # module itself does not depend on any component.
    import marsad.extract.builtin  # noqa: F401


class Pipeline:
    """Components run in order over documents.

    >>> nlp = Pipeline.from_names(["sentences.rules.v1", "tokenize.rules.v1"])
    >>> doc = nlp(Document.from_text("قال الوزير: «الوضع هادئ». وغادر."))
    >>> len(doc.sentences)
    2
    """

    def __init__(self, components: Sequence[Component]) -> None:
        available = set(BASE_FIELDS)
        for position, component in enumerate(components):
            if not isinstance(component, Component):
                raise PipelineError(f"pipeline step {position} ({component!r}) is not a component")
            missing = sorted(set(component.requires) - available)
            if missing:
                raise PipelineError(self._missing_message(component, missing))
            available |= set(component.assigns)
        for position, component in enumerate(components):
            for later in components[position + 1 :]:
                late = sorted(_declared(component, "follows") & set(later.assigns))
                if late:
                    raise PipelineError(
                        f"component {component.name!r} reads {', '.join(map(repr, late))} when "
                        f"present, so it must run after {later.name!r}, which assigns it"
                    )
        self.components: tuple[Component, ...] = tuple(components)
        self.assigns = frozenset(available)

    @classmethod
    def from_names(
        cls, names: Iterable[str], config: Mapping[str, Mapping[str, Any]] | None = None
    ) -> Pipeline:
        """The pipeline of these registered components; ``config`` maps a component's name
        to the keyword arguments of its factory."""
        config = config or {}
        names = tuple(names)
        unused = sorted(set(config) - set(names))
        if unused:
            raise PipelineError(f"settings for components not in the pipeline: {unused}")
        return cls([create(name, **config.get(name, {})) for name in names])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def __call__(self, doc: Document) -> Document:
        for component in self.components:
            out = component(doc)
            check_contract(component, doc, out)
            doc = out.with_(pipeline=(*doc.pipeline, component.name))
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 64) -> Iterator[Document]:
        """Run over many documents, using a component's own batched ``pipe`` where it has one."""
        stream: Iterable[Document] = docs
        for component in self.components:
            stream = self._stage(component, stream, batch_size)
        return iter(stream)

    @staticmethod
    def _stage(
        component: Component, docs: Iterable[Document], batch_size: int
    ) -> Iterator[Document]:
        batched = getattr(component, "pipe", None)
        if batched is None:
            for doc in docs:
                out = component(doc)
                check_contract(component, doc, out)
                yield out.with_(pipeline=(*doc.pipeline, component.name))
            return
        # A batched component returns its documents in order, one for one: keep the inputs
        # it has taken so that each output is checked against its own input.
        taken: deque[Document] = deque()

        def feed() -> Iterator[Document]:
            for doc in docs:
                taken.append(doc)
                yield doc

        for out in batched(feed(), batch_size=batch_size):
            before = taken.popleft()
            check_contract(component, before, out)
            yield out.with_(pipeline=(*before.pipeline, component.name))

    @staticmethod
    def _missing_message(component: Component, missing: list[str]) -> str:
        providers = {
            field: sorted(n for n, f in registered().items() if field in _declared(f, "assigns"))
            for field in missing
        }
        hints = "; ".join(
            f"'{field}' is assigned by {', '.join(names) or 'no registered component'}"
            for field, names in providers.items()
        )
        return (
            f"component {component.name!r} requires {', '.join(map(repr, missing))}, "
            f"which no earlier component assigns ({hints})"
        )


def check_contract(component: Component, before: Document, after: Document) -> None:
    """Fail with M032 when ``component`` turned ``before`` into ``after`` by changing a field
    it does not declare in ``assigns`` (or returned something that is not a Document)."""
    if not isinstance(after, Document):
        raise ContractError(
            f"component {component.name!r} returned {type(after).__name__}, not a Document"
        )
    allowed = component.assigns
    changed = sorted(
        name
        for name in DOCUMENT_FIELDS - allowed
        if getattr(before, name) is not getattr(after, name)
    )
    if changed:
        raise ContractError(
            f"component {component.name!r} changed {', '.join(map(repr, changed))}, which it "
            f"does not declare (assigns: {', '.join(sorted(allowed)) or 'nothing'})",
            source=before.id or None,
        )


def _declared(component: object, attribute: str) -> frozenset[str]:
    """The fields a component (or its factory) declares under ``attribute`` (``assigns``,
    ``follows``); none when it declares nothing there."""
    fields_: object = getattr(component, attribute, frozenset())
    return frozenset(fields_) if isinstance(fields_, Iterable) else frozenset()


@lru_cache(maxsize=8)
def pipeline_for(names: tuple[str, ...], config: str = "{}") -> Pipeline:
    """The pipeline of these components with their settings (``config``: JSON of the
    ``[pipeline.config]`` table), built once per process (worker processes of
    ``ingest --workers`` and Spark's Python workers each build their own once).

    Here rather than in ``marsad.services`` so that the corpus machinery (the search index's
    tokenizer) can share the cache without depending on the use cases.
    """
    return Pipeline.from_names(names, json.loads(config))
