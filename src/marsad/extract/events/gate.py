"""The document gate: is an article news of conflict or politics, where events are coded?

A logistic model (:class:`~marsad.extract.linear.LinearModel`) over the words of the title
and the beginning of the text, trained on the ANT news corpus (``middleEast`` and
``internationalNews`` against ``sport``, ``economy``, ``technology`` and ``culture``; see
``resources/events/models/MODEL_CARD.md``). Its probability is a feature of the event model:
it informs, it does not veto (a sport article may still report a bombing).

Features are binary: the presence of each word, normalized
(:func:`~marsad.arabic.normalize.normalize_text`) and read without its proclitics and article
through the one word layer (:mod:`marsad.arabic.words`), so that the article's forms of a
word share one weight. Scoring is a few hundred dictionary lookups: no scikit-learn, no numpy.

Training is :func:`marsad.services.train_gate.train_gate`.
"""

from __future__ import annotations

from marsad.arabic.normalize import normalize_text
from marsad.arabic.words import (
    has_article,
    proclitic_splits,
    strip_article,
    strip_definite,
    word_list,
)
from marsad.extract.linear import LinearModel, load_model

__all__ = [
    "GATE_MODEL",
    "MAX_CHARS",
    "conflict_probability",
    "gate_features",
    "gate_model",
    "gate_word",
]

#: The shipped model, a resource path for :func:`~marsad.extract.linear.load_model`.
GATE_MODEL = "events/models/gate.json.gz"
#: How much of the text the gate reads: the title and the lead carry the topic, and a bound
#: keeps the cost of a long article that of a short one.
MAX_CHARS = 2000
#: The prefix of a word feature's name.
WORD = "word="


def gate_word(word: str) -> str:
    """The form of a normalized word the gate counts: without a conjunction or preposition
    when what remains carries the article (the evidence of a split), then without the article
    (``وبالموصل``، ``الموصل`` → ``موصل``; ``للوزير`` → ``وزير``; ``وزير`` stays ``وزير``).

    >>> [gate_word(w) for w in ("وبالموصل", "الموصل", "للوزير", "وزير", "قصف")]
    ['موصل', 'موصل', 'وزير', 'وزير', 'قصف']
    """
    for split in reversed(proclitic_splits(word)):
        if split.offset and has_article(split.stem, min_stem=2):
            return strip_article(split.stem, min_stem=2)
    return strip_definite(word)


def gate_features(text: str, title: str | None = None) -> dict[str, float]:
    """The gate's features of an article: ``word=X`` → 1.0 for every word of the title and
    of the first :data:`MAX_CHARS` characters of the text (letters only: numbers and
    one-letter words say nothing of the topic).

    >>> sorted(gate_features("قتل مدنيون في قصف الموصل", title="قصف الموصل"))
    ['word=في', 'word=قتل', 'word=قصف', 'word=مدنيون', 'word=موصل']
    """
    head = text[:MAX_CHARS]
    if title:
        head = f"{title}\n{head}"
    out: dict[str, float] = {}
    for word in word_list(normalize_text(head)):
        if len(word) < 2 or not word.isalpha():
            continue
        out[WORD + gate_word(word.lower())] = 1.0
    return out


def gate_model() -> LinearModel:
    """The shipped gate model (loaded once per process)."""
    return load_model(GATE_MODEL)


def conflict_probability(text: str, title: str | None = None) -> float:
    """The calibrated probability that an article is news of conflict or politics.

    >>> p = conflict_probability("قتل خمسة مدنيين في غارة جوية")
    >>> 0.0 <= p <= 1.0
    True
    """
    return gate_model().probability(gate_features(text, title))
