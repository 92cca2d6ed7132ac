"""Components, their registry, and the Pipeline that runs them in order.

A component is any object with a versioned ``name`` (``tokenize.rules.v1``), the document
fields it ``requires`` and ``assigns``, and ``__call__(doc) -> doc``; ``pipe(docs)`` is optional
for components that gain from batches. A Pipeline checks at construction that every
requirement is assigned by an earlier component (or is a base field such as ``text``) and
refuses to build otherwise, naming what is missing and who could provide it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, Protocol, TypeVar, runtime_checkable

from marsad.doc import Document
from marsad.errors import PipelineError

# Fields every Document has before any component runs.
BASE_FIELDS = frozenset({"text", "meta"})


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
    """Register a component factory under a versioned name (``family.impl.vN``)."""
    parts = name.split(".")
    if len(parts) < 2 or not parts[-1].startswith("v") or not parts[-1][1:].isdigit():
        raise PipelineError(f"component name {name!r} must end with a version such as '.v1'")

    def decorate(factory: F) -> F:
        if name in _REGISTRY and _REGISTRY[name] is not factory:
            raise PipelineError(f"component {name!r} is registered twice")
        _REGISTRY[name] = factory
        return factory

    return decorate


def registered() -> dict[str, Factory]:
    """All registered component factories by name (loads the built-in components first)."""
    _load_builtins()
    return dict(_REGISTRY)


def create(name: str, **config: Any) -> Component:
    """Build a registered component by its versioned name."""
    factories = registered()
    if name not in factories:
        known = ", ".join(sorted(factories)) or "none"
        raise PipelineError(f"unknown component {name!r}; registered: {known}")
    return factories[name](**config)


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
        self.components: tuple[Component, ...] = tuple(components)
        self.assigns = frozenset(available)

    @classmethod
    def from_names(cls, names: Iterable[str]) -> Pipeline:
        return cls([create(name) for name in names])

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.components)

    def __call__(self, doc: Document) -> Document:
        for component in self.components:
            doc = component(doc).with_(pipeline=(*doc.pipeline, component.name))
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
        outputs = batched(docs, batch_size=batch_size) if batched else map(component, docs)
        for doc in outputs:
            yield doc.with_(pipeline=(*doc.pipeline, component.name))

    @staticmethod
    def _missing_message(component: Component, missing: list[str]) -> str:
        providers = {
            field: sorted(n for n, f in registered().items() if field in _assigns_of(f))
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


def _assigns_of(factory: Factory) -> frozenset[str]:
    assigns: object = getattr(factory, "assigns", frozenset())
    return frozenset(assigns) if isinstance(assigns, Iterable) else frozenset()
