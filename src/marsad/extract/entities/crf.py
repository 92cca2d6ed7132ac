"""The CRF sequence model behind ``ner.crf.v1``: training and tagging with python-crfsuite.

The model file is crfsuite's own binary format, shipped in ``marsad/resources/entities`` and
described in that folder's MODEL_CARD.md. Labels are IOB2 over ``PER ORG LOC MISC``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from importlib import resources
from pathlib import Path
from typing import Final

import pycrfsuite

from marsad.errors import ModelError

__all__ = ["MODEL_FILE", "CrfTagger", "default_model_path", "train_crf"]

MODEL_FILE: Final = "ner.crfsuite"
_PACKAGE: Final = "marsad.resources.entities"

# L1 + L2 regularization; the L1 term keeps the model small (most of the million candidate
# features get a zero weight). c1=0.05/c2=0.02 and c1=0.02/c2=0.005 scored within 0.3 F1 of
# each other; the model card lists what was tried.
DEFAULT_PARAMS: Final[dict[str, float | int | bool]] = {
    "c1": 0.02,
    "c2": 0.005,
    "max_iterations": 250,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


# 0.5 keeps the Viterbi path. Chosen on dev data (the last tenth of the ANERcorp train split
# and the annotated corpus's dev split, see MODEL_CARD.md): with the in-domain training data,
# 0.35 and 0.25 no longer raised either dev score.
O_THRESHOLD: Final = 0.5


def default_model_path(stack: ExitStack) -> Path:
    """The shipped model as a real file path (crfsuite cannot read from a zip)."""
    ref = resources.files(_PACKAGE).joinpath(MODEL_FILE)
    return stack.enter_context(resources.as_file(ref))


class CrfTagger:
    """Tags sentences of feature lists with IOB2 labels and per-token confidences."""

    def __init__(self, path: Path | None = None, o_threshold: float = O_THRESHOLD) -> None:
        self._stack = ExitStack()
        self.path = path if path is not None else default_model_path(self._stack)
        if not self.path.is_file():
            raise ModelError("NER model not found", source=str(self.path))
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(self.path))
        except (OSError, ValueError) as exc:
            raise ModelError(f"not a crfsuite model ({exc})", source=str(self.path)) from None
        self.labels: tuple[str, ...] = tuple(self._tagger.labels())
        self._entity_labels = tuple(x for x in self.labels if x != "O")
        self.o_threshold = o_threshold

    def tag(self, feats: Sequence[Sequence[str]]) -> tuple[list[str], list[float]]:
        """Labels for one sentence and, for each token, the marginal of its label.

        The Viterbi path is kept, except that a token it leaves ``O`` becomes an entity token
        when the model gives the entity labels together more than ``o_threshold``: the CRF is
        precise but misses unseen names, and trading some precision for recall raises F1.
        """
        if not feats:
            return [], []
        tagger = self._tagger
        tagger.set(feats)
        labels: list[str] = tagger.tag()
        probs: list[float] = []
        for i, label in enumerate(labels):
            if label == "O" and self.o_threshold < 0.5:
                p_o = tagger.marginal("O", i)
                if 1.0 - p_o > self.o_threshold:
                    scored = [(tagger.marginal(x, i), x) for x in self._entity_labels]
                    p, labels[i] = max(scored)
                    probs.append(p)
                    continue
                probs.append(p_o)
            else:
                probs.append(tagger.marginal(label, i))
        return labels, probs


def train_crf(
    sentences: Iterable[tuple[Sequence[Sequence[str]], Sequence[str]]],
    out: Path,
    params: dict[str, float | int | bool] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, float]:
    """Train on (features, labels) sentences and write the model to ``out``.

    Returns a few training figures (sentences, seconds, model bytes).
    """
    trainer = pycrfsuite.Trainer(verbose=False)
    n = 0
    for feats, labels in sentences:
        trainer.append(list(map(list, feats)), list(labels))
        n += 1
    trainer.set_params({**DEFAULT_PARAMS, **(params or {})})
    out.parent.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    if progress is not None:
        progress(f"training a CRF on {n} sentences")
    trainer.train(str(out))
    seconds = time.perf_counter() - t0
    return {"sentences": n, "seconds": round(seconds, 1), "bytes": out.stat().st_size}
