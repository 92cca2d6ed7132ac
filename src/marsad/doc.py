"""The Document model: original text, spans with character offsets, and facts.

Offsets are Python string indices (code points) into ``Document.text``, end exclusive.
``Document.text`` is never changed: ``doc.text[span.start:span.end] == span.text`` always.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

WordKind = Literal["proclitic", "stem", "enclitic"]
TokenKind = Literal["word", "number", "punct", "latin", "symbol"]


@dataclass(frozen=True, slots=True)
class Word:
    """One syntactic word inside a surface token (Stanza's multi-word token model).

    ``text`` is the exact slice of the original text; ``form`` is the word as it would be
    written on its own. In ``للمدينة`` the words are ``ل`` (proclitic) and ``لمدينة`` whose
    form is ``المدينة`` (stem, definite); in ``مدينتهم`` the stem ``مدينت`` has form ``مدينة``.
    """

    start: int
    end: int
    text: str
    form: str
    kind: WordKind = "stem"
    definite: bool = False


@dataclass(frozen=True, slots=True)
class Token:
    """A surface token: a slice of the text with the words it is made of, in order.

    ``وبسوريا`` is one token with words ``و`` + ``ب`` + ``سوريا``; the words cover the token
    exactly and contiguously.
    """

    start: int
    end: int
    text: str
    words: tuple[Word, ...]
    kind: TokenKind = "word"
